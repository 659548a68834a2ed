/// Floating-point extension encodings (FPv4-SP; ARMv7-M ARM A6): coprocessor 10/11 space
/// with T = 0. The double-precision forms (sz = 1) are decoded as well: FPv4-SP already uses
/// D registers for VLDR/VSTR/VLDM/VMOV, and FPv5 parts execute the arithmetic too.
enum FPU32 {
    typealias I = DisassembledInstruction

    /// Single-precision register from a 4-bit field and its extra low bit (Vd:D).
    static func s(_ e: Encoding, _ field: Unicode.Scalar, _ bit: Unicode.Scalar) -> String { "s\(e[field] << 1 | e[bit])" }
    /// Double-precision register from its extra high bit and a 4-bit field (D:Vd).
    static func d(_ e: Encoding, _ field: Unicode.Scalar, _ bit: Unicode.Scalar) -> String { "d\(e[bit] << 4 | e[field])" }
    /// S or D register depending on the instruction's sz bit (field `z`).
    static func reg(_ e: Encoding, _ field: Unicode.Scalar, _ bit: Unicode.Scalar) -> String {
        e.flag("z") ? d(e, field, bit) : s(e, field, bit)
    }
    static func precision(_ e: Encoding) -> String { e.flag("z") ? ".f64" : ".f32" }

    /// Three-register arithmetic, indexed by opc1 (bits 23, 21:20) then by the op bit (6).
    static let arithmetic: [[String?]] = [
        ["vmla", "vmls"], ["vnmls", "vnmla"], ["vmul", "vnmul"], ["vadd", "vsub"],
        ["vdiv", nil], ["vfnms", "vfnma"], ["vfma", "vfms"], [nil, nil],
    ]

    /// VFPExpandImm, printed like capstone (`%e`): every value is ±(16+m)/16 · 2^n with
    /// n in -3...4, so seven significant digits always represent it exactly.
    static func floatImmediate(_ imm8: UInt32) -> String {
        let negative = imm8 & 0x80 != 0
        let exponent = (imm8 & 0x40 != 0) ? Int(imm8 >> 4 & 3) - 3 : Int(imm8 >> 4 & 3) + 1
        // value = (16 + m) * 2^(exponent - 4); scale by 10^7 (divisible by 2^7) to stay integral.
        var scaled = (16 + Int(imm8 & 15)) * 10_000_000
        scaled = exponent >= 4 ? scaled << (exponent - 4) : scaled >> (4 - exponent)
        var digits = String(scaled)
        let decimalExponent = digits.count - 1 - 7
        digits = String(digits.prefix(7))
        digits += String(repeating: "0", count: 7 - digits.count)
        let sign = decimalExponent < 0 ? "-" : "+"
        let magnitude = abs(decimalExponent)
        let exponentText = magnitude < 10 ? "0\(magnitude)" : "\(magnitude)"
        return "#\(negative ? "-" : "")\(digits.prefix(1)).\(digits.dropFirst())e\(sign)\(exponentText)"
    }

    static let systemRegisters: [UInt32: String] = [0: "fpsid", 1: "fpscr", 5: "mvfr2", 6: "mvfr1", 7: "mvfr0",
                                                          8: "fpexc", 9: "fpinst", 10: "fpinst2"]

    static let rules: [DecodeRule] = transfers + loadStore + dataProcessing

    // MARK: A6.7 Core register <-> extension register transfers

    static let transfers: [DecodeRule] = [
        DecodeRule("1110 1110 111 l rrrr tttt 1010 ...1 ....") { e in
            guard let name = systemRegisters[e["r"]] else { return nil }
            if e.flag("l") { return I("vmrs", "\(e.reg("t") == 15 ? "apsr_nzcv" : e.r("t")), \(name)") }
            return I("vmsr", "\(name), \(e.r("t"))")
        },
        DecodeRule("1110 1110 000 l nnnn tttt 1010 N..1 ....") { e in
            e.flag("l") ? I("vmov", "\(e.r("t")), \(s(e, "n", "N"))") : I("vmov", "\(s(e, "n", "N")), \(e.r("t"))")
        },
        DecodeRule("1110 1110 00x l nnnn tttt 1011 N001 ....") { e in
            let scalar = "\(d(e, "n", "N"))[\(e["x"])]"
            return e.flag("l") ? I("vmov", "\(e.r("t")), \(scalar)", qualifier: ".32")
                               : I("vmov", "\(scalar), \(e.r("t"))", qualifier: ".32")
        },
        DecodeRule("1110 1100 010 l uuuu tttt 101z 00M1 mmmm") { e in
            let cores = "\(e.r("t")), \(e.r("u"))"
            let extensions: String
            if e.flag("z") {
                extensions = d(e, "m", "M")
            } else {
                let first = e["m"] << 1 | e["M"]
                extensions = "s\(first), s\(first + 1)"
            }
            return e.flag("l") ? I("vmov", "\(cores), \(extensions)") : I("vmov", "\(extensions), \(cores)")
        },
    ]

    // MARK: A6.5 Extension register load/store

