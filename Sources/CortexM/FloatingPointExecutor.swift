import Emulation

/// How an FP instruction ended, packed in one integer so the executor's loop pays one compare
/// in the common case: the low byte is the extra cycles the instruction takes beyond one;
/// the flags above it are rare.
enum FloatingPointResult {
    /// A store needs the exception logic to look before the next instruction.
    static let attention: UInt32 = 1 << 8
    /// VMRS APSR_nzcv: the loop copies FPSCR's NZCV into its flags.
    static let copyFlags: UInt32 = 1 << 9
    /// The instruction did not complete; `CortexM4.floatingPointFault` says why.
    static let fault: UInt32 = 1 << 10
}

/// Why an FP instruction did not complete.
enum FloatingPointFault {
    /// CPACR denies access to CP10/CP11 (NOCP UsageFault).
    case noAccess
    case undefined
    case busFault(UInt32)
    case unaligned(UInt32)
}

/// FPCCR bits (ARMv7-M B3.2.21).
enum FPCCRBits {
    static let lazyStateActive: UInt32 = 1 << 0       // LSPACT
    static let user: UInt32 = 1 << 1                  // USER
    static let thread: UInt32 = 1 << 3                // THREAD
    static let hardFaultReady: UInt32 = 1 << 4        // HFRDY
    static let memManageReady: UInt32 = 1 << 5        // MMRDY
    static let busFaultReady: UInt32 = 1 << 6         // BFRDY
    static let monitorReady: UInt32 = 1 << 8          // MONRDY
    static let lazyStacking: UInt32 = 1 << 30         // LSPEN
    static let automaticStacking: UInt32 = 1 << 31    // ASPEN
}

extension CortexM4 {
    /// FPSCR bits software can write on an FPv4-SP M-profile core: NZCV, AHP, DN, FZ, RMode,
    /// IDC and the five cumulative flags (Len and Stride do not exist here).
    static let fpscrWritableBits: UInt32 = 0xF7C0_009F
    /// The FPSCR fields FPDSCR supplies for a new floating-point context (AHP, DN, FZ, RMode).
    static let fpscrDefaultBits: UInt32 = 0x07C0_0000

    /// CP10 access as CPACR grants it: full, or privileged only (and the code is privileged).
    var floatingPointAccessible: Bool {
        let cp10 = (systemControl.cpacr >> 20) & 3
        return cp10 == 3 || (cp10 == 1 && isPrivileged)
    }

    /// Value of the ready slot when an FP instruction needs no checks: CPACR grants full
    /// access, and ExecuteFPCheck has nothing to do (no lazy save pending, and the context
    /// already has FP state or FPCCR.ASPEN is clear).
    static let floatingPointReady: UInt32 = 1

    /// Called whenever CPACR, FPCCR or CONTROL may have changed: the next FP instruction
    /// takes the checked path again.
    func floatingPointContextChanged() {
        fpState[CortexM4.fpReadySlot] = 0
    }

    /// The checked path: access (NOCP), then ExecuteFPCheck's bookkeeping; afterwards
    /// decides whether later instructions may skip it.
    @inline(never)
    private func checkFloatingPointAccess() -> Bool {
        guard floatingPointAccessible else { return false }
        prepareFloatingPointContext()
        let fpccr = systemControl.fpccr
        let contextSettled = fpccr & FPCCRBits.lazyStateActive == 0
            && (fpccr & FPCCRBits.automaticStacking == 0 || control & 4 != 0)
        if (systemControl.cpacr >> 20) & 3 == 3 && contextSettled {
            fpState[CortexM4.fpReadySlot] = CortexM4.floatingPointReady
        }
        return true
    }

