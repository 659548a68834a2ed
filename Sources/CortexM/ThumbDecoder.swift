/// Turns Thumb encodings into `Instruction` records. Decoding happens once per address; the
/// executor never looks at encoding bits. Anything UNDEFINED (or UNPREDICTABLE, which this
/// emulator treats as UNDEFINED so that bad code stops loudly) decodes to `.undefined`.
enum ThumbDecoder {
    /// True when `hw` is the first halfword of a 32-bit encoding.
    @inline(__always)
    static func isWide(_ hw: UInt16) -> Bool { hw >= 0xE800 }

    static func decode(_ hw1: UInt16, _ hw2: UInt16, pc: UInt32) -> Instruction {
        let instruction = isWide(hw1) ? decode32(UInt32(hw1), UInt32(hw2), pc: pc) : decode16(hw1, pc: pc)
        return redirectingWritesToSP(instruction)
    }

    /// Instructions whose destination is SP get ops that keep SP word-aligned (SP[1:0] read as
    /// zero on ARMv7-M), so the common ops need no check.
    static func redirectingWritesToSP(_ instruction: Instruction) -> Instruction {
        guard instruction.rd == 13 else { return instruction }
        var i = instruction
        switch instruction.op {
        case .addI, .addsI, .subI, .subsI:
            i.op = instruction.op == .addI || instruction.op == .addsI ? .addSP : .subSP
            i.flags = instruction.op == .addsI || instruction.op == .subsI ? Instruction.flagSetsFlags : 0
        case .addRR, .subRR, .addR, .addsR, .subR, .subsR:
            i.op = [.addRR, .addR, .addsR].contains(instruction.op) ? .addSP : .subSP
            i.flags = Instruction.flagRegisterOffset | (instruction.op == .addsR || instruction.op == .subsR ? Instruction.flagSetsFlags : 0)
        case .movRR:
            i.op = .movSP
        case .ldrI:
            i.op = .ldrSP
            i.flags = Instruction.flagPreIndex
        case .ldrR:
            i.op = .ldrSP
            i.flags = Instruction.flagPreIndex | Instruction.flagRegisterOffset
        case .ldrX:
            i.op = .ldrSP
            i.flags = (instruction.flags & Instruction.flagPreIndex) | Instruction.flagWriteback
        default:
            break
        }
        return i
    }

    static func decode32(_ h1: UInt32, _ h2: UInt32, pc: UInt32) -> Instruction {
        let op1 = (h1 >> 11) & 3
        let op2 = (h1 >> 4) & 0x7F
        switch op1 {
        case 1:
            if op2 & 0b1100100 == 0b0000000 { return loadStoreMultiple(h1, h2) }
            if op2 & 0b1100100 == 0b0000100 { return loadStoreDualExclusive(h1, h2, pc: pc) }
            if op2 & 0b1100000 == 0b0100000 { return dataProcessingShiftedRegister(h1, h2) }
            return coprocessor(h1, h2)
        case 2:
            if h2 & 0x8000 != 0 { return branchesAndMiscellaneous(h1, h2, pc: pc) }
            if op2 & 0b0100000 == 0 { return dataProcessingModifiedImmediate(h1, h2) }
            return dataProcessingPlainImmediate(h1, h2, pc: pc)
        default:
            if op2 & 0b1000000 != 0 { return coprocessor(h1, h2) }
            if op2 & 0b1110001 == 0b0000000 { return storeSingle(h1, h2) }
            switch op2 & 0b1100111 {
            case 0b0000001: return loadSingle(h1, h2, pc: pc, width: .byte)
            case 0b0000011: return loadSingle(h1, h2, pc: pc, width: .halfword)
            case 0b0000101: return loadSingle(h1, h2, pc: pc, width: .word)
            case 0b0000111: return undefined32(h1, h2)
            default: break
            }
            if op2 & 0b1110000 == 0b0100000 { return dataProcessingRegister(h1, h2) }
            if op2 & 0b1111000 == 0b0110000 { return multiply(h1, h2) }
            if op2 & 0b1111000 == 0b0111000 { return longMultiplyDivide(h1, h2) }
            return undefined32(h1, h2)
        }
    }

    static func undefined32(_ h1: UInt32, _ h2: UInt32) -> Instruction {
        Instruction(.undefined, size: 4, imm: (h1 << 16) | h2)
    }

    /// True for registers that most 32-bit encodings forbid (SP and PC).
    @inline(__always)
    static func isBad(_ r: UInt8) -> Bool { r == 13 || r == 15 }

    // MARK: A5.3.5 Load/store multiple

