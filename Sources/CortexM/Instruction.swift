/// Operation codes of pre-decoded instructions. The executor dispatches on these with one
/// `switch`; every form the decoder can tell apart at decode time gets its own case so the
/// executor re-reads no encoding fields. Case 0 must stay `undecoded`: zeroed cache memory
/// reads back as "not decoded yet".
enum Op: UInt16 {
    case undecoded = 0

    // Data processing: I = operand is `imm`; R = operand is `rm` shifted by (`sh`, `amt`).
    // The S forms set flags. Order inside each block is fixed by `Op.dataProcessing(kind:...)`.
    case andI, eorI, orrI, ornI, bicI, addI, adcI, subI, sbcI, rsbI, movI, mvnI
    case andsI, eorsI, orrsI, ornsI, bicsI, addsI, adcsI, subsI, sbcsI, rsbsI, movsI, mvnsI
    case andR, eorR, orrR, ornR, bicR, addR, adcR, subR, sbcR, rsbR, movR, mvnR
    case andsR, eorsR, orrsR, ornsR, bicsR, addsR, adcsR, subsR, sbcsR, rsbsR, movsR, mvnsR
    case tstI, teqI, cmpI, cmnI, tstR, teqR, cmpR, cmnR
    /// Fast forms: register operand without shift.
    case addRR, subRR, movRR, cmpRR
    /// LSL/LSR/ASR/ROR by register (`sh` = type).
    case shiftReg, shiftRegS
    case movt

    /// Writes to SP (bits [1:0] of SP always read as zero): ADD/SUB with SP as destination
    /// (flags: register operand, sets flags), MOV SP, and LDR SP (addressing as `ldrPC`).
    case addSP, subSP, movSP, ldrSP

    // Multiply and divide.
    case mul, muls, mla, mls, smull, umull, smlal, umlal, sdiv, udiv

    // Bit manipulation.
    case clz, rbit, rev, rev16, revsh, bfi, bfc, sbfx, ubfx
    /// Extends: rotation in `amt`.
    case sxtb, sxth, uxtb, uxth
    /// Saturation: bit position in `ra`, shift in (`sh`, `amt`).
    case ssat, usat
    /// DSP parallel add/subtract: prefix (`ParallelPrefix`) in `ra`, operation (`ParallelOperation`) in `sh`.
    case parallel
    /// UADD8, the one string functions use (newlib's strlen and strcmp): its own fast op.
    case uadd8
    /// DSP multiplies. `sh` holds the encoding's N:M (halves), X (exchange) or R (round) bits;
    /// `flagAccumulate` says whether Ra (in `ra`) is added. Long forms: RdHi in `rd`, RdLo in `ra`.
    case smlaxy, smlad, smlawy, smlsd, smmla, smmls, usada8
    case smlalxy, smlald, smlsld, umaal
    /// PKHBT (`sh` 0, LSL) and PKHTB (`sh` 1, ASR) with the shift in `amt`.
    case pkh
    /// SSAT16/USAT16: saturation width in `ra`.
    case ssat16, usat16
    /// SEL: bytes chosen by the GE flags.
    case sel
    /// QADD, QDADD, QSUB, QDSUB: saturating arithmetic; which one is in `ra` (encoding op2).
    case saturatingArithmetic
    /// SXTAB/SXTAH/UXTAB/UXTAH and the B16 forms: the encoding's op1 in `ra`, rotation in
    /// `amt`; `rn` is 15 for the forms without an add.
    case extend

    // Single loads and stores. I: [rn, #imm] (imm may be negative, two's complement);
    // R: [rn, rm, LSL #amt]; X: pre/post-indexed with writeback (flags: `preIndex`).
    case ldrI, ldrbI, ldrhI, ldrsbI, ldrshI, strI, strbI, strhI
    case ldrR, ldrbR, ldrhR, ldrsbR, ldrshR, strR, strbR, strhR
    case ldrX, ldrbX, ldrhX, ldrsbX, ldrshX, strX, strbX, strhX
    /// LDR into PC, any addressing form (`flags`: preIndex, writeback, register offset).
    case ldrPC
    case ldrd, strd
    /// Register list in `imm`; flags: writeback.
    case ldmia, ldmdb, stmia, stmdb
    case ldrex, ldrexb, ldrexh, strex, strexb, strexh, clrex

    // Branches. Targets computed at decode time are in `imm` (with no Thumb bit).
    case b, bcond, cbz, cbnz, bl, bx, blx, tbb, tbh
    /// `B .`: a loop that only burns time. In Thread mode it waits for an interrupt, so the
    /// core sleeps until one (same result, no host time); in a fault handler it is the end.
    case branchToSelf
    /// MOV PC, Rm and ADD PC, Rm (16-bit): branch without interworking.
    case movPC, addPC
    case it

