import Emulation

// MARK: Arithmetic helpers (inlined into the executor)

@inline(__always)
func addWithCarry(_ x: UInt32, _ y: UInt32, _ carryIn: Bool, _ f: inout Flags) -> UInt32 {
    let wide = UInt64(x) &+ UInt64(y) &+ (carryIn ? 1 : 0)
    let result = UInt32(truncatingIfNeeded: wide)
    f.n = result >> 31 != 0
    f.z = result == 0
    f.c = wide >> 32 != 0
    f.v = ((x ^ result) & (y ^ result)) >> 31 != 0
    return result
}

@inline(__always)
func setNZ(_ result: UInt32, _ f: inout Flags) {
    f.n = result >> 31 != 0
    f.z = result == 0
}

/// Shift by an immediate or register amount, without carry-out. Types: 0 LSL, 1 LSR, 2 ASR,
/// 3 ROR, 4 RRX. Amounts of 32 or more follow the architecture (register shifts use Rs[7:0]).
@inline(__always)
func shift(_ x: UInt32, _ type: UInt8, _ n: UInt32, _ carryIn: Bool) -> UInt32 {
    if n == 0 { return x }
    switch type {
    case 0: return n < 32 ? x &<< n : 0
    case 1: return n < 32 ? x &>> n : 0
    case 2: return UInt32(bitPattern: Int32(bitPattern: x) &>> (n < 32 ? n : 31))
    case 3: return x.rotatedRight(n & 31)
    default: return (x >> 1) | (carryIn ? 0x8000_0000 : 0)
    }
}

@inline(__always)
func shiftWithCarry(_ x: UInt32, _ type: UInt8, _ n: UInt32, _ carryIn: Bool) -> (UInt32, Bool) {
    if n == 0 { return (x, carryIn) }
    switch type {
    case 0:
        if n < 32 { return (x &<< n, (x &>> (32 - n)) & 1 != 0) }
        return (0, n == 32 ? x & 1 != 0 : false)
    case 1:
        if n < 32 { return (x &>> n, (x &>> (n - 1)) & 1 != 0) }
        return (0, n == 32 ? x >> 31 != 0 : false)
    case 2:
        if n < 32 { return (UInt32(bitPattern: Int32(bitPattern: x) &>> n), (x &>> (n - 1)) & 1 != 0) }
        let sign = x >> 31 != 0
        return (sign ? 0xFFFF_FFFF : 0, sign)
    case 3:
        let result = x.rotatedRight(n & 31)
        return (result, result >> 31 != 0)
    default:
        return ((x >> 1) | (carryIn ? 0x8000_0000 : 0), x & 1 != 0)
    }
}

extension UInt32 {
    @inline(__always)
    func rotatedRight(_ n: UInt32) -> UInt32 { n == 0 ? self : (self &>> n) | (self &<< (32 - n)) }
}

@inline(__always)
func conditionPassed(_ cond: UInt8, _ f: Flags) -> Bool {
    switch cond {
    case 0: return f.z
    case 1: return !f.z
    case 2: return f.c
    case 3: return !f.c
    case 4: return f.n
    case 5: return !f.n
    case 6: return f.v
    case 7: return !f.v
    case 8: return f.c && !f.z
    case 9: return !f.c || f.z
    case 10: return f.n == f.v
    case 11: return f.n != f.v
    case 12: return !f.z && f.n == f.v
    case 13: return f.z || f.n != f.v
    default: return true
    }
}

/// The address of a load whose addressing form is in its flags (LDR into PC or SP): register or
/// immediate offset, pre- or post-indexed; and the base after writeback.
@inline(__always)
func generalAddress(_ d: Instruction, _ r: UnsafeMutablePointer<UInt32>) -> (address: UInt32, updatedBase: UInt32) {
    let base = r[Int(d.rn)]
    let offset = d.flags & Instruction.flagRegisterOffset != 0 ? r[Int(d.rm)] << UInt32(d.amt) : d.imm
    return (d.flags & Instruction.flagPreIndex != 0 ? base &+ offset : base, base &+ offset)
}

/// The 32-bit DSP multiply-accumulates: SMLA<x><y>, SMLAD(X), SMLAW<y>, SMLSD(X) and their
/// non-accumulating SMUL forms. Returns the result and whether Q must be set.
@inline(__always)
func dspMultiplyAccumulate(_ d: Instruction, _ r: UnsafeMutablePointer<UInt32>) -> (UInt32, Bool) {
    let n = r[Int(d.rn)], m = r[Int(d.rm)]
    func half(_ x: UInt32, top: Bool) -> Int64 { Int64(Int16(truncatingIfNeeded: top ? x >> 16 : x)) }
    let accumulate = d.flags & Instruction.flagAccumulate != 0
    let addend = accumulate ? Int64(Int32(bitPattern: r[Int(d.ra)])) : 0
    let exact: Int64
    switch d.op {
    case .smlaxy:
        exact = half(n, top: d.sh & 2 != 0) * half(m, top: d.sh & 1 != 0) + addend
    case .smlawy:
        let product = Int64(Int32(bitPattern: n)) * half(m, top: d.sh & 1 != 0)
        exact = (product >> 16) + addend
    default:  // SMLAD, SMLSD: X exchanges Rm's halves
        let m2 = d.sh & 1 != 0 ? m.rotatedRight(16) : m
        let low = half(n, top: false) * half(m2, top: false), high = half(n, top: true) * half(m2, top: true)
        exact = (d.op == .smlad ? low + high : low - high) + addend
    }
    return (UInt32(truncatingIfNeeded: exact), exact != Int64(Int32(truncatingIfNeeded: exact)))
}

/// SMLAL<x><y>, SMLALD(X), SMLSLD(X) and UMAAL on a 64-bit accumulator (RdHi:RdLo).
@inline(__always)
func dspLongMultiply(_ d: Instruction, _ r: UnsafeMutablePointer<UInt32>, _ accumulator: UInt64) -> UInt64 {
    let n = r[Int(d.rn)], m = r[Int(d.rm)]
    func half(_ x: UInt32, top: Bool) -> Int64 { Int64(Int16(truncatingIfNeeded: top ? x >> 16 : x)) }
    switch d.op {
    case .smlalxy:
        return accumulator &+ UInt64(bitPattern: half(n, top: d.sh & 2 != 0) * half(m, top: d.sh & 1 != 0))
    case .umaal:
        return UInt64(n) &* UInt64(m) &+ (accumulator & 0xFFFF_FFFF) &+ (accumulator >> 32)
    default:
        let m2 = d.sh & 1 != 0 ? m.rotatedRight(16) : m
        let low = half(n, top: false) * half(m2, top: false), high = half(n, top: true) * half(m2, top: true)
        return accumulator &+ UInt64(bitPattern: d.op == .smlald ? low + high : low - high)
    }
}

