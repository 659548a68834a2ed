/// 32-bit loads and stores of a single item and the memory hints that share their encodings
/// (A5.3.7-A5.3.10): 12-bit positive offsets, 8-bit offsets with index/writeback, register
/// offsets, literals, and the unprivileged `...t` forms.
enum LoadStore32 {
    typealias I = DisassembledInstruction

    static let sizeSuffixes: [String] = ["b", "h", ""]

    /// `[rn, #off]`, `[rn, #off]!` or `[rn], #off`. A zero offset that adds is omitted from the
    /// plain form; with writeback it stays (`[r0, #0]!`).
    static func address(_ base: String, magnitude: UInt32, add: Bool, index: Bool, writeback: Bool) -> String {
        guard index else { return "[\(base)], \(Operands.postOffset(magnitude, add: add))" }
        if add && magnitude == 0 && !writeback { return "[\(base)]" }
        return "[\(base), \(Operands.offset(magnitude, add: add))]\(writeback ? "!" : "")"
    }

    /// The absolute address a PC-relative (literal) operand refers to: Align(PC, 4) ± offset.
    static func literalTarget(_ e: Encoding, _ magnitude: UInt32) -> String {
        let base = e.pc & ~3
        return Operands.target(e.flag("u") ? base &+ magnitude : base &- magnitude)
    }

    /// Byte loads to PC are the PLD (unsigned) and PLI (signed) preload hints.
    static func isPreload(_ e: Encoding) -> Bool { e.reg("t") == 15 && e["z"] == 0 }

    static func loadName(_ e: Encoding) -> String { "ldr\(e.flag("x") ? "s" : "")\(sizeSuffixes[Int(e["z"])])" }

    static let rules: [DecodeRule] = stores + loads

    static let stores: [DecodeRule] = [
        DecodeRule("11111 000 1 zz 0 nnnn tttt iiiiiiiiiiii") { e in
            guard e["z"] != 3 else { return nil }
            return I.wide("str\(sizeSuffixes[Int(e["z"])])", "\(e.r("t")), \(Operands.memory(e.r("n"), offset: Int(e["i"])))")
        },
        DecodeRule("11111 000 0 zz 0 nnnn tttt 1 puw iiiiiiii") { e in
            guard e["z"] != 3 else { return nil }
            let name = "str\(sizeSuffixes[Int(e["z"])])"
            return singleImm8(name, e)
        },
        DecodeRule("11111 000 0 zz 0 nnnn tttt 000000 ii mmmm") { e in
            guard e["z"] != 3 else { return nil }
            return I.wide("str\(sizeSuffixes[Int(e["z"])])", "\(e.r("t")), \(registerOffset(e))")
        },
    ]

    static let loads: [DecodeRule] = [
        DecodeRule("11111 00 x u zz 1 1111 tttt iiiiiiiiiiii") { e in
            guard e["z"] != 3, !(e.flag("x") && e["z"] == 2) else { return nil }
            // Literal offsets are always shown, even #0.
            let operand = "[pc, \(Operands.offset(e["i"], add: e.flag("u")))]"
            let comment = literalTarget(e, e["i"])
            // Halfword literal loads to PC are unallocated hints; capstone shows them as PLD.
            if isPreload(e) || (e.reg("t") == 15 && e["z"] == 1 && !e.flag("x")) {
                return I(e.flag("x") ? "pli" : "pld", operand, comment: comment)
            }
            return I(loadName(e), "\(e.r("t")), \(operand)", qualifier: ".w", comment: comment)
        },
        DecodeRule("11111 00 x 1 zz 1 nnnn tttt iiiiiiiiiiii") { e in
            guard e["z"] != 3, !(e.flag("x") && e["z"] == 2) else { return nil }
            let operand = Operands.memory(e.r("n"), offset: Int(e["i"]))
            if isPreload(e) { return I(e.flag("x") ? "pli" : "pld", operand) }
            return I.wide(loadName(e), "\(e.r("t")), \(operand)")
        },
        DecodeRule("11111 00 x 0 zz 1 nnnn tttt 1 puw iiiiiiii") { e in
            guard e["z"] != 3, !(e.flag("x") && e["z"] == 2) else { return nil }
            if isPreload(e) && e.flag("p") && !e.flag("u") && !e.flag("w") {
                return I(e.flag("x") ? "pli" : "pld", "[\(e.r("n")), \(Operands.offset(e["i"], add: false))]")
            }
            return singleImm8(loadName(e), e)
        },
        DecodeRule("11111 00 x 0 zz 1 nnnn tttt 000000 ii mmmm") { e in
            guard e["z"] != 3, !(e.flag("x") && e["z"] == 2) else { return nil }
            if isPreload(e) { return I(e.flag("x") ? "pli" : "pld", registerOffset(e)) }
            return I.wide(loadName(e), "\(e.r("t")), \(registerOffset(e))")
        },
    ]

    /// `[rn, rm{, lsl #n}]`
    static func registerOffset(_ e: Encoding) -> String {
        let shift = e["i"] == 0 ? "" : ", lsl #\(e["i"])"
        return "[\(e.r("n")), \(e.r("m"))\(shift)]"
    }

    /// The 8-bit immediate forms: P=1 U=1 W=0 is the unprivileged variant, P=0 W=0 is undefined.
    static func singleImm8(_ name: String, _ e: Encoding) -> I? {
        let index = e.flag("p"), add = e.flag("u"), writeback = e.flag("w")
        if index && add && !writeback { return I("\(name)t", "\(e.r("t")), \(Operands.memory(e.r("n"), offset: Int(e["i"])))") }
        guard index || writeback else { return nil }
        return I(name, "\(e.r("t")), \(address(e.r("n"), magnitude: e["i"], add: add, index: index, writeback: writeback))")
    }
}
