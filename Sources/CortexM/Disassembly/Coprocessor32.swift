/// Generic coprocessor instructions (A5.3.18): CDP, MCR/MRC, MCRR/MRRC, LDC/STC and their
/// `2` variants. Coprocessors 10 and 11 are the floating-point extension (`FPU32`, which is
/// tried first); their T = 1 encodings are undefined on ARMv7-M.
enum Coprocessor32 {
    typealias I = DisassembledInstruction

    /// Mnemonic with the `2` variant marker (T bit, field `T`).
    static func name(_ base: String, _ e: Encoding) -> String { e.flag("T") ? "\(base)2" : base }

    /// Coprocessor number, or nil for the FP coprocessors.
    static func coprocessor(_ e: Encoding) -> String? { e["c"] >> 1 == 0b101 ? nil : "p\(e["c"])" }

    static let rules: [DecodeRule] = [
        DecodeRule("111T 1100 010l uuuu tttt cccc oooo mmmm") { e in
            guard let p = coprocessor(e) else { return nil }
            return I(name(e.flag("l") ? "mrrc" : "mcrr", e), "\(p), \(Operands.imm(e["o"])), \(e.r("t")), \(e.r("u")), c\(e["m"])")
        },
        DecodeRule("111T 110p uNwl nnnn dddd cccc iiiiiiii") { e in
            guard let p = coprocessor(e) else { return nil }
            let before = e.flag("p"), add = e.flag("u"), writeback = e.flag("w")
            guard before || add || writeback else { return nil }
            let base = (e.flag("l") ? "ldc" : "stc") + (e.flag("T") ? "2" : "") + (e.flag("N") ? "l" : "")
            let magnitude = e["i"] * 4
            let address: String
            if !before && !writeback {
                // Unindexed: the 8-bit value is an option for the coprocessor, not an offset.
                let option = e["i"] > 9 ? Operands.hex(e["i"]) : String(e["i"])
                address = "[\(e.r("n"))], {\(option)}"
            } else {
                // Capstone spells coprocessor offsets like post-index ones everywhere (`#-4`, `#-0`).
                let offset = Operands.postOffset(magnitude, add: add)
                if !before {
                    address = "[\(e.r("n"))], \(offset)"
                } else if add && magnitude == 0 && !writeback {
                    address = "[\(e.r("n"))]"
                } else {
                    address = "[\(e.r("n")), \(offset)]\(writeback ? "!" : "")"
                }
            }
            return I(base, "\(p), c\(e["d"]), \(address)")
        },
        DecodeRule("111T 1110 oooo nnnn dddd cccc ppp0 mmmm") { e in
            guard let p = coprocessor(e) else { return nil }
            return I(name("cdp", e), "\(p), \(Operands.imm(e["o"])), c\(e["d"]), c\(e["n"]), c\(e["m"]), \(Operands.imm(e["p"]))")
        },
        DecodeRule("111T 1110 ooo l nnnn tttt cccc ppp1 mmmm") { e in
            guard let p = coprocessor(e) else { return nil }
            let rt = e.flag("l") && e.reg("t") == 15 ? "apsr_nzcv" : e.r("t")
            return I(name(e.flag("l") ? "mrc" : "mcr", e), "\(p), \(Operands.imm(e["o"])), \(rt), c\(e["n"]), c\(e["m"]), \(Operands.imm(e["p"]))")
        },
    ]
}