/// Signed saturation to `bits` bits (1...32): the value and whether it saturated.
@inline(__always)
func signedSaturate(_ value: Int64, bits: UInt8) -> (UInt32, Bool) {
    let maximum = (Int64(1) << (Int64(bits) - 1)) - 1
    let minimum = -(Int64(1) << (Int64(bits) - 1))
    if value > maximum { return (UInt32(truncatingIfNeeded: maximum), true) }
    if value < minimum { return (UInt32(truncatingIfNeeded: minimum), true) }
    return (UInt32(truncatingIfNeeded: value), false)
}

@inline(__always)
func unsignedSaturate(_ value: Int64, bits: UInt8) -> (UInt32, Bool) {
    let maximum = (Int64(1) << Int64(bits)) - 1
    if value > maximum { return (UInt32(truncatingIfNeeded: maximum), true) }
    if value < 0 { return (0, true) }
    return (UInt32(truncatingIfNeeded: value), false)
}

/// Cycles a divide takes on a Cortex-M4 (2 to 12, fewer when the quotient is short).
@inline(__always)
func divideCycles(_ dividend: UInt32, _ divisor: UInt32) -> UInt64 {
    if divisor == 0 || dividend < divisor { return 2 }
    let quotientBits = UInt64(divisor.leadingZeroBitCount - dividend.leadingZeroBitCount + 1)
    return min(12, 2 + (quotientBits + 3) / 4)
}

