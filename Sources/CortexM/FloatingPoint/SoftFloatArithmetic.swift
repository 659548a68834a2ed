// FPAdd, FPSub, FPMul, FPDiv, FPSqrt and FPMulAdd of the ARMv7-M ARM (A2.5), single precision.
//
// Exact values are carried as a 64-bit magnitude plus an exponent. Wherever bits must be
// dropped (aligning a much smaller addend, a quotient or square root that does not terminate)
// they are jammed into bit 0, which always lies far below the rounding point, so FPRound sees
// the same rounding decision, the same "inexact" and the same tininess as for the exact value.

extension SoftFloat {

    // The entry points (`add`, `sub`, `mul`, `div`, `sqrt`, `fusedMulAdd`) are in
    // SoftFloatHostFastPaths.swift: they take a host fast path where it is proven identical and
    // otherwise call these software versions.

    @inline(never)
    static func addSoftware(_ a: UInt32, _ b: UInt32, _ fpscr: inout UInt32) -> UInt32 {
        addOrSubtract(a, b, negateSecond: false, &fpscr)
    }

    @inline(never)
    static func subSoftware(_ a: UInt32, _ b: UInt32, _ fpscr: inout UInt32) -> UInt32 {
        addOrSubtract(a, b, negateSecond: true, &fpscr)
    }

    /// FPAdd / FPSub. FPSub's special cases are FPAdd's with op2's sign inverted (after NaN
    /// processing, which sees the operands as given).
    @inline(__always)
    static func addOrSubtract(_ op1: UInt32, _ op2: UInt32, negateSecond: Bool, _ fpscr: inout UInt32) -> UInt32 {
        let x = unpack(op1, &fpscr)
        var y = unpack(op2, &fpscr)
        if x.isNaN || y.isNaN { return processNaNs(x.kind, y.kind, op1, op2, &fpscr)! }
        if negateSecond { y.negative.toggle() }
        let inf1 = x.kind == .infinity, inf2 = y.kind == .infinity
        if inf1 && inf2 && x.negative != y.negative {
            fpscr |= FPSCRBits.ioc
            return defaultNaN
        }
        if inf1 { return infinity(x.negative) }
        if inf2 { return infinity(y.negative) }
        let zero1 = x.kind == .zero, zero2 = y.kind == .zero
        if zero1 && zero2 {
            return x.negative == y.negative ? zero(x.negative) : exactZeroSum(fpscr)
        }
        // x + 0 rounds exactly to x (a denormal survives: FZ would have made it a zero).
        if zero1 { return negateSecond ? op2 ^ 0x8000_0000 : op2 }
        if zero2 { return op1 }
        return addMagnitudes(x.negative, x.exp, UInt64(x.sig) << 38, y.negative, y.exp, UInt64(y.sig) << 38, &fpscr)
    }

    /// Rounds `±ma × 2^(ea − 61) ± mb × 2^(eb − 61)`; both magnitudes have their leading one at
    /// bit 61. The operand with the larger leading exponent keeps all its bits; the other is
    /// shifted right with jamming. Bits are lost only when the exponents differ by more than the
    /// smaller operand's trailing room (≥ 14 bits for a 48-bit product, 38 for a 24-bit
    /// significand), and then the result's leading one is at bit 60 or above, so the jammed bit 0
    /// stays at least 36 bits below the rounding point after normalisation.
    @inline(__always)
    static func addMagnitudes(_ na: Bool, _ ea: Int, _ ma: UInt64, _ nb: Bool, _ eb: Int, _ mb: UInt64,
                              _ fpscr: inout UInt32) -> UInt32 {
        let aLarger = ea > eb || (ea == eb && ma >= mb)
        let negative = aLarger ? na : nb
        let large = aLarger ? ma : mb
        let exponent = aLarger ? ea : eb
        let small = aLarger ? shiftRightJam(mb, ea - eb) : shiftRightJam(ma, eb - ea)
        let sum: UInt64
        if na == nb {
            sum = large + small
        } else {
            sum = large - small
            if sum == 0 { return exactZeroSum(fpscr) }
        }
        return normaliseAndRoundSingle(negative: negative, sum, scale: exponent - 61, &fpscr)
    }

    @inline(__always) static func infinity(_ negative: Bool) -> UInt32 { negative ? 0xFF80_0000 : positiveInfinity }
    @inline(__always) static func zero(_ negative: Bool) -> UInt32 { negative ? 0x8000_0000 : 0 }

    /// FPMul.
    @inline(never)
    static func mulSoftware(_ op1: UInt32, _ op2: UInt32, _ fpscr: inout UInt32) -> UInt32 {
        let x = unpack(op1, &fpscr)
        let y = unpack(op2, &fpscr)
        if x.isNaN || y.isNaN { return processNaNs(x.kind, y.kind, op1, op2, &fpscr)! }
        let negative = x.negative != y.negative
        let inf1 = x.kind == .infinity, inf2 = y.kind == .infinity
        let zero1 = x.kind == .zero, zero2 = y.kind == .zero
        if (inf1 && zero2) || (zero1 && inf2) {
            fpscr |= FPSCRBits.ioc
            return defaultNaN
        }
        if inf1 || inf2 { return infinity(negative) }
        if zero1 || zero2 { return zero(negative) }
        // The 48-bit product is exact.
        return normaliseAndRoundSingle(negative: negative, UInt64(x.sig) * UInt64(y.sig), scale: x.exp + y.exp - 46, &fpscr)
    }

