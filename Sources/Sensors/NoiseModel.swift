import Foundation

/// A sensor's noise, bound to its channels and checked: every value converted to the
/// channel's canonical unit. The stages run in a fixed physical order whatever order they were
/// written in (see `SensorStream`): the sensor's clock (ppm, jitter), the analogue path (gain,
/// bias, drift, background, Gaussian noise, spikes), faults (stuck, dropout), the converter
/// (clip, quantisation).
public struct NoiseModel: Sendable, Equatable {
    public struct Channel: Sendable, Equatable {
        public var gain = 1.0
        public var bias = 0.0
        public var drift = 0.0
        public var sigma = 0.0
        public var snrDB: Double?
        public var spike = 0.0
        public var spikeSize: Double?
        /// Clip to ±this; infinity means ±fullScale.
        public var clip: Double?
        public var bits: Int?
        public var fullScale: Double
    }

    public var channels: [Channel]
    public var mix: (path: String, snrDB: Double)?
    public var dropout = 0.0
    public var stuck = 0.0
    public var stuckFor = 0.05
    public var ppm = 0.0
    public var jitter = 0.0

    public static func == (a: NoiseModel, b: NoiseModel) -> Bool {
        a.channels == b.channels && a.mix?.path == b.mix?.path && a.mix?.snrDB == b.mix?.snrDB && a.dropout == b.dropout
            && a.stuck == b.stuck && a.stuckFor == b.stuckFor && a.ppm == b.ppm && a.jitter == b.jitter
    }

    /// No noise at all.
    public init(kind: SensorKind) {
        channels = kind.channels.map { Channel(fullScale: $0.quantity.defaultFullScale) }
    }

    /// Applies every term of `specs` (in order; a later term overrides an earlier one).
    public init(kind: SensorKind, specs: [NoiseSpec]) throws {
        self.init(kind: kind)
        for spec in specs {
            for term in spec.terms { try apply(term, kind: kind) }
        }
    }

    private mutating func apply(_ term: NoiseSpec.Term, kind: SensorKind) throws {
        let name = term.key + (term.channel.map { ".\($0)" } ?? "")
        let context = "noise \(kind.name): \(name)"
        func text() throws -> String {
            guard let value = term.value, !value.isEmpty else { throw SensorError("\(context): needs a value (\(name)=…)") }
            return value
        }
        func plain(_ range: ClosedRange<Double>, _ what: String) throws -> Double {
            let value = try text()
            guard let number = QuantityValue(parsing: value), number.unit.isEmpty else {
                throw SensorError("\(context): expected \(what), found '\(value)'")
            }
            guard range.contains(number.number) else {
                throw SensorError("\(context): \(value) is out of range: expected \(what)")
            }
            return number.number
        }
        func probability() throws -> Double { try plain(0...1, "a probability from 0 to 1") }
        func time(_ range: ClosedRange<Double>) throws -> Double {
            let value = try text()
            guard let seconds = QuantityValue(parsing: value)?.canonical(.time), range.contains(seconds) else {
                throw SensorError("\(context): expected a time like 20us or 50ms (\(range.lowerBound)...\(range.upperBound) s), found '\(value)'")
            }
            return seconds
        }
        func decibels(_ value: String) throws -> Double {
            guard let number = QuantityValue(parsing: value), number.unit == "dB" else {
                throw SensorError("\(context): expected decibels like 10dB or -3dB, found '\(value)'")
            }
            return number.number
        }

        switch term.key {
        case "dropout": dropout = try probability()
        case "stuck": stuck = try probability()
        case "stuck-for": stuckFor = try time(0...3600)
        case "ppm": ppm = try plain(-100_000...100_000, "parts per million between -100000 and 100000")
        case "jitter": jitter = try time(0...1)
        case "mix":
            guard kind.isAudio else { throw SensorError("\(context): a background recording mixes only into audio sensors") }
            let value = try text()
            guard let at = value.lastIndex(of: "@"), at != value.startIndex else {
                throw SensorError("\(context): expected FILE@SNR, e.g. mix=cafe.wav@5dB, found '\(value)'")
            }
            mix = (String(value[..<at]), try decibels(String(value[value.index(after: at)...])))
        default:
            try applyToChannels(term, kind: kind, context: context, text: text, plain: plain, probability: probability,
                                decibels: decibels)
        }
    }