    static let loadStore: [DecodeRule] = [
        DecodeRule("1110 1101 uD0l nnnn dddd 101z iiiiiiii") { e in
            let magnitude = e["i"] * 4
            let add = e.flag("u")
            // Capstone omits +0 and writes the offset like a post-index one (`#-0`, `#-8`, `#-0x2d4`).
            let offset = add && magnitude == 0 ? "" : ", \(Operands.postOffset(magnitude, add: add))"
            let comment = e.reg("n") == 15 ? LoadStore32.literalTarget(e, magnitude) : nil
            return I(e.flag("l") ? "vldr" : "vstr", "\(reg(e, "d", "D")), [\(e.r("n"))\(offset)]", comment: comment)
        },
        DecodeRule("1110 110p uDwl nnnn dddd 101z iiiiiiii") { e in
            let before = e.flag("p"), increment = e.flag("u"), writeback = e.flag("w")
            // IA with optional writeback, or DB with writeback; anything else is another group.
            guard before != increment, before ? writeback : true else { return nil }
            let imm8 = Int(e["i"])
            let double = e.flag("z")
            let first = double ? Int(e["D"] << 4 | e["d"]) : Int(e["d"] << 1 | e["D"])
            // Out-of-range counts are UNPREDICTABLE; clamp like capstone (at most 16 D registers,
            // never past register 31).
            let count = max(double ? min(imm8 / 2, 16) : imm8, 1)
            let last = min(first + count, 32)
            let prefix = double ? "d" : "s"
            let list = "{\((first..<max(last, first + 1)).map { "\(prefix)\($0)" }.joined(separator: ", "))}"
            // An odd word count with D registers is the legacy FLDMX/FSTMX form.
            let legacy = double && imm8 & 1 == 1
            let load = e.flag("l")
            if e.reg("n") == 13 && writeback && !legacy && load == increment {
                return I(load ? "vpop" : "vpush", list)
            }
            let mode = increment ? "ia" : "db"
            let name = legacy ? "\(load ? "fldm" : "fstm")\(mode)x" : "\(load ? "vldm" : "vstm")\(mode)"
            return I(name, "\(e.r("n"))\(writeback ? "!" : ""), \(list)")
        },
    ]

    // MARK: A6.4 Floating-point data processing

    static let dataProcessing: [DecodeRule] = [
        DecodeRule("1110 1110 aDbb nnnn dddd 101z NoM0 mmmm") { e in
            guard let name = arithmetic[Int(e["a"] << 2 | e["b"])][Int(e["o"])] else { return nil }
            return I(name, "\(reg(e, "d", "D")), \(reg(e, "n", "N")), \(reg(e, "m", "M"))", qualifier: precision(e))
        },
        DecodeRule("1110 1110 1D11 hhhh dddd 101z .0.0 llll") { e in
            I("vmov", "\(reg(e, "d", "D")), \(floatImmediate(e["h"] << 4 | e["l"]))", qualifier: precision(e))
        },
        DecodeRule("1110 1110 1D11 oooo dddd 101z t1M0 mmmm") { e in
            let op = e["o"], t = e.flag("t")
            let dd = reg(e, "d", "D"), mm = reg(e, "m", "M")
            let p = precision(e)
            switch op {
            case 0b0000: return I(t ? "vabs" : "vmov", "\(dd), \(mm)", qualifier: p)
            case 0b0001: return I(t ? "vsqrt" : "vneg", "\(dd), \(mm)", qualifier: p)
            case 0b0010, 0b0011:
                // Half-precision conversions; only the single-precision forms exist before ARMv8.
                guard !e.flag("z") else { return nil }
                let types = op == 0b0010 ? ".f32.f16" : ".f16.f32"
                return I(t ? "vcvtt" : "vcvtb", "\(s(e, "d", "D")), \(s(e, "m", "M"))", qualifier: types)
            case 0b0100: return I(t ? "vcmpe" : "vcmp", "\(dd), \(mm)", qualifier: p)
            case 0b0101: return I(t ? "vcmpe" : "vcmp", "\(dd), #0", qualifier: p)
            case 0b0111 where t:
                // Between precisions: the destination has the other size.
                if e.flag("z") { return I("vcvt", "\(s(e, "d", "D")), \(d(e, "m", "M"))", qualifier: ".f32.f64") }
                return I("vcvt", "\(d(e, "d", "D")), \(s(e, "m", "M"))", qualifier: ".f64.f32")
            case 0b1000:
                return I("vcvt", "\(dd), \(s(e, "m", "M"))", qualifier: "\(p)\(t ? ".s32" : ".u32")")
            case 0b1100, 0b1101:
                let type = op == 0b1101 ? ".s32" : ".u32"
                return I(t ? "vcvt" : "vcvtr", "\(s(e, "d", "D")), \(mm)", qualifier: "\(type)\(p)")
            default: return nil
            }
        },
        // Fixed-point conversions: sx (t) picks 16/32-bit, fbits = size - imm4:i, in place.
        DecodeRule("1110 1110 1D11 1o1u dddd 101z t1j0 iiii") { e in
            let size = e.flag("t") ? 32 : 16
            let encoded = Int(e["i"] << 1 | e["j"])  // imm4:i
            let fixed = "\(e.flag("u") ? ".u" : ".s")\(size)"
            let types = e.flag("o") ? "\(fixed)\(precision(e))" : "\(precision(e))\(fixed)"
            let dd = reg(e, "d", "D")
            guard encoded <= size else { return nil }  // negative fraction bits: UNPREDICTABLE
            return I("vcvt", "\(dd), \(dd), \(Operands.imm(size - encoded))", qualifier: types)
        },
    ]
}