    private static func loadStoreMultiple(_ h1: UInt32, _ h2: UInt32) -> Instruction {
        let op = (h1 >> 7) & 3
        let load = h1 & 0x10 != 0
        let wback = h1 & 0x20 != 0
        let rn = UInt8(h1 & 15)
        let list = h2 & 0xFFFF
        guard op == 1 || op == 2 else { return undefined32(h1, h2) }  // SRS/RFE are not ARMv7-M
        // Shared constraints: no SP in the list, at least two registers, Rn not PC, and no
        // writeback base in a list. Loads may include PC but not both PC and LR.
        if rn == 15 || list & 0x2000 != 0 || list.nonzeroBitCount < 2 { return undefined32(h1, h2) }
        if load {
            if list & 0xC000 == 0xC000 { return undefined32(h1, h2) }
        } else if list & 0x8000 != 0 {
            return undefined32(h1, h2)
        }
        if wback && list & (1 << UInt32(rn)) != 0 { return undefined32(h1, h2) }
        let flags = wback ? Instruction.flagWriteback : 0
        let opcode: Op = op == 1 ? (load ? .ldmia : .stmia) : (load ? .ldmdb : .stmdb)
        return Instruction(opcode, size: 4, rn: rn, flags: flags, imm: list)
    }

    // MARK: A5.3.6 Load/store dual, exclusive, table branch

    private static func loadStoreDualExclusive(_ h1: UInt32, _ h2: UInt32, pc: UInt32) -> Instruction {
        let op1 = (h1 >> 7) & 3, op2 = (h1 >> 4) & 3, op3 = (h2 >> 4) & 15
        let rn = UInt8(h1 & 15), rt = UInt8((h2 >> 12) & 15), rt2 = UInt8((h2 >> 8) & 15)
        let rd = UInt8(h2 & 15)
        if op1 == 0 && op2 == 0 {  // STREX: Rd is in bits 11:8 here
            let rd = rt2
            if isBad(rd) || isBad(rt) || rn == 15 || rd == rn || rd == rt { return undefined32(h1, h2) }
            return Instruction(.strex, size: 4, rd: rd, rn: rn, rm: rt, imm: (h2 & 0xFF) << 2)
        }
        if op1 == 0 && op2 == 1 {  // LDREX
            if isBad(rt) || rn == 15 || rt2 != 15 { return undefined32(h1, h2) }
            return Instruction(.ldrex, size: 4, rd: rt, rn: rn, imm: (h2 & 0xFF) << 2)
        }
        if op1 & 2 == 0 && op2 & 2 == 2 || op1 & 2 == 2 {  // LDRD/STRD (immediate)
            let p = h1 & 0x100 != 0, u = h1 & 0x80 != 0, w = h1 & 0x20 != 0
            let load = h1 & 0x10 != 0
            let offset = (h2 & 0xFF) << 2
            let imm = u ? offset : 0 &- offset
            var flags: UInt8 = p ? Instruction.flagPreIndex : 0
            if w { flags |= Instruction.flagWriteback }
            if !p && !w { return undefined32(h1, h2) }
            if w && (rn == rt || rn == rt2) || isBad(rt) || isBad(rt2) { return undefined32(h1, h2) }
            if load {
                if rt == rt2 { return undefined32(h1, h2) }
                if rn == 15 {  // LDRD (literal)
                    if w { return undefined32(h1, h2) }
                    var i = literal(.ldrd, rt: rt, offset: Int64(Int32(bitPattern: imm)), pc: pc, size: 4)
                    i.ra = rt2
                    i.flags = Instruction.flagPreIndex
                    return i
                }
                return Instruction(.ldrd, size: 4, rd: rt, rn: rn, ra: rt2, flags: flags, imm: imm)
            }
            if rn == 15 { return undefined32(h1, h2) }
            return Instruction(.strd, size: 4, rd: rt, rn: rn, ra: rt2, flags: flags, imm: imm)
        }
        // op1 == 01, op2 == 00/01: STREXB/H, LDREXB/H, TBB/TBH.
        if op2 == 0 {  // STREXB / STREXH
            guard op3 == 4 || op3 == 5 else { return undefined32(h1, h2) }
            if isBad(rd) || isBad(rt) || rn == 15 || rd == rn || rd == rt || rt2 != 15 || h2 & 0xF00 != 0xF00 {
                return undefined32(h1, h2)
            }
            return Instruction(op3 == 4 ? .strexb : .strexh, size: 4, rd: rd, rn: rn, rm: rt)
        }
        switch op3 {
        case 0, 1:  // TBB, TBH
            let rm = UInt8(h2 & 15)
            if isBad(rm) || rn == 13 || h2 & 0xFFE0 != 0xF000 { return undefined32(h1, h2) }
            return Instruction(op3 == 0 ? .tbb : .tbh, size: 4, rn: rn, rm: rm)
        case 4, 5:  // LDREXB, LDREXH
            if isBad(rt) || rn == 15 || h2 & 0xF0F != 0xF0F { return undefined32(h1, h2) }
            return Instruction(op3 == 4 ? .ldrexb : .ldrexh, size: 4, rd: rt, rn: rn)
        default:
            return undefined32(h1, h2)
        }
    }

    // MARK: A5.3.11 Data processing (shifted register)