    /// Executes one FP instruction (its condition already passed). `now` is the cycle count
    /// for peripherals reached by VLDR/VSTR/VLDM/VSTM, through the executor's `mem`.
    @inline(never)
    func executeFloatingPoint(_ d: Instruction, now: UInt64) -> UInt32 {
        let fpState = self.fpState
        if fpState[CortexM4.fpReadySlot] != CortexM4.floatingPointReady {
            guard checkFloatingPointAccess() else { return fault(.noAccess) }
        }
        if d.op == .vundefined { return fault(.undefined) }
        let s = self.s
        let r = self.r
        var status = fpState[CortexM4.fpscrSlot]
        defer { fpState[CortexM4.fpscrSlot] = status }
        let rd = Int(d.rd), rn = Int(d.rn), rm = Int(d.rm)
        switch d.op {
        case .vadd: s[rd] = SoftFloat.add(s[rn], s[rm], &status)
        case .vsub: s[rd] = SoftFloat.sub(s[rn], s[rm], &status)
        case .vmul: s[rd] = SoftFloat.mul(s[rn], s[rm], &status)
        case .vnmul: s[rd] = SoftFloat.mul(s[rn], s[rm], &status) ^ 0x8000_0000
        case .vdiv:
            s[rd] = SoftFloat.div(s[rn], s[rm], &status)
            return 13
        case .vmla, .vmls:
            // Two roundings: the product, then the sum (FPMul then FPAdd).
            let product = SoftFloat.mul(s[rn], s[rm], &status)
            s[rd] = SoftFloat.add(s[rd], d.op == .vmla ? product : product ^ 0x8000_0000, &status)
            return 2
        case .vnmla, .vnmls:
            let product = SoftFloat.mul(s[rn], s[rm], &status)
            s[rd] = SoftFloat.add(s[rd] ^ 0x8000_0000, d.op == .vnmla ? product ^ 0x8000_0000 : product, &status)
            return 2
        case .vfma, .vfms:
            s[rd] = SoftFloat.fusedMulAdd(s[rd], d.op == .vfms ? s[rn] ^ 0x8000_0000 : s[rn], s[rm], &status)
            return 2
        case .vfnma, .vfnms:
            s[rd] = SoftFloat.fusedMulAdd(s[rd] ^ 0x8000_0000, d.op == .vfnma ? s[rn] ^ 0x8000_0000 : s[rn], s[rm], &status)
            return 2
        case .vsqrt:
            s[rd] = SoftFloat.sqrt(s[rm], &status)
            return 13
        case .vabs: s[rd] = s[rm] & 0x7FFF_FFFF
        case .vneg: s[rd] = s[rm] ^ 0x8000_0000
        case .vmovReg: s[rd] = s[rm]
        case .vmovImm: s[rd] = d.imm
        case .vcmp:
            let operand = d.flags & ThumbDecoder.fpFlagCompareWithZero != 0 ? 0 : s[rm]
            let nzcv = SoftFloat.compare(s[rd], operand, quietNaNRaisesInvalid: d.flags & ThumbDecoder.fpFlagSignalQuietNaN != 0, &status)
            status = (status & 0x0FFF_FFFF) | (nzcv & 0xF000_0000)
        case .vcvtToInteger:
            s[rd] = SoftFloat.toFixed(s[rm], size: 32, fractionBits: 0, unsigned: d.flags & ThumbDecoder.fpFlagUnsigned != 0,
                                      roundTowardZero: d.flags & ThumbDecoder.fpFlagRoundTowardZero != 0, &status)
        case .vcvtFromInteger:
            s[rd] = SoftFloat.fromFixed(s[rm], size: 32, fractionBits: 0, unsigned: d.flags & ThumbDecoder.fpFlagUnsigned != 0, &status)
        case .vcvtFixed:
            let unsigned = d.flags & ThumbDecoder.fpFlagUnsigned != 0
            if d.flags & ThumbDecoder.fpFlagToNarrow != 0 {
                s[rd] = SoftFloat.toFixed(s[rd], size: Int(d.sh), fractionBits: Int(d.amt), unsigned: unsigned, roundTowardZero: true, &status)
            } else {
                s[rd] = SoftFloat.fromFixed(s[rd], size: Int(d.sh), fractionBits: Int(d.amt), unsigned: unsigned, &status)
            }
        case .vcvtHalf:
            let shift: UInt32 = d.sh != 0 ? 16 : 0
            if d.flags & ThumbDecoder.fpFlagToNarrow != 0 {
                let half = UInt32(SoftFloat.singleToHalf(s[rm], &status))
                s[rd] = (s[rd] & ~(0xFFFF << shift)) | (half << shift)
            } else {
                s[rd] = SoftFloat.halfToSingle(UInt16(truncatingIfNeeded: s[rm] >> shift), &status)
            }
        case .vmrs:
            // APSR_nzcv (Rt = 15) is copied by the executor, which owns the flags.
            if rd != 15 { r[rd] = status } else { return FloatingPointResult.copyFlags }
        case .vmsr:
            status = r[rn] & CortexM4.fpscrWritableBits
        case .vmovToCore: r[rd] = s[Int(d.ra)]
        case .vmovFromCore: s[Int(d.ra)] = r[rd]
        case .vmovPairToCore:
            r[rd] = s[Int(d.ra)]
            r[rn] = s[Int(d.ra) + 1]
            return 1
        case .vmovPairFromCore:
            s[Int(d.ra)] = r[rd]
            s[Int(d.ra) + 1] = r[rn]
            return 1
        case .vldr, .vstr:
            let base = rn == 15 ? r[15] & ~3 : r[rn]
            return transferFloatingPoint(load: d.op == .vldr, address: base &+ d.imm, first: rd, count: Int(d.amt), now: now)
        case .vldm, .vstm:
            let words = UInt32(d.amt)
            let base = r[rn]
            let decrement = d.flags & ThumbDecoder.fpFlagDecrementBefore != 0
            let start = decrement ? base &- 4 &* words : base
            let result = transferFloatingPoint(load: d.op == .vldm, address: start, first: rd, count: Int(words), now: now)
            if result & FloatingPointResult.fault == 0 && d.flags & Instruction.flagWriteback != 0 {
                r[rn] = decrement ? base &- 4 &* words : base &+ 4 &* words
            }
            return result
        default:
            return fault(.undefined)
        }
        return 0
    }