    // System.
    case mrs, msr, cps, nop, wfi, wfe, sev, bkpt, svc, udf
    /// An encoding that is UNDEFINED on ARMv7-M; the raw encoding is in `imm`.
    case undefined
    /// What CBZ, CBNZ, B<cond>, IT and CPS become inside an IT block (UNPREDICTABLE there).
    case notPermittedInITBlock

    // Floating point (FPv4-SP), decoded in FloatingPointDecoder.swift and executed in
    // FloatingPointExecutor.swift. S registers are indices 0...31 in `rd`, `rn`, `rm`, `ra`.
    case vadd, vsub, vmul, vnmul, vdiv, vmla, vmls, vnmla, vnmls, vfma, vfms, vfnma, vfnms
    case vsqrt, vabs, vneg, vmovReg, vmovImm, vcmp, vcvtToInteger, vcvtFromInteger, vcvtFixed, vcvtHalf
    case vmrs, vmsr, vmovToCore, vmovFromCore, vmovPairToCore, vmovPairFromCore
    case vldr, vstr, vldm, vstm
    /// In the FP encoding space but UNDEFINED on FPv4-SP (double-precision arithmetic and the
    /// UNPREDICTABLE forms): NOCP while CPACR denies access, else UNDEFINSTR.
    case vundefined
}

/// One pre-decoded instruction: 16 bytes, stored in a per-region cache indexed by halfword.
struct Instruction {
    var imm: UInt32 = 0
    var op: Op = .undecoded
    /// Encoding size in bytes (2 or 4).
    var size: UInt8 = 2
    var rd: UInt8 = 0
    var rn: UInt8 = 0
    var rm: UInt8 = 0
    var ra: UInt8 = 0
    /// Shift type: 0 LSL, 1 LSR, 2 ASR, 3 ROR, 4 RRX.
    var sh: UInt8 = 0
    /// Shift amount (1...32 for immediate shifts; 0 = none) or rotation.
    var amt: UInt8 = 0
    var flags: UInt8 = 0
    /// The op to execute inside an IT block (16-bit data processing does not set flags there).
    var opInITBlock: Op = .undecoded

    static let flagCarryValid: UInt8 = 1 << 0   // modified immediate supplies the carry
    static let flagCarry: UInt8 = 1 << 1
    static let flagPreIndex: UInt8 = 1 << 2
    static let flagWriteback: UInt8 = 1 << 3
    static let flagRegisterOffset: UInt8 = 1 << 4
    static let flagSetsFlags: UInt8 = 1 << 5
    /// DSP multiplies: Ra is added (the MLA forms rather than the MUL forms).
    static let flagAccumulate: UInt8 = 1 << 0
    /// Set on every instruction that can write PC: inside an IT block it must come last.
    static let flagWritesPC: UInt8 = 1 << 6

    init() {}

    init(_ op: Op, size: UInt8, rd: UInt8 = 0, rn: UInt8 = 0, rm: UInt8 = 0, ra: UInt8 = 0,
         sh: UInt8 = 0, amt: UInt8 = 0, flags: UInt8 = 0, imm: UInt32 = 0) {
        self.op = op
        self.size = size
        self.rd = rd
        self.rn = rn
        self.rm = rm
        self.ra = ra
        self.sh = sh
        self.amt = amt
        self.flags = flags
        self.imm = imm
    }
}

/// The data-processing operations, in the order of their `Op` blocks.
enum DataProcessing: UInt16 {
    case and, eor, orr, orn, bic, add, adc, sub, sbc, rsb, mov, mvn
}

extension Op {
    static func dataProcessing(_ kind: DataProcessing, register: Bool, setFlags: Bool) -> Op {
        let block: Op = register ? (setFlags ? .andsR : .andR) : (setFlags ? .andsI : .andI)
        return Op(rawValue: block.rawValue + kind.rawValue)!
    }

    /// Inside an IT block the 16-bit data-processing encodings do not set flags; this maps
    /// their flag-setting op to the plain one.
    var withoutFlags: Op {
        switch self {
        case .andsI ... .mvnsI: return Op(rawValue: rawValue - (Op.andsI.rawValue - Op.andI.rawValue))!
        case .andsR ... .mvnsR: return Op(rawValue: rawValue - (Op.andsR.rawValue - Op.andR.rawValue))!
        case .shiftRegS: return .shiftReg
        case .muls: return .mul
        default: return self
        }
    }
}

extension Op: Comparable {
    static func < (lhs: Op, rhs: Op) -> Bool { lhs.rawValue < rhs.rawValue }
}
