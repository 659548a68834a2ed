/// The number forms a description may use: plain integers (decimal or 0x hex), byte sizes with
/// binary K/M suffixes, and clock rates in Hz/kHz/MHz. Every parser returns nil rather than
/// trapping on malformed or overflowing input.
enum NumberSyntax {
    /// `123` or `0x7B`.
    static func unsignedInteger(_ text: String) -> UInt64? {
        let lowered = text.lowercased()
        if lowered.hasPrefix("0x") {
            return digits(lowered.dropFirst(2), radix: 16)
        }
        return digits(Substring(lowered), radix: 10)
    }

    /// `256K`, `1M`, `0x40000`, `4096`. K and M are binary units (1024, 1024 * 1024).
    static func byteSize(_ text: String) -> UInt64? {
        let multipliers: [(suffix: String, factor: UInt64)] = [("K", 1 << 10), ("M", 1 << 20)]
        for (suffix, factor) in multipliers where text.hasSuffix(suffix) && !text.lowercased().hasPrefix("0x") {
            guard let count = digits(text.dropLast(suffix.count), radix: 10) else { return nil }
            let (bytes, overflow) = count.multipliedReportingOverflow(by: factor)
            return overflow ? nil : bytes
        }
        return unsignedInteger(text)
    }

    /// `64MHz`, `32.768 kHz`, `48000000Hz` or a bare `48000000` (Hz). Fractions must come out
    /// as a whole number of hertz.
    static func frequency(_ text: String) -> UInt64? {
        let units: [(suffix: String, exponent: Int)] = [("mhz", 6), ("khz", 3), ("hz", 0)]
        var number = Substring(text.lowercased())
        var exponent = 0
        if let unit = units.first(where: { number.hasSuffix($0.suffix) }) {
            number = number.dropLast(unit.suffix.count)
            exponent = unit.exponent
            while number.last == " " { number = number.dropLast() }
        } else if number.hasPrefix("0x") {
            return unsignedInteger(text)
        }
        // Scale with integers only: "32.768" kHz becomes the digits "32768" followed by no zeros.
        let parts = number.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let fraction = parts.count == 2 ? parts[1] : ""
        guard !parts[0].isEmpty, parts.count == 1 || !fraction.isEmpty, fraction.count <= exponent else {
            return nil
        }
        return digits(parts[0] + fraction + String(repeating: "0", count: exponent - fraction.count), radix: 10)
    }

    /// Digits only (no sign, no spaces); nil when empty or past UInt64.
    private static func digits(_ text: Substring, radix: Int) -> UInt64? {
        guard !text.isEmpty, text.allSatisfy({ $0.hexDigitValue.map { $0 < radix } == true }) else {
            return nil
        }
        return UInt64(text, radix: radix)
    }
}
