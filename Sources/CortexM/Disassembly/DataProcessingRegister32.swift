/// 32-bit data processing on registers (A5.3.12, A5.3.16): shifts by register, the extend
/// family (the `...a...` add forms and the 16-bit-pair forms belong to the DSP extension but
/// share one encoding with the base extends), and REV/RBIT/CLZ.
enum DataProcessingRegister32 {
    typealias I = DisassembledInstruction

    static let extendNames: [String] = ["sxth", "uxth", "sxtb16", "uxtb16", "sxtb", "uxtb"]
    static let extendAddNames: [String] = ["sxtah", "uxtah", "sxtab16", "uxtab16", "sxtab", "uxtab"]

    static let rules: [DecodeRule] = [
        DecodeRule("11111010 0 tt s nnnn 1111 dddd 0000 mmmm") { e in
            let name = Operands.shiftNames[Int(e["t"])] + (e.flag("s") ? "s" : "")
            return I.wide(name, "\(e.r("d")), \(e.r("n")), \(e.r("m"))")
        },
        DecodeRule("11111010 0 ooo nnnn 1111 dddd 1 . rr mmmm") { e in
            let op = Int(e["o"])
            guard op < 6 else { return nil }
            let rotation = e["r"] == 0 ? "" : ", ror #\(e["r"] * 8)"
            if e.reg("n") == 15 {
                // Only the single-value extends also have 16-bit encodings.
                return I(extendNames[op], "\(e.r("d")), \(e.r("m"))\(rotation)", qualifier: op & 2 == 0 ? ".w" : "")
            }
            return I(extendAddNames[op], "\(e.r("d")), \(e.r("n")), \(e.r("m"))\(rotation)")
        },
        DecodeRule("11111010 1001 nnnn 1111 dddd 10 oo mmmm") { e in
            let op = e["o"]
            let operands = "\(e.r("d")), \(e.r("m"))"
            return op == 2 ? I("rbit", operands) : I.wide(["rev", "rev16", "", "revsh"][Int(op)], operands)
        },
        DecodeRule("11111010 1011 nnnn 1111 dddd 1000 mmmm") { e in I("clz", "\(e.r("d")), \(e.r("m"))") },
    ]
}