extension CortexM4 {
    /// Executes up to `budget` instructions. Returns why it stopped; `.budgetExhausted` means
    /// exactly `budget` instructions ran (an IT instruction and a skipped conditional
    /// instruction count as one each).
    func execute(budget initialBudget: UInt64) -> CPUStop {
        let r = self.r
        let mem = fast
        var f = flags
        var geFlags = ge
        var it = itState
        var pc = r[15]
        var budget = initialBudget
        var extra: UInt64 = 0
        var stop = CPUStop.budgetExhausted
        var here: UInt32 = pc
        // ITSTATE before the current instruction, recorded only inside IT blocks so the common
        // path pays nothing for it; the budget at that moment identifies the instruction.
        var itBefore: UInt8 = 0
        var itBeforeBudget = UInt64.max
        // Set when an instruction completed but the run cannot continue after it (a branch to
        // an address with the Thumb bit clear faults at its target, not at the branch).
        var completedBeforeStop = false
        // When an instruction needs the exception logic to look at the CPU before the next one
        // (a store that pended an interrupt, a mask register change), the loop ends early: the
        // unused budget is kept here and the run returns `.attention`.
        var deferredBudget: UInt64 = 0
        guard var code = codeRegion(containing: pc) else {
            return fetchFault(pc)
        }
        let startCycles = cycles
        /// The cycle count at the current instruction, for peripherals (used only on slow paths).
        @inline(__always) func now() -> UInt64 { startCycles &+ (initialBudget &- budget) &+ extra }
        var codeBase = code.base
        var codeSize = code.fastFetchSize
        var decoded = code.decoded

        execution: while budget > 0 {
            here = pc
            budget &-= 1
            var offset = pc &- codeBase
            if offset >= codeSize {
                guard let next = codeRegion(containing: pc) else {
                    stop = fetchFault(pc)
                    break execution
                }
                // With the MPU on, every fetch comes this way (fastFetchSize is 0) to be checked.
                if next.fastFetchSize == 0, let denied = fetchDenied(pc) {
                    stop = denied
                    break execution
                }
                code = next
                codeBase = next.base
                codeSize = next.fastFetchSize
                decoded = next.decoded
                offset = pc &- codeBase
            }
            var d = decoded[Int(offset >> 1)]
            if d.op == .undecoded {
                guard let fresh = decode(at: pc, in: code) else {
                    stop = fetchFault(pc, regionEnd: codeBase &+ codeSize)
                    break execution
                }
                d = fresh
            }
            r[15] = pc &+ 4
            pc = pc &+ UInt32(d.size)
            if it != 0 {
                itBefore = it
                itBeforeBudget = budget
                let cond = it >> 4
                it = (it & 0x0F) == 0x08 ? 0 : (it & 0xE0) | ((it << 1) & 0x1F)
                // A branch may only be the last instruction of an IT block (UNPREDICTABLE
                // otherwise, which this emulator refuses rather than guesses).
                if it != 0 && d.flags & Instruction.flagWritesPC != 0 {
                    stop = notPermittedInITBlock(d, at: here, reason: "a branch that is not the last instruction of its IT block")
                    break execution
                }
                // BKPT executes unconditionally, inside an IT block too.
                if !conditionPassed(cond, f) && d.op != .bkpt { continue }
                d.op = d.opInITBlock
            }

            switch d.op {
            // MARK: Data processing, immediate operand
            case .andI: r[Int(d.rd)] = r[Int(d.rn)] & d.imm
            case .eorI: r[Int(d.rd)] = r[Int(d.rn)] ^ d.imm
            case .orrI: r[Int(d.rd)] = r[Int(d.rn)] | d.imm
            case .ornI: r[Int(d.rd)] = r[Int(d.rn)] | ~d.imm
            case .bicI: r[Int(d.rd)] = r[Int(d.rn)] & ~d.imm
            case .addI: r[Int(d.rd)] = r[Int(d.rn)] &+ d.imm
            case .adcI: r[Int(d.rd)] = r[Int(d.rn)] &+ d.imm &+ (f.c ? 1 : 0)
            case .subI: r[Int(d.rd)] = r[Int(d.rn)] &- d.imm
            case .sbcI: r[Int(d.rd)] = r[Int(d.rn)] &+ ~d.imm &+ (f.c ? 1 : 0)
            case .rsbI: r[Int(d.rd)] = d.imm &- r[Int(d.rn)]
            case .movI: r[Int(d.rd)] = d.imm
            case .mvnI: r[Int(d.rd)] = ~d.imm
            case .andsI, .eorsI, .orrsI, .ornsI, .bicsI, .movsI, .mvnsI:
                let a = r[Int(d.rn)]
                let result: UInt32
                switch d.op {
                case .andsI: result = a & d.imm
                case .eorsI: result = a ^ d.imm
                case .orrsI: result = a | d.imm
                case .ornsI: result = a | ~d.imm
                case .bicsI: result = a & ~d.imm
                case .movsI: result = d.imm
                default: result = ~d.imm
                }
                r[Int(d.rd)] = result
                setNZ(result, &f)
                if d.flags & Instruction.flagCarryValid != 0 { f.c = d.flags & Instruction.flagCarry != 0 }
            case .addsI: r[Int(d.rd)] = addWithCarry(r[Int(d.rn)], d.imm, false, &f)
            case .adcsI: r[Int(d.rd)] = addWithCarry(r[Int(d.rn)], d.imm, f.c, &f)
            case .subsI: r[Int(d.rd)] = addWithCarry(r[Int(d.rn)], ~d.imm, true, &f)
            case .sbcsI: r[Int(d.rd)] = addWithCarry(r[Int(d.rn)], ~d.imm, f.c, &f)
            case .rsbsI: r[Int(d.rd)] = addWithCarry(~r[Int(d.rn)], d.imm, true, &f)
            case .tstI:
                setNZ(r[Int(d.rn)] & d.imm, &f)
                if d.flags & Instruction.flagCarryValid != 0 { f.c = d.flags & Instruction.flagCarry != 0 }
            case .teqI:
                setNZ(r[Int(d.rn)] ^ d.imm, &f)
                if d.flags & Instruction.flagCarryValid != 0 { f.c = d.flags & Instruction.flagCarry != 0 }
            case .cmpI: _ = addWithCarry(r[Int(d.rn)], ~d.imm, true, &f)
            case .cmnI: _ = addWithCarry(r[Int(d.rn)], d.imm, false, &f)

            // MARK: Data processing, register operand
            case .addRR: r[Int(d.rd)] = r[Int(d.rn)] &+ r[Int(d.rm)]
            case .subRR: r[Int(d.rd)] = r[Int(d.rn)] &- r[Int(d.rm)]
            case .movRR: r[Int(d.rd)] = r[Int(d.rm)]
            case .cmpRR: _ = addWithCarry(r[Int(d.rn)], ~r[Int(d.rm)], true, &f)
            case .andR, .eorR, .orrR, .ornR, .bicR, .addR, .adcR, .subR, .sbcR, .rsbR, .movR, .mvnR:
                let a = r[Int(d.rn)]
                let b = shift(r[Int(d.rm)], d.sh, UInt32(d.amt), f.c)
                let result: UInt32
                switch d.op {
                case .andR: result = a & b
                case .eorR: result = a ^ b
                case .orrR: result = a | b
                case .ornR: result = a | ~b
                case .bicR: result = a & ~b
                case .addR: result = a &+ b
                case .adcR: result = a &+ b &+ (f.c ? 1 : 0)
                case .subR: result = a &- b
                case .sbcR: result = a &+ ~b &+ (f.c ? 1 : 0)
                case .rsbR: result = b &- a
                case .movR: result = b
                default: result = ~b
                }
                r[Int(d.rd)] = result
            case .andsR, .eorsR, .orrsR, .ornsR, .bicsR, .movsR, .mvnsR:
                let a = r[Int(d.rn)]
                let (b, carry) = shiftWithCarry(r[Int(d.rm)], d.sh, UInt32(d.amt), f.c)
                let result: UInt32
                switch d.op {
                case .andsR: result = a & b
                case .eorsR: result = a ^ b
                case .orrsR: result = a | b
                case .ornsR: result = a | ~b
                case .bicsR: result = a & ~b
                case .movsR: result = b
                default: result = ~b
                }
                r[Int(d.rd)] = result
                setNZ(result, &f)
                f.c = carry
            case .addsR: r[Int(d.rd)] = addWithCarry(r[Int(d.rn)], shift(r[Int(d.rm)], d.sh, UInt32(d.amt), f.c), false, &f)
            case .adcsR: r[Int(d.rd)] = addWithCarry(r[Int(d.rn)], shift(r[Int(d.rm)], d.sh, UInt32(d.amt), f.c), f.c, &f)
            case .subsR: r[Int(d.rd)] = addWithCarry(r[Int(d.rn)], ~shift(r[Int(d.rm)], d.sh, UInt32(d.amt), f.c), true, &f)
            case .sbcsR: r[Int(d.rd)] = addWithCarry(r[Int(d.rn)], ~shift(r[Int(d.rm)], d.sh, UInt32(d.amt), f.c), f.c, &f)
            case .rsbsR: r[Int(d.rd)] = addWithCarry(~r[Int(d.rn)], shift(r[Int(d.rm)], d.sh, UInt32(d.amt), f.c), true, &f)
            case .tstR, .teqR:
                let (b, carry) = shiftWithCarry(r[Int(d.rm)], d.sh, UInt32(d.amt), f.c)
                setNZ(d.op == .tstR ? r[Int(d.rn)] & b : r[Int(d.rn)] ^ b, &f)
                f.c = carry
            case .cmpR: _ = addWithCarry(r[Int(d.rn)], ~shift(r[Int(d.rm)], d.sh, UInt32(d.amt), f.c), true, &f)
            case .cmnR: _ = addWithCarry(r[Int(d.rn)], shift(r[Int(d.rm)], d.sh, UInt32(d.amt), f.c), false, &f)
            case .shiftReg:
                r[Int(d.rd)] = shift(r[Int(d.rn)], d.sh, r[Int(d.rm)] & 0xFF, f.c)
            case .shiftRegS:
                let (result, carry) = shiftWithCarry(r[Int(d.rn)], d.sh, r[Int(d.rm)] & 0xFF, f.c)
                r[Int(d.rd)] = result
                setNZ(result, &f)
                f.c = carry
            case .movt: r[Int(d.rd)] = (r[Int(d.rd)] & 0xFFFF) | (d.imm << 16)
            case .addSP, .subSP:
                let a = r[Int(d.rn)]
                let b = d.flags & Instruction.flagRegisterOffset != 0 ? shift(r[Int(d.rm)], d.sh, UInt32(d.amt), f.c) : d.imm
                let result: UInt32
                if d.flags & Instruction.flagSetsFlags != 0 {
                    result = d.op == .addSP ? addWithCarry(a, b, false, &f) : addWithCarry(a, ~b, true, &f)
                } else {
                    result = d.op == .addSP ? a &+ b : a &- b
                }
                r[13] = result & ~3
            case .movSP: r[13] = r[Int(d.rm)] & ~3
            case .ldrSP:
                let (address, updatedBase) = generalAddress(d, r)
                guard let v = mem.load32(address, now()) else { busFault(&stop, here, address); break execution }
                if d.flags & Instruction.flagWriteback != 0 { r[Int(d.rn)] = updatedBase }
                r[13] = v & ~3
                extra &+= 1

            // MARK: Multiply and divide
            case .mul: r[Int(d.rd)] = r[Int(d.rn)] &* r[Int(d.rm)]
            case .muls:
                let result = r[Int(d.rn)] &* r[Int(d.rm)]
                r[Int(d.rd)] = result
                setNZ(result, &f)
            case .mla:  // one cycle on a Cortex-M4 (two on an M3)
                r[Int(d.rd)] = r[Int(d.rn)] &* r[Int(d.rm)] &+ r[Int(d.ra)]
            case .mls:
                r[Int(d.rd)] = r[Int(d.ra)] &- r[Int(d.rn)] &* r[Int(d.rm)]
            case .smull, .umull, .smlal, .umlal:
                let a = r[Int(d.rn)], b = r[Int(d.rm)]
                var product: UInt64
                if d.op == .smull || d.op == .smlal {
                    product = UInt64(bitPattern: Int64(Int32(bitPattern: a)) &* Int64(Int32(bitPattern: b)))
                } else {
                    product = UInt64(a) &* UInt64(b)
                }
                if d.op == .smlal || d.op == .umlal {
                    product &+= (UInt64(r[Int(d.rd)]) << 32) | UInt64(r[Int(d.ra)])
                }
                r[Int(d.ra)] = UInt32(truncatingIfNeeded: product)
                r[Int(d.rd)] = UInt32(truncatingIfNeeded: product >> 32)
            case .sdiv:
                let n = Int32(bitPattern: r[Int(d.rn)]), m = Int32(bitPattern: r[Int(d.rm)])
                if m == 0 && systemControl.ccr & (1 << 4) != 0 { stop = divideByZero(here); break execution }
                extra &+= divideCycles(n.magnitude, m.magnitude) - 1
                // Division by zero gives 0 while CCR.DIV_0_TRP is clear; INT_MIN / -1 wraps.
                r[Int(d.rd)] = m == 0 ? 0 : UInt32(bitPattern: n.dividedReportingOverflow(by: m).partialValue)
            case .udiv:
                let n = r[Int(d.rn)], m = r[Int(d.rm)]
                if m == 0 && systemControl.ccr & (1 << 4) != 0 { stop = divideByZero(here); break execution }
                extra &+= divideCycles(n, m) - 1
                r[Int(d.rd)] = m == 0 ? 0 : n / m

            // MARK: Bit manipulation
            case .clz: r[Int(d.rd)] = UInt32(r[Int(d.rm)].leadingZeroBitCount)
            case .rbit:
                var x = r[Int(d.rm)]
                x = ((x >> 1) & 0x5555_5555) | ((x & 0x5555_5555) << 1)
                x = ((x >> 2) & 0x3333_3333) | ((x & 0x3333_3333) << 2)
                x = ((x >> 4) & 0x0F0F_0F0F) | ((x & 0x0F0F_0F0F) << 4)
                r[Int(d.rd)] = x.byteSwapped
            case .rev: r[Int(d.rd)] = r[Int(d.rm)].byteSwapped
            case .rev16:
                let x = r[Int(d.rm)]
                r[Int(d.rd)] = ((x & 0x00FF_00FF) << 8) | ((x >> 8) & 0x00FF_00FF)
            case .revsh:
                let x = r[Int(d.rm)]
                r[Int(d.rd)] = UInt32(bitPattern: Int32(Int16(bitPattern: UInt16(truncatingIfNeeded: (x << 8) | ((x >> 8) & 0xFF)))))
            case .bfi:
                let mask = d.imm
                r[Int(d.rd)] = (r[Int(d.rd)] & ~mask) | ((r[Int(d.rn)] << UInt32(d.amt)) & mask)
            case .bfc: r[Int(d.rd)] &= ~d.imm
            case .sbfx:
                let width = UInt32(d.ra), lsb = UInt32(d.amt)
                let up = r[Int(d.rn)] << (32 - width - lsb)
                r[Int(d.rd)] = UInt32(bitPattern: Int32(bitPattern: up) >> (32 - width))
            case .ubfx:
                let width = UInt32(d.ra), lsb = UInt32(d.amt)
                r[Int(d.rd)] = (r[Int(d.rn)] >> lsb) & (width == 32 ? 0xFFFF_FFFF : (1 << width) - 1)
            case .sxtb: r[Int(d.rd)] = UInt32(bitPattern: Int32(Int8(truncatingIfNeeded: r[Int(d.rm)].rotatedRight(UInt32(d.amt)))))
            case .sxth: r[Int(d.rd)] = UInt32(bitPattern: Int32(Int16(truncatingIfNeeded: r[Int(d.rm)].rotatedRight(UInt32(d.amt)))))
            case .uxtb: r[Int(d.rd)] = r[Int(d.rm)].rotatedRight(UInt32(d.amt)) & 0xFF
            case .uxth: r[Int(d.rd)] = r[Int(d.rm)].rotatedRight(UInt32(d.amt)) & 0xFFFF
            case .ssat, .usat:
                let operand = Int64(Int32(bitPattern: shift(r[Int(d.rn)], d.sh, UInt32(d.amt), f.c)))
                let (result, saturated) = d.op == .ssat
                    ? signedSaturate(operand, bits: d.ra) : unsignedSaturate(operand, bits: d.ra)
                r[Int(d.rd)] = result
                if saturated { q = true }

            case .uadd8:
                // Byte-wise add without carries between lanes; GE[i] is lane i's carry-out.
                let a = r[Int(d.rn)], b = r[Int(d.rm)]
                let sum = ((a & 0x7F7F_7F7F) &+ (b & 0x7F7F_7F7F)) ^ ((a ^ b) & 0x8080_8080)
                let carries = ((a & b) | ((a | b) & ~sum)) & 0x8080_8080
                r[Int(d.rd)] = sum
                geFlags = UInt8(truncatingIfNeeded: ((carries >> 7) & 1) | ((carries >> 14) & 2) | ((carries >> 21) & 4) | ((carries >> 28) & 8))
            case .smlaxy, .smlad, .smlawy, .smlsd:
                let (result, overflow) = dspMultiplyAccumulate(d, r)
                r[Int(d.rd)] = result
                if overflow { q = true }
            case .smmla, .smmls:
                var wide = Int64(Int32(bitPattern: r[Int(d.rn)])) &* Int64(Int32(bitPattern: r[Int(d.rm)]))
                if d.op == .smmls { wide = 0 &- wide }
                if d.flags & Instruction.flagAccumulate != 0 { wide &+= Int64(Int32(bitPattern: r[Int(d.ra)])) << 32 }
                if d.sh & 1 != 0 { wide &+= 0x8000_0000 }  // R: round
                r[Int(d.rd)] = UInt32(truncatingIfNeeded: wide >> 32)
            case .usada8:
                let a = r[Int(d.rn)], b = r[Int(d.rm)]
                var sum: UInt32 = d.flags & Instruction.flagAccumulate != 0 ? r[Int(d.ra)] : 0
                for lane in 0..<4 {
                    let x = (a >> UInt32(8 * lane)) & 0xFF, y = (b >> UInt32(8 * lane)) & 0xFF
                    sum &+= x > y ? x - y : y - x
                }
                r[Int(d.rd)] = sum
            case .smlalxy, .smlald, .smlsld, .umaal:
                let accumulator = (UInt64(r[Int(d.rd)]) << 32) | UInt64(r[Int(d.ra)])
                let result = dspLongMultiply(d, r, accumulator)
                r[Int(d.ra)] = UInt32(truncatingIfNeeded: result)
                r[Int(d.rd)] = UInt32(truncatingIfNeeded: result >> 32)
            case .pkh:
                let n = r[Int(d.rn)]
                if d.sh == 0 {
                    r[Int(d.rd)] = (n & 0xFFFF) | (shift(r[Int(d.rm)], 0, UInt32(d.amt), f.c) & 0xFFFF_0000)
                } else {
                    r[Int(d.rd)] = (n & 0xFFFF_0000) | (shift(r[Int(d.rm)], 2, UInt32(d.amt), f.c) & 0xFFFF)
                }
            case .ssat16, .usat16:
                let n = r[Int(d.rn)]
                let low = Int64(Int16(truncatingIfNeeded: n)), high = Int64(Int16(truncatingIfNeeded: n >> 16))
                let saturate = d.op == .ssat16 ? signedSaturate : unsignedSaturate
                let (lowResult, lowSaturated) = saturate(low, d.ra)
                let (highResult, highSaturated) = saturate(high, d.ra)
                r[Int(d.rd)] = (lowResult & 0xFFFF) | (highResult << 16)
                if lowSaturated || highSaturated { q = true }
            case .parallel:
                r[Int(d.rd)] = parallelAddSubtract(r[Int(d.rn)], r[Int(d.rm)], prefix: d.ra, operation: d.sh, ge: &geFlags)
            case .extend:
                let rotated = r[Int(d.rm)].rotatedRight(UInt32(d.amt))
                let base = d.rn == 15 ? 0 : r[Int(d.rn)]
                switch d.ra {
                case 0: r[Int(d.rd)] = base &+ UInt32(bitPattern: Int32(Int16(truncatingIfNeeded: rotated)))
                case 1: r[Int(d.rd)] = base &+ (rotated & 0xFFFF)
                case 4: r[Int(d.rd)] = base &+ UInt32(bitPattern: Int32(Int8(truncatingIfNeeded: rotated)))
                case 5: r[Int(d.rd)] = base &+ (rotated & 0xFF)
                default:  // B16: two bytes (bits 7:0 and 23:16) extended to halfwords and added lane-wise
                    let signed = d.ra == 2
                    func half(_ byte: UInt32) -> UInt32 {
                        signed ? UInt32(UInt16(bitPattern: Int16(Int8(truncatingIfNeeded: byte)))) : byte & 0xFF
                    }
                    let low = (base &+ half(rotated)) & 0xFFFF
                    let high = ((base >> 16) &+ half(rotated >> 16)) & 0xFFFF
                    r[Int(d.rd)] = (high << 16) | low
                }
            case .saturatingArithmetic:
                // Operands as the architecture names them: Rd = sat(Rm ± [sat(2 ×)] Rn).
                let m = Int64(Int32(bitPattern: r[Int(d.rm)]))
                var n = Int64(Int32(bitPattern: r[Int(d.rn)]))
                var saturated = false
                if d.ra & 1 != 0 {
                    let (doubled, didSaturate) = signedSaturate(2 * n, bits: 32)
                    n = Int64(Int32(bitPattern: doubled))
                    saturated = didSaturate
                }
                let (result, didSaturate) = signedSaturate(d.ra & 2 != 0 ? m - n : m + n, bits: 32)
                r[Int(d.rd)] = result
                if saturated || didSaturate { q = true }
            case .sel:
                let a = r[Int(d.rn)], b = r[Int(d.rm)]
                let g = UInt32(geFlags)
                let mask = (g & 1) * 0xFF | ((g >> 1) & 1) * 0xFF00 | ((g >> 2) & 1) * 0xFF_0000 | ((g >> 3) & 1) * 0xFF00_0000
                r[Int(d.rd)] = (a & mask) | (b & ~mask)

            // MARK: Loads and stores
            case .ldrI:
                guard let v = mem.load32(r[Int(d.rn)] &+ d.imm, now()) else { busFault(&stop, here, r[Int(d.rn)] &+ d.imm); break execution }
                r[Int(d.rd)] = v
                extra &+= 1
            case .ldrbI:
                guard let v = mem.load8(r[Int(d.rn)] &+ d.imm, now()) else { busFault(&stop, here, r[Int(d.rn)] &+ d.imm); break execution }
                r[Int(d.rd)] = v
                extra &+= 1
            case .ldrhI:
                guard let v = mem.load16(r[Int(d.rn)] &+ d.imm, now()) else { busFault(&stop, here, r[Int(d.rn)] &+ d.imm); break execution }
                r[Int(d.rd)] = v
                extra &+= 1
            case .ldrsbI:
                guard let v = mem.load8(r[Int(d.rn)] &+ d.imm, now()) else { busFault(&stop, here, r[Int(d.rn)] &+ d.imm); break execution }
                r[Int(d.rd)] = UInt32(bitPattern: Int32(Int8(truncatingIfNeeded: v)))
                extra &+= 1
            case .ldrshI:
                guard let v = mem.load16(r[Int(d.rn)] &+ d.imm, now()) else { busFault(&stop, here, r[Int(d.rn)] &+ d.imm); break execution }
                r[Int(d.rd)] = UInt32(bitPattern: Int32(Int16(truncatingIfNeeded: v)))
                extra &+= 1
            case .strI:
                let status = mem.store32(r[Int(d.rn)] &+ d.imm, r[Int(d.rd)], now())
                guard status != FastMemory.failed else { busFault(&stop, here, r[Int(d.rn)] &+ d.imm); break execution }
                if status == FastMemory.storedAttention { deferredBudget = budget; budget = 0 }
            case .strbI:
                let status = mem.store8(r[Int(d.rn)] &+ d.imm, r[Int(d.rd)], now())
                guard status != FastMemory.failed else { busFault(&stop, here, r[Int(d.rn)] &+ d.imm); break execution }
                if status == FastMemory.storedAttention { deferredBudget = budget; budget = 0 }
            case .strhI:
                let status = mem.store16(r[Int(d.rn)] &+ d.imm, r[Int(d.rd)], now())
                guard status != FastMemory.failed else { busFault(&stop, here, r[Int(d.rn)] &+ d.imm); break execution }
                if status == FastMemory.storedAttention { deferredBudget = budget; budget = 0 }
            case .ldrR:
                let address = r[Int(d.rn)] &+ (r[Int(d.rm)] << UInt32(d.amt))
                guard let v = mem.load32(address, now()) else { busFault(&stop, here, address); break execution }
                r[Int(d.rd)] = v
                extra &+= 1
            case .ldrbR:
                let address = r[Int(d.rn)] &+ (r[Int(d.rm)] << UInt32(d.amt))
                guard let v = mem.load8(address, now()) else { busFault(&stop, here, address); break execution }
                r[Int(d.rd)] = v
                extra &+= 1
            case .ldrhR:
                let address = r[Int(d.rn)] &+ (r[Int(d.rm)] << UInt32(d.amt))
                guard let v = mem.load16(address, now()) else { busFault(&stop, here, address); break execution }
                r[Int(d.rd)] = v
                extra &+= 1
            case .ldrsbR:
                let address = r[Int(d.rn)] &+ (r[Int(d.rm)] << UInt32(d.amt))
                guard let v = mem.load8(address, now()) else { busFault(&stop, here, address); break execution }
                r[Int(d.rd)] = UInt32(bitPattern: Int32(Int8(truncatingIfNeeded: v)))
                extra &+= 1
            case .ldrshR:
                let address = r[Int(d.rn)] &+ (r[Int(d.rm)] << UInt32(d.amt))
                guard let v = mem.load16(address, now()) else { busFault(&stop, here, address); break execution }
                r[Int(d.rd)] = UInt32(bitPattern: Int32(Int16(truncatingIfNeeded: v)))
                extra &+= 1
            case .strR:
                let address = r[Int(d.rn)] &+ (r[Int(d.rm)] << UInt32(d.amt))
                let status = mem.store32(address, r[Int(d.rd)], now())
                guard status != FastMemory.failed else { busFault(&stop, here, address); break execution }
                if status == FastMemory.storedAttention { deferredBudget = budget; budget = 0 }
            case .strbR:
                let address = r[Int(d.rn)] &+ (r[Int(d.rm)] << UInt32(d.amt))
                let status = mem.store8(address, r[Int(d.rd)], now())
                guard status != FastMemory.failed else { busFault(&stop, here, address); break execution }
                if status == FastMemory.storedAttention { deferredBudget = budget; budget = 0 }
            case .strhR:
                let address = r[Int(d.rn)] &+ (r[Int(d.rm)] << UInt32(d.amt))
                let status = mem.store16(address, r[Int(d.rd)], now())
                guard status != FastMemory.failed else { busFault(&stop, here, address); break execution }
                if status == FastMemory.storedAttention { deferredBudget = budget; budget = 0 }
            case .ldrX, .ldrbX, .ldrhX, .ldrsbX, .ldrshX:
                // Pre- or post-indexed with writeback; the base is updated only if the access succeeds.
                let base = r[Int(d.rn)]
                let address = d.flags & Instruction.flagPreIndex != 0 ? base &+ d.imm : base
                let loaded: UInt32?
                switch d.op {
                case .ldrX: loaded = mem.load32(address, now())
                case .ldrbX: loaded = mem.load8(address, now())
                case .ldrhX: loaded = mem.load16(address, now())
                case .ldrsbX: loaded = mem.load8(address, now()).map { UInt32(bitPattern: Int32(Int8(truncatingIfNeeded: $0))) }
                default: loaded = mem.load16(address, now()).map { UInt32(bitPattern: Int32(Int16(truncatingIfNeeded: $0))) }
                }
                guard let v = loaded else { busFault(&stop, here, address); break execution }
                r[Int(d.rn)] = base &+ d.imm
                r[Int(d.rd)] = v
                extra &+= 1
            case .strX, .strbX, .strhX:
                let base = r[Int(d.rn)]
                let address = d.flags & Instruction.flagPreIndex != 0 ? base &+ d.imm : base
                let value = r[Int(d.rd)]
                let status: UInt8
                switch d.op {
                case .strX: status = mem.store32(address, value, now())
                case .strbX: status = mem.store8(address, value, now())
                default: status = mem.store16(address, value, now())
                }
                guard status != FastMemory.failed else { busFault(&stop, here, address); break execution }
                if status == FastMemory.storedAttention { deferredBudget = budget; budget = 0 }
                r[Int(d.rn)] = base &+ d.imm
            case .ldrPC:
                let (address, updatedBase) = generalAddress(d, r)
                guard let target = mem.load32(address, now()) else { busFault(&stop, here, address); break execution }
                if d.flags & Instruction.flagWriteback != 0 { r[Int(d.rn)] = updatedBase }
                guard target & 1 != 0 else {
                    pc = target
                    stop = interworkingFault("LDR loaded PC with", target)
                    completedBeforeStop = true
                    break execution
                }
                pc = target & ~1
                extra &+= 3
            case .ldrd, .strd:
                let base = r[Int(d.rn)]
                let address = d.flags & Instruction.flagPreIndex != 0 ? base &+ d.imm : base
                guard address & 3 == 0 else { unaligned(&stop, here, address, "LDRD/STRD"); break execution }
                if d.op == .ldrd {
                    guard let lo = mem.load32(address, now()), let hi = mem.load32(address &+ 4, now()) else {
                        busFault(&stop, here, address); break execution
                    }
                    if d.flags & Instruction.flagWriteback != 0 { r[Int(d.rn)] = base &+ d.imm }
                    r[Int(d.rd)] = lo
                    r[Int(d.ra)] = hi
                } else {
                    let first = mem.store32(address, r[Int(d.rd)], now())
                    let second = first == FastMemory.failed ? first : mem.store32(address &+ 4, r[Int(d.ra)], now())
                    guard second != FastMemory.failed else { busFault(&stop, here, address); break execution }
                    if first == FastMemory.storedAttention || second == FastMemory.storedAttention { deferredBudget = budget; budget = 0 }
                    if d.flags & Instruction.flagWriteback != 0 { r[Int(d.rn)] = base &+ d.imm }
                }
                extra &+= 2
            case .ldmia, .ldmdb:
                let list = d.imm
                let count = UInt32(list.nonzeroBitCount)
                let base = r[Int(d.rn)]
                var address = d.op == .ldmia ? base : base &- 4 &* count
                guard address & 3 == 0 else { unaligned(&stop, here, address, "LDM"); break execution }
                if d.flags & Instruction.flagWriteback != 0 {
                    r[Int(d.rn)] = d.op == .ldmia ? base &+ 4 &* count : base &- 4 &* count
                }
                var bits = list & 0x7FFF
                while bits != 0 {
                    let i = bits.trailingZeroBitCount
                    guard let v = mem.load32(address, now()) else {
                        r[Int(d.rn)] = base
                        busFault(&stop, here, address); break execution
                    }
                    r[i] = v
                    address &+= 4
                    bits &= bits - 1
                }
                extra &+= UInt64(count)
                if list & 0x8000 != 0 {
                    guard let target = mem.load32(address, now()) else {
                        r[Int(d.rn)] = base  // an abort restores the base register
                        busFault(&stop, here, address); break execution
                    }
                    guard target & 1 != 0 else {
                        pc = target
                        stop = interworkingFault("POP/LDM loaded PC with", target)
                        completedBeforeStop = true
                        break execution
                    }
                    pc = target & ~1
                    extra &+= 2
                }
            case .stmia, .stmdb:
                let list = d.imm
                let count = UInt32(list.nonzeroBitCount)
                let base = r[Int(d.rn)]
                var address = d.op == .stmia ? base : base &- 4 &* count
                guard address & 3 == 0 else { unaligned(&stop, here, address, "STM/PUSH"); break execution }
                var bits = list
                while bits != 0 {
                    let i = bits.trailingZeroBitCount
                    let status = mem.store32(address, r[i], now())
                    guard status != FastMemory.failed else { busFault(&stop, here, address); break execution }
                    if status == FastMemory.storedAttention { deferredBudget = budget; budget = 0 }
                    address &+= 4
                    bits &= bits - 1
                }
                if d.flags & Instruction.flagWriteback != 0 {
                    r[Int(d.rn)] = d.op == .stmia ? base &+ 4 &* count : base &- 4 &* count
                }
                extra &+= UInt64(count)
            case .ldrex, .ldrexb, .ldrexh:
                let address = r[Int(d.rn)] &+ d.imm
                let loaded: UInt32?
                switch d.op {
                case .ldrex:
                    guard address & 3 == 0 else { unaligned(&stop, here, address, "LDREX"); break execution }
                    loaded = mem.load32(address, now())
                case .ldrexh:
                    guard address & 1 == 0 else { unaligned(&stop, here, address, "LDREXH"); break execution }
                    loaded = mem.load16(address, now())
                default: loaded = mem.load8(address, now())
                }
                guard let v = loaded else { busFault(&stop, here, address); break execution }
                r[Int(d.rd)] = v
                exclusiveAddress = address
                extra &+= 1
            case .strex, .strexb, .strexh:
                let address = r[Int(d.rn)] &+ d.imm
                let alignment: UInt32 = d.op == .strex ? 3 : (d.op == .strexh ? 1 : 0)
                guard address & alignment == 0 else { unaligned(&stop, here, address, "STREX"); break execution }
                if exclusiveAddress == address {
                    let value = r[Int(d.rm)]
                    let status = d.op == .strex ? mem.store32(address, value, now())
                        : d.op == .strexh ? mem.store16(address, value, now()) : mem.store8(address, value, now())
                    guard status != FastMemory.failed else { busFault(&stop, here, address); break execution }
                    if status == FastMemory.storedAttention { deferredBudget = budget; budget = 0 }
                    r[Int(d.rd)] = 0
                } else {
                    r[Int(d.rd)] = 1
                }
                exclusiveAddress = nil
            case .clrex: exclusiveAddress = nil

            // MARK: Branches
            case .b:
                pc = d.imm
                extra &+= 2
            case .branchToSelf:
                pc = here
                stop = .spinning
                break execution
            case .bcond:
                if conditionPassed(d.ra, f) {
                    pc = d.imm
                    extra &+= 2
                }
            case .cbz:
                if r[Int(d.rn)] == 0 {
                    pc = d.imm
                    extra &+= 2
                }
            case .cbnz:
                if r[Int(d.rn)] != 0 {
                    pc = d.imm
                    extra &+= 2
                }
            case .bl:
                r[14] = pc | 1
                pc = d.imm
                extra &+= 2
            case .bx, .blx:
                let target = r[Int(d.rm)]
                if d.op == .blx { r[14] = pc | 1 }
                guard target & 1 != 0 else {
                    pc = target
                    stop = interworkingFault("BX/BLX to", target)
                    completedBeforeStop = true
                    break execution
                }
                pc = target & ~1
                extra &+= 2
            case .movPC:
                pc = r[Int(d.rm)] & ~1
                extra &+= 2
            case .addPC:
                pc = (r[15] &+ r[Int(d.rm)]) & ~1
                extra &+= 2
            case .tbb, .tbh:
                let address = d.op == .tbb ? r[Int(d.rn)] &+ r[Int(d.rm)] : r[Int(d.rn)] &+ (r[Int(d.rm)] << 1)
                guard let entry = d.op == .tbb ? mem.load8(address, now()) : mem.load16(address, now()) else {
                    busFault(&stop, here, address); break execution
                }
                pc = r[15] &+ entry << 1
                extra &+= 3
            case .it:
                it = UInt8(truncatingIfNeeded: d.imm)

            // MARK: System
            case .mrs:
                flags = f
                ge = geFlags
                r[Int(d.rd)] = readSpecial(d.ra)
            case .msr:
                flags = f
                ge = geFlags
                writeSpecial(d.ra, mask: d.imm, value: r[Int(d.rn)])
                f = flags
                geFlags = ge
                deferredBudget = budget  // a mask or stack change: let the exception logic look
                budget = 0
            case .cps:
                if isPrivileged {
                    if d.imm & 2 != 0 { primask = UInt32(d.ra) }
                    // Setting FAULTMASK needs an execution priority above -1; clearing always works.
                    if d.imm & 1 != 0 && (d.ra == 0 || executionPriority > -1) { faultmask = UInt32(d.ra) }
                    deferredBudget = budget
                    budget = 0
                }
            case .nop: break
            case .sev: eventRegister = true
            case .wfi, .wfe:
                lastSleepWasWFE = d.op == .wfe
                stop = .sleeping
                break execution
            case .bkpt:
                if d.imm == 0xAB, let semihosting {
                    let now = cycles &+ (initialBudget - budget) &+ extra
                    switch semihosting.handle(operation: r[0], parameter: r[1], bus: bus, cycles: now, clockHz: clockHz) {
                    case .result(let value):
                        r[0] = value
                        if stopRequested {
                            stop = .stopRequested
                            break execution
                        }
                    case .exit(let code, let description):
                        stop = .exit(code: code, description: description)
                        break execution
                    case .fault(let message):
                        stop = .halted(CPUHalt(kind: .semihosting, pc: here, message: message))
                        break execution
                    }
                } else {
                    stop = instructionStop(d, at: here)
                    break execution
                }
            case .notPermittedInITBlock:
                stop = notPermittedInITBlock(d, at: here, reason: "CBZ, CBNZ, B<cond>, IT and CPS are not permitted in an IT block")
                break execution
            case .svc:
                // SVC completes (it counts, and PC moves past it); then SVCall is taken.
                stop = instructionStop(d, at: here)
                completedBeforeStop = true
                break execution

            // MARK: Floating point
            case .vadd, .vsub, .vmul, .vnmul, .vdiv, .vmla, .vmls, .vnmla, .vnmls, .vfma, .vfms, .vfnma, .vfnms,
                 .vsqrt, .vabs, .vneg, .vmovReg, .vmovImm, .vcmp, .vcvtToInteger, .vcvtFromInteger, .vcvtFixed, .vcvtHalf,
                 .vmrs, .vmsr, .vmovToCore, .vmovFromCore, .vmovPairToCore, .vmovPairFromCore,
                 .vldr, .vstr, .vldm, .vstm, .vundefined:
                let result = executeFloatingPoint(d, now: now())
                extra &+= UInt64(result & 0xFF)
                if result > 0xFF {
                    if result & FloatingPointResult.fault != 0 {
                        stop = floatingPointStop(d, at: here)
                        break execution
                    }
                    if result & FloatingPointResult.attention != 0 {
                        deferredBudget = budget
                        budget = 0
                    }
                    if result & FloatingPointResult.copyFlags != 0 { f = floatingPointFlags() }
                }

            case .udf, .undefined, .undecoded:
                stop = instructionStop(d, at: here)
                break execution
            }
        }

        // An instruction that stopped the run did not complete: it is not counted, and the PC
        // and ITSTATE stay as they were before it, so a diagnosis (and later the exception
        // model) sees the faulting instruction.
        if case .halted = stop, !completedBeforeStop {
            pc = here
            if itBeforeBudget == budget { it = itBefore }
            budget &+= 1
        }
        if deferredBudget > 0 && stop == .budgetExhausted { stop = .attention }
        r[15] = pc
        flags = f
        ge = geFlags
        itState = it
        accountTime(instructions: initialBudget - budget - deferredBudget, extraCycles: extra)
        return stop
    }