    private static func dataProcessingShiftedRegister(_ h1: UInt32, _ h2: UInt32) -> Instruction {
        let op = (h1 >> 5) & 15
        let s = h1 & 0x10 != 0
        let rn = UInt8(h1 & 15), rd = UInt8((h2 >> 8) & 15), rm = UInt8(h2 & 15)
        let type = UInt8((h2 >> 4) & 3)
        let imm5 = UInt8(((h2 >> 10) & 0x1C) | ((h2 >> 6) & 3))
        let (sh, amt) = decodeImmShift(type, imm5)
        if h2 & 0x8000 != 0 { return undefined32(h1, h2) }
        func dp(_ kind: DataProcessing, needsRn: Bool = true) -> Instruction {
            if isBad(rd) || isBad(rm) || (needsRn && isBad(rn)) { return undefined32(h1, h2) }
            if !s && amt == 0 && sh == 0 {
                switch kind {
                case .add: return Instruction(.addRR, size: 4, rd: rd, rn: rn, rm: rm)
                case .sub: return Instruction(.subRR, size: 4, rd: rd, rn: rn, rm: rm)
                case .mov: return Instruction(.movRR, size: 4, rd: rd, rm: rm)
                default: break
                }
            }
            return Instruction(.dataProcessing(kind, register: true, setFlags: s), size: 4,
                               rd: rd, rn: rn, rm: rm, sh: sh, amt: amt)
        }
        func test(_ op: Op) -> Instruction {
            let spAllowed = op == .cmpR || op == .cmnR
            if rn == 15 || (rn == 13 && !spAllowed) || isBad(rm) { return undefined32(h1, h2) }
            return Instruction(op, size: 4, rn: rn, rm: rm, sh: sh, amt: amt)
        }
        switch op {
        case 0: return rd == 15 && s ? test(.tstR) : dp(.and)
        case 1: return dp(.bic)
        case 2:
            if rn == 15 {  // MOV and the immediate shifts; plain MOV.W may move to or from SP
                if !s && sh == 0 && amt == 0 && rd != 15 && rm != 15 && !(rd == 13 && rm == 13) {
                    return Instruction(.movRR, size: 4, rd: rd, rm: rm)
                }
                return dp(.mov, needsRn: false)
            }
            return dp(.orr)
        case 3: return rn == 15 ? dp(.mvn, needsRn: false) : dp(.orn)
        case 4: return rd == 15 && s ? test(.teqR) : dp(.eor)
        case 6:
            // PKHBT/PKHTB; with S or T set the encoding is UNDEFINED.
            if s || h2 & 0x10 != 0 || isBad(rd) || isBad(rn) || isBad(rm) { return undefined32(h1, h2) }
            let top = h2 & 0x20 != 0
            return Instruction(.pkh, size: 4, rd: rd, rn: rn, rm: rm, sh: top ? 1 : 0, amt: top && imm5 == 0 ? 32 : imm5)
        case 8:
            if rd == 15 && s { return test(.cmnR) }
            if rn == 13 { return spArithmetic(.add, h1, h2, rd: rd, rm: rm, sh: sh, amt: amt, s: s) }
            return dp(.add)
        case 10: return dp(.adc)
        case 11: return dp(.sbc)
        case 13:
            if rd == 15 && s { return test(.cmpR) }
            if rn == 13 { return spArithmetic(.sub, h1, h2, rd: rd, rm: rm, sh: sh, amt: amt, s: s) }
            return dp(.sub)
        case 14: return dp(.rsb)
        default: return undefined32(h1, h2)
        }
    }

    /// ADD/SUB with SP as the first operand: SP may be the destination too.
    private static func spArithmetic(_ kind: DataProcessing, _ h1: UInt32, _ h2: UInt32, rd: UInt8, rm: UInt8,
                                     sh: UInt8, amt: UInt8, s: Bool) -> Instruction {
        if rd == 15 || isBad(rm) { return undefined32(h1, h2) }
        if rd == 13 && (sh != 0 || amt > 3) { return undefined32(h1, h2) }
        if !s && amt == 0 && sh == 0 {
            return Instruction(kind == .add ? .addRR : .subRR, size: 4, rd: rd, rn: 13, rm: rm)
        }
        return Instruction(.dataProcessing(kind, register: true, setFlags: s), size: 4, rd: rd, rn: 13, rm: rm,
                           sh: sh, amt: amt)
    }

    /// DecodeImmShift: returns (type, amount) with LSR/ASR #0 meaning 32 and ROR #0 meaning RRX.
    static func decodeImmShift(_ type: UInt8, _ imm5: UInt8) -> (UInt8, UInt8) {
        switch type {
        case 0: return (0, imm5)
        case 1, 2: return (type, imm5 == 0 ? 32 : imm5)
        default: return imm5 == 0 ? (4, 1) : (3, imm5)
        }
    }

    // MARK: A5.3.1 Data processing (modified immediate)

