/// Decoding of the 16-bit Thumb encodings (ARMv7-M ARM, A5.2). `pc` is the instruction's
/// own address: PC-relative operands are resolved here, once.
extension ThumbDecoder {
    static func decode16(_ hw: UInt16, pc: UInt32) -> Instruction {
        let h = UInt32(hw)
        let lo3 = UInt8(h & 7)
        let mid3 = UInt8((h >> 3) & 7)
        switch h >> 11 {
        case 0b00000, 0b00001, 0b00010:  // LSL/LSR/ASR (immediate); LSL #0 is MOVS
            let type = UInt8(h >> 11)
            let imm5 = UInt8((h >> 6) & 31)
            if type == 0 && imm5 == 0 { return Instruction(.movsR, size: 2, rd: lo3, rm: mid3) }
            return Instruction(.movsR, size: 2, rd: lo3, rm: mid3, sh: type, amt: imm5 == 0 ? 32 : imm5)
        case 0b00011:
            let rn = mid3, rd = lo3, third = UInt8((h >> 6) & 7)
            switch (h >> 9) & 3 {
            case 0: return Instruction(.addsR, size: 2, rd: rd, rn: rn, rm: third)
            case 1: return Instruction(.subsR, size: 2, rd: rd, rn: rn, rm: third)
            case 2: return Instruction(.addsI, size: 2, rd: rd, rn: rn, imm: UInt32(third))
            default: return Instruction(.subsI, size: 2, rd: rd, rn: rn, imm: UInt32(third))
            }
        case 0b00100: return Instruction(.movsI, size: 2, rd: UInt8((h >> 8) & 7), imm: h & 0xFF)
        case 0b00101: return Instruction(.cmpI, size: 2, rn: UInt8((h >> 8) & 7), imm: h & 0xFF)
        case 0b00110:
            let r = UInt8((h >> 8) & 7)
            return Instruction(.addsI, size: 2, rd: r, rn: r, imm: h & 0xFF)
        case 0b00111:
            let r = UInt8((h >> 8) & 7)
            return Instruction(.subsI, size: 2, rd: r, rn: r, imm: h & 0xFF)
        case 0b01000:
            if h & 0x0400 == 0 { return dataProcessing16(h) }
            return specialDataAndBranch16(h, pc: pc)
        case 0b01001:  // LDR (literal)
            return literal(.ldrI, rt: UInt8((h >> 8) & 7), offset: Int64((h & 0xFF) << 2), pc: pc, size: 2)
        case 0b01010, 0b01011:  // load/store (register offset)
            let ops: [Op] = [.strR, .strhR, .strbR, .ldrsbR, .ldrR, .ldrhR, .ldrbR, .ldrshR]
            return Instruction(ops[Int((h >> 9) & 7)], size: 2, rd: lo3, rn: mid3, rm: UInt8((h >> 6) & 7))
        case 0b01100, 0b01101:  // STR/LDR (immediate), word
            let imm = ((h >> 6) & 31) << 2
            return Instruction(h & 0x0800 != 0 ? .ldrI : .strI, size: 2, rd: lo3, rn: mid3, imm: imm)
        case 0b01110, 0b01111:  // STRB/LDRB (immediate)
            let imm = (h >> 6) & 31
            return Instruction(h & 0x0800 != 0 ? .ldrbI : .strbI, size: 2, rd: lo3, rn: mid3, imm: imm)
        case 0b10000, 0b10001:  // STRH/LDRH (immediate)
            let imm = ((h >> 6) & 31) << 1
            return Instruction(h & 0x0800 != 0 ? .ldrhI : .strhI, size: 2, rd: lo3, rn: mid3, imm: imm)
        case 0b10010, 0b10011:  // STR/LDR SP-relative
            let imm = (h & 0xFF) << 2
            return Instruction(h & 0x0800 != 0 ? .ldrI : .strI, size: 2, rd: UInt8((h >> 8) & 7), rn: 13, imm: imm)
        case 0b10100:  // ADR
            return Instruction(.movI, size: 2, rd: UInt8((h >> 8) & 7), imm: ((pc &+ 4) & ~3) &+ ((h & 0xFF) << 2))
        case 0b10101:  // ADD Rd, SP, #imm
            return Instruction(.addI, size: 2, rd: UInt8((h >> 8) & 7), rn: 13, imm: (h & 0xFF) << 2)
        case 0b10110, 0b10111:
            return miscellaneous16(h, pc: pc)
        case 0b11000:  // STM Rn!, {list}
            let list = h & 0xFF
            let rn = UInt8((h >> 8) & 7)
            if list == 0 { return undefined16(hw) }  // UNPREDICTABLE with an empty list
            return Instruction(.stmia, size: 2, rn: rn, flags: Instruction.flagWriteback, imm: list)
        case 0b11001:  // LDM Rn{!}, {list}: writeback unless Rn is in the list
            let list = h & 0xFF
            let rn = UInt8((h >> 8) & 7)
            if list == 0 { return undefined16(hw) }
            let wback = list & (1 << UInt32(rn)) == 0
            return Instruction(.ldmia, size: 2, rn: rn, flags: wback ? Instruction.flagWriteback : 0, imm: list)
        case 0b11010, 0b11011:
            let cond = UInt8((h >> 8) & 15)
            if cond == 14 { return Instruction(.udf, size: 2, imm: h & 0xFF) }
            if cond == 15 { return Instruction(.svc, size: 2, imm: h & 0xFF) }
            let offset = Int32(Int8(bitPattern: UInt8(h & 0xFF))) << 1
            return Instruction(.bcond, size: 2, ra: cond, imm: pc &+ 4 &+ UInt32(bitPattern: offset))
        case 0b11100:
            let offset = (Int32(bitPattern: (h & 0x7FF) << 21) >> 20)
            return Instruction(.b, size: 2, imm: pc &+ 4 &+ UInt32(bitPattern: offset))
        default:
            return undefined16(hw)  // 32-bit prefixes are handled by the caller
        }
    }

