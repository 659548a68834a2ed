// The arithmetic entry points. Each takes a fast path through the host's Double unit when FPSCR
// selects round-to-nearest with FZ clear and every operand is finite (for div: the divisor also
// non-zero; for sqrt: the operand +0 or positive), and otherwise runs the integer software
// version in SoftFloatArithmetic.swift. Under those conditions no NaN can arise (so DN and the
// NaN rules do not matter), no input is flushed (no IDC), and no invalid operation or division
// by zero can happen; what remains is the correctly rounded result and IXC, OFC and UFC, which
// each fast path below proves it computes exactly as FPRound does.
//
// Assumptions about the host, which Swift itself makes: IEEE binary32/binary64 arithmetic in
// the default environment (round to nearest even, denormals neither flushed nor treated as zero).
// `Float(someDouble)` is then one correct round-to-nearest-even rounding to binary32 including
// gradual underflow and overflow to infinity: exactly FPRound in mode RN with FZ = 0 applied to
// the same value (the ARM overflow test "biased exponent ≥ 255 after rounding" is the IEEE
// overflow threshold, and RN overflows to infinity). Conversions Float → Double are exact.
//
// Flags, for a result r rounded from an exact value v:
//   IXC  iff r ≠ v (also on overflow),
//   OFC  iff r is infinite while the operands were finite (then IXC too),
//   UFC  iff |v| < 2^-126 and r ≠ v (tininess before rounding, FZ = 0).
// Each path decides "r ≠ v" and "|v| < 2^-126" exactly.
//
// SoftFloatHostCrossCheckTests and SoftFloatFastPathTests compare these paths with the software
// versions and with independent references.

extension SoftFloat {

    /// FPSCR bits that must be clear for a fast path: RMode = round to nearest, FZ = 0.
    static let fastPathBlockers: UInt32 = FPSCRBits.rmodeMask | FPSCRBits.fz

    @inline(__always) static func isFinite(_ x: UInt32) -> Bool { x & 0x7F80_0000 != 0x7F80_0000 }

    @inline(__always) static func hostValue(_ x: UInt32) -> Double { Double(Float(bitPattern: x)) }

    /// The flags for a rounding that was inexact, given whether the exact value was tiny.
    @inline(__always)
    static func inexactFlags(_ r: Float, tiny: Bool) -> UInt32 {
        if r.isInfinite { return FPSCRBits.ofc | FPSCRBits.ixc }
        return tiny ? FPSCRBits.ixc | FPSCRBits.ufc : FPSCRBits.ixc
    }

    /// Rounds the exact sum p + q of two Doubles (each a float, or an exact product of two
    /// floats, so |p|, |q| < 2^257 and both multiples of 2^-298) to single precision.
    ///
    /// TwoSum (Knuth) gives s = RN53(p + q) and the exact error e = (p + q) − s, with no overflow
    /// or underflow possible at these magnitudes. If e = 0, s is exact and `Float(s)` is the one
    /// rounding. Otherwise t = s, or its neighbour on e's side, whichever has an odd significand,
    /// is the exact value rounded to odd: v and t lie between the same two adjacent doubles (or
    /// t = v). Every point where round-to-nearest-even to binary32 changes its decision (a float,
    /// a midpoint between adjacent floats, the overflow threshold 2^128 − 2^103, the denormal
    /// midpoints) has at most 25 significant bits, so it is a double with an even significand:
    /// none lies strictly between v and t, and t is none of them. Hence RNE24(t) = RNE24(v).
    /// Likewise 2^-126 is an even double, so |t| < 2^-126 iff |v| < 2^-126. And v is exact in
    /// binary32 iff Float(t) = t: if e ≠ 0, t has an odd 53-bit significand, so it is no float.
    @inline(__always)
    static func roundSum(_ p: Double, _ q: Double, _ fpscr: inout UInt32) -> UInt32 {
        let s = p + q
        let pVirtual = s - q
        let qVirtual = s - pVirtual
        let e = (p - pVirtual) + (q - qVirtual)
        var t = s
        if e != 0 && s.bitPattern & 1 == 0 { t = e > 0 ? s.nextUp : s.nextDown }
        let r = Float(t)
        if Double(r) != t { fpscr |= inexactFlags(r, tiny: t.magnitude < 0x1p-126) }
        return r.bitPattern
    }

    static func add(_ a: UInt32, _ b: UInt32, _ fpscr: inout UInt32) -> UInt32 {
        if fpscr & fastPathBlockers == 0 && isFinite(a) && isFinite(b) {
            // x + y and −0 + −0 = −0, x + (−x) = +0: IEEE's zero signs in RN are FPAdd's.
            return roundSum(hostValue(a), hostValue(b), &fpscr)
        }
        return addSoftware(a, b, &fpscr)
    }