    private static func dataProcessingModifiedImmediate(_ h1: UInt32, _ h2: UInt32) -> Instruction {
        let op = (h1 >> 5) & 15
        let s = h1 & 0x10 != 0
        let rn = UInt8(h1 & 15), rd = UInt8((h2 >> 8) & 15)
        let imm12 = ((h1 & 0x400) << 1) | ((h2 >> 4) & 0x700) | (h2 & 0xFF)
        guard let (value, carry) = thumbExpandImm(imm12) else { return undefined32(h1, h2) }
        var flags: UInt8 = 0
        if let carry {
            flags = Instruction.flagCarryValid | (carry ? Instruction.flagCarry : 0)
        }
        func dp(_ kind: DataProcessing, needsRn: Bool = true) -> Instruction {
            if isBad(rd) && !(rd == 13 && rn == 13 && (kind == .add || kind == .sub)) { return undefined32(h1, h2) }
            if needsRn && rn == 15 { return undefined32(h1, h2) }
            if needsRn && rn == 13 && kind != .add && kind != .sub { return undefined32(h1, h2) }
            return Instruction(.dataProcessing(kind, register: false, setFlags: s), size: 4, rd: rd, rn: rn,
                               flags: flags, imm: value)
        }
        func test(_ op: Op) -> Instruction {
            if rn == 15 || (rn == 13 && op != .cmpI && op != .cmnI) { return undefined32(h1, h2) }
            return Instruction(op, size: 4, rn: rn, flags: flags, imm: value)
        }
        switch op {
        case 0: return rd == 15 && s ? test(.tstI) : dp(.and)
        case 1: return dp(.bic)
        case 2: return rn == 15 ? dp(.mov, needsRn: false) : dp(.orr)
        case 3: return rn == 15 ? dp(.mvn, needsRn: false) : dp(.orn)
        case 4: return rd == 15 && s ? test(.teqI) : dp(.eor)
        case 8: return rd == 15 && s ? test(.cmnI) : dp(.add)
        case 10: return dp(.adc)
        case 11: return dp(.sbc)
        case 13: return rd == 15 && s ? test(.cmpI) : dp(.sub)
        case 14: return dp(.rsb)
        default: return undefined32(h1, h2)
        }
    }

    /// ThumbExpandImm_C: the value and, for rotated forms, the carry-out (nil = carry unchanged).
    /// Returns nil for the UNPREDICTABLE zero patterns.
    static func thumbExpandImm(_ imm12: UInt32) -> (UInt32, Bool?)? {
        let imm8 = imm12 & 0xFF
        if imm12 & 0xC00 == 0 {
            switch (imm12 >> 8) & 3 {
            case 0: return (imm8, nil)
            case 1: return imm8 == 0 ? nil : ((imm8 << 16) | imm8, nil)
            case 2: return imm8 == 0 ? nil : ((imm8 << 24) | (imm8 << 8), nil)
            default: return imm8 == 0 ? nil : (imm8 * 0x0101_0101, nil)
            }
        }
        let unrotated = 0x80 | (imm12 & 0x7F)
        let rotation = imm12 >> 7
        let value = (unrotated >> rotation) | (unrotated << (32 - rotation))
        return (value, value >> 31 != 0)
    }

    // MARK: A5.3.3 Data processing (plain binary immediate)

    private static func dataProcessingPlainImmediate(_ h1: UInt32, _ h2: UInt32, pc: UInt32) -> Instruction {
        let op = (h1 >> 4) & 31
        let rn = UInt8(h1 & 15), rd = UInt8((h2 >> 8) & 15)
        let imm12 = ((h1 & 0x400) << 1) | ((h2 >> 4) & 0x700) | (h2 & 0xFF)
        let imm16 = ((h1 & 15) << 12) | imm12
        let imm3imm2 = UInt8(((h2 >> 10) & 0x1C) | ((h2 >> 6) & 3))
        let widthField = UInt8(h2 & 31)
        // Saturate and bit-field encodings have a (0) where the others have the i bit.
        if op >= 0b10000 && h1 & 0x400 != 0 { return undefined32(h1, h2) }
        switch op {
        case 0b00000:  // ADDW, ADR (add)
            if rn == 15 {
                if isBad(rd) { return undefined32(h1, h2) }
                return Instruction(.movI, size: 4, rd: rd, imm: ((pc &+ 4) & ~3) &+ imm12)
            }
            if isBad(rd) && !(rd == 13 && rn == 13) { return undefined32(h1, h2) }
            return Instruction(.addI, size: 4, rd: rd, rn: rn, imm: imm12)
        case 0b00100:  // MOVW
            if isBad(rd) { return undefined32(h1, h2) }
            return Instruction(.movI, size: 4, rd: rd, imm: imm16)
        case 0b01010:  // SUBW, ADR (subtract)
            if rn == 15 {
                if isBad(rd) { return undefined32(h1, h2) }
                return Instruction(.movI, size: 4, rd: rd, imm: ((pc &+ 4) & ~3) &- imm12)
            }
            if isBad(rd) && !(rd == 13 && rn == 13) { return undefined32(h1, h2) }
            return Instruction(.subI, size: 4, rd: rd, rn: rn, imm: imm12)
        case 0b01100:  // MOVT
            if isBad(rd) { return undefined32(h1, h2) }
            return Instruction(.movt, size: 4, rd: rd, imm: imm16)
        case 0b10000, 0b10010:  // SSAT (0b10010 with shift 0 is SSAT16: DSP)
            if op == 0b10010 && imm3imm2 == 0 {  // SSAT16
                if isBad(rd) || isBad(rn) || h2 & 0x30 != 0 { return undefined32(h1, h2) }
                return Instruction(.ssat16, size: 4, rd: rd, rn: rn, ra: UInt8(h2 & 15) + 1)
            }
            if isBad(rd) || isBad(rn) || h2 & 0x20 != 0 { return undefined32(h1, h2) }
            return Instruction(.ssat, size: 4, rd: rd, rn: rn, ra: widthField + 1,
                               sh: op == 0b10010 ? 2 : 0, amt: imm3imm2)
        case 0b10100:  // SBFX
            if isBad(rd) || isBad(rn) || h2 & 0x20 != 0 { return undefined32(h1, h2) }
            if UInt32(imm3imm2) + UInt32(widthField) > 31 { return undefined32(h1, h2) }
            return Instruction(.sbfx, size: 4, rd: rd, rn: rn, ra: widthField + 1, amt: imm3imm2)
        case 0b10110:  // BFI, BFC
            if isBad(rd) || rn == 13 || h2 & 0x20 != 0 { return undefined32(h1, h2) }
            let lsb = imm3imm2, msb = widthField
            if msb < lsb { return undefined32(h1, h2) }
            let mask = UInt32(truncatingIfNeeded: (UInt64(1) << UInt64(msb - lsb + 1)) - 1) << UInt32(lsb)
            return Instruction(rn == 15 ? .bfc : .bfi, size: 4, rd: rd, rn: rn, amt: lsb, imm: mask)
        case 0b11000, 0b11010:  // USAT (0b11010 with shift 0 is USAT16: DSP)
            if op == 0b11010 && imm3imm2 == 0 {  // USAT16
                if isBad(rd) || isBad(rn) || h2 & 0x30 != 0 { return undefined32(h1, h2) }
                return Instruction(.usat16, size: 4, rd: rd, rn: rn, ra: UInt8(h2 & 15))
            }
            if isBad(rd) || isBad(rn) || h2 & 0x20 != 0 { return undefined32(h1, h2) }
            return Instruction(.usat, size: 4, rd: rd, rn: rn, ra: widthField,
                               sh: op == 0b11010 ? 2 : 0, amt: imm3imm2)
        case 0b11100:  // UBFX
            if isBad(rd) || isBad(rn) || h2 & 0x20 != 0 { return undefined32(h1, h2) }
            if UInt32(imm3imm2) + UInt32(widthField) > 31 { return undefined32(h1, h2) }
            return Instruction(.ubfx, size: 4, rd: rd, rn: rn, ra: widthField + 1, amt: imm3imm2)
        default:
            return undefined32(h1, h2)
        }
    }

