/// Base ARMv7-M multiplies and divides (A5.3.14, A5.3.15). The DSP extension's multiplies,
/// which share these encoding groups, are in `DSP32`.
enum Multiply32 {
    typealias I = DisassembledInstruction

    static let longNames: [UInt32: String] = [0b000: "smull", 0b010: "umull", 0b100: "smlal", 0b110: "umlal"]

    static let rules: [DecodeRule] = [
        DecodeRule("11111011 0000 nnnn aaaa dddd 000o mmmm") { e in
            let operands = "\(e.r("d")), \(e.r("n")), \(e.r("m"))"
            if e.flag("o") { return I("mls", "\(operands), \(e.r("a"))") }
            return e.reg("a") == 15 ? I("mul", operands) : I("mla", "\(operands), \(e.r("a"))")
        },
        DecodeRule("11111011 1 ooo nnnn llll hhhh 0000 mmmm") { e in
            guard let name = longNames[e["o"]] else { return nil }
            return I(name, "\(e.r("l")), \(e.r("h")), \(e.r("n")), \(e.r("m"))")
        },
        DecodeRule("11111011 1 0 u 1 nnnn .... dddd 1111 mmmm") { e in
            I(e.flag("u") ? "udiv" : "sdiv", "\(e.r("d")), \(e.r("n")), \(e.r("m"))")
        },
    ]
}
