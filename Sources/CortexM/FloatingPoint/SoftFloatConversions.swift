// FPCompare, FPToFixed, FixedToFP, FPHalfToSingle and FPSingleToHalf of the ARMv7-M ARM (A2.5).

extension SoftFloat {

    /// FPCompare: NZCV in bits 31..28: equal 0110, less 1000, greater 0010, unordered 0011.
    /// Any NaN operand gives unordered; a signalling NaN (or, for VCMPE, any NaN) raises IOC.
    /// Zeros of either sign (including denormals flushed by FZ, which set IDC) compare equal.
    static func compare(_ op1: UInt32, _ op2: UInt32, quietNaNRaisesInvalid: Bool, _ fpscr: inout UInt32) -> UInt32 {
        let x = unpack(op1, &fpscr)
        let y = unpack(op2, &fpscr)
        if x.isNaN || y.isNaN {
            if x.kind == .signallingNaN || y.kind == .signallingNaN || quietNaNRaisesInvalid {
                fpscr |= FPSCRBits.ioc
            }
            return 0x3000_0000
        }
        let k1 = orderKey(op1, x), k2 = orderKey(op2, y)
        if k1 == k2 { return 0x6000_0000 }
        return k1 < k2 ? 0x8000_0000 : 0x2000_0000
    }

    /// A signed integer with the order of the (non-NaN) operand's value: magnitude bits, negated
    /// for negative values, zero for zeros.
    @inline(__always)
    private static func orderKey(_ bits: UInt32, _ u: Unpacked) -> Int64 {
        if u.kind == .zero { return 0 }
        let magnitude = Int64(bits & 0x7FFF_FFFF)
        return u.negative ? -magnitude : magnitude
    }

    /// FPToFixed: the value × 2^fractionBits rounded to an integer (towards zero, or by FPSCR.RMode
    /// when `roundTowardZero` is false), saturated to `size` bits. NaN → 0 with IOC; saturation →
    /// IOC (and no IXC); otherwise IXC when inexact. FZ applies to the input. The result is sign-
    /// (signed) or zero-extended (unsigned) to 32 bits.
    static func toFixed(_ op: UInt32, size: Int, fractionBits: Int, unsigned: Bool, roundTowardZero: Bool,
                        _ fpscr: inout UInt32) -> UInt32 {
        let low: Int64 = unsigned ? 0 : -(1 << Int64(size - 1))
        let high: Int64 = unsigned ? (1 << Int64(size)) - 1 : (1 << Int64(size - 1)) - 1
        let biased = (op >> 23) & 0xFF
        if roundTowardZero && biased != 0 && Int(biased) + fractionBits < 127 + 62 {
            // Host fast path for VCVT (round towards zero) of a normal operand x with
            // |x · 2^fractionBits| < 2^62. Zeros, denormals, infinities, NaNs and larger values
            // (which saturate) take the software path, so FZ, IDC and NaN handling do not arise.
            // v = x · 2^fractionBits is exact in a Double (a 24-bit significand times a power of
            // two, no underflow), Int64(v) truncates towards zero exactly (|v| < 2^63), which is
            // FPToFixed's rounding in mode RZ, and v is an integer iff Double(i) == v.
            let v = Double(Float(bitPattern: op)) * Double(UInt64(1) << UInt64(fractionBits))
            let i = Int64(v)
            if i < low || i > high {
                fpscr |= FPSCRBits.ioc
                return UInt32(truncatingIfNeeded: i < low ? low : high)
            }
            if Double(i) != v { fpscr |= FPSCRBits.ixc }
            return UInt32(truncatingIfNeeded: i)
        }
        return toFixedSoftware(op, size: size, fractionBits: fractionBits, unsigned: unsigned,
                               roundTowardZero: roundTowardZero, &fpscr)
    }