    // MARK: A5.3.4 Branches and miscellaneous control

    private static func branchesAndMiscellaneous(_ h1: UInt32, _ h2: UInt32, pc: UInt32) -> Instruction {
        let op1 = (h2 >> 12) & 7
        let op = (h1 >> 4) & 0x7F
        let s = (h1 >> 10) & 1
        let j1 = (h2 >> 13) & 1, j2 = (h2 >> 11) & 1
        if op1 & 0b101 == 0b001 {  // B.W (T4)
            let i1 = ~(j1 ^ s) & 1, i2 = ~(j2 ^ s) & 1
            let offset = signExtend((s << 24) | (i1 << 23) | (i2 << 22) | ((h1 & 0x3FF) << 12) | ((h2 & 0x7FF) << 1), bits: 25)
            return Instruction(.b, size: 4, imm: pc &+ 4 &+ offset)
        }
        if op1 & 0b101 == 0b101 {  // BL
            let i1 = ~(j1 ^ s) & 1, i2 = ~(j2 ^ s) & 1
            let offset = signExtend((s << 24) | (i1 << 23) | (i2 << 22) | ((h1 & 0x3FF) << 12) | ((h2 & 0x7FF) << 1), bits: 25)
            return Instruction(.bl, size: 4, imm: pc &+ 4 &+ offset)
        }
        if op1 & 0b101 == 0b100 { return undefined32(h1, h2) }  // BLX (immediate): ARM state only
        // op1 == 0x0 (J1 is a don't-care here)
        if op1 == 0b010 && op == 0x7F { return Instruction(.udf, size: 4, imm: ((h1 & 15) << 12) | (h2 & 0xFFF)) }
        if op & 0b0111000 != 0b0111000 {  // B<cond>.W (T3)
            let cond = UInt8((h1 >> 6) & 15)
            let offset = signExtend((s << 20) | (j2 << 19) | (j1 << 18) | ((h1 & 0x3F) << 12) | ((h2 & 0x7FF) << 1), bits: 21)
            return Instruction(.bcond, size: 4, ra: cond, imm: pc &+ 4 &+ offset)
        }
        switch op {
        case 0b0111000, 0b0111001:  // MSR
            let rn = UInt8(h1 & 15), sysm = UInt8(h2 & 0xFF), mask = (h2 >> 10) & 3
            if isBad(rn) || h2 & 0x2300 != 0 || h1 & 0x10 != 0 { return undefined32(h1, h2) }
            if mask == 0 || (mask != 2 && sysm > 3) || !isValidSYSm(sysm) { return undefined32(h1, h2) }
            return Instruction(.msr, size: 4, rn: rn, ra: sysm, imm: mask)
        case 0b0111010:  // hints
            if h2 & 0x2F00 != 0 || h1 & 0xF != 0xF { return undefined32(h1, h2) }
            switch h2 & 0xFF {
            case 2: return Instruction(.wfe, size: 4)
            case 3: return Instruction(.wfi, size: 4)
            case 4: return Instruction(.sev, size: 4)
            default: return Instruction(.nop, size: 4)  // NOP.W, YIELD.W, DBG and unallocated hints
            }
        case 0b0111011:  // miscellaneous control: CLREX, DSB, DMB, ISB
            if h1 & 0xF != 0xF || h2 & 0x2F00 != 0x0F00 { return undefined32(h1, h2) }
            switch (h2 >> 4) & 15 {
            case 2:
                if h2 & 0xF != 0xF { return undefined32(h1, h2) }
                return Instruction(.clrex, size: 4)
            case 4, 5, 6: return Instruction(.nop, size: 4)
            default: return undefined32(h1, h2)
            }
        case 0b0111110, 0b0111111:  // MRS
            let rd = UInt8((h2 >> 8) & 15), sysm = UInt8(h2 & 0xFF)
            if isBad(rd) || !isValidSYSm(sysm) || h1 & 0x1F != 0x0F || h2 & 0x2000 != 0 { return undefined32(h1, h2) }
            return Instruction(.mrs, size: 4, rd: rd, ra: sysm)
        default:
            return undefined32(h1, h2)
        }
    }

