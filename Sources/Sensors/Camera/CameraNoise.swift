import Foundation

/// A camera's variation, applied in the order light meets it: lens `blur` (Gaussian, σ in
/// pixels), exposure `brightness` (added, as a fraction of full scale, -1...1), `contrast`
/// (scaled about mid-grey), `gamma` (output = input^gamma on 0...1: above 1 darkens the
/// mid-tones), sensor `pixel` noise (Gaussian, σ in 8-bit levels, new every frame), and `dead`
/// pixels (this fraction of pixel positions reads black in every frame).
public struct CameraNoise: Sendable, Equatable {
    public var blur = 0.0
    public var brightness = 0.0
    public var contrast = 1.0
    public var gamma = 1.0
    public var pixel = 0.0
    public var dead = 0.0

    public static let models: [(key: String, meaning: String)] = [
        ("pixel", "camera: Gaussian pixel noise, σ in 8-bit levels (4)"),
        ("brightness", "camera: exposure change, fraction of full scale (-1...1)"),
        ("contrast", "camera: contrast factor about mid-grey (0.8)"),
        ("gamma", "camera: output = input^gamma (1.5 darkens mid-tones)"),
        ("blur", "camera: Gaussian blur, σ in pixels"),
        ("dead", "camera: fraction of dead (black) pixels (0...1)"),
    ]

    public init() {}

    public init(specs: [NoiseSpec]) throws {
        for term in specs.flatMap(\.terms) {
            let context = "noise camera: \(term.key)"
            guard CameraNoise.models.contains(where: { $0.key == term.key }) else {
                throw SensorError("\(context): not a camera noise model (camera: \(CameraNoise.models.map(\.key).joined(separator: ", ")))")
            }
            guard let text = term.value, !text.isEmpty else { throw SensorError("\(context): needs a value (\(term.key)=…)") }
            guard let value = QuantityValue(parsing: text), value.unit.isEmpty || (term.key == "blur" && value.unit == "px") else {
                throw SensorError("\(context): expected a plain number, found '\(text)'")
            }
            let ranges: [String: ClosedRange<Double>] = ["pixel": 0...255, "brightness": -1...1, "contrast": 0...100,
                                                         "gamma": 0.05...20, "blur": 0...50, "dead": 0...1]
            guard ranges[term.key]!.contains(value.number) else {
                let range = ranges[term.key]!
                throw SensorError("\(context): \(text) is out of range (\(range.lowerBound)...\(range.upperBound))")
            }
            switch term.key {
            case "pixel": pixel = value.number
            case "brightness": brightness = value.number
            case "contrast": contrast = value.number
            case "gamma": gamma = value.number
            case "blur": blur = value.number
            default: dead = value.number
            }
        }
    }

    /// Frame `index` with the camera's noise; `seed` chooses the pixel noise and the dead pixels.
    func apply(_ frame: Frame, index: Int64, seed: UInt64) -> Frame {
        var out = blur > 0 ? CameraNoise.blurred(frame, sigma: blur) : frame
        let noise = CounterRandom(seed: seed, path: "camera/pixel")
        let deadPixels = CounterRandom(seed: seed, path: "camera/dead")
        let perFrame = Int64(frame.pixels.count)
        for i in 0..<out.pixels.count {
            var v = Double(out.pixels[i]) + brightness * 255
            v = (v - 127.5) * contrast + 127.5
            if gamma != 1 { v = 255 * pow(min(max(v / 255, 0), 1), gamma) }
            if pixel > 0 { v += pixel * noise.gaussian(sample: index &* perFrame &+ Int64(i)) }
            if dead > 0, deadPixels.uniform(sample: Int64(i / frame.channels), lane: 0) < dead { v = 0 }
            out.pixels[i] = Float(min(max(v, 0), 255))
        }
        return out
    }

    /// Separable Gaussian blur, edges extended.
    static func blurred(_ frame: Frame, sigma: Double) -> Frame {
        let radius = max(1, Int((3 * sigma).rounded(.up)))
        let weights = (-radius...radius).map { exp(-Double($0 * $0) / (2 * sigma * sigma)) }
        let total = weights.reduce(0, +)
        let kernel = weights.map { Float($0 / total) }
        let (w, h, c) = (frame.width, frame.height, frame.channels)
        var horizontal = [Float](repeating: 0, count: frame.pixels.count)
        for y in 0..<h { for x in 0..<w { for ch in 0..<c {
            var sum: Float = 0
            for k in -radius...radius { sum += kernel[k + radius] * frame.pixels[(y * w + min(max(x + k, 0), w - 1)) * c + ch] }
            horizontal[(y * w + x) * c + ch] = sum
        } } }
        var vertical = horizontal
        for y in 0..<h { for x in 0..<w { for ch in 0..<c {
            var sum: Float = 0
            for k in -radius...radius { sum += kernel[k + radius] * horizontal[(min(max(y + k, 0), h - 1) * w + x) * c + ch] }
            vertical[(y * w + x) * c + ch] = sum
        } } }
        return Frame(width: w, height: h, channels: c, pixels: vertical)
    }
}