    @inline(never)
    private func busFault(_ stop: inout CPUStop, _ pc: UInt32, _ address: UInt32) {
        if let hit = takeWatchpointHit(pc: pc) { stop = hit; return }  // a debugger's watchpoint, not a fault
        // With CCR.UNALIGN_TRP the fast paths refuse unaligned accesses; that is this fault.
        if case .unaligned(let refused) = bus.lastError, refused == address {
            unaligned(&stop, pc, address, "access with CCR.UNALIGN_TRP")
            return
        }
        if case .protectionViolation(let refused) = bus.lastError, refused == address {
            stop = .halted(CPUHalt(kind: .memoryProtection, pc: pc,
                                   message: "MPU denies the access to \(address.hexString) by the instruction at \(pc.hexString): DACCVIOL MemManage",
                                   address: address))
            return
        }
        let reason = bus.lastError.map { $0.address == address ? $0.reason : "bus error" } ?? "bus error"
        stop = .halted(CPUHalt(kind: .busError, pc: pc, message: "\(reason) \(address.hexString) accessed by the instruction at \(pc.hexString): precise BusFault",
                               address: address))
    }

    @inline(never)
    private func unaligned(_ stop: inout CPUStop, _ pc: UInt32, _ address: UInt32, _ what: String) {
        stop = .halted(CPUHalt(kind: .unalignedAccess, pc: pc, message: "\(what) at unaligned address \(address.hexString) by the instruction at \(pc.hexString): UNALIGNED UsageFault"))
    }

