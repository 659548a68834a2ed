/// 32-bit Thumb-2 encodings of the ARMv7-M base instruction set (A5.3): data processing,
/// branches and miscellaneous control, load/store multiple, dual and exclusive. Loads and
/// stores of single items, multiplies, DSP and coprocessor/FP encodings live in their own
/// files; `rules` joins the tables in an order where no earlier row shadows a later one.
enum Disassembly32 {
    typealias I = DisassembledInstruction

    static let rules: [DecodeRule] = loadStoreMultiple + dualExclusive + shiftedRegister
        + modifiedImmediate + plainImmediate + branchesAndControl
        + LoadStore32.rules + DataProcessingRegister32.rules + Multiply32.rules
        + DSP32.rules + FPU32.rules + Coprocessor32.rules

    /// `and` + `s` when the S bit is set.
    static func s(_ base: String, _ e: Encoding) -> String { e.flag("s") ? "\(base)s" : base }

    // MARK: A5.3.5 Load/store multiple

    static let loadStoreMultiple: [DecodeRule] = [
        DecodeRule("1110 1000 10w0 nnnn llllllllllllllll") { e in
            I.wide("stm", "\(e.r("n"))\(e.flag("w") ? "!" : ""), \(Operands.registerList(e["l"]))")
        },
        DecodeRule("1110 1000 1011 1101 llllllllllllllll") { e in I.wide("pop", Operands.registerList(e["l"])) },
        DecodeRule("1110 1000 10w1 nnnn llllllllllllllll") { e in
            I.wide("ldm", "\(e.r("n"))\(e.flag("w") ? "!" : ""), \(Operands.registerList(e["l"]))")
        },
        DecodeRule("1110 1001 0010 1101 llllllllllllllll") { e in I.wide("push", Operands.registerList(e["l"])) },
        DecodeRule("1110 1001 00wl nnnn rrrrrrrrrrrrrrrr") { e in
            I(e.flag("l") ? "ldmdb" : "stmdb", "\(e.r("n"))\(e.flag("w") ? "!" : ""), \(Operands.registerList(e["r"]))")
        },
    ]

    // MARK: A5.3.6 Load/store dual, exclusive, table branch

    static let dualExclusive: [DecodeRule] = [
        DecodeRule("1110 1000 0100 nnnn tttt dddd iiiiiiii") { e in
            I("strex", "\(e.r("d")), \(e.r("t")), \(Operands.memory(e.r("n"), offset: Int(e["i"]) * 4))")
        },
        DecodeRule("1110 1000 0101 nnnn tttt .... iiiiiiii") { e in
            I("ldrex", "\(e.r("t")), \(Operands.memory(e.r("n"), offset: Int(e["i"]) * 4))")
        },
        DecodeRule("1110 1000 1100 nnnn tttt .... 010h dddd") { e in
            I(e.flag("h") ? "strexh" : "strexb", "\(e.r("d")), \(e.r("t")), [\(e.r("n"))]")
        },
        DecodeRule("1110 1000 1101 nnnn .... .... 000h mmmm") { e in
            e.flag("h") ? I("tbh", "[\(e.r("n")), \(e.r("m")), lsl #1]") : I("tbb", "[\(e.r("n")), \(e.r("m"))]")
        },
        DecodeRule("1110 1000 1101 nnnn tttt .... 010h ....") { e in
            I(e.flag("h") ? "ldrexh" : "ldrexb", "\(e.r("t")), [\(e.r("n"))]")
        },
        DecodeRule("1110 100p u1wl nnnn tttt TTTT iiiiiiii") { e in
            guard e.flag("p") || e.flag("w") else { return nil }
            let name = e.flag("l") ? "ldrd" : "strd"
            let registers = "\(e.r("t")), \(e.r("T"))"
            let address = LoadStore32.address(e.r("n"), magnitude: e["i"] * 4, add: e.flag("u"),
                                              index: e.flag("p"), writeback: e.flag("w"))
            let literal = e.reg("n") == 15 && e.flag("p") && !e.flag("w")
            return I(name, "\(registers), \(address)", comment: literal ? LoadStore32.literalTarget(e, e["i"] * 4) : nil)
        },
    ]

    // MARK: A5.3.11 Data processing (shifted register)

