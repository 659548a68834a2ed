import Foundation

/// Synthesised audio: `sine` (one or more tones: freq=440Hz+880Hz), `chirp` (a linear sweep
/// from→to over a time, repeating), `white` and `pink` noise (seeded), `silence`.
/// `amp` is the peak level for tones and the RMS level for noise, in full scale.
public struct AudioGenerator: SignalSource {
    public enum Shape: Sendable {
        case tones([Double])
        case chirp(from: Double, to: Double, over: Double)
        case white
        case pink
        case silence
    }

    public static let names = ["sine", "chirp", "white", "pink", "silence"]

    public let shape: Shape
    public let amplitude: Double
    let random: CounterRandom
    /// Pink noise's octave rows, each its own white sequence.
    let rows: [CounterRandom]
    public let channels = [SensorChannel("audio", .audio)]

    public init(shape: Shape, amplitude: Double, random: CounterRandom) {
        self.shape = shape
        self.amplitude = amplitude
        self.random = random
        rows = (0..<AudioGenerator.pinkRows).map { CounterRandom(seed: random.key, path: "pink-row-\($0)") }
    }

    init(name: String, options: inout SpecOptions, random: CounterRandom) throws {
        let amplitude = try options.quantity("amp", .ratio, default: name == "sine" || name == "chirp" ? 0.5 : 0.1, range: 0...1)
        switch name {
        case "sine":
            let text = try options.string("freq") ?? "1kHz"
            let frequencies = try text.split(separator: "+").map { part -> Double in
                guard let value = QuantityValue(parsing: String(part))?.canonical(.frequency), value > 0 else {
                    throw SensorError("\(options.context): freq: expected frequencies like 440Hz or 440Hz+1kHz, found '\(text)'")
                }
                return value
            }
            self.init(shape: .tones(frequencies), amplitude: amplitude, random: random)
        case "chirp":
            let from = try options.quantity("from", .frequency, default: 100, range: 0...1e6)
            let to = try options.quantity("to", .frequency, default: 4000, range: 0...1e6)
            let over = try options.quantity("over", .time, default: 1, range: 1e-3...86400)
            self.init(shape: .chirp(from: from, to: to, over: over), amplitude: amplitude, random: random)
        case "white": self.init(shape: .white, amplitude: amplitude, random: random)
        case "pink": self.init(shape: .pink, amplitude: amplitude, random: random)
        default: self.init(shape: .silence, amplitude: 0, random: random)
        }
    }

    public var duration: Double? { nil }

    public func meanSquare() -> [Double] {
        switch shape {
        case .tones(let frequencies): [amplitude * amplitude / 2 / Double(frequencies.count)]
        case .chirp: [amplitude * amplitude / 2]
        case .white, .pink: [amplitude * amplitude]
        case .silence: [0]
        }
    }

    /// Octave rows of the Voss–McCartney pink-noise sum: row k changes every 2^k samples.
    static let pinkRows = 16

    public func evaluate(at times: [Double], outputRate: Double, looping: Bool, into values: inout [Double]) {
        for time in times {
            switch shape {
            case .tones(let frequencies):
                let sum = frequencies.reduce(0.0) { $0 + sin(2 * Double.pi * ($1 * time).truncatingRemainder(dividingBy: 1)) }
                values.append(amplitude * sum / Double(frequencies.count))
            case .chirp(let from, let to, let over):
                let t = time - (time / over).rounded(.down) * over
                let cycles = from * t + (to - from) * t * t / (2 * over)
                values.append(amplitude * sin(2 * Double.pi * cycles.truncatingRemainder(dividingBy: 1)))
            case .white:
                values.append(amplitude * random.gaussian(sample: sampleIndex(time, outputRate)))
            case .pink:
                let index = sampleIndex(time, outputRate)
                var sum = 0.0
                for (row, rowRandom) in rows.enumerated() {
                    // Row k holds its value for 2^k samples: the sum has a 1/f spectrum.
                    sum += rowRandom.gaussian(sample: index >> Int64(row))
                }
                values.append(amplitude * sum / Double(AudioGenerator.pinkRows).squareRoot())
            case .silence:
                values.append(0)
            }
        }
    }

    /// Noise is drawn per output sample: the index of the sample period `time` falls in.
    private func sampleIndex(_ time: Double, _ rate: Double) -> Int64 {
        let position = (time * rate + 1e-9).rounded(.down)
        return position.isFinite && abs(position) < 9e18 ? Int64(position) : 0
    }
}
