/// Parsers for the command line's value syntaxes, each failing with a message that says what
/// was expected.
enum ValueParsing {
    /// "500ms", "10s", "2.5s", "100us", "1min" (or "1m"), "250000ns"; a bare number is seconds.
    /// The same units as sensor specs (`start=10min`), plus "m".
    static func duration(_ text: String) -> UInt64? {
        let units: [(String, Double)] = [("ns", 1), ("us", 1e3), ("µs", 1e3), ("ms", 1e6), ("s", 1e9), ("min", 60e9), ("m", 60e9),
                                         ("h", 3600e9)]
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        for (suffix, scale) in units.sorted(by: { $0.0.count > $1.0.count }) where trimmed.hasSuffix(suffix) {
            return scaled(String(trimmed.dropLast(suffix.count)), scale)
        }
        return scaled(trimmed, 1e9)
    }

    private static func scaled(_ number: String, _ scale: Double) -> UInt64? {
        guard !number.isEmpty, number.allSatisfy({ $0.isNumber || $0 == "." }), let value = Double(number),
              value.isFinite, value >= 0 else { return nil }
        let ns = value * scale
        guard ns <= 1.8e19 else { return nil }
        return UInt64(ns.rounded())
    }

    /// A 32-bit address or size: decimal or 0x-prefixed hexadecimal, with optional K/M suffix.
    static func number(_ text: String) -> UInt32? {
        var body = Substring(text.trimmingCharacters(in: .whitespaces))
        var multiplier: UInt64 = 1
        if let last = body.last, "kKmM".contains(last) {
            multiplier = "kK".contains(last) ? 1024 : 1024 * 1024
            body = body.dropLast()
        }
        let value: UInt64?
        if body.hasPrefix("0x") || body.hasPrefix("0X") {
            value = UInt64(body.dropFirst(2).replacingOccurrences(of: "_", with: ""), radix: 16)
        } else {
            value = UInt64(body.replacingOccurrences(of: "_", with: ""))
        }
        guard let value, value * multiplier <= UInt64(UInt32.max) else { return nil }
        return UInt32(value * multiplier)
    }
}

import Foundation
