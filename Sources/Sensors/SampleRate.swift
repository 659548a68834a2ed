import Foundation

/// A sample rate as an exact fraction of hertz (12.5 Hz is 25/2), so the time of sample n and
/// the sample due at a cycle count are computed exactly, never by accumulating floating steps.
public struct SampleRate: Sendable, Equatable, Hashable, CustomStringConvertible {
    public let numerator: UInt64
    public let denominator: UInt64

    public init(numerator: UInt64, denominator: UInt64 = 1) {
        precondition(numerator > 0 && denominator > 0, "a sample rate is positive")
        let divisor = SampleRate.gcd(numerator, denominator)
        self.numerator = numerator / divisor
        self.denominator = denominator / divisor
    }

    public init(hertz: UInt64) { self.init(numerator: hertz) }

    /// Parses "16kHz", "119Hz", "12.5Hz", "16000" (hertz), and exact fractions such as
    /// "500000/31Hz" (the nRF52840 PDM's default rate); nil when not a positive rate of at most
    /// 1 THz.
    public init?(parsing text: String) {
        var body = Substring(text.trimmingCharacters(in: .whitespaces))
        if let slash = body.firstIndex(of: "/") {
            let denominatorText = body[body.index(after: slash)...]
            let digits = denominatorText.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, let denominator = UInt64(digits), denominator > 0, denominator <= 1_000_000,
                  let top = SampleRate(parsing: String(body[..<slash]) + denominatorText.dropFirst(digits.count)),
                  top.denominator == 1 else { return nil }
            self.init(numerator: top.numerator, denominator: denominator)
            return
        }
        var scale: UInt64 = 1
        for (suffix, factor) in [("MHz", UInt64(1_000_000)), ("kHz", 1000), ("Hz", 1)] where body.hasSuffix(suffix) {
            body = body.dropLast(suffix.count)
            scale = factor
            break
        }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              parts.last!.count <= 6, let whole = UInt64(parts[0]), whole < 1_000_000_000 else { return nil }
        var denominator: UInt64 = 1
        var numerator = whole
        if parts.count == 2, let fraction = UInt64(parts[1]) {
            for _ in 0..<parts[1].count { denominator *= 10 }
            numerator = whole * denominator + fraction
        }
        let (scaled, overflow) = numerator.multipliedReportingOverflow(by: scale)
        guard numerator > 0, !overflow, scaled <= 1_000_000_000_000 else { return nil }
        self.init(numerator: scaled, denominator: denominator)
    }

    public var hertz: Double { Double(numerator) / Double(denominator) }

    public var description: String {
        denominator == 1 ? "\(numerator) Hz" : "\(hertz) Hz"
    }

    /// Time of sample `index` in seconds, computed from the index alone.
    public func seconds(ofSample index: Int64) -> Double {
        Double(index) * Double(denominator) / Double(numerator)
    }

    /// Time of sample `index` in nanoseconds, rounded down.
    public func nanoseconds(ofSample index: UInt64) -> UInt64 {
        SampleRate.mulDiv(index, denominator * 1_000_000_000, numerator)
    }

    /// The last sample due at or before `nanoseconds` of virtual time.
    public func sampleIndex(atNanoseconds nanoseconds: UInt64) -> UInt64 {
        SampleRate.mulDiv(nanoseconds, numerator, denominator * 1_000_000_000)
    }

    /// The last sample due at or before `cycles` of a CPU clocked at `clockHz`: how a device
    /// model on the bus finds the sample it should deliver without leaving integer arithmetic.
    public func sampleIndex(atCycle cycles: UInt64, clockHz: UInt64) -> UInt64 {
        SampleRate.mulDiv(cycles, numerator, denominator * clockHz)
    }

    /// The number of samples in `seconds` of stream, rounded to the nearest (saturating).
    public func sampleCount(seconds: Double) -> Int64 {
        SampleRate.clampedCount((seconds * hertz).rounded())
    }

    /// A sample count from a floating-point product, saturated instead of trapping.
    static func clampedCount(_ value: Double) -> Int64 {
        guard value.isFinite else { return value > 0 ? .max : 0 }
        if value >= 9.2e18 { return .max }
        return Int64(max(value, -9.2e18))
    }

    /// a × b ÷ c without overflow in the intermediate product (rounded down, saturating).
    static func mulDiv(_ a: UInt64, _ b: UInt64, _ c: UInt64) -> UInt64 {
        let product = a.multipliedFullWidth(by: b)
        guard product.high < c else { return .max }
        return c.dividingFullWidth(product).quotient
    }

    private static func gcd(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var (x, y) = (a, b)
        while y != 0 { (x, y) = (y, x % y) }
        return x
    }
}