    static func isValidSYSm(_ sysm: UInt8) -> Bool {
        switch sysm {
        case 0...3, 5...9, 16...20: return true
        default: return false
        }
    }

    @inline(__always)
    static func signExtend(_ value: UInt32, bits: UInt32) -> UInt32 {
        let shift = 32 - bits
        return UInt32(bitPattern: Int32(bitPattern: value << shift) >> shift)
    }

    // MARK: A5.3.10 Store single data item

    private static func storeSingle(_ h1: UInt32, _ h2: UInt32) -> Instruction {
        let size = (h1 >> 5) & 3
        let rn = UInt8(h1 & 15), rt = UInt8((h2 >> 12) & 15)
        guard size < 3, rn != 15 else { return undefined32(h1, h2) }
        let ops: [(imm: Op, reg: Op, indexed: Op)] = [(.strbI, .strbR, .strbX), (.strhI, .strhR, .strhX), (.strI, .strR, .strX)]
        let forms = ops[Int(size)]
        if rt == 15 || (rt == 13 && size != 2) { return undefined32(h1, h2) }
        if h1 & 0x80 != 0 {  // imm12
            return Instruction(forms.imm, size: 4, rd: rt, rn: rn, imm: h2 & 0xFFF)
        }
        if h2 & 0x800 == 0 {  // register offset
            let rm = UInt8(h2 & 15)
            if h2 & 0xFC0 != 0 || isBad(rm) { return undefined32(h1, h2) }
            return Instruction(forms.reg, size: 4, rd: rt, rn: rn, rm: rm, amt: UInt8((h2 >> 4) & 3))
        }
        return indexedForm(h1, h2, rt: rt, rn: rn, plain: forms.imm, indexed: forms.indexed)
    }

    /// The imm8 forms: [Rn, #-imm8], [Rn, #±imm8]!, [Rn], #±imm8 and the unprivileged (T) forms.
    private static func indexedForm(_ h1: UInt32, _ h2: UInt32, rt: UInt8, rn: UInt8, plain: Op, indexed: Op) -> Instruction {
        let p = h2 & 0x400 != 0, u = h2 & 0x200 != 0, w = h2 & 0x100 != 0
        let imm8 = h2 & 0xFF
        let offset = u ? imm8 : 0 &- imm8
        if p && u && !w {  // LDRT/STRT: unprivileged access; privilege checks come with the MPU
            if isBad(rt) { return undefined32(h1, h2) }
            return Instruction(plain, size: 4, rd: rt, rn: rn, imm: imm8)
        }
        if !p && !w { return undefined32(h1, h2) }
        if !w { return Instruction(plain, size: 4, rd: rt, rn: rn, imm: offset) }
        if rn == rt { return undefined32(h1, h2) }
        return Instruction(indexed, size: 4, rd: rt, rn: rn, flags: p ? Instruction.flagPreIndex : 0, imm: offset)
    }

    // MARK: A5.3.7–A5.3.9 Load word, halfword, byte

    enum Width { case byte, halfword, word }