    // Messages are built outside the loop, in functions that are never inlined: the loop stays
    // small and its hot variables stay in registers.

    @inline(never)
    private func fetchFault(_ pc: UInt32, regionEnd: UInt32? = nil) -> CPUStop {
        if let regionEnd {
            return .halted(CPUHalt(kind: .busError, pc: pc,
                                   message: "instruction at \(pc.hexString) runs past the end of memory at \(regionEnd.hexString)",
                                   address: pc, isInstructionFetch: true))
        }
        return .halted(CPUHalt(kind: .busError, pc: pc, message: "instruction fetch from unmapped address \(pc.hexString)",
                               address: pc, isInstructionFetch: true))
    }

    /// The stop for an instruction that cannot execute here: BKPT without debugger, SVC
    /// (until exceptions exist), UDF, undefined and not-yet-emulated encodings.
    @inline(never)
    private func instructionStop(_ d: Instruction, at pc: UInt32) -> CPUStop {
        let encoding = d.size == 2 ? UInt16(truncatingIfNeeded: d.imm).hexString : d.imm.hexString
        switch d.op {
        case .bkpt:
            return .halted(CPUHalt(kind: .breakpoint, pc: pc, message: "BKPT #\(d.imm) at \(pc.hexString) with no debugger attached"))
        case .svc:
            return .halted(CPUHalt(kind: .supervisorCall, pc: pc, message: "SVC #\(d.imm) at \(pc.hexString): exceptions are not emulated yet"))
        case .udf:
            return .halted(CPUHalt(kind: .undefinedInstruction, pc: pc, message: "UDF #\(d.imm) at \(pc.hexString): UNDEFINSTR UsageFault"))
        default:
            return .halted(CPUHalt(kind: .undefinedInstruction, pc: pc,
                                   message: "undefined instruction \(encoding) at \(pc.hexString): UNDEFINSTR UsageFault"))
        }
    }

