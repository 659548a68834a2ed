/// 16-bit Thumb encodings (ARMv7-M ARM A5.2). Flag-setting data-processing forms drop
/// their `s` inside an IT block, because that is what the same bits mean there.
enum Disassembly16 {
    typealias I = DisassembledInstruction

    /// `adds` outside an IT block, `add` inside.
    static func s(_ base: String, _ e: Encoding) -> String { e.inITBlock ? base : "\(base)s" }

    static let dataProcessing: [String] = ["and", "eor", "lsl", "lsr", "asr", "adc", "sbc", "ror",
                                           "tst", "rsb", "cmp", "cmn", "orr", "mul", "bic", "mvn"]
    static let registerLoadStore: [String] = ["str", "strh", "strb", "ldrsb", "ldr", "ldrh", "ldrb", "ldrsh"]
    static let extends: [String] = ["sxth", "sxtb", "uxth", "uxtb"]
    static let hints: [String] = ["nop", "yield", "wfe", "wfi", "sev"]

    static let rules: [DecodeRule] = shiftsAndArithmetic + registerForms + memory + miscellaneous + branches

    // MARK: A5.2.1 Shift (immediate), add, subtract, move, compare

    static let shiftsAndArithmetic: [DecodeRule] = [
        // LSL #0 is the flag-setting register move.
        DecodeRule("000 00 00000 mmm ddd") { e in I(s("mov", e), "\(e.r("d")), \(e.r("m"))") },
        DecodeRule("000 oo iiiii mmm ddd") { e in
            let op = e["o"]
            guard op != 3 else { return nil }
            let amount = e["i"] == 0 ? 32 : Int(e["i"])
            return I(s(Operands.shiftNames[Int(op)], e), "\(e.r("d")), \(e.r("m")), \(Operands.imm(amount))")
        },
        DecodeRule("000 11 0o mmm nnn ddd") { e in
            I(s(e.flag("o") ? "sub" : "add", e), "\(e.r("d")), \(e.r("n")), \(e.r("m"))")
        },
        DecodeRule("000 11 1o iii nnn ddd") { e in
            I(s(e.flag("o") ? "sub" : "add", e), "\(e.r("d")), \(e.r("n")), \(Operands.imm(e["i"]))")
        },
        DecodeRule("001 oo ddd iiiiiiii") { e in
            let op = e["o"]
            let name = op == 1 ? "cmp" : s(["mov", "cmp", "add", "sub"][Int(op)], e)
            return I(name, "\(e.r("d")), \(Operands.imm(e["i"]))")
        },
    ]

    // MARK: A5.2.2 Data processing, A5.2.3 special data instructions and branch and exchange

    static let registerForms: [DecodeRule] = [
        DecodeRule("010000 oooo mmm ddd") { e in
            let op = Int(e["o"])
            let d = e.r("d"), m = e.r("m")
            switch op {
            case 8, 10, 11: return I(dataProcessing[op], "\(d), \(m)")
            case 9: return I(s("rsb", e), "\(d), \(m), #0")
            case 13: return I(s("mul", e), "\(d), \(m), \(d)")
            default: return I(s(dataProcessing[op], e), "\(d), \(m)")
            }
        },
        DecodeRule("010001 00 d mmmm ddd") { e in
            // ADD (SP plus register) T1 keeps SP as an explicit first source.
            if e.reg("m") == 13 { return I("add", "\(e.r("d")), sp, \(e.r("d"))") }
            return I("add", "\(e.r("d")), \(e.r("m"))")
        },
        DecodeRule("010001 01 n mmmm nnn") { e in I("cmp", "\(e.r("n")), \(e.r("m"))") },
        DecodeRule("010001 10 d mmmm ddd") { e in I("mov", "\(e.r("d")), \(e.r("m"))") },
        DecodeRule("010001 11 0 mmmm ...") { e in I("bx", e.r("m")) },
        DecodeRule("010001 11 1 mmmm ...") { e in I("blx", e.r("m")) },
    ]

    // MARK: A5.2.4 Load/store single data item, literal loads

