/// Decoding of the FPv4-SP instructions (ARMv7-M ARM A6.4–A6.8): coprocessor 10/11 space with
/// T = 0. Single registers travel as indices 0...31 (Sd = Vd:D, Sn = Vn:N, Sm = Vm:M); a double
/// register Dn names the pair s(2n+1):s(2n). Every double-precision data-processing encoding is
/// UNDEFINED on this core (`vundefined`), as are the encodings the architecture leaves
/// UNPREDICTABLE (this emulator refuses rather than guesses).
extension ThumbDecoder {
    /// Flag bits of FP instructions (in `Instruction.flags`).
    static let fpFlagUnsigned: UInt8 = 1 << 0
    /// VCVT to integer or fixed point: round toward zero (else FPSCR rounding, VCVTR).
    static let fpFlagRoundTowardZero: UInt8 = 1 << 1
    /// VCVT fixed/half: the conversion goes to fixed point / to half precision.
    static let fpFlagToNarrow: UInt8 = 1 << 2
    /// VCMP against #0.0 rather than Sm.
    static let fpFlagCompareWithZero: UInt8 = 1 << 4
    /// VCMPE: a quiet NaN operand is an Invalid Operation too.
    static let fpFlagSignalQuietNaN: UInt8 = 1 << 5
    /// VLDM/VSTM: decrement before (else increment after).
    static let fpFlagDecrementBefore: UInt8 = 1 << 7
    // Writeback uses Instruction.flagWriteback (1 << 3).

    static func floatingPoint(_ h1: UInt32, _ h2: UInt32) -> Instruction {
        let coproc = (h2 >> 8) & 15
        guard coproc == 10 || coproc == 11, h1 & 0x1000 == 0, (h1 >> 8) & 3 != 3 else { return undefined32(h1, h2) }
        if h1 & 0x0E00 == 0x0C00 { return fpLoadStore(h1, h2) }          // 1110 110x: A6.5
        if h1 & 0xFF00 == 0xEE00 {
            return h2 & 0x10 == 0 ? fpDataProcessing(h1, h2) : fpTransfer(h1, h2)  // A6.4 / A6.7
        }
        return fpUndefined(h1, h2)
    }

    private static func fpUndefined(_ h1: UInt32, _ h2: UInt32) -> Instruction {
        Instruction(.vundefined, size: 4, imm: (h1 << 16) | h2)
    }

    private static func singleD(_ h1: UInt32, _ h2: UInt32) -> UInt8 { UInt8(((h2 >> 12) & 15) << 1 | (h1 >> 6) & 1) }
    private static func singleN(_ h1: UInt32, _ h2: UInt32) -> UInt8 { UInt8((h1 & 15) << 1 | (h2 >> 7) & 1) }
    private static func singleM(_ h2: UInt32) -> UInt8 { UInt8((h2 & 15) << 1 | (h2 >> 5) & 1) }

    /// VFPExpandImm for single precision: imm8 = abcdefgh gives a:NOT(b):bbbbb:cd:efgh:0*19.
    static func expandFloatImmediate(_ imm8: UInt32) -> UInt32 {
        let b = (imm8 >> 6) & 1
        let exponent = ((b ^ 1) << 7) | (b == 1 ? 0b111_1100 : 0) | ((imm8 >> 4) & 3)
        return ((imm8 >> 7) << 31) | (exponent << 23) | ((imm8 & 15) << 19)
    }

    // MARK: A6.4 Floating-point data processing

    private static func fpDataProcessing(_ h1: UInt32, _ h2: UInt32) -> Instruction {
        guard h2 & 0x100 == 0 else { return fpUndefined(h1, h2) }  // sz = 1: double precision
        let opc1 = ((h1 >> 5) & 4) | ((h1 >> 4) & 3)  // opc1 = bit 23 : bits 21..20
        let op = (h2 >> 6) & 1
        let d = singleD(h1, h2), n = singleN(h1, h2), m = singleM(h2)
        func three(_ o: Op) -> Instruction { Instruction(o, size: 4, rd: d, rn: n, rm: m) }
        switch opc1 {
        case 0b000: return three(op == 0 ? .vmla : .vmls)
        case 0b001: return three(op == 0 ? .vnmls : .vnmla)
        case 0b010: return three(op == 0 ? .vmul : .vnmul)
        case 0b011: return three(op == 0 ? .vadd : .vsub)
        case 0b100: return op == 0 ? three(.vdiv) : fpUndefined(h1, h2)
        case 0b101: return three(op == 0 ? .vfnms : .vfnma)
        case 0b110: return three(op == 0 ? .vfma : .vfms)
        default: return fpOtherDataProcessing(h1, h2, d: d, m: m)
        }
    }