    /// FPSCR's NZCV as the loop's flags (VMRS APSR_nzcv).
    @inline(never)
    private func floatingPointFlags() -> Flags {
        let nzcv = fpState[CortexM4.fpscrSlot]
        return Flags(n: nzcv & (1 << 31) != 0, z: nzcv & (1 << 30) != 0, c: nzcv & (1 << 29) != 0, v: nzcv & (1 << 28) != 0)
    }

    /// The stop for an FP instruction that did not complete (see `floatingPointFault`).
    @inline(never)
    private func floatingPointStop(_ d: Instruction, at pc: UInt32) -> CPUStop {
        var stop = CPUStop.budgetExhausted
        switch floatingPointFault {
        case .noAccess: return noCoprocessorAccess(d, at: pc)
        case .undefined: return instructionStop(d, at: pc)
        case .busFault(let address): busFault(&stop, pc, address)
        case .unaligned(let address): unaligned(&stop, pc, address, "VLDR/VSTR/VLDM/VSTM")
        }
        return stop
    }

    @inline(never)
    private func noCoprocessorAccess(_ d: Instruction, at pc: UInt32) -> CPUStop {
        .halted(CPUHalt(kind: .noCoprocessor, pc: pc,
                        message: "floating-point instruction at \(pc.hexString) while CPACR denies access to CP10/CP11: NOCP UsageFault"))
    }

