/// Encodings written the way the ARM ARM draws them, in the spirit of QEMU's decodetree:
/// `0`/`1` are fixed bits, `.` is "don't care" (including should-be-zero/one bits, which
/// disassemblers conventionally accept), and a letter names a field. All bits carrying the
/// same letter are concatenated most-significant first, so split immediates such as
/// `i:imm3:imm8` are written `i` ... `iii` ... `iiiiiiii` and read back as one value.
/// Spaces are ignored. A 32-bit pattern lists the first halfword's bits first.
struct EncodingPattern: Sendable {
    let mask: UInt32
    let value: UInt32
    /// Field letter (ASCII) → bit positions, most significant first.
    fileprivate let fields: [(name: UInt8, positions: [UInt8])]

    init(_ text: String) {
        let bits = text.utf8.filter { $0 != UInt8(ascii: " ") }
        precondition(bits.count == 16 || bits.count == 32, "pattern must have 16 or 32 bits: \(text)")
        var mask: UInt32 = 0, value: UInt32 = 0
        var fields: [(name: UInt8, positions: [UInt8])] = []
        for (index, char) in bits.enumerated() {
            let position = UInt8(bits.count - 1 - index)
            switch char {
            case UInt8(ascii: "0"): mask |= 1 << position
            case UInt8(ascii: "1"): mask |= 1 << position; value |= 1 << position
            case UInt8(ascii: "."): break
            default:
                if let slot = fields.firstIndex(where: { $0.name == char }) {
                    fields[slot].positions.append(position)
                } else {
                    fields.append((char, [position]))
                }
            }
        }
        self.mask = mask
        self.value = value
        self.fields = fields
    }

    @inline(__always)
    func matches(_ word: UInt32) -> Bool { word & mask == value }

    func extract(_ name: UInt8, from word: UInt32) -> UInt32 {
        guard let field = fields.first(where: { $0.name == name }) else {
            preconditionFailure("no field '\(Character(Unicode.Scalar(name)))' in pattern")
        }
        var result: UInt32 = 0
        for position in field.positions { result = (result << 1) | ((word >> UInt32(position)) & 1) }
        return result
    }
}

/// What a handler sees: the encoding, its fields, and where it sits.
struct Encoding {
    let word: UInt32
    let address: UInt32
    let inITBlock: Bool
    let pattern: EncodingPattern

    /// The value of field `name` (a letter of the pattern).
    subscript(_ name: Unicode.Scalar) -> UInt32 { pattern.extract(UInt8(name.value), from: word) }

    /// Field `name` as a boolean (for single-bit fields).
    func flag(_ name: Unicode.Scalar) -> Bool { self[name] != 0 }

    /// Field `name` as a core register number.
    func reg(_ name: Unicode.Scalar) -> Int { Int(self[name]) }

    /// Field `name` rendered as a core register.
    func r(_ name: Unicode.Scalar) -> String { Operands.register(Int(self[name])) }

    /// The PC value an instruction at this address reads (address + 4 in Thumb state).
    var pc: UInt32 { address &+ 4 }
}

/// One row of a decode table: a pattern and the handler that renders it. A handler may
/// return nil to decline (an operand constraint failed), in which case later rows are tried.
struct DecodeRule: Sendable {
    let pattern: EncodingPattern
    let render: @Sendable (Encoding) -> DisassembledInstruction?

    init(_ pattern: String, _ render: @escaping @Sendable (Encoding) -> DisassembledInstruction?) {
        self.pattern = EncodingPattern(pattern)
        self.render = render
    }
}

extension Array where Element == DecodeRule {
    /// First matching rule that accepts the encoding wins.
    func decode(_ word: UInt32, address: UInt32, inITBlock: Bool) -> DisassembledInstruction? {
        for rule in self where rule.pattern.matches(word) {
            let encoding = Encoding(word: word, address: address, inITBlock: inITBlock, pattern: rule.pattern)
            if let result = rule.render(encoding) { return result }
        }
        return nil
    }
}