    private static func loadSingle(_ h1: UInt32, _ h2: UInt32, pc: UInt32, width: Width) -> Instruction {
        let signed = h1 & 0x100 != 0
        let rn = UInt8(h1 & 15), rt = UInt8((h2 >> 12) & 15)
        let forms: (imm: Op, reg: Op, indexed: Op)
        switch width {
        case .byte: forms = signed ? (.ldrsbI, .ldrsbR, .ldrsbX) : (.ldrbI, .ldrbR, .ldrbX)
        case .halfword: forms = signed ? (.ldrshI, .ldrshR, .ldrshX) : (.ldrhI, .ldrhR, .ldrhX)
        case .word:
            if signed { return undefined32(h1, h2) }
            forms = (.ldrI, .ldrR, .ldrX)
        }
        // Rt == PC with a byte/halfword load is a preload hint (PLD/PLI): no architectural effect.
        let isHint = rt == 15 && width != .word
        if rn == 15 {  // literal
            let imm12 = Int64(h2 & 0xFFF)
            if isHint { return Instruction(.nop, size: 4) }
            if rt == 13 && width != .word { return undefined32(h1, h2) }
            let instruction = literal(forms.imm, rt: rt, offset: h1 & 0x80 != 0 ? imm12 : -imm12, pc: pc, size: 4)
            return rt == 15 ? asLoadToPC(instruction) : instruction
        }
        var result: Instruction
        if h1 & 0x80 != 0 {
            result = Instruction(forms.imm, size: 4, rd: rt, rn: rn, imm: h2 & 0xFFF)
        } else if h2 & 0x800 == 0 {
            let rm = UInt8(h2 & 15)
            if h2 & 0xFC0 != 0 || isBad(rm) { return undefined32(h1, h2) }
            result = Instruction(forms.reg, size: 4, rd: rt, rn: rn, rm: rm, amt: UInt8((h2 >> 4) & 3))
        } else {
            if isHint { return h2 & 0xF00 == 0xC00 ? Instruction(.nop, size: 4) : undefined32(h1, h2) }
            result = indexedForm(h1, h2, rt: rt, rn: rn, plain: forms.imm, indexed: forms.indexed)
            if result.op == .undefined { return result }
        }
        if isHint { return Instruction(.nop, size: 4) }
        if rt == 13 && width != .word { return undefined32(h1, h2) }
        return rt == 15 ? asLoadToPC(result) : result
    }

    /// LDR into PC (a branch with interworking) keeps its addressing in the flags.
    private static func asLoadToPC(_ load: Instruction) -> Instruction {
        var i = load
        switch load.op {
        case .ldrI: i.flags = Instruction.flagPreIndex
        case .ldrR: i.flags = Instruction.flagPreIndex | Instruction.flagRegisterOffset
        default: i.flags = (load.flags & Instruction.flagPreIndex) | Instruction.flagWriteback
        }
        i.op = .ldrPC
        return i
    }

    // MARK: A5.3.12 Data processing (register)

    private static func dataProcessingRegister(_ h1: UInt32, _ h2: UInt32) -> Instruction {
        let op1 = (h1 >> 4) & 15, op2 = (h2 >> 4) & 15
        let rn = UInt8(h1 & 15), rd = UInt8((h2 >> 8) & 15), rm = UInt8(h2 & 15)
        if h2 & 0xF000 != 0xF000 { return undefined32(h1, h2) }
        if op2 == 0 && op1 & 0b1000 == 0 {  // LSL/LSR/ASR/ROR (register)
            if isBad(rd) || isBad(rn) || isBad(rm) { return undefined32(h1, h2) }
            return Instruction(h1 & 0x10 != 0 ? .shiftRegS : .shiftReg, size: 4, rd: rd, rn: rn, rm: rm,
                               sh: UInt8((op1 >> 1) & 3))
        }
        if op1 & 0b1000 == 0 && op2 & 0b1000 != 0 {  // extends, rotation in bits 5:4
            let rotation = UInt8(((h2 >> 4) & 3) * 8)
            if isBad(rd) || isBad(rm) || h2 & 0x40 != 0 { return undefined32(h1, h2) }
            if rn != 15 || op1 == 2 || op1 == 3 {  // extend and add, and the B16 forms
                if rn == 13 || op1 > 5 { return undefined32(h1, h2) }
                return Instruction(.extend, size: 4, rd: rd, rn: rn, rm: rm, ra: UInt8(op1), amt: rotation)
            }
            switch op1 {
            case 0: return Instruction(.sxth, size: 4, rd: rd, rm: rm, amt: rotation)
            case 1: return Instruction(.uxth, size: 4, rd: rd, rm: rm, amt: rotation)
            case 4: return Instruction(.sxtb, size: 4, rd: rd, rm: rm, amt: rotation)
            case 5: return Instruction(.uxtb, size: 4, rd: rd, rm: rm, amt: rotation)
            default: return undefined32(h1, h2)
            }
        }
        if op1 & 0b1000 != 0 && op2 & 0b1000 == 0 {  // parallel add/subtract (A5.3.14, A5.3.15)
            guard let operation = ParallelOperation(rawValue: UInt8(op1 & 7)), op2 & 3 != 3 else { return undefined32(h1, h2) }
            if isBad(rd) || isBad(rn) || isBad(rm) { return undefined32(h1, h2) }
            let prefix = UInt8(op2 & 7)  // S Q SH = 0 1 2, U UQ UH = 4 5 6
            if prefix == ParallelPrefix.u.rawValue && operation == .add8 {
                return Instruction(.uadd8, size: 4, rd: rd, rn: rn, rm: rm)
            }
            return Instruction(.parallel, size: 4, rd: rd, rn: rn, rm: rm, ra: prefix, sh: operation.rawValue)
        }
        if op1 & 0b1100 == 0b1000 && op2 & 0b1100 == 0b1000 {  // misc: QADD.., REV, RBIT, SEL, CLZ
            if isBad(rd) || isBad(rm) { return undefined32(h1, h2) }
            switch (op1 & 3, op2 & 3) {
            case (1, _):
                if rn != rm { return undefined32(h1, h2) }
                switch op2 & 3 {
                case 0: return Instruction(.rev, size: 4, rd: rd, rm: rm)
                case 1: return Instruction(.rev16, size: 4, rd: rd, rm: rm)
                case 2: return Instruction(.rbit, size: 4, rd: rd, rm: rm)
                default: return Instruction(.revsh, size: 4, rd: rd, rm: rm)
                }
            case (3, 0):
                if rn != rm { return undefined32(h1, h2) }
                return Instruction(.clz, size: 4, rd: rd, rm: rm)
            case (2, 0):
                if isBad(rn) { return undefined32(h1, h2) }
                return Instruction(.sel, size: 4, rd: rd, rn: rn, rm: rm)
            case (0, _):  // QADD, QDADD, QSUB, QDSUB
                if isBad(rn) { return undefined32(h1, h2) }
                return Instruction(.saturatingArithmetic, size: 4, rd: rd, rn: rn, rm: rm, ra: UInt8(op2 & 3))
            default: return undefined32(h1, h2)
            }
        }
        return undefined32(h1, h2)
    }

