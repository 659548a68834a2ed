import Sensors

/// A device's view of one sensor stream: the sample due now at the rate the chip's registers
/// choose, in canonical units, with the run's noise. The stream comes from `--sensor NAME=…`
/// (with its `--noise` and `--seed`); without one, from a default source (`defaultSource`,
/// e.g. `rest` for the IMU or `constant,value=25C` for a thermometer), so a board reads
/// plausible values out of the box. Streams are rebuilt only when the rate changes.
public final class SensorFeed {
    public let sensor: String
    private let configuration: SensorConfiguration
    private let clock: DeviceClock
    private var streams: [SampleRate: SensorStream] = [:]
    /// The last frame read, by rate and index (chips read a frame a byte at a time).
    private var cached: (rate: SampleRate, index: Int64, frame: [Double])?

    /// Default sources by sensor name, used when the run gives no `--sensor` for it.
    public static let defaultSources: [String: String] = [
        "imu": "rest", "accel": "rest", "gyro": "rest", "mag": "rest",
        "temperature": "constant,value=25C", "humidity": "constant,value=50%RH",
        "pressure": "constant,value=1013.25hPa", "light": "constant,value=300lux",
        "proximity": "constant,value=0", "mic": "silence",
    ]

    /// Fails with the sensor engine's one-line message (an unknown sensor name in a board file).
    public init(sensor: String, configuration: SensorConfiguration, clock: DeviceClock) throws {
        let kind = try SensorKind.named(sensor)
        guard !kind.isCamera else { throw SensorError("sensor \(sensor) delivers frames, not samples") }
        self.sensor = sensor
        self.clock = clock
        if configuration.sensors.contains(where: { $0.name == sensor }) {
            self.configuration = configuration
        } else {
            let source = SensorFeed.defaultSources[sensor] ?? "constant"
            self.configuration = SensorConfiguration(sensors: [try SensorSpec.parse("\(sensor)=\(source)")],
                                                     noise: [], seed: configuration.seed)
        }
        _ = try stream(at: kind.defaultRate)
    }

    public var channels: [SensorChannel] { (try? SensorKind.named(sensor))?.channels ?? [] }

    /// The sensor kind's usual rate (for devices that sample on demand).
    public var defaultRate: SampleRate { (try? SensorKind.named(sensor))?.defaultRate ?? SampleRate(hertz: 1) }

    /// The index of a channel by name (`ax`, `mz`, `temperature`, …), if the stream has it.
    public func channelIndex(_ name: String) -> Int? { channels.firstIndex { $0.name == name } }

    private func stream(at rate: SampleRate) throws -> SensorStream {
        if let stream = streams[rate] { return stream }
        let stream = try configuration.stream(named: sensor, rate: rate)
        streams[rate] = stream
        return stream
    }

    /// The index of the sample due at the current cycle at `rate`.
    public func currentIndex(rate: SampleRate) -> Int64 {
        Int64(clamping: rate.sampleIndex(atCycle: clock.now(), clockHz: clock.clockHz))
    }

    /// Sample `index` at `rate` (every channel, canonical units, noise applied).
    public func frame(at index: Int64, rate: SampleRate) -> [Double] {
        if let cached, cached.rate == rate, cached.index == index { return cached.frame }
        // The stream was built once for this configuration, so rebuilding cannot fail here.
        guard var stream = try? stream(at: rate) else { return [Double](repeating: 0, count: channels.count) }
        let frame = stream.frame(at: index)
        streams[rate] = stream
        cached = (rate, index, frame)
        return frame
    }

    /// The sample due now at `rate`.
    public func currentFrame(rate: SampleRate) -> [Double] {
        frame(at: currentIndex(rate: rate), rate: rate)
    }

    /// `count` samples of the first channel as 16-bit PCM (microphones).
    public func pcm16(from first: Int64, count: Int, rate: SampleRate) -> [Int16] {
        guard var stream = try? stream(at: rate) else { return [Int16](repeating: 0, count: count) }
        let samples = stream.pcm16(from: first, count: count)
        streams[rate] = stream
        return samples
    }

    /// The first channel's values for `count` samples (microphones with a gain to apply).
    public func values(from first: Int64, count: Int, rate: SampleRate) -> [Double] {
        guard var stream = try? stream(at: rate) else { return [Double](repeating: 0, count: count) }
        let block = stream.read(from: first, count: count)
        streams[rate] = stream
        return block.channel(0)
    }
}
