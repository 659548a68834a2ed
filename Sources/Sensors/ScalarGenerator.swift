import Foundation

/// Synthesised environmental readings for one-channel sensors (temperature, humidity,
/// pressure, light, proximity), in the channel's units: `constant` (value), `ramp` (from → to
/// over a time, then holding: a slow change such as a room warming), `sine` (value ± amp with
/// period, e.g. a day's temperature cycle).
public struct ScalarGenerator: SignalSource {
    public enum Shape: Sendable, Equatable {
        case constant(Double)
        case ramp(from: Double, to: Double, over: Double)
        case sine(mean: Double, amplitude: Double, period: Double)
    }

    public static let names = ["constant", "ramp", "sine"]

    public let shape: Shape
    public let channels: [SensorChannel]

    public init(shape: Shape, channel: SensorChannel) {
        self.shape = shape
        self.channels = [channel]
    }

    /// Typical readings to start from when a spec gives none.
    static func typical(_ quantity: Quantity) -> Double {
        switch quantity {
        case .temperature: 22
        case .humidity: 45
        case .pressure: 1013.25
        case .illuminance: 300
        case .proximity: 0
        default: 0
        }
    }

    init(name: String, channel: SensorChannel, options: inout SpecOptions) throws {
        let quantity = channel.quantity
        let typical = ScalarGenerator.typical(quantity)
        switch name {
        case "ramp":
            self.init(shape: .ramp(from: try options.quantity("from", quantity, default: typical, interval: false),
                                   to: try options.quantity("to", quantity, default: typical + 1, interval: false),
                                   over: try options.quantity("over", .time, default: 60, range: 1e-3...1e9)), channel: channel)
        case "sine":
            self.init(shape: .sine(mean: try options.quantity("value", quantity, default: typical, interval: false),
                                   amplitude: try options.quantity("amp", quantity, default: 1),
                                   period: try options.quantity("period", .time, default: 60, range: 1e-3...1e9)), channel: channel)
        default:
            self.init(shape: .constant(try options.quantity("value", quantity, default: typical, interval: false)), channel: channel)
        }
    }

    public var duration: Double? { nil }

    public func meanSquare() -> [Double] {
        switch shape {
        case .constant(let value): [value * value]
        case .ramp(let from, let to, _): [(from * from + from * to + to * to) / 3]
        case .sine(let mean, let amplitude, _): [mean * mean + amplitude * amplitude / 2]
        }
    }

    public func evaluate(at times: [Double], outputRate: Double, looping: Bool, into values: inout [Double]) {
        for time in times {
            switch shape {
            case .constant(let value):
                values.append(value)
            case .ramp(let from, let to, let over):
                values.append(from + (to - from) * min(max(time / over, 0), 1))
            case .sine(let mean, let amplitude, let period):
                values.append(mean + amplitude * sin(2 * Double.pi * (time / period).truncatingRemainder(dividingBy: 1)))
            }
        }
    }
}
