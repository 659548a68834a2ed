/// One sensor's noise as written: `NAME:KEY[.CHANNEL]=VALUE[,...]`, e.g.
/// `mic:snr=10dB`, `imu:gain=1.02,bias.gz=0.5dps,drift=0.02dps`, `mic:mix=cafe.wav@5dB,bits=12`.
/// Several specs for one sensor add up; a key given twice for the same channels keeps the
/// last value. Keys and values are checked against the sensor's channels by `NoiseModel`.
public struct NoiseSpec: Sendable, Equatable {
    public struct Term: Sendable, Equatable {
        public let key: String
        public let channel: String?
        public let value: String?
    }

    public let sensor: String
    public let terms: [Term]

    public init(sensor: String, terms: [Term]) {
        self.sensor = sensor
        self.terms = terms
    }

    /// Every noise model, with what its value means (for `tinyemu sensors` and errors).
    public static let models: [(key: String, meaning: String)] = [
        ("gain", "gain error: multiply by this (1.02 = +2%)"),
        ("bias", "offset added, in the channel's units (0.5dps, 0.02g, -0.3C)"),
        ("drift", "random-walk drift: its standard deviation after 1 s, growing as √t (0.01dps)"),
        ("sigma", "additive Gaussian noise, standard deviation in the channel's units"),
        ("snr", "additive Gaussian noise at this signal-to-noise ratio (10dB; negative is louder than the signal)"),
        ("mix", "mix a recorded background (audio) at a signal-to-background ratio: FILE@5dB"),
        ("spike", "probability per sample of an impulse spike (0...1)"),
        ("spike-size", "spike height in the channel's units (default half the full scale)"),
        ("dropout", "probability per sample that a sample is lost and reads 0 (0...1)"),
        ("stuck", "probability per sample that the sensor sticks at its value (0...1)"),
        ("stuck-for", "how long a stuck episode lasts (default 50ms)"),
        ("ppm", "clock error of the sensor in parts per million (+100 = runs fast)"),
        ("jitter", "timing jitter: standard deviation of each sampling instant (20us)"),
        ("clip", "clip to ±this (no value: ±full scale)"),
        ("bits", "quantise to N bits over ±full scale"),
        ("fullscale", "the range ±full scale of clip and bits (default: audio 1, 4g, 2000dps, 400uT, …)"),
    ] + CameraNoise.models

    /// Models that act on whole frames or on time and so take no `.CHANNEL`.
    static let frameModels: Set<String> = Set(["mix", "dropout", "stuck", "stuck-for", "ppm", "jitter"] + CameraNoise.models.map(\.key))

    public static func parse(_ text: String) throws -> NoiseSpec {
        guard let colon = text.firstIndex(of: ":"), colon != text.startIndex else {
            throw SensorError("--noise '\(text)': expected NAME:MODEL=VALUE[,...], e.g. mic:snr=10dB")
        }
        let sensor = String(text[..<colon])
        _ = try SensorKind.named(sensor)
        let body = text[text.index(after: colon)...]
        guard !body.isEmpty else { throw SensorError("noise \(sensor): no noise model after ':'") }
        let terms = try body.split(separator: ",", omittingEmptySubsequences: false).map { item -> Term in
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            let keyParts = parts[0].split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            let key = keyParts[0]
            guard models.contains(where: { $0.key == key }) else {
                throw SensorError("noise \(sensor): unknown noise model '\(key)' (known: \(models.map(\.key).joined(separator: ", ")))")
            }
            if keyParts.count == 2 {
                guard !keyParts[1].isEmpty else { throw SensorError("noise \(sensor): \(parts[0]): empty channel name after '.'") }
                guard !frameModels.contains(key) else {
                    throw SensorError("noise \(sensor): \(key) applies to the whole sensor and takes no '.\(keyParts[1])'")
                }
            }
            return Term(key: key, channel: keyParts.count == 2 ? keyParts[1] : nil, value: parts.count == 2 ? parts[1] : nil)
        }
        return NoiseSpec(sensor: sensor, terms: terms)
    }
}
