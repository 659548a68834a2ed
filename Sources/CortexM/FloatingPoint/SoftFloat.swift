/// FPSCR bit positions (ARMv7-M ARM, A2.5.3 / B3.x): N Z C V in 31..28, AHP 26, DN 25, FZ 24,
/// RMode 23:22, IDC 7, IXC 4, UFC 3, OFC 2, DZC 1, IOC 0.
enum FPSCRBits {
    static let ioc: UInt32 = 1 << 0
    static let dzc: UInt32 = 1 << 1
    static let ofc: UInt32 = 1 << 2
    static let ufc: UInt32 = 1 << 3
    static let ixc: UInt32 = 1 << 4
    static let idc: UInt32 = 1 << 7
    static let fz: UInt32 = 1 << 24
    static let dn: UInt32 = 1 << 25
    static let ahp: UInt32 = 1 << 26
    static let rmodeShift: UInt32 = 22
    /// RMode field (bits 23:22) in place.
    static let rmodeMask: UInt32 = 3 << 22
    /// The cumulative exception flags (IOC DZC OFC UFC IXC IDC).
    static let exceptionFlags: UInt32 = 0x9F
}

/// The FPv4-SP arithmetic of the ARMv7-M ARM (A2.5 pseudocode: FPUnpack, FPProcessNaN(s),
/// FPRound, FPAdd, FPMul, ...), bit-exact, in integer software, with host fast paths only where
/// they are proven to give identical results and flags (SoftFloatHostFastPaths.swift). Operands
/// and results are raw IEEE binary32 (or binary16) bit patterns; `fpscr` supplies RMode, FZ, DN
/// and AHP and receives the cumulative exception flags, which are only ever OR-ed in. No
/// trapping: the M-profile FPU has no trap enables (the IxE bits read as zero), so
/// FPProcessException only sets flags.
///
/// Entry points: `add`, `sub`, `mul`, `div`, `sqrt`, `fusedMulAdd` (SoftFloatHostFastPaths.swift);
/// `compare`, `toFixed`, `fromFixed`, `halfToSingle`, `singleToHalf` (SoftFloatConversions.swift).
/// VABS, VNEG and VMOV are bit operations; VMLA/VMLS/VNMLA/VNMLS/VNMUL are FPMul then FPAdd with
/// FPNeg (bit 31) as the ARM ARM composes them.
enum SoftFloat {

    /// Rounding modes as encoded in FPSCR.RMode.
    static let roundNearest: UInt32 = 0, roundPlusInf: UInt32 = 1, roundMinusInf: UInt32 = 2, roundZero: UInt32 = 3

    static let defaultNaN: UInt32 = 0x7FC0_0000
    static let positiveInfinity: UInt32 = 0x7F80_0000
    static let maxNormal: UInt32 = 0x7F7F_FFFF

    /// FPType of the pseudocode.
    enum Kind: UInt8 {
        case zero, nonzero, infinity, quietNaN, signallingNaN
    }

    /// An unpacked single-precision operand. For `.nonzero`, the value is
    /// `sig × 2^(exp − 23)` with `sig` in [2^23, 2^24) (denormals are normalised here, so `exp`
    /// may be below −126). Zeros, infinities and NaNs carry only `kind` and `negative`.
    struct Unpacked {
        var kind: Kind
        var negative: Bool
        var exp: Int
        var sig: UInt32

        @inline(__always) var isNaN: Bool { kind.rawValue >= Kind.quietNaN.rawValue }
    }

    // MARK: Unpacking and NaNs

    /// FPUnpack for N = 32: with FPSCR.FZ set a denormal input is flushed to a zero of the same
    /// sign and IDC is set.
    @inline(__always)
    static func unpack(_ x: UInt32, _ fpscr: inout UInt32) -> Unpacked {
        let negative = x >> 31 != 0
        let biased = Int((x >> 23) & 0xFF)
        let fraction = x & 0x7F_FFFF
        if biased == 0 {
            if fraction == 0 { return Unpacked(kind: .zero, negative: negative, exp: 0, sig: 0) }
            if fpscr & FPSCRBits.fz != 0 {
                fpscr |= FPSCRBits.idc
                return Unpacked(kind: .zero, negative: negative, exp: 0, sig: 0)
            }
            // Denormal: fraction × 2^-149; move the leading one to bit 23.
            let shift = fraction.leadingZeroBitCount - 8
            return Unpacked(kind: .nonzero, negative: negative, exp: -126 - shift, sig: fraction << UInt32(shift))
        }
        if biased == 0xFF {
            if fraction == 0 { return Unpacked(kind: .infinity, negative: negative, exp: 0, sig: 0) }
            return Unpacked(kind: fraction & 0x40_0000 != 0 ? .quietNaN : .signallingNaN, negative: negative, exp: 0, sig: 0)
        }
        return Unpacked(kind: .nonzero, negative: negative, exp: biased - 127, sig: fraction | 0x80_0000)
    }

