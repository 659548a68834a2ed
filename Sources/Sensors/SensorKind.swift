/// The sensors a board can have, by the name used in `--sensor NAME=…` and `--noise NAME:…`:
/// the channels each delivers, which of them a trace must provide, and the rate a device model
/// of that kind pulls at by default (the Nano 33 BLE Sense's parts: PDM microphone at 16 kHz,
/// LSM9DS1 at 119 Hz and its magnetometer at 20 Hz, HTS221 and LPS22HB at 1 Hz, APDS-9960).
public struct SensorKind: Sendable, Equatable {
    public let name: String
    public let channels: [SensorChannel]
    /// The channels a recorded trace must contain; the others read 0 when absent.
    public let required: [String]
    public let defaultRate: SampleRate
    public let summary: String

    public var isAudio: Bool { channels.count == 1 && channels[0].quantity == .audio }
    public var isCamera: Bool { channels.isEmpty }

    public static let all: [SensorKind] = [
        SensorKind(name: "mic", channels: ["audio"], required: ["audio"], rate: 16000, summary: "microphone (PCM, full scale ±1)"),
        SensorKind(name: "imu", channels: ["ax", "ay", "az", "gx", "gy", "gz", "mx", "my", "mz"],
                   required: ["ax", "ay", "az", "gx", "gy", "gz"], rate: 119, summary: "accelerometer + gyroscope (+ magnetometer)"),
        SensorKind(name: "accel", channels: ["ax", "ay", "az"], required: ["ax", "ay", "az"], rate: 119, summary: "accelerometer"),
        SensorKind(name: "gyro", channels: ["gx", "gy", "gz"], required: ["gx", "gy", "gz"], rate: 119, summary: "gyroscope"),
        SensorKind(name: "mag", channels: ["mx", "my", "mz"], required: ["mx", "my", "mz"], rate: 20, summary: "magnetometer"),
        SensorKind(name: "temperature", channels: ["temperature"], required: ["temperature"], rate: 1, summary: "thermometer"),
        SensorKind(name: "humidity", channels: ["humidity"], required: ["humidity"], rate: 1, summary: "hygrometer"),
        SensorKind(name: "pressure", channels: ["pressure"], required: ["pressure"], rate: 1, summary: "barometer"),
        SensorKind(name: "light", channels: ["light"], required: ["light"], rate: 10, summary: "ambient light"),
        SensorKind(name: "proximity", channels: ["proximity"], required: ["proximity"], rate: 10, summary: "proximity"),
        SensorKind(name: "camera", channels: [], required: [], rate: 5, summary: "camera frames (gray8, RGB565)"),
    ]

    init(name: String, channels: [String], required: [String], rate: UInt64, summary: String) {
        self.name = name
        self.channels = channels.compactMap(SensorChannel.named)
        self.required = required
        self.defaultRate = SampleRate(hertz: rate)
        self.summary = summary
    }

    public static func named(_ name: String) throws -> SensorKind {
        guard let kind = all.first(where: { $0.name == name }) else {
            throw SensorError("unknown sensor '\(name)' (known: \(all.map(\.name).joined(separator: ", ")))")
        }
        return kind
    }

    public func channelIndex(_ name: String) -> Int? { channels.firstIndex { $0.name == name } }
}
