extension FixedWidthInteger where Self: UnsignedInteger {
    /// "0x" and the value in lower-case hex, zero-padded to the type's width: "0x0000abcd" for
    /// a UInt32, "0xbe00" for a UInt16. The one spelling of addresses and encodings in messages.
    public var hexString: String {
        let digits = String(self, radix: 16)
        let width: Int = Self.bitWidth / 4
        let padding = String(repeating: "0", count: Swift.max(0, width - digits.count))
        return "0x\(padding)\(digits)"
    }
}
