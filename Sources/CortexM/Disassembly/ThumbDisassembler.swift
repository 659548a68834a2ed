/// Text disassembly of Thumb / Thumb-2 instructions for instruction traces.
///
/// Independent of `ThumbDecoder` on purpose: the emulator's decoder rejects UNPREDICTABLE
/// encodings and only knows what the executor implements, while a trace wants a faithful,
/// capstone-like rendering of *any* halfword pair (ARMv7-M base ISA, the DSP extension and
/// FPv4-SP, plus the double-precision forms of the FP encodings). Anything else renders as
/// `.inst 0x....` / `.inst.w 0x........`.
public enum ThumbDisassembler {
    /// Disassembles the instruction whose first halfword is `hw1` (and second `hw2`, ignored for 16-bit encodings) at `address`.
    /// `inITBlock` affects the 16-bit flag-setting forms (e.g. "adds" outside IT, "add" inside); `condition` is the IT condition (0-14) to append to mnemonics inside an IT block, nil otherwise.
    public static func disassemble(_ hw1: UInt16, _ hw2: UInt16, address: UInt32, inITBlock: Bool = false,
                                   condition: UInt8? = nil) -> (text: String, size: Int) {
        let wide = isWide(hw1)
        let decoded: DisassembledInstruction?
        if wide {
            let word = UInt32(hw1) << 16 | UInt32(hw2)
            decoded = Disassembly32.rules.decode(word, address: address, inITBlock: inITBlock)
        } else {
            decoded = Disassembly16.rules.decode(UInt32(hw1), address: address, inITBlock: inITBlock)
        }
        guard let decoded else {
            let text = wide ? ".inst.w \(Operands.hex(UInt32(hw1) << 16 | UInt32(hw2), digits: 8))"
                            : ".inst \(Operands.hex(UInt32(hw1), digits: 4))"
            return (text, wide ? 4 : 2)
        }
        return (decoded.text(condition: condition), wide ? 4 : 2)
    }

    /// True when `hw1` starts a 32-bit encoding (top five bits 0b11101, 0b11110 or 0b11111).
    public static func isWide(_ hw1: UInt16) -> Bool { hw1 >= 0xE800 }
}

/// A rendered instruction before the IT condition is merged in. UAL puts the condition
/// between the mnemonic (including any `s`) and the qualifiers: `addseq.w`, `vaddeq.f32`.
struct DisassembledInstruction: Sendable {
    var mnemonic: String
    var operands: String
    /// `.w`, `.f32`, `.f32.s32`, ... — everything that follows the condition.
    var qualifier: String
    /// False for encodings that carry their own condition or may not be conditional (IT, B<c>, CBZ).
    var conditional: Bool
    /// Optional trailing remark, e.g. the absolute address of a PC-relative operand.
    var comment: String?

    init(_ mnemonic: String, _ operands: String = "", qualifier: String = "", conditional: Bool = true,
         comment: String? = nil) {
        self.mnemonic = mnemonic
        self.operands = operands
        self.qualifier = qualifier
        self.conditional = conditional
        self.comment = comment
    }

    /// The 32-bit form of an instruction that also has a 16-bit encoding (UAL `.w`).
    static func wide(_ mnemonic: String, _ operands: String = "") -> DisassembledInstruction {
        DisassembledInstruction(mnemonic, operands, qualifier: ".w")
    }

    func text(condition: UInt8?) -> String {
        var text = mnemonic
        if conditional, let condition, condition < 14 { text += Operands.conditions[Int(condition)] }
        text += qualifier
        if !operands.isEmpty { text += " \(operands)" }
        if let comment { text += " ; \(comment)" }
        return text
    }
}