    static let shiftedRegister: [DecodeRule] = [
        // MOV and the immediate shifts are ORR with Rn = PC (ORN with Rn = PC is MVN, below).
        DecodeRule("1110 101 0010 s 1111 . iii dddd ii tt mmmm") { e in
            let type = e["t"], amount = e["i"]
            let d = e.r("d"), m = e.r("m")
            if amount == 0 && type == 0 { return I(s("mov", e), "\(d), \(m)", qualifier: ".w") }
            if amount == 0 && type == 3 { return I(s("rrx", e), "\(d), \(m)") }
            let shown = amount == 0 ? 32 : amount
            return I(s(Operands.shiftNames[Int(type)], e), "\(d), \(m), \(Operands.imm(shown))", qualifier: ".w")
        },
        DecodeRule("1110 101 0110 0 nnnn . iii dddd ii t0 mmmm") { e in
            let amount = e["i"]
            let d = e.r("d"), n = e.r("n"), m = e.r("m")
            if e.flag("t") {
                return I("pkhtb", "\(d), \(n), \(m), asr \(Operands.imm(amount == 0 ? 32 : amount))")
            }
            return I("pkhbt", "\(d), \(n), \(m)\(amount == 0 ? "" : ", lsl \(Operands.imm(amount))")")
        },
        DecodeRule("1110 101 oooo s nnnn . iii dddd ii tt mmmm") { e in
            let op = e["o"]
            let d = e.r("d"), n = e.r("n")
            let operand = "\(e.r("m"))\(Operands.shift(type: e["t"], amount: e["i"]))"
            let test = e.reg("d") == 15 && e.flag("s")
            let name: String
            switch op {
            case 0: if test { return I.wide("tst", "\(n), \(operand)") }; name = "and"
            case 1: name = "bic"
            case 2: name = "orr"
            case 3:
                if e.reg("n") == 15 { return I(s("mvn", e), "\(d), \(operand)", qualifier: ".w") }
                return I(s("orn", e), "\(d), \(n), \(operand)")
            case 4: if test { return I.wide("teq", "\(n), \(operand)") }; name = "eor"
            case 8: if test { return I.wide("cmn", "\(n), \(operand)") }; name = "add"
            case 10: name = "adc"
            case 11: name = "sbc"
            case 13: if test { return I.wide("cmp", "\(n), \(operand)") }; name = "sub"
            case 14: return I(s("rsb", e), "\(d), \(n), \(operand)")
            default: return nil
            }
            return I(s(name, e), "\(d), \(n), \(operand)", qualifier: ".w")
        },
    ]

    // MARK: A5.3.1 Data processing (modified immediate)

    static let modifiedImmediate: [DecodeRule] = [
        DecodeRule("11110 i 0 oooo s nnnn 0 iii dddd iiiiiiii") { e in
            let op = e["o"]
            let d = e.r("d"), n = e.r("n")
            let constant = Operands.thumbExpandImm(e["i"])
            // Capstone shows the bitwise operations' constants unsigned and the rest signed.
            let value = Operands.imm(constant), signed = Operands.signedImm(constant)
            let test = e.reg("d") == 15 && e.flag("s")
            let useRn = e.reg("n") != 15
            switch op {
            case 0: return test ? I.wide("tst", "\(n), \(signed)") : I(s("and", e), "\(d), \(n), \(value)")
            case 1: return I(s("bic", e), "\(d), \(n), \(value)")
            case 2: return useRn ? I(s("orr", e), "\(d), \(n), \(value)") : I(s("mov", e), "\(d), \(signed)", qualifier: ".w")
            case 3: return useRn ? I(s("orn", e), "\(d), \(n), \(signed)") : I(s("mvn", e), "\(d), \(value)")
            case 4: return test ? I.wide("teq", "\(n), \(signed)") : I(s("eor", e), "\(d), \(n), \(value)")
            case 8: return test ? I.wide("cmn", "\(n), \(signed)") : I(s("add", e), "\(d), \(n), \(signed)", qualifier: ".w")
            case 10: return I(s("adc", e), "\(d), \(n), \(signed)")
            case 11: return I(s("sbc", e), "\(d), \(n), \(signed)")
            case 13: return test ? I.wide("cmp", "\(n), \(signed)") : I(s("sub", e), "\(d), \(n), \(signed)", qualifier: ".w")
            case 14: return I(s("rsb", e), "\(d), \(n), \(signed)", qualifier: ".w")
            default: return nil
            }
        },
    ]

    // MARK: A5.3.3 Data processing (plain binary immediate)

    static let plainImmediate: [DecodeRule] = [
        DecodeRule("11110 i 1 0 0 0 0 0 nnnn 0 iii dddd iiiiiiii") { e in
            let imm = e["i"]
            let comment = e.reg("n") == 15 ? Operands.target((e.pc & ~3) &+ imm) : nil
            return I("addw", "\(e.r("d")), \(e.r("n")), \(Operands.imm(imm))", comment: comment)
        },
        DecodeRule("11110 i 1 0 1 0 1 0 nnnn 0 iii dddd iiiiiiii") { e in
            let imm = e["i"]
            let comment = e.reg("n") == 15 ? Operands.target((e.pc & ~3) &- imm) : nil
            return I("subw", "\(e.r("d")), \(e.r("n")), \(Operands.imm(imm))", comment: comment)
        },
        DecodeRule("11110 i 1 0 t 1 0 0 jjjj 0 iii dddd iiiiiiii") { e in
            I(e.flag("t") ? "movt" : "movw", "\(e.r("d")), \(Operands.imm(e["j"] << 12 | e["i"]))")
        },
        DecodeRule("11110 . 1 1 u 0 h 0 nnnn 0 iii dddd ii . sssss") { e in
            let unsigned = e.flag("u")
            let amount = e["i"]
            let d = e.r("d"), n = e.r("n")
            if e.flag("h") && amount == 0 {
                let width = Int(e["s"] & 15) + (unsigned ? 0 : 1)
                return I(unsigned ? "usat16" : "ssat16", "\(d), \(Operands.imm(width)), \(n)")
            }
            let width = Int(e["s"]) + (unsigned ? 0 : 1)
            let shift = e.flag("h") ? ", asr \(Operands.imm(amount))" : (amount == 0 ? "" : ", lsl \(Operands.imm(amount))")
            return I(unsigned ? "usat" : "ssat", "\(d), \(Operands.imm(width)), \(n)\(shift)")
        },
        DecodeRule("11110 . 1 1 u 1 0 0 nnnn 0 iii dddd ii . wwwww") { e in
            I(e.flag("u") ? "ubfx" : "sbfx", "\(e.r("d")), \(e.r("n")), \(Operands.imm(e["i"])), \(Operands.imm(e["w"] + 1))")
        },
        DecodeRule("11110 . 1 1 0 1 1 0 nnnn 0 iii dddd ii . mmmmm") { e in
            let lsb = Int(e["i"]), msb = Int(e["m"])
            guard msb >= lsb else { return nil }  // UNPREDICTABLE: no sensible field to show
            let field = "\(Operands.imm(lsb)), \(Operands.imm(msb - lsb + 1))"
            if e.reg("n") == 15 { return I("bfc", "\(e.r("d")), \(field)") }
            return I("bfi", "\(e.r("d")), \(e.r("n")), \(field)")
        },
    ]

