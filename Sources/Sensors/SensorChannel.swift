/// One channel of a sensor: its name (`ax`, `gz`, `audio`, `temperature`, …) and what it
/// measures. Its values are always in the quantity's canonical unit.
public struct SensorChannel: Sendable, Equatable, Hashable {
    public let name: String
    public let quantity: Quantity

    public init(_ name: String, _ quantity: Quantity) {
        self.name = name
        self.quantity = quantity
    }

    /// Every channel name the engine knows, with what it measures.
    public static let known: [SensorChannel] = [
        SensorChannel("audio", .audio),
        SensorChannel("ax", .acceleration), SensorChannel("ay", .acceleration), SensorChannel("az", .acceleration),
        SensorChannel("gx", .angularRate), SensorChannel("gy", .angularRate), SensorChannel("gz", .angularRate),
        SensorChannel("mx", .magneticField), SensorChannel("my", .magneticField), SensorChannel("mz", .magneticField),
        SensorChannel("temperature", .temperature), SensorChannel("humidity", .humidity),
        SensorChannel("pressure", .pressure), SensorChannel("light", .illuminance), SensorChannel("proximity", .proximity),
    ]

    /// Other spellings found in datasets (Edge Impulse's accX, gyrY, magZ; short forms).
    static let aliases: [String: String] = [
        "accx": "ax", "accy": "ay", "accz": "az", "acc_x": "ax", "acc_y": "ay", "acc_z": "az",
        "accelx": "ax", "accely": "ay", "accelz": "az", "accel_x": "ax", "accel_y": "ay", "accel_z": "az",
        "gyrx": "gx", "gyry": "gy", "gyrz": "gz", "gyrox": "gx", "gyroy": "gy", "gyroz": "gz",
        "gyr_x": "gx", "gyr_y": "gy", "gyr_z": "gz", "gyro_x": "gx", "gyro_y": "gy", "gyro_z": "gz",
        "magx": "mx", "magy": "my", "magz": "mz", "mag_x": "mx", "mag_y": "my", "mag_z": "mz",
        "temp": "temperature", "hum": "humidity", "rh": "humidity", "press": "pressure", "baro": "pressure",
        "lux": "light", "illuminance": "light", "prox": "proximity", "mic": "audio",
    ]

    /// The known channel a column or sensor name refers to (case-insensitive, aliases allowed).
    public static func named(_ name: String) -> SensorChannel? {
        let lower = name.lowercased()
        let canonical = aliases[lower] ?? lower
        return known.first { $0.name == canonical }
    }
}
