/// The ARMv7E-M DSP extension: SIMD add/subtract on bytes and halfwords, saturating
/// arithmetic, SEL, and the halfword / dual / most-significant-word multiplies.
/// (PKHBT/PKHTB, SSAT16/USAT16 and the extend-and-add forms sit inside base encoding groups
/// and are decoded with them.)
enum DSP32 {
    typealias I = DisassembledInstruction

    /// Parallel add/subtract: op1 selects the operation, op2 the signedness and flavour.
    static let parallelOperations: [UInt32: String] = [0b001: "add16", 0b010: "asx", 0b110: "sax",
                                                       0b101: "sub16", 0b000: "add8", 0b100: "sub8"]
    static let parallelPrefixes: [[String]] = [["s", "q", "sh"], ["u", "uq", "uh"]]
    static let saturating: [String] = ["qadd", "qdadd", "qsub", "qdsub"]

    /// "b" or "t": which halfword of an operand a halfword multiply uses.
    static func half(_ top: Bool) -> String { top ? "t" : "b" }

    static let rules: [DecodeRule] = [
        DecodeRule("11111010 1 ooo nnnn 1111 dddd 0 u ff mmmm") { e in
            guard let operation = parallelOperations[e["o"]], e["f"] < 3 else { return nil }
            let name = parallelPrefixes[Int(e["u"])][Int(e["f"])] + operation
            return I(name, "\(e.r("d")), \(e.r("n")), \(e.r("m"))")
        },
        // QADD and friends take their operands as Rd, Rm, Rn.
        DecodeRule("11111010 1000 nnnn 1111 dddd 10 oo mmmm") { e in
            I(saturating[Int(e["o"])], "\(e.r("d")), \(e.r("m")), \(e.r("n"))")
        },
        DecodeRule("11111010 1010 nnnn 1111 dddd 1000 mmmm") { e in I("sel", "\(e.r("d")), \(e.r("n")), \(e.r("m"))") },

        // Multiplies with an optional accumulator: Ra = PC selects the non-accumulating form.
        DecodeRule("11111011 0 ooo nnnn aaaa dddd 00 xy mmmm") { e in
            let op = e["o"], x = e.flag("x"), y = e.flag("y")
            let names: (String, String)
            switch op {
            case 0b001: names = ("smul\(half(x))\(half(y))", "smla\(half(x))\(half(y))")
            case 0b010 where !x: names = (y ? "smuadx" : "smuad", y ? "smladx" : "smlad")
            case 0b011 where !x: names = ("smulw\(half(y))", "smlaw\(half(y))")
            case 0b100 where !x: names = (y ? "smusdx" : "smusd", y ? "smlsdx" : "smlsd")
            case 0b101 where !x: names = (y ? "smmulr" : "smmul", y ? "smmlar" : "smmla")
            case 0b110 where !x: return I(y ? "smmlsr" : "smmls", "\(e.r("d")), \(e.r("n")), \(e.r("m")), \(e.r("a"))")
            case 0b111 where !x && !y: names = ("usad8", "usada8")
            default: return nil
            }
            let operands = "\(e.r("d")), \(e.r("n")), \(e.r("m"))"
            return e.reg("a") == 15 ? I(names.0, operands) : I(names.1, "\(operands), \(e.r("a"))")
        },
        DecodeRule("11111011 1100 nnnn llll hhhh 10xy mmmm") { e in
            I("smlal\(half(e.flag("x")))\(half(e.flag("y")))", "\(e.r("l")), \(e.r("h")), \(e.r("n")), \(e.r("m"))")
        },
        DecodeRule("11111011 110s nnnn llll hhhh 110x mmmm") { e in
            let name = (e.flag("s") ? "smlsld" : "smlald") + (e.flag("x") ? "x" : "")
            return I(name, "\(e.r("l")), \(e.r("h")), \(e.r("n")), \(e.r("m"))")
        },
        DecodeRule("11111011 1110 nnnn llll hhhh 0110 mmmm") { e in
            I("umaal", "\(e.r("l")), \(e.r("h")), \(e.r("n")), \(e.r("m"))")
        },
    ]
}