    // MARK: A5.3.4 Branches and miscellaneous control

    static let systemRegisters: [UInt32: String] = [
        0: "apsr", 1: "iapsr", 2: "eapsr", 3: "xpsr", 5: "ipsr", 6: "epsr", 7: "iepsr",
        8: "msp", 9: "psp", 16: "primask", 17: "basepri", 18: "basepri_max", 19: "faultmask", 20: "control",
    ]
    static let barrierOptions: [UInt32: String] = [15: "sy", 14: "st", 11: "ish", 10: "ishst",
                                                   7: "nsh", 6: "nshst", 3: "osh", 2: "oshst"]

    static let branchesAndControl: [DecodeRule] = [
        DecodeRule("11110 0 1110 0 . nnnn 10 . 0 mm .. ssssssss") { e in
            let sysm = e["s"]
            guard let name = systemRegisters[sysm] else { return nil }
            // The APSR fields written are only named for the xPSR views (SYSm 0-3); mask 00 is
            // UNPREDICTABLE and shown as _nzcvq, like capstone does.
            let mask = ["_nzcvq", "_g", "_nzcvq", "_nzcvqg"][Int(e["m"])]
            return I("msr", "\(name)\(sysm < 4 ? mask : ""), \(e.r("n"))")
        },
        DecodeRule("11110 0 1110 1 0 .... 10 . 0 . 000 hhhhhhhh") { e in
            let hint = e["h"]
            switch hint {
            case 0..<5: return I.wide(Disassembly16.hints[Int(hint)])
            case 0xF0...0xFF: return I("dbg", Operands.imm(hint & 15))
            default: return I("hint", Operands.imm(hint), qualifier: ".w")
            }
        },
        DecodeRule("11110 0 1110 1 1 .... 10 . 0 .... oooo pppp") { e in
            let option = e["p"]
            switch e["o"] {
            case 2: return I("clrex")
            case 4: return I("dsb", barrierOptions[option] ?? Operands.imm(option))
            case 5: return I("dmb", barrierOptions[option] ?? Operands.imm(option))
            case 6: return I("isb", option == 15 ? "sy" : Operands.imm(option))
            default: return nil
            }
        },
        DecodeRule("11110 0 1111 1 . .... 10 . 0 dddd ssssssss") { e in
            guard let name = systemRegisters[e["s"]] else { return nil }
            return I("mrs", "\(e.r("d")), \(name)")
        },
        DecodeRule("11110 1 1111 1 1 iiii 1010 iiiiiiiiiiii") { e in
            I("udf", Operands.imm(e["i"]), qualifier: ".w", conditional: false)
        },
        DecodeRule("11110 s cccc iiiiii 10 j 0 k iiiiiiiiiii") { e in
            guard e["c"] >> 1 != 7 else { return nil }
            let offset = e["s"] << 20 | e["k"] << 19 | e["j"] << 18 | e["i"] << 1
            let target = e.pc &+ UInt32(bitPattern: Operands.signExtend(offset, bits: 21))
            return I("b\(Operands.conditions[Int(e["c"])])", Operands.target(target), qualifier: ".w", conditional: false)
        },
        DecodeRule("11110 s iiiiiiiiii 1 l j 1 k iiiiiiiiiii") { e in
            // I1 = NOT(J1 XOR S), I2 = NOT(J2 XOR S).
            let sign = e["s"]
            let i1 = ~(e["j"] ^ sign) & 1, i2 = ~(e["k"] ^ sign) & 1
            let offset = sign << 24 | i1 << 23 | i2 << 22 | e["i"] << 1
            let target = e.pc &+ UInt32(bitPattern: Operands.signExtend(offset, bits: 25))
            return e.flag("l") ? I("bl", Operands.target(target)) : I("b", Operands.target(target), qualifier: ".w")
        },
    ]
}
