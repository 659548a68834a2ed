/// Every sensor of a run: sources, noise and the one seed. Parsed from the command line's
/// `--sensor`, `--noise` and `--seed` (scenario files will use the same strings), checked by
/// `validate()`, and turned into streams by the device models that consume them.
public struct SensorConfiguration: Sendable, Equatable {
    public var sensors: [SensorSpec]
    public var noise: [NoiseSpec]
    public var seed: UInt64

    public init(sensors: [SensorSpec] = [], noise: [NoiseSpec] = [], seed: UInt64 = 0) {
        self.sensors = sensors
        self.noise = noise
        self.seed = seed
    }

    public var isEmpty: Bool { sensors.isEmpty }

    /// Parses the strings and checks how they fit together: no sensor twice, no noise for a
    /// sensor without a source. Files are not read yet (see `validate`).
    public static func parse(sensors: [String], noise: [String], seed: String?) throws -> SensorConfiguration {
        let specs = try sensors.map(SensorSpec.parse)
        var seen = Set<String>()
        for spec in specs where !seen.insert(spec.name).inserted {
            throw SensorError("--sensor \(spec.name) is given twice")
        }
        let noiseSpecs = try noise.map(NoiseSpec.parse)
        for spec in noiseSpecs where !seen.contains(spec.sensor) {
            throw SensorError("--noise \(spec.sensor): no --sensor \(spec.sensor)=… to apply it to")
        }
        return SensorConfiguration(sensors: specs, noise: noiseSpecs, seed: try seed.map(parseSeed) ?? 0)
    }

    /// A seed: decimal or 0x-prefixed hexadecimal, 64 bits.
    public static func parseSeed(_ text: String) throws -> UInt64 {
        let value = text.hasPrefix("0x") || text.hasPrefix("0X") ? UInt64(text.dropFirst(2), radix: 16) : UInt64(text)
        guard let value else { throw SensorError("--seed: expected a whole number from 0 to 2^64-1, found '\(text)'") }
        return value
    }

    /// Reads every file and checks every value, by building each stream once.
    public func validate() throws {
        for spec in sensors {
            if spec.name == "camera" { _ = try frameStream() } else { _ = try stream(named: spec.name) }
        }
    }

    /// The camera's frames at `rate` frames per second (default: the source's frame rate).
    public func frameStream(rate: SampleRate? = nil) throws -> FrameStream {
        guard let spec = sensors.first(where: { $0.name == "camera" }) else {
            throw SensorError("no --sensor camera=… was given")
        }
        return try CameraLoader.stream(spec, noise: noise.filter { $0.sensor == "camera" }, rate: rate, seed: seed)
    }

    /// The stream for sensor `name` at `rate` (default: the kind's usual rate).
    public func stream(named name: String, rate: SampleRate? = nil) throws -> SensorStream {
        guard let spec = sensors.first(where: { $0.name == name }) else {
            throw SensorError("no --sensor \(name)=… was given")
        }
        let kind = try SensorKind.named(name)
        guard !kind.isCamera else { throw SensorError("sensor \(name) delivers frames, not samples") }
        let (source, playback) = try SourceLoader.load(spec, seed: seed)
        let model = try NoiseModel(kind: kind, specs: noise.filter { $0.sensor == name })
        return try SensorStream(kind: kind, source: source, playback: playback, noise: model, rate: rate, seed: seed)
    }
}