    static let memory: [DecodeRule] = [
        DecodeRule("01001 ttt iiiiiiii") { e in
            let offset = Int(e["i"]) * 4
            return I("ldr", "\(e.r("t")), [pc, \(Operands.imm(offset))]",
                     comment: Operands.target((e.pc & ~3) &+ UInt32(offset)))
        },
        DecodeRule("0101 ooo mmm nnn ttt") { e in
            I(registerLoadStore[Int(e["o"])], "\(e.r("t")), [\(e.r("n")), \(e.r("m"))]")
        },
        DecodeRule("011 bl iiiii nnn ttt") { e in
            let byte = e.flag("b")
            let name = (e.flag("l") ? "ldr" : "str") + (byte ? "b" : "")
            let offset = Int(e["i"]) * (byte ? 1 : 4)
            return I(name, "\(e.r("t")), \(Operands.memory(e.r("n"), offset: offset))")
        },
        DecodeRule("1000 l iiiii nnn ttt") { e in
            I(e.flag("l") ? "ldrh" : "strh", "\(e.r("t")), \(Operands.memory(e.r("n"), offset: Int(e["i"]) * 2))")
        },
        DecodeRule("1001 l ttt iiiiiiii") { e in
            I(e.flag("l") ? "ldr" : "str", "\(e.r("t")), \(Operands.memory("sp", offset: Int(e["i"]) * 4))")
        },
        DecodeRule("1010 0 ddd iiiiiiii") { e in
            let offset = e["i"] * 4
            return I("adr", "\(e.r("d")), \(Operands.imm(offset))", comment: Operands.target((e.pc & ~3) &+ offset))
        },
        DecodeRule("1010 1 ddd iiiiiiii") { e in I("add", "\(e.r("d")), sp, \(Operands.imm(e["i"] * 4))") },
        DecodeRule("1100 0 nnn llllllll") { e in I("stm", "\(e.r("n"))!, \(Operands.registerList(e["l"]))") },
        DecodeRule("1100 1 nnn llllllll") { e in
            // Writeback only when the base is not also loaded.
            let writeback = e["l"] & (1 << e["n"]) == 0 ? "!" : ""
            return I("ldm", "\(e.r("n"))\(writeback), \(Operands.registerList(e["l"]))")
        },
    ]

    // MARK: A5.2.5 Miscellaneous 16-bit instructions

    static let miscellaneous: [DecodeRule] = [
        DecodeRule("1011 0000 0 iiiiiii") { e in I("add", "sp, \(Operands.imm(e["i"] * 4))") },
        DecodeRule("1011 0000 1 iiiiiii") { e in I("sub", "sp, \(Operands.imm(e["i"] * 4))") },
        DecodeRule("1011 o 0 i 1 iiiii nnn") { e in
            I(e.flag("o") ? "cbnz" : "cbz", "\(e.r("n")), \(Operands.target(e.pc &+ e["i"] * 2))", conditional: false)
        },
        DecodeRule("1011 0010 oo mmm ddd") { e in I(extends[Int(e["o"])], "\(e.r("d")), \(e.r("m"))") },
        DecodeRule("1011 010 r llllllll") { e in I("push", Operands.registerList(e["l"] | e["r"] << 14)) },
        DecodeRule("1011 0110 011 o 0 aif") { e in
            let flags = (e.flag("a") ? "a" : "") + (e.flag("i") ? "i" : "") + (e.flag("f") ? "f" : "")
            return I(e.flag("o") ? "cpsid" : "cpsie", flags.isEmpty ? "none" : flags, conditional: false)
        },
        DecodeRule("1011 1010 oo mmm ddd") { e in
            let op = e["o"]
            guard op != 2 else { return nil }
            return I(["rev", "rev16", "", "revsh"][Int(op)], "\(e.r("d")), \(e.r("m"))")
        },
        DecodeRule("1011 110 r llllllll") { e in I("pop", Operands.registerList(e["l"] | e["r"] << 15)) },
        DecodeRule("1011 1110 iiiiiiii") { e in I("bkpt", Operands.imm(e["i"]), conditional: false) },
        DecodeRule("1011 1111 cccc mmmm") { e in
            let mask = e["m"]
            if mask == 0 {
                let hint = Int(e["c"])
                return hint < hints.count ? I(hints[hint]) : I("hint", Operands.imm(hint))
            }
            // firstcond 1111 is UNPREDICTABLE; show it as AL like capstone.
            let firstcond = min(e["c"], 14)
            // Each mask bit above the terminating 1 says "then" when it equals firstcond[0].
            var suffix = ""
            var bit: UInt32 = 3
            while mask & ((1 << bit) - 1) != 0 {
                suffix += (mask >> bit) & 1 == firstcond & 1 ? "t" : "e"
                bit -= 1
            }
            return I("it\(suffix)", Operands.conditions[Int(firstcond)], conditional: false)
        },
    ]

    // MARK: Conditional branch, supervisor call, unconditional branch

    static let branches: [DecodeRule] = [
        // UDF #254 is the conventional trap instruction (__builtin_trap); LLVM names it so.
        DecodeRule("1101 1110 11111110") { _ in I("trap", conditional: false) },
        DecodeRule("1101 1110 iiiiiiii") { e in I("udf", Operands.imm(e["i"]), conditional: false) },
        DecodeRule("1101 1111 iiiiiiii") { e in I("svc", Operands.imm(e["i"])) },
        DecodeRule("1101 cccc iiiiiiii") { e in
            let offset = Operands.signExtend(e["i"] << 1, bits: 9)
            let target = e.pc &+ UInt32(bitPattern: offset)
            return I("b\(Operands.conditions[Int(e["c"])])", Operands.target(target), conditional: false)
        },
        DecodeRule("11100 iiiiiiiiiii") { e in
            let offset = Operands.signExtend(e["i"] << 1, bits: 12)
            return I("b", Operands.target(e.pc &+ UInt32(bitPattern: offset)))
        },
    ]
}