    /// opc1 = 1x11: VMOV immediate/register, VABS, VNEG, VSQRT, VCMP, VCVT.
    private static func fpOtherDataProcessing(_ h1: UInt32, _ h2: UInt32, d: UInt8, m: UInt8) -> Instruction {
        if h2 & 0x40 == 0 {  // opc3<0> = 0: VMOV immediate (bits 7 and 5 are (0))
            return Instruction(.vmovImm, size: 4, rd: d, imm: expandFloatImmediate((h1 & 15) << 4 | (h2 & 15)))
        }
        let opc2 = h1 & 15
        let t = (h2 >> 7) & 1  // opc3<1>: the "op" / "T" / "E" / "sx" bit
        func two(_ o: Op, flags: UInt8 = 0) -> Instruction { Instruction(o, size: 4, rd: d, rm: m, flags: flags) }
        switch opc2 {
        case 0b0000: return two(t == 0 ? .vmovReg : .vabs)
        case 0b0001: return two(t == 0 ? .vneg : .vsqrt)
        case 0b0010, 0b0011:
            // VCVTB/VCVTT: `sh` says which half (T); to half when opc2<0> is set.
            var i = two(.vcvtHalf, flags: opc2 & 1 != 0 ? fpFlagToNarrow : 0)
            i.sh = UInt8(t)
            return i
        case 0b0100, 0b0101:
            var flags: UInt8 = t == 1 ? fpFlagSignalQuietNaN : 0
            if opc2 & 1 != 0 {
                guard h2 & 0x2F == 0 else { return fpUndefined(h1, h2) }  // Vm:M are (0) for #0.0
                flags |= fpFlagCompareWithZero
            }
            return two(.vcmp, flags: flags)
        case 0b1000:
            // To F32 from S32 (op = 1) or U32 (op = 0), rounded per FPSCR.
            return two(.vcvtFromInteger, flags: t == 0 ? fpFlagUnsigned : 0)
        case 0b1100, 0b1101:
            // To S32 (opc2<0> = 1) or U32; op = 1 rounds toward zero, op = 0 is VCVTR.
            var flags: UInt8 = opc2 & 1 == 0 ? fpFlagUnsigned : 0
            if t == 1 { flags |= fpFlagRoundTowardZero }
            return two(.vcvtToInteger, flags: flags)
        case 0b1010, 0b1011, 0b1110, 0b1111:
            // Fixed point, in place: size 16 (sx = 0) or 32, fbits = size - imm4:i.
            let size: UInt32 = t == 1 ? 32 : 16
            let encoded = (h2 & 15) << 1 | (h2 >> 5) & 1
            guard encoded <= size else { return fpUndefined(h1, h2) }  // negative fraction bits: UNPREDICTABLE
            var flags: UInt8 = opc2 & 1 != 0 ? fpFlagUnsigned : 0
            if opc2 & 4 != 0 { flags |= fpFlagToNarrow | fpFlagRoundTowardZero }
            return Instruction(.vcvtFixed, size: 4, rd: d, rm: d, sh: UInt8(size), amt: UInt8(size - encoded), flags: flags)
        default:
            return fpUndefined(h1, h2)  // incl. 0111: conversions to and from double precision
        }
    }

    // MARK: A6.7 and A6.8 Transfers between core and extension registers

    private static func fpTransfer(_ h1: UInt32, _ h2: UInt32) -> Instruction {
        let load = h1 & 0x10 != 0
        let a = (h1 >> 5) & 7
        let t = UInt8((h2 >> 12) & 15)
        if h2 & 0x100 == 0 {
            guard h2 & 0x6F == 0 else { return fpUndefined(h1, h2) }  // bits 6:5 and 3:0 are (0)
            switch a {
            case 0b000:
                guard !isBad(t) else { return fpUndefined(h1, h2) }
                return Instruction(load ? .vmovToCore : .vmovFromCore, size: 4, rd: t, ra: singleN(h1, h2))
            case 0b111:
                // VMRS/VMSR: FPSCR is the only system register of FPv4-SP on M-profile.
                guard h1 & 15 == 1, h2 & 0x80 == 0 else { return fpUndefined(h1, h2) }
                if load {
                    guard t != 13 else { return fpUndefined(h1, h2) }
                    return Instruction(.vmrs, size: 4, rd: t)
                }
                guard !isBad(t) else { return fpUndefined(h1, h2) }
                return Instruction(.vmsr, size: 4, rn: t)
            default:
                return fpUndefined(h1, h2)
            }
        }
        // C = 1: VMOV between a core register and half of a double register (A = 00x).
        guard a & 0b110 == 0, h2 & 0x6F == 0, !isBad(t) else { return fpUndefined(h1, h2) }
        let doubleIndex = UInt32((h2 >> 7) & 1) << 4 | (h1 & 15)
        guard doubleIndex < 16 else { return fpUndefined(h1, h2) }  // only d0–d15 exist
        let single = UInt8(doubleIndex * 2 + (a & 1))
        return Instruction(load ? .vmovToCore : .vmovFromCore, size: 4, rd: t, ra: single)
    }