    /// A5.2.2: AND, EOR, LSL, LSR, ASR, ADC, SBC, ROR, TST, RSB, CMP, CMN, ORR, MUL, BIC, MVN.
    private static func dataProcessing16(_ h: UInt32) -> Instruction {
        let rdn = UInt8(h & 7), rm = UInt8((h >> 3) & 7)
        func dp(_ kind: DataProcessing) -> Instruction {
            Instruction(.dataProcessing(kind, register: true, setFlags: true), size: 2, rd: rdn, rn: rdn, rm: rm)
        }
        switch (h >> 6) & 15 {
        case 0: return dp(.and)
        case 1: return dp(.eor)
        case 2: return Instruction(.shiftRegS, size: 2, rd: rdn, rn: rdn, rm: rm, sh: 0)
        case 3: return Instruction(.shiftRegS, size: 2, rd: rdn, rn: rdn, rm: rm, sh: 1)
        case 4: return Instruction(.shiftRegS, size: 2, rd: rdn, rn: rdn, rm: rm, sh: 2)
        case 5: return dp(.adc)
        case 6: return dp(.sbc)
        case 7: return Instruction(.shiftRegS, size: 2, rd: rdn, rn: rdn, rm: rm, sh: 3)
        case 8: return Instruction(.tstR, size: 2, rn: rdn, rm: rm)
        case 9: return Instruction(.rsbsI, size: 2, rd: rdn, rn: rm, imm: 0)
        case 10: return Instruction(.cmpR, size: 2, rn: rdn, rm: rm)
        case 11: return Instruction(.cmnR, size: 2, rn: rdn, rm: rm)
        case 12: return dp(.orr)
        case 13: return Instruction(.muls, size: 2, rd: rdn, rn: rm, rm: rdn)
        case 14: return dp(.bic)
        default: return Instruction(.mvnsR, size: 2, rd: rdn, rm: rm)
        }
    }

    /// A5.2.3: ADD/CMP/MOV on high registers, BX, BLX.
    private static func specialDataAndBranch16(_ h: UInt32, pc: UInt32) -> Instruction {
        let rdn = UInt8((h & 7) | ((h >> 4) & 8))
        let rm = UInt8((h >> 3) & 15)
        switch (h >> 8) & 3 {
        case 0:  // ADD Rdn, Rm
            if rdn == 15 && rm == 15 { return undefined16(UInt16(h)) }
            if rdn == 15 { return Instruction(.addPC, size: 2, rd: 15, rn: 15, rm: rm) }
            return Instruction(.addRR, size: 2, rd: rdn, rn: rdn, rm: rm)
        case 1:  // CMP Rn, Rm (high registers)
            if rdn < 8 && rm < 8 || rdn == 15 || rm == 15 { return undefined16(UInt16(h)) }
            return Instruction(.cmpRR, size: 2, rn: rdn, rm: rm)
        case 2:  // MOV Rd, Rm
            if rdn == 15 { return Instruction(.movPC, size: 2, rd: 15, rm: rm) }
            return Instruction(.movRR, size: 2, rd: rdn, rm: rm)
        default:
            if h & 7 != 0 { return undefined16(UInt16(h)) }
            if h & 0x80 != 0 {
                if rm == 15 { return undefined16(UInt16(h)) }
                return Instruction(.blx, size: 2, rm: rm)
            }
            return Instruction(.bx, size: 2, rm: rm)
        }
    }