    @inline(never)
    private func fetchDenied(_ pc: UInt32) -> CPUStop? {
        guard !systemControl.mpuPermits(pc, write: false, execute: true) else { return nil }
        return .halted(CPUHalt(kind: .memoryProtection, pc: pc, message: "MPU denies instruction fetch at \(pc.hexString): IACCVIOL MemManage",
                               isInstructionFetch: true))
    }

    @inline(never)
    private func divideByZero(_ pc: UInt32) -> CPUStop {
        .halted(CPUHalt(kind: .divideByZero, pc: pc, message: "division by zero at \(pc.hexString) with CCR.DIV_0_TRP set: DIVBYZERO UsageFault"))
    }

    @inline(never)
    private func notPermittedInITBlock(_ d: Instruction, at pc: UInt32, reason: String) -> CPUStop {
        .halted(CPUHalt(kind: .undefinedInstruction, pc: pc,
                        message: "instruction at \(pc.hexString) inside an IT block: \(reason) (UNPREDICTABLE; treated as UNDEFINSTR UsageFault)"))
    }

    /// The branch completed to an address with the Thumb bit clear: the core leaves Thumb
    /// state, which a Cortex-M cannot execute, so the next fetch faults at the target.
    @inline(never)
    private func interworkingFault(_ what: String, _ target: UInt32) -> CPUStop {
        .halted(CPUHalt(kind: .invalidState, pc: target,
                        message: "\(what) \(target.hexString) (Thumb bit clear): INVSTATE UsageFault at \(target.hexString)"))
    }

}