    /// FPToFixed in integer software (every case).
    @inline(never)
    static func toFixedSoftware(_ op: UInt32, size: Int, fractionBits: Int, unsigned: Bool, roundTowardZero: Bool,
                                _ fpscr: inout UInt32) -> UInt32 {
        let low: Int64 = unsigned ? 0 : -(1 << Int64(size - 1))
        let high: Int64 = unsigned ? (1 << Int64(size)) - 1 : (1 << Int64(size - 1)) - 1
        let x = unpack(op, &fpscr)
        switch x.kind {
        case .quietNaN, .signallingNaN:
            fpscr |= FPSCRBits.ioc
            return 0
        case .zero:
            return 0
        case .infinity:
            fpscr |= FPSCRBits.ioc
            return UInt32(truncatingIfNeeded: x.negative ? low : high)
        case .nonzero:
            break
        }
        // |value| × 2^fractionBits = sig × 2^k.
        let k = x.exp - 23 + fractionBits
        let sig = UInt64(x.sig)
        var magnitude: UInt64
        var error: UInt64 = 0, half: UInt64 = 1  // error/half compares the dropped fraction with ½
        if k >= 0 {
            // sig ≥ 2^23, so k > 16 is beyond any 32-bit range: saturate.
            if k > 16 {
                fpscr |= FPSCRBits.ioc
                return UInt32(truncatingIfNeeded: x.negative ? low : high)
            }
            magnitude = sig << UInt64(k)
        } else if -k >= 40 {
            // |value| < 2^-15: integer part 0, a non-zero fraction below ½.
            magnitude = 0
            error = 1
            half = 2
        } else {
            let shift = UInt64(-k)
            magnitude = sig >> shift
            error = sig & ((1 << shift) - 1)
            half = 1 << (shift - 1)
        }
        let mode = roundTowardZero ? roundZero : roundingMode(fpscr)
        let roundUp: Bool  // away from zero, on the magnitude
        switch mode {
        case roundNearest: roundUp = error > half || (error == half && magnitude & 1 != 0)
        case roundPlusInf: roundUp = error != 0 && !x.negative
        case roundMinusInf: roundUp = error != 0 && x.negative
        default: roundUp = false
        }
        if roundUp { magnitude += 1 }
        let result = x.negative ? -Int64(magnitude) : Int64(magnitude)
        if result < low || result > high {
            fpscr |= FPSCRBits.ioc
            return UInt32(truncatingIfNeeded: result < low ? low : high)
        }
        if error != 0 { fpscr |= FPSCRBits.ixc }
        return UInt32(truncatingIfNeeded: result)
    }

    /// FixedToFP: the low `size` bits of `value` as a signed or unsigned fixed-point number with
    /// `fractionBits`, rounded to single precision by FPSCR.RMode. Zero gives +0.
    static func fromFixed(_ value: UInt32, size: Int, fractionBits: Int, unsigned: Bool, _ fpscr: inout UInt32) -> UInt32 {
        let unused = UInt32(32 - size)
        let integer: Int64 = unsigned
            ? Int64((value << unused) >> unused)
            : Int64(Int32(bitPattern: value << unused) >> Int32(unused))
        if integer == 0 { return 0 }
        return normaliseAndRoundSingle(negative: integer < 0, integer.magnitude, scale: -fractionBits, &fpscr)
    }

    /// FPHalfToSingle (VCVTB/VCVTT to single). Half-precision inputs are never flushed; with
    /// FPSCR.AHP the all-ones exponent is an ordinary exponent (no infinities or NaNs). NaNs keep
    /// sign and payload, quietened, with IOC for a signalling one; DN gives the default NaN.
    static func halfToSingle(_ h: UInt16, _ fpscr: inout UInt32) -> UInt32 {
        let sign = UInt32(h >> 15) << 31
        let exponent = UInt32((h >> 10) & 0x1F)
        let fraction = UInt32(h & 0x3FF)
        if exponent == 0x1F && fpscr & FPSCRBits.ahp == 0 {
            if fraction == 0 { return sign | positiveInfinity }
            if fraction & 0x200 == 0 { fpscr |= FPSCRBits.ioc }
            if fpscr & FPSCRBits.dn != 0 { return defaultNaN }
            return sign | 0x7FC0_0000 | (fraction & 0x1FF) << 13
        }
        if exponent == 0 {
            if fraction == 0 { return sign }
            // fraction × 2^-24, leading one at bit p: 2^(p-24) × 1.f (always normal in single).
            let p = UInt32(31 - fraction.leadingZeroBitCount)
            return sign | (p + 103) << 23 | (fraction << (23 - p)) & 0x7F_FFFF
        }
        return sign | (exponent + 112) << 23 | fraction << 13
    }

    /// FPSingleToHalf (VCVTB/VCVTT to half). FZ flushes a denormal single input (IDC) but never a
    /// half result. IEEE format: NaNs keep sign and top payload bits, quietened (IOC if signalling;
    /// DN → 0x7E00). Alternative format (AHP): a NaN becomes a signed zero and an infinity the
    /// signed largest value, both with IOC; overflow saturates with IOC (see `round`).
    static func singleToHalf(_ op: UInt32, _ fpscr: inout UInt32) -> UInt16 {
        let x = unpack(op, &fpscr)
        let sign: UInt16 = x.negative ? 0x8000 : 0
        let alternative = fpscr & FPSCRBits.ahp != 0
        switch x.kind {
        case .quietNaN, .signallingNaN:
            if x.kind == .signallingNaN { fpscr |= FPSCRBits.ioc }
            if alternative {
                fpscr |= FPSCRBits.ioc
                return sign
            }
            if fpscr & FPSCRBits.dn != 0 { return 0x7E00 }
            return sign | 0x7E00 | UInt16((op >> 13) & 0x1FF)
        case .infinity:
            if alternative {
                fpscr |= FPSCRBits.ioc
                return sign | 0x7FFF
            }
            return sign | 0x7C00
        case .zero:
            return sign
        case .nonzero:
            let bits = round(negative: x.negative, exponent: x.exp, mantissa: UInt64(x.sig) << 39, fractionBits: 10,
                             exponentBits: 5, minimumExponent: -14, isHalf: true, altHalf: alternative, &fpscr)
            return UInt16(truncatingIfNeeded: bits)
        }
    }
}
