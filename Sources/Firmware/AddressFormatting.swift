/// Hex formatting shared by error messages and symbol descriptions, so every address in
/// user-facing text looks the same ("0x0800abcd").
enum AddressFormatting {
    static func hex32(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return "0x" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
    }

    /// Short hex without padding, for offsets and sizes ("0x1c").
    static func hex<T: BinaryInteger>(_ value: T) -> String {
        "0x" + String(value, radix: 16)
    }

    static func hexByte(_ value: UInt8) -> String {
        let digits = String(value, radix: 16)
        return "0x" + (digits.count < 2 ? "0" + digits : digits)
    }

    /// An address range given by start and byte count, printed with an inclusive end
    /// ("0x08000000-0x08000fff"). Empty ranges print as just the start address.
    static func range(start: UInt64, count: UInt64) -> String {
        guard count > 0 else { return hexWide(start) }
        return hexWide(start) + "-" + hexWide(start &+ count &- 1)
    }

    /// Like `hex32`, but tolerates values just beyond 32 bits that appear in range errors.
    static func hexWide(_ value: UInt64) -> String {
        if let narrow = UInt32(exactly: value) { return hex32(narrow) }
        return "0x" + String(value, radix: 16)
    }
}