    static func sub(_ a: UInt32, _ b: UInt32, _ fpscr: inout UInt32) -> UInt32 {
        if fpscr & fastPathBlockers == 0 && isFinite(a) && isFinite(b) {
            // a − b = a + (−b) exactly, zero signs included (FPSub's rules are FPAdd's with op2 negated).
            return roundSum(hostValue(a), -hostValue(b), &fpscr)
        }
        return subSoftware(a, b, &fpscr)
    }

    static func mul(_ a: UInt32, _ b: UInt32, _ fpscr: inout UInt32) -> UInt32 {
        if fpscr & fastPathBlockers == 0 && isFinite(a) && isFinite(b) {
            // The product of two 24-bit significands has at most 48 bits and its exponent lies in
            // [-298, 256]: the Double product p is exact (zeros with IEEE's sign, FPMul's too). One
            // rounding Float(p) follows; p is the exact value for the flags.
            let p = hostValue(a) * hostValue(b)
            let r = Float(p)
            if Double(r) != p { fpscr |= inexactFlags(r, tiny: p.magnitude < 0x1p-126) }
            return r.bitPattern
        }
        return mulSoftware(a, b, &fpscr)
    }

    static func div(_ a: UInt32, _ b: UInt32, _ fpscr: inout UInt32) -> UInt32 {
        if fpscr & fastPathBlockers == 0 && isFinite(a) && isFinite(b) && b & 0x7FFF_FFFF != 0 {
            // q = RN53(x / y), then r = Float(q). Let 2^E ≤ |x/y| < 2^(E+1), so |q − x/y| ≤ 2^(E−53).
            // The points g that decide RNE to binary32 or tininess and lie that close to x/y (the
            // midpoints between floats, 2^-126) are g = G·2^k with G an integer below 2^25 and
            // k ≥ E − 25 (normal binades E−1..E+1) or k = −150 (denormals, only when E < −126):
            // in both cases k > E − 29. With x = X·2^i, y = Y·2^j (integers below 2^24),
            // x − y·g is a multiple of 2^min(i, j+k) and |y| < 2^(j+24), so if x/y ≠ g then
            // |x/y − g| > 2^(min(i−j, k) − 24) > 2^(E−53), using i − j > E − 24 (from
            // |x/y| < 2^(i−j+24)). So q lies on the same side of every such g as x/y, and equals g
            // only if x/y = g (g is a double). Hence Float(q) is the correct rounding and
            // |q| < 2^-126 iff |x/y| < 2^-126. Exactness: r·y is exact in a Double (48 bits), and
            // x/y = r iff r·y = x (for an infinite r the test fails, as it must).
            let x = hostValue(a), y = hostValue(b)
            let q = x / y
            let r = Float(q)
            if Double(r) * y != x { fpscr |= inexactFlags(r, tiny: q.magnitude < 0x1p-126) }
            return r.bitPattern
        }
        return divSoftware(a, b, &fpscr)
    }

    static func sqrt(_ a: UInt32, _ fpscr: inout UInt32) -> UInt32 {
        if fpscr & fastPathBlockers == 0 && a < 0x7F80_0000 {
            // +0 or positive finite x. √x lies in [2^-75, 2^64): no overflow or underflow. Let
            // 2^t ≤ √x < 2^(t+1); the Double root q is within 2^(t−53) of √x and, 2^t being a
            // double, not below 2^t. The midpoints that could separate q from √x are m = M·2^(t−24),
            // M odd, 2^24 < M < 2^25. x ≠ m² (m² has an odd significand of at least 49 bits, x at
            // most 24); x is a multiple of 2^(2t−23) (normal x) or of 2^-149 (denormal x, t ≤ −64),
            // so x − m² is a non-zero multiple of 2^(2t−48), and √x + m < 2^(t+2): so
            // |√x − m| = |x − m²|/(√x + m) ≥ 2^(t−50) > 2^(t−53). Float(q) rounds correctly.
            // Exactness: r·r is exact in a Double, and √x = r iff r·r = x.
            let x = hostValue(a)
            let r = Float(x.squareRoot())
            if Double(r) * Double(r) != x { fpscr |= FPSCRBits.ixc }
            return r.bitPattern
        }
        return sqrtSoftware(a, &fpscr)
    }

    static func fusedMulAdd(_ addend: UInt32, _ a: UInt32, _ b: UInt32, _ fpscr: inout UInt32) -> UInt32 {
        if fpscr & fastPathBlockers == 0 && isFinite(addend) && isFinite(a) && isFinite(b) {
            // The Double product is exact (see mul), then one rounding of the exact sum (roundSum).
            // Zero signs: a zero product (IEEE sign rule = FPMulAdd's signP) plus a zero addend
            // gives IEEE's RN zero sum rules, which are FPMulAdd's; otherwise the sum is exact.
            return roundSum(hostValue(addend), hostValue(a) * hostValue(b), &fpscr)
        }
        return fusedMulAddSoftware(addend, a, b, &fpscr)
    }
}