    /// FPDiv.
    @inline(never)
    static func divSoftware(_ op1: UInt32, _ op2: UInt32, _ fpscr: inout UInt32) -> UInt32 {
        let x = unpack(op1, &fpscr)
        let y = unpack(op2, &fpscr)
        if x.isNaN || y.isNaN { return processNaNs(x.kind, y.kind, op1, op2, &fpscr)! }
        let negative = x.negative != y.negative
        let inf1 = x.kind == .infinity, inf2 = y.kind == .infinity
        let zero1 = x.kind == .zero, zero2 = y.kind == .zero
        if (inf1 && inf2) || (zero1 && zero2) {
            fpscr |= FPSCRBits.ioc
            return defaultNaN
        }
        if inf1 || zero2 {
            if !inf1 { fpscr |= FPSCRBits.dzc }
            return infinity(negative)
        }
        if zero1 || inf2 { return zero(negative) }
        // sig1 × 2^39 / sig2 lies in (2^38, 2^40): at least 39 quotient bits, the remainder jammed.
        let numerator = UInt64(x.sig) << 39
        let divisor = UInt64(y.sig)
        let (quotient, remainder) = numerator.quotientAndRemainder(dividingBy: divisor)
        return normaliseAndRoundSingle(negative: negative, quotient | (remainder != 0 ? 1 : 0),
                                       scale: x.exp - y.exp - 39, &fpscr)
    }

    /// FPSqrt.
    @inline(never)
    static func sqrtSoftware(_ op: UInt32, _ fpscr: inout UInt32) -> UInt32 {
        let x = unpack(op, &fpscr)
        switch x.kind {
        case .quietNaN, .signallingNaN:
            return processNaN(x.kind, op, &fpscr)
        case .zero:
            return zero(x.negative)
        case .infinity where !x.negative:
            return positiveInfinity
        default:
            break
        }
        if x.negative {
            fpscr |= FPSCRBits.ioc
            return defaultNaN
        }
        // value = sig × 2^e; make e even, then take the integer square root of sig × 2^38
        // (below 2^63): a root of 31 or 32 bits, with "not a perfect square" jammed into bit 0.
        var e = x.exp - 23
        var n = UInt64(x.sig)
        if e & 1 != 0 {
            n <<= 1
            e -= 1
        }
        n <<= 38
        let root = integerSquareRoot(n)
        let jammed = root | (root &* root != n ? 1 : 0)
        return normaliseAndRoundSingle(negative: false, jammed, scale: (e - 38) / 2, &fpscr)
    }

    /// ⌊√n⌋ for n < 2^63. The host's Double square root only supplies a first guess; the integer
    /// corrections make the result exact whatever that guess is.
    @inline(__always)
    static func integerSquareRoot(_ n: UInt64) -> UInt64 {
        var r = UInt64(Double(n).squareRoot())
        while r &* r > n { r -= 1 }
        while (r + 1) &* (r + 1) <= n { r += 1 }
        return r
    }

    /// FPMulAdd(addend, op1, op2): addend + op1 × op2 with a single rounding.
    @inline(never)
    static func fusedMulAddSoftware(_ addend: UInt32, _ op1: UInt32, _ op2: UInt32, _ fpscr: inout UInt32) -> UInt32 {
        let a = unpack(addend, &fpscr)
        let x = unpack(op1, &fpscr)
        let y = unpack(op2, &fpscr)
        let inf1 = x.kind == .infinity, inf2 = y.kind == .infinity
        let zero1 = x.kind == .zero, zero2 = y.kind == .zero
        let infinityTimesZero = (inf1 && zero2) || (zero1 && inf2)
        if let nan = processNaNs3(a.kind, x.kind, y.kind, addend, op1, op2, &fpscr) {
            // A quiet-NaN addend does not hide the Invalid Operation of ∞ × 0: default NaN, IOC.
            if a.kind == .quietNaN && infinityTimesZero {
                fpscr |= FPSCRBits.ioc
                return defaultNaN
            }
            return nan
        }
        let infA = a.kind == .infinity, zeroA = a.kind == .zero
        let signP = x.negative != y.negative
        let infP = inf1 || inf2, zeroP = zero1 || zero2
        if infinityTimesZero || (infA && infP && a.negative != signP) {
            fpscr |= FPSCRBits.ioc
            return defaultNaN
        }
        if (infA && !a.negative) || (infP && !signP) { return positiveInfinity }
        if infA || infP { return infinity(true) }
        if zeroA && zeroP {
            return a.negative == signP ? zero(a.negative) : exactZeroSum(fpscr)
        }
        // addend + 0 rounds exactly to the addend.
        if zeroP { return addend }
        let product = UInt64(x.sig) * UInt64(y.sig)  // exact, leading one at bit 46 or 47
        let productScale = x.exp + y.exp - 46
        if zeroA { return normaliseAndRoundSingle(negative: signP, product, scale: productScale, &fpscr) }
        let top = 63 - product.leadingZeroBitCount
        return addMagnitudes(a.negative, a.exp, UInt64(a.sig) << 38,
                             signP, productScale + top, product << UInt64(61 - top), &fpscr)
    }
}
