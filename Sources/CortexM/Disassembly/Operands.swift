/// Operand spelling shared by all decode tables. The conventions follow capstone's Thumb
/// output so traces can be diffed against it: `#imm` in decimal up to 9 and hex above,
/// `{r0, r1}` register lists, `, lsl #2` shifts. Core registers use r0-r12 (not sb/sl/fp/ip)
/// because the trace's register columns use those names too.
enum Operands {
    static let conditions: [String] = ["eq", "ne", "hs", "lo", "mi", "pl", "vs", "vc",
                                       "hi", "ls", "ge", "lt", "gt", "le", "al", ""]

    static let coreRegisters: [String] = ["r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9",
                                          "r10", "r11", "r12", "sp", "lr", "pc"]

    static func register(_ number: Int) -> String { coreRegisters[number & 15] }

    /// `0x` and lower-case hex digits, zero-padded to `digits`.
    static func hex(_ value: UInt32, digits: Int = 0) -> String {
        let body = String(value, radix: 16)
        let padding = digits > body.count ? String(repeating: "0", count: digits - body.count) : ""
        return "0x\(padding)\(body)"
    }

    /// Immediate in capstone's style: decimal for small magnitudes, hex beyond 9.
    static func imm(_ value: Int64) -> String {
        let magnitude = value.magnitude
        let digits = magnitude > 9 ? hex(UInt32(truncatingIfNeeded: magnitude)) : String(magnitude)
        return value < 0 ? "#-\(digits)" : "#\(digits)"
    }

    static func imm(_ value: UInt32) -> String { imm(Int64(value)) }
    static func imm(_ value: Int) -> String { imm(Int64(value)) }

    /// A 32-bit constant shown as signed, as capstone does for arithmetic operands
    /// (`add.w r0, r1, #-0x1000000`).
    static func signedImm(_ value: UInt32) -> String { imm(Int64(Int32(bitPattern: value))) }

    /// An offset inside brackets, `#imm` or `#-0x..` (capstone writes subtracted offsets in hex
    /// even when small, and keeps `#-0x0` so the U bit stays visible).
    static func offset(_ magnitude: UInt32, add: Bool) -> String {
        add ? imm(magnitude) : "#-\(hex(magnitude))"
    }

    /// A post-indexed offset after the brackets: `#4`, `#-4`, `#-0`.
    static func postOffset(_ magnitude: UInt32, add: Bool) -> String {
        add ? imm(magnitude) : (magnitude == 0 ? "#-0" : imm(-Int64(magnitude)))
    }

    /// A branch or literal target: absolute, eight hex digits.
    static func target(_ address: UInt32) -> String { hex(address, digits: 8) }

    /// `{r0, r4, lr}` from a 16-bit register mask.
    static func registerList(_ mask: UInt32) -> String {
        var names: [String] = []
        for number in 0..<16 where mask & (1 << UInt32(number)) != 0 { names.append(register(number)) }
        return "{\(names.joined(separator: ", "))}"
    }

    /// `[rn, #imm]` with the offset omitted when zero (capstone prints `[r0]`).
    static func memory(_ base: String, offset: Int) -> String {
        offset == 0 ? "[\(base)]" : "[\(base), \(imm(offset))]"
    }

    static let shiftNames: [String] = ["lsl", "lsr", "asr", "ror"]

    /// The `, <shift> #n` suffix of a register operand (DecodeImmShift): nothing for LSL #0,
    /// #32 for LSR/ASR #0, RRX for ROR #0.
    static func shift(type: UInt32, amount: UInt32) -> String {
        switch (type, amount) {
        case (0, 0): return ""
        case (1, 0), (2, 0): return ", \(shiftNames[Int(type)]) #32"
        case (3, 0): return ", rrx"
        default: return ", \(shiftNames[Int(type)]) #\(amount)"
        }
    }

    /// ThumbExpandImm for the 12-bit `i:imm3:imm8` field of the modified-immediate encodings.
    static func thumbExpandImm(_ imm12: UInt32) -> UInt32 {
        let imm8 = imm12 & 0xFF
        if imm12 >> 10 == 0 {
            switch (imm12 >> 8) & 3 {
            case 0: return imm8
            case 1: return imm8 << 16 | imm8
            case 2: return imm8 << 24 | imm8 << 8
            default: return imm8 << 24 | imm8 << 16 | imm8 << 8 | imm8
            }
        }
        let unrotated = 0x80 | (imm12 & 0x7F)
        let rotation = imm12 >> 7
        return unrotated >> rotation | unrotated << (32 - rotation)
    }

    /// Sign-extends the low `bits` bits of `value`.
    static func signExtend(_ value: UInt32, bits: Int) -> Int32 {
        let shift = UInt32(32 - bits)
        return Int32(bitPattern: value << shift) >> shift
    }
}