    /// Records why the instruction did not complete, for the executor's stop.
    @inline(never)
    private func fault(_ reason: FloatingPointFault) -> UInt32 {
        floatingPointFault = reason
        return FloatingPointResult.fault
    }

    /// VLDR/VSTR/VLDM/VSTM: `count` consecutive words between memory at `address` (word
    /// aligned, whatever CCR.UNALIGN_TRP says) and s[first]... Costs 1 + count cycles.
    @inline(__always)
    private func transferFloatingPoint(load: Bool, address: UInt32, first: Int, count: Int, now: UInt64) -> UInt32 {
        guard address & 3 == 0 else { return fault(.unaligned(address)) }
        let mem = fast
        let s = self.s
        var needsAttention = false
        for i in 0..<count {
            let a = address &+ UInt32(4 * i)
            if load {
                guard let value = mem.load32(a, now) else { return fault(.busFault(a)) }
                s[first + i] = value
            } else {
                let result = mem.store32(a, s[first + i], now)
                if result == FastMemory.failed { return fault(.busFault(a)) }
                if result == FastMemory.storedAttention { needsAttention = true }
            }
        }
        return UInt32(count) | (needsAttention ? FloatingPointResult.attention : 0)
    }

    /// ExecuteFPCheck's bookkeeping: finish a pending lazy state preservation, and on the first
    /// FP instruction of a context (ASPEN set, CONTROL.FPCA clear) load FPSCR's defaults from
    /// FPDSCR and mark the context as having FP state.
    private func prepareFloatingPointContext() {
        let fpccr = systemControl.fpccr
        if fpccr & FPCCRBits.lazyStateActive != 0 { preserveFloatingPointState() }
        if fpccr & FPCCRBits.automaticStacking != 0 && control & 4 == 0 {
            fpscr = (fpscr & ~CortexM4.fpscrDefaultBits) | (systemControl.fpdscr & CortexM4.fpscrDefaultBits)
            setControl(control | 4)
        }
    }

    /// PreserveFPState: writes s0–s15 and FPSCR into the space an exception entry reserved at
    /// FPCAR, then clears FPCCR.LSPACT.
    func preserveFloatingPointState() {
        let area = systemControl.fpcar
        for i in 0..<16 { _ = bus.write(area &+ UInt32(4 * i), size: 4, value: s[i]) }
        _ = bus.write(area &+ 64, size: 4, value: fpscr)
        systemControl.fpccr &= ~FPCCRBits.lazyStateActive
        floatingPointContextChanged()
    }
}