    /// FPProcessNaN: a signalling NaN is quietened (fraction bit 22 set) and raises IOC; with
    /// FPSCR.DN the result is the default NaN instead.
    @inline(__always)
    static func processNaN(_ kind: Kind, _ x: UInt32, _ fpscr: inout UInt32) -> UInt32 {
        var result = x
        if kind == .signallingNaN {
            result |= 0x40_0000
            fpscr |= FPSCRBits.ioc
        }
        if fpscr & FPSCRBits.dn != 0 { result = defaultNaN }
        return result
    }

    /// FPProcessNaNs: the first signalling NaN (op1 before op2), else the first quiet NaN, else nil.
    @inline(__always)
    static func processNaNs(_ k1: Kind, _ k2: Kind, _ op1: UInt32, _ op2: UInt32, _ fpscr: inout UInt32) -> UInt32? {
        if k1 == .signallingNaN { return processNaN(k1, op1, &fpscr) }
        if k2 == .signallingNaN { return processNaN(k2, op2, &fpscr) }
        if k1 == .quietNaN { return processNaN(k1, op1, &fpscr) }
        if k2 == .quietNaN { return processNaN(k2, op2, &fpscr) }
        return nil
    }

    /// FPProcessNaNs3: signalling NaNs first (op1, op2, op3), then quiet ones.
    @inline(__always)
    static func processNaNs3(_ k1: Kind, _ k2: Kind, _ k3: Kind, _ op1: UInt32, _ op2: UInt32, _ op3: UInt32,
                             _ fpscr: inout UInt32) -> UInt32? {
        if k1 == .signallingNaN { return processNaN(k1, op1, &fpscr) }
        if k2 == .signallingNaN { return processNaN(k2, op2, &fpscr) }
        if k3 == .signallingNaN { return processNaN(k3, op3, &fpscr) }
        if k1 == .quietNaN { return processNaN(k1, op1, &fpscr) }
        if k2 == .quietNaN { return processNaN(k2, op2, &fpscr) }
        if k3 == .quietNaN { return processNaN(k3, op3, &fpscr) }
        return nil
    }

    // MARK: Rounding

    /// `x >> n` with every bit shifted out OR-ed into bit 0 ("jamming"), so that the result is
    /// non-zero below any rounding point exactly when the true value is.
    @inline(__always)
    static func shiftRightJam(_ x: UInt64, _ n: Int) -> UInt64 {
        if n <= 0 { return x }
        if n >= 64 { return x != 0 ? 1 : 0 }
        return (x >> UInt64(n)) | ((x & ((1 << UInt64(n)) - 1)) != 0 ? 1 : 0)
    }

    /// The FPSCR rounding mode (0 RN, 1 RP, 2 RM, 3 RZ).
    @inline(__always)
    static func roundingMode(_ fpscr: UInt32) -> UInt32 { (fpscr >> FPSCRBits.rmodeShift) & 3 }

    /// FPZero for an exact zero result of a sum: +0 except in round towards minus infinity.
    @inline(__always)
    static func exactZeroSum(_ fpscr: UInt32) -> UInt32 {
        roundingMode(fpscr) == roundMinusInf ? 0x8000_0000 : 0
    }