    /// The per-channel models: to one channel (`bias.gz`), to the channels of the value's
    /// quantity (`bias=0.5dps` → gx, gy, gz), or with no unit to every channel.
    private mutating func applyToChannels(_ term: NoiseSpec.Term, kind: SensorKind, context: String, text: () throws -> String,
                                          plain: (ClosedRange<Double>, String) throws -> Double, probability: () throws -> Double,
                                          decibels: (String) throws -> Double) throws {
        var targets = Array(kind.channels.indices)
        if let channel = term.channel {
            guard let index = kind.channelIndex(SensorChannel.named(channel)?.name ?? channel) else {
                throw SensorError("\(context): \(kind.name) has no channel '\(channel)' (\(kind.channels.map(\.name).joined(separator: ", ")))")
            }
            targets = [index]
        }
        // Values in a channel's units: a unit narrows the targets to that quantity's channels.
        func measure(allowNegative: Bool, flagValue: Bool = false) throws -> [Int: Double] {
            let value = try text()
            guard let number = QuantityValue(parsing: value) else {
                throw SensorError("\(context): expected a number with an optional unit (0.5dps, 0.02g), found '\(value)'")
            }
            guard allowNegative || number.number >= 0 else {
                throw SensorError("\(context): must not be negative, found '\(value)'")
            }
            var result: [Int: Double] = [:]
            for index in targets {
                let quantity = kind.channels[index].quantity
                if let canonical = number.canonical(quantity, interval: true) {
                    result[index] = canonical
                } else if term.channel != nil {
                    throw SensorError("\(context): '\(value)' is not \(quantity.phrase) (use \(PhysicalUnit.symbols(of: quantity)))")
                }
            }
            guard !result.isEmpty else {
                throw SensorError("\(context): no channel of \(kind.name) is measured in '\(number.unit)'")
            }
            return result
        }

        switch term.key {
        case "gain":
            let value = try plain(-1000...1000, "a factor such as 1.02")
            for index in targets { channels[index].gain = value }
        case "bias": for (index, value) in try measure(allowNegative: true) { channels[index].bias = value }
        case "drift": for (index, value) in try measure(allowNegative: false) { channels[index].drift = value }
        case "sigma": for (index, value) in try measure(allowNegative: false) { channels[index].sigma = value }
        case "spike-size": for (index, value) in try measure(allowNegative: false) { channels[index].spikeSize = value }
        case "fullscale":
            for (index, value) in try measure(allowNegative: false) {
                guard value > 0 else { throw SensorError("\(context): must be positive") }
                channels[index].fullScale = value
            }
        case "clip":
            if term.value == nil {
                // ±full scale, whatever `fullscale` ends up being (it may come later).
                for index in targets { channels[index].clip = .infinity }
            } else {
                for (index, value) in try measure(allowNegative: false) { channels[index].clip = value }
            }
        case "snr":
            let value = try decibels(try text())
            guard (-200...200).contains(value) else { throw SensorError("\(context): \(value) dB is out of range (-200...200)") }
            for index in targets { channels[index].snrDB = value }
        case "spike":
            let value = try probability()
            for index in targets { channels[index].spike = value }
        case "bits":
            let value = try plain(1...32, "a whole number of bits from 1 to 32")
            guard value == value.rounded() else { throw SensorError("\(context): expected a whole number of bits, found '\(try text())'") }
            for index in targets { channels[index].bits = Int(value) }
        default:
            throw SensorError("\(context): a camera noise model; \(kind.name) takes \(NoiseSpec.models.map(\.key).filter { key in !CameraNoise.models.contains { $0.key == key } }.joined(separator: ", "))")
        }
    }
}