    /// A5.2.5: miscellaneous 16-bit instructions.
    private static func miscellaneous16(_ h: UInt32, pc: UInt32) -> Instruction {
        let lo3 = UInt8(h & 7), mid3 = UInt8((h >> 3) & 7)
        switch (h >> 5) & 0x7F {
        case 0b0000000...0b0000011:
            return Instruction(.addI, size: 2, rd: 13, rn: 13, imm: (h & 0x7F) << 2)
        case 0b0000100...0b0000111:
            return Instruction(.subI, size: 2, rd: 13, rn: 13, imm: (h & 0x7F) << 2)
        case 0b0001000...0b0001111, 0b0011000...0b0011111, 0b1001000...0b1001111, 0b1011000...0b1011111:
            let offset = (((h >> 9) & 1) << 6) | (((h >> 3) & 31) << 1)
            return Instruction(h & 0x0800 != 0 ? .cbnz : .cbz, size: 2, rn: lo3, imm: pc &+ 4 &+ offset)
        case 0b0010000, 0b0010001: return Instruction(.sxth, size: 2, rd: lo3, rm: mid3)
        case 0b0010010, 0b0010011: return Instruction(.sxtb, size: 2, rd: lo3, rm: mid3)
        case 0b0010100, 0b0010101: return Instruction(.uxth, size: 2, rd: lo3, rm: mid3)
        case 0b0010110, 0b0010111: return Instruction(.uxtb, size: 2, rd: lo3, rm: mid3)
        case 0b0100000...0b0101111:  // PUSH
            let list = (h & 0xFF) | ((h & 0x100) << 6)
            if list == 0 { return undefined16(UInt16(h)) }
            return Instruction(.stmdb, size: 2, rn: 13, flags: Instruction.flagWriteback, imm: list)
        case 0b0110011:  // CPS
            if h & 0xC != 0 || h & 0x3 == 0 { return undefined16(UInt16(h)) }
            return Instruction(.cps, size: 2, ra: UInt8((h >> 4) & 1), imm: h & 3)
        case 0b1010000, 0b1010001: return Instruction(.rev, size: 2, rd: lo3, rm: mid3)
        case 0b1010010, 0b1010011: return Instruction(.rev16, size: 2, rd: lo3, rm: mid3)
        case 0b1010110, 0b1010111: return Instruction(.revsh, size: 2, rd: lo3, rm: mid3)
        case 0b1100000...0b1101111:  // POP
            let list = (h & 0xFF) | ((h & 0x100) << 7)
            if list == 0 { return undefined16(UInt16(h)) }
            return Instruction(.ldmia, size: 2, rn: 13, flags: Instruction.flagWriteback, imm: list)
        case 0b1110000...0b1110111:
            return Instruction(.bkpt, size: 2, imm: h & 0xFF)
        case 0b1111000...0b1111111:
            if h & 0xF != 0 {
                let firstCond = (h >> 4) & 15
                // IT AL may only have "then" instructions (one mask bit set); condition 0b1111 is UNPREDICTABLE.
                if firstCond == 15 || (firstCond == 14 && (h & 0xF).nonzeroBitCount != 1) { return undefined16(UInt16(h)) }
                return Instruction(.it, size: 2, imm: h & 0xFF)
            }
            switch (h >> 4) & 15 {
            case 2: return Instruction(.wfe, size: 2)
            case 3: return Instruction(.wfi, size: 2)
            case 4: return Instruction(.sev, size: 2)
            default: return Instruction(.nop, size: 2)  // NOP, YIELD and unallocated hints
            }
        default:
            return undefined16(UInt16(h))
        }
    }

    static func undefined16(_ hw: UInt16) -> Instruction {
        Instruction(.undefined, size: 2, imm: UInt32(hw))
    }

    /// A PC-relative load: the executor sees PC (as read by the instruction, `pc + 4`) in r15,
    /// so the offset is adjusted for the word alignment the architecture applies.
    static func literal(_ op: Op, rt: UInt8, offset: Int64, pc: UInt32, size: UInt8) -> Instruction {
        let base = Int64((pc &+ 4) & ~3)
        let adjusted = base + offset - Int64(pc &+ 4)
        return Instruction(op, size: size, rd: rt, rn: 15, imm: UInt32(truncatingIfNeeded: adjusted))
    }
}