    /// FPRound for a non-zero real value `mantissa × 2^(exponent − 62)`, `mantissa` having its
    /// leading one at bit 62 (so the value lies in [2^exponent, 2^(exponent+1))). Bits below the
    /// rounding point need only be exact in "zero or not" and in their top (half-ulp) bit: callers
    /// jam lost bits into bit 0.
    ///
    /// `fractionBits`/`exponentBits`/`minimumExponent` select single (23, 8, −126) or half (10, 5,
    /// −14) precision; `altHalf` is FPSCR.AHP for half results. Follows the pseudocode step by
    /// step: flush-to-zero (single only) and underflow are decided on the exponent before
    /// rounding; UFC needs an inexact result unless flushing; overflow gives infinity or the
    /// largest normal by rounding mode with OFC and IXC (alternative half: all-ones, IOC only).
    @inline(__always)
    static func round(negative: Bool, exponent: Int, mantissa: UInt64, fractionBits: Int, exponentBits: Int,
                      minimumExponent: Int, isHalf: Bool, altHalf: Bool, _ fpscr: inout UInt32) -> UInt32 {
        let signBit: UInt32 = negative ? (isHalf ? 0x8000 : 0x8000_0000) : 0
        if !isHalf && fpscr & FPSCRBits.fz != 0 && exponent < minimumExponent {
            // Flush-to-zero: UFC, but no IXC.
            fpscr |= FPSCRBits.ufc
            return signBit
        }
        var biasedExp = exponent - minimumExponent + 1
        var m = mantissa
        if biasedExp <= 0 {
            m = shiftRightJam(m, minimumExponent - exponent)
            biasedExp = 0
        }
        let shift = UInt64(62 - fractionBits)
        var intMant = m >> shift
        let error = m & ((1 << shift) - 1)
        let half: UInt64 = 1 << (shift - 1)
        // Tininess before rounding; the underflow trap is never enabled on M-profile.
        if biasedExp == 0 && error != 0 { fpscr |= FPSCRBits.ufc }
        let roundUp: Bool
        let overflowToInfinity: Bool
        switch roundingMode(fpscr) {
        case roundNearest:
            roundUp = error > half || (error == half && intMant & 1 != 0)
            overflowToInfinity = true
        case roundPlusInf:
            roundUp = error != 0 && !negative
            overflowToInfinity = !negative
        case roundMinusInf:
            roundUp = error != 0 && negative
            overflowToInfinity = negative
        default:
            roundUp = false
            overflowToInfinity = false
        }
        if roundUp {
            intMant += 1
            if intMant == 1 << UInt64(fractionBits) { biasedExp = 1 }  // denormal rounded up to normal
            if intMant == 1 << UInt64(fractionBits + 1) {              // rounded up to the next binade
                biasedExp += 1
                intMant >>= 1
            }
        }
        if !altHalf {
            if biasedExp >= (1 << exponentBits) - 1 {
                fpscr |= FPSCRBits.ofc | FPSCRBits.ixc
                let infinity: UInt32 = isHalf ? 0x7C00 : positiveInfinity
                return signBit | (overflowToInfinity ? infinity : infinity - 1)
            }
        } else if biasedExp >= 1 << exponentBits {
            // Alternative half precision has no infinity: all ones, Invalid Operation, no Inexact.
            fpscr |= FPSCRBits.ioc
            return signBit | 0x7FFF
        }
        if error != 0 { fpscr |= FPSCRBits.ixc }
        return signBit | UInt32(biasedExp) << UInt32(fractionBits) | UInt32(intMant & ((1 << UInt64(fractionBits)) - 1))
    }

    /// FPRound to single precision.
    @inline(__always)
    static func roundSingle(negative: Bool, exponent: Int, mantissa: UInt64, _ fpscr: inout UInt32) -> UInt32 {
        round(negative: negative, exponent: exponent, mantissa: mantissa, fractionBits: 23, exponentBits: 8,
              minimumExponent: -126, isHalf: false, altHalf: false, &fpscr)
    }

    /// FPRound of `m × 2^scale` for any non-zero `m`: normalises the leading one to bit 62 first
    /// (`m` must be below 2^63; a jammed bit 0 must lie well below the rounding point after the shift).
    @inline(__always)
    static func normaliseAndRoundSingle(negative: Bool, _ m: UInt64, scale: Int, _ fpscr: inout UInt32) -> UInt32 {
        let top = 63 - m.leadingZeroBitCount
        return roundSingle(negative: negative, exponent: scale + top, mantissa: m << UInt64(62 - top), &fpscr)
    }
}
