/// Full-scale values (±1) as the signed 16-bit samples a PDM/PCM peripheral delivers:
/// ×32768, rounded to nearest, saturated to -32768...32767.
public enum PCM16 {
    @inline(__always)
    public static func sample(_ value: Double) -> Int16 {
        let scaled = (value * 32768).rounded()
        if scaled.isNaN { return 0 }
        return Int16(max(-32768, min(32767, scaled)))
    }

    public static func samples(_ values: [Double]) -> [Int16] { values.map(sample) }
}
