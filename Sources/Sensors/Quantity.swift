/// What a channel measures. Every value inside the engine is in the quantity's canonical unit
/// (`canonicalUnit`); units written in files and on the command line are converted on entry.
public enum Quantity: String, Sendable, CaseIterable {
    case audio          // full scale: -1...1 (what PCM int16 ±32767 maps to)
    case acceleration   // g (standard gravity, 9.80665 m/s²)
    case angularRate    // degrees per second
    case magneticField  // microtesla
    case temperature    // degrees Celsius
    case humidity       // percent relative humidity
    case pressure       // hectopascal
    case illuminance    // lux
    case proximity      // counts (the sensor's raw reading)
    case time           // seconds
    case frequency      // hertz
    case ratio          // dimensionless (gains, probabilities)

    public var canonicalUnit: String {
        switch self {
        case .audio: "FS"
        case .acceleration: "g"
        case .angularRate: "dps"
        case .magneticField: "uT"
        case .temperature: "C"
        case .humidity: "%RH"
        case .pressure: "hPa"
        case .illuminance: "lux"
        case .proximity: "counts"
        case .time: "s"
        case .frequency: "Hz"
        case .ratio: ""
        }
    }

    /// Words for error messages ("an angular rate").
    public var phrase: String {
        switch self {
        case .audio: "an audio level"
        case .acceleration: "an acceleration"
        case .angularRate: "an angular rate"
        case .magneticField: "a magnetic field"
        case .temperature: "a temperature"
        case .humidity: "a humidity"
        case .pressure: "a pressure"
        case .illuminance: "an illuminance"
        case .proximity: "a proximity count"
        case .time: "a time"
        case .frequency: "a frequency"
        case .ratio: "a plain number"
        }
    }

    /// The symmetric range ±fullScale a typical device reports, used by quantisation and
    /// clipping unless the noise spec sets `fullscale`: audio ±1, the LSM9DS1's default ±4 g,
    /// ±2000 dps and ±4 gauss, and wide enough ranges for the environmental sensors.
    public var defaultFullScale: Double {
        switch self {
        case .audio: 1
        case .acceleration: 4
        case .angularRate: 2000
        case .magneticField: 400
        case .temperature: 128
        case .humidity: 128
        case .pressure: 1260
        case .illuminance: 65536
        case .proximity: 256
        case .time, .frequency, .ratio: 1
        }
    }
}