    // MARK: A5.3.16 Multiply, multiply accumulate

    private static func multiply(_ h1: UInt32, _ h2: UInt32) -> Instruction {
        let op1 = (h1 >> 4) & 7, op2 = (h2 >> 4) & 3
        let rn = UInt8(h1 & 15), ra = UInt8((h2 >> 12) & 15), rd = UInt8((h2 >> 8) & 15), rm = UInt8(h2 & 15)
        if h2 & 0xC0 != 0 { return undefined32(h1, h2) }
        if op1 == 0 && op2 < 2 {
            if isBad(rd) || isBad(rn) || isBad(rm) || ra == 13 { return undefined32(h1, h2) }
            if op2 == 0 {
                if ra == 15 { return Instruction(.mul, size: 4, rd: rd, rn: rn, rm: rm) }
                return Instruction(.mla, size: 4, rd: rd, rn: rn, rm: rm, ra: ra)
            }
            if ra == 15 { return undefined32(h1, h2) }
            return Instruction(.mls, size: 4, rd: rd, rn: rn, rm: rm, ra: ra)
        }
        // The DSP multiplies (A5.3.16): SMLA<x><y>/SMUL<x><y> with any op2; SMLAD, SMLAW, SMLSD,
        // SMMLA, SMMLS with op2 0x; USAD8/USADA8 with op2 00. Everything else is unallocated.
        let ops: [UInt32: Op] = [1: .smlaxy, 2: .smlad, 3: .smlawy, 4: .smlsd, 5: .smmla, 6: .smmls, 7: .usada8]
        guard let op = ops[op1], op1 == 1 || (op1 == 7 ? op2 == 0 : op2 < 2) else { return undefined32(h1, h2) }
        if isBad(rd) || isBad(rn) || isBad(rm) || ra == 13 || (op == .smmls && ra == 15) { return undefined32(h1, h2) }
        return Instruction(op, size: 4, rd: rd, rn: rn, rm: rm, ra: ra, sh: UInt8(op2),
                           flags: ra == 15 ? 0 : Instruction.flagAccumulate)
    }

    // MARK: A5.3.17 Long multiply, long multiply accumulate, divide

    private static func longMultiplyDivide(_ h1: UInt32, _ h2: UInt32) -> Instruction {
        let op1 = (h1 >> 4) & 7, op2 = (h2 >> 4) & 15
        let rn = UInt8(h1 & 15), rdLo = UInt8((h2 >> 12) & 15), rdHi = UInt8((h2 >> 8) & 15), rm = UInt8(h2 & 15)
        func long(_ op: Op) -> Instruction {
            if isBad(rdLo) || isBad(rdHi) || isBad(rn) || isBad(rm) || rdLo == rdHi { return undefined32(h1, h2) }
            return Instruction(op, size: 4, rd: rdHi, rn: rn, rm: rm, ra: rdLo)
        }
        switch (op1, op2) {
        case (0, 0): return long(.smull)
        case (2, 0): return long(.umull)
        case (4, 0): return long(.smlal)
        case (6, 0): return long(.umlal)
        case (1, 15), (3, 15):
            if isBad(rdHi) || isBad(rn) || isBad(rm) || rdLo != 15 { return undefined32(h1, h2) }
            return Instruction(op1 == 1 ? .sdiv : .udiv, size: 4, rd: rdHi, rn: rn, rm: rm)
        case (4, 8...11):
            var instruction = long(.smlalxy)
            instruction.sh = UInt8(op2 & 3)
            return instruction
        case (4, 12...13), (5, 12...13):
            var instruction = long(op1 == 4 ? .smlald : .smlsld)
            instruction.sh = UInt8(op2 & 1)
            return instruction
        case (6, 6):
            return long(.umaal)
        default:
            return undefined32(h1, h2)
        }
    }

    // MARK: Coprocessor space: the FPU (CP10/CP11) on a Cortex-M4F, see FloatingPointDecoder.swift

    private static func coprocessor(_ h1: UInt32, _ h2: UInt32) -> Instruction {
        floatingPoint(h1, h2)
    }
}