    // MARK: A6.5 Extension register load/store (and the 64-bit transfers of A6.8)

    private static func fpLoadStore(_ h1: UInt32, _ h2: UInt32) -> Instruction {
        let p = h1 & 0x100 != 0, u = h1 & 0x80 != 0, w = h1 & 0x20 != 0, load = h1 & 0x10 != 0
        let n = UInt8(h1 & 15)
        let double = h2 & 0x100 != 0
        let imm8 = h2 & 0xFF
        let dBit = (h1 >> 6) & 1, vd = (h2 >> 12) & 15
        let first = double ? dBit << 4 | vd : vd << 1 | dBit
        if !p && !u && !w && h1 & 0x40 != 0 { return fpTwoCoreTransfer(h1, h2) }  // 0010x
        if !p && !u { return fpUndefined(h1, h2) }
        if p && !w {
            // VLDR/VSTR: one single or one double (two words); offset may be negative.
            guard !double || first < 16 else { return fpUndefined(h1, h2) }
            let offset = u ? imm8 * 4 : 0 &- imm8 * 4
            let op: Op = load ? .vldr : .vstr
            let start = double ? first * 2 : first
            return Instruction(op, size: 4, rd: UInt8(start), rn: n, amt: double ? 2 : 1, imm: offset)
        }
        if p && u { return fpUndefined(h1, h2) }  // 11x1x: UNDEFINED
        // VLDM/VSTM (and VPUSH/VPOP): increment after (P = 0, U = 1) or decrement before with writeback.
        guard !(w && n == 15) else { return fpUndefined(h1, h2) }  // writeback to PC: UNPREDICTABLE
        let words: UInt32
        let start: UInt32
        if double {
            // An odd count is FLDMX/FSTMX (not on ARMv7-M); more than 16 registers UNPREDICTABLE.
            guard imm8 & 1 == 0 else { return fpUndefined(h1, h2) }
            let regs = imm8 / 2
            guard regs > 0 && regs <= 16 && first + regs <= 16 else { return fpUndefined(h1, h2) }
            words = imm8
            start = first * 2
        } else {
            guard imm8 > 0 && first + imm8 <= 32 else { return fpUndefined(h1, h2) }
            words = imm8
            start = first
        }
        var flags: UInt8 = w ? Instruction.flagWriteback : 0
        if p { flags |= fpFlagDecrementBefore }
        return Instruction(load ? .vldm : .vstm, size: 4, rd: UInt8(start), rn: n, amt: UInt8(words), flags: flags)
    }

    /// VMOV between two core registers and two singles (C = 0) or a double (C = 1).
    private static func fpTwoCoreTransfer(_ h1: UInt32, _ h2: UInt32) -> Instruction {
        let load = h1 & 0x10 != 0
        let t = UInt8((h2 >> 12) & 15), t2 = UInt8(h1 & 15)
        guard h2 & 0xD0 == 0x10, !isBad(t), !isBad(t2), !(load && t == t2) else { return fpUndefined(h1, h2) }
        let first: UInt32
        if h2 & 0x100 != 0 {
            first = ((h2 >> 5) & 1) << 4 | (h2 & 15)
            guard first < 16 else { return fpUndefined(h1, h2) }
            return Instruction(load ? .vmovPairToCore : .vmovPairFromCore, size: 4, rd: t, rn: t2, ra: UInt8(first * 2))
        }
        first = UInt32(singleM(h2))
        guard first < 31 else { return fpUndefined(h1, h2) }  // Sm = s31: UNPREDICTABLE
        return Instruction(load ? .vmovPairToCore : .vmovPairFromCore, size: 4, rd: t, rn: t2, ra: UInt8(first))
    }
}
