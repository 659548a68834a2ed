import XCTest
@testable import CortexM
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Randomised cross-checks of SoftFloat against the host's IEEE single-precision arithmetic,
/// which agrees with ARM wherever the two standards' choices coincide: the rounded result of
/// +, −, ×, ÷, √ and fused multiply-add in every rounding mode, and the invalid, divide-by-zero,
/// overflow and inexact flags. Where they differ, the tests derive the ARM behaviour themselves:
/// NaN results are skipped (the host's default NaN and propagation differ); underflow is worked out
/// from the exact value's tininess *before* rounding (the host detects it after rounding) using a
/// second host evaluation rounding towards zero; flush-to-zero is applied by the test (inputs
/// flushed before they reach the host, tiny results replaced by signed zeros).
final class SoftFloatHostCrossCheckTests: SoftFloatTestCase {

    enum Operation: Int, CaseIterable { case add, sub, mul, div, sqrt, fma }

    /// Operands for one case: `c` is the addend of fma (unused otherwise).
    func operands(_ op: Operation, _ rng: inout SoftFloatRandom) -> (UInt32, UInt32, UInt32) {
        let a = rng.operand()
        var b = rng.partner(of: a)
        if rng.chance(50) { b = rng.operand() }
        var c: UInt32 = 0
        if op == .fma {
            // An addend near the product's magnitude makes cancellation and close ties likely.
            let productExponent = Int((a >> 23) & 0xFF) + Int((b >> 23) & 0xFF) - 127
            c = rng.chance(50) ? rng.single(exponent: Swift.max(0, Swift.min(254, productExponent + rng.below(9) - 4)))
                               : rng.operand()
        }
        return (a, b, c)
    }

    func softFloat(_ op: Operation, _ a: UInt32, _ b: UInt32, _ c: UInt32, _ fpscr: inout UInt32) -> UInt32 {
        switch op {
        case .add: return SoftFloat.add(a, b, &fpscr)
        case .sub: return SoftFloat.sub(a, b, &fpscr)
        case .mul: return SoftFloat.mul(a, b, &fpscr)
        case .div: return SoftFloat.div(a, b, &fpscr)
        case .sqrt: return SoftFloat.sqrt(a, &fpscr)
        case .fma: return SoftFloat.fusedMulAdd(c, a, b, &fpscr)
        }
    }

    /// Round to nearest even, FZ = DN = 0: plain host Float arithmetic in the default floating-point
    /// environment must give the same bit pattern for every non-NaN result.
    func testNearestEvenMatchesHostFloat() {
        var rng = SoftFloatRandom(seed: 0x5EED_F10A7)
        var compared = 0
        for i in 0..<100_000 {
            let op = Operation(rawValue: i % 6)!
            let (a, b, c) = operands(op, &rng)
            let x = Float(bitPattern: a), y = Float(bitPattern: b), z = Float(bitPattern: c)
            let host: Float
            switch op {
            case .add: host = x + y
            case .sub: host = x - y
            case .mul: host = x * y
            case .div: host = x / y
            case .sqrt: host = x.squareRoot()
            case .fma: host = z.addingProduct(x, y)
            }
            if host.isNaN { continue }
            var fpscr: UInt32 = 0
            let got = softFloat(op, a, b, c, &fpscr)
            compared += 1
            if got != host.bitPattern {
                XCTFail("\(op)(\(sfHex(a)), \(sfHex(b)), addend \(sfHex(c))): \(sfHex(got)), host \(sfHex(host.bitPattern))")
                return
            }
        }
        XCTAssertGreaterThan(compared, 80_000)
    }

    /// Every rounding mode, with and without FZ, results and flags, against the host evaluated
    /// under `fesetround`.
    func testAllRoundingModesAndFlushToZeroMatchHost() {
        var rng = SoftFloatRandom(seed: 0xD1_4EC7ED)
        var compared = 0, tinyResults = 0
        for i in 0..<60_000 {
            let op = Operation(rawValue: i % 6)!
            let (a, b, c) = operands(op, &rng)
            let mode = rng.below(4)
            let flush = rng.chance(30)
            let control = UInt32(mode) << 22 | (flush ? FZ : 0)

            // FPUnpack with FZ: denormal inputs become signed zeros and set IDC.
            var expectedFlags: UInt32 = 0
            func input(_ bits: UInt32, used: Bool) -> Float {
                let v = Float(bitPattern: bits)
                if flush && v.isSubnormal {
                    if used { expectedFlags |= IDC }
                    return v.sign == .minus ? -0.0 : 0.0
                }
                return v
            }
            let x = input(a, used: true), y = input(b, used: op != .sqrt), z = input(c, used: op == .fma)
            let (host, hostFlags) = hostEvaluate(op, x, y, z, rounding: hostRoundingModes[mode])
            if host.isNaN { continue }
            // Tininess before rounding: the exact result is non-zero and below 2^-126 in magnitude
            // exactly when its rounding towards zero is a denormal, or zero with inexact raised.
            let (towardZero, towardZeroFlags) = hostEvaluate(op, x, y, z, rounding: hostRoundingModes[3])
            let tiny = towardZero.isSubnormal || (towardZero == 0 && towardZeroFlags & hostInexact != 0)
            if tiny { tinyResults += 1 }

            var expected = host.bitPattern
            if flush && tiny {
                expected = towardZero.sign == .minus ? minusZero : zero
                expectedFlags |= UFC
            } else {
                if hostFlags & hostInvalid != 0 { expectedFlags |= IOC }
                if hostFlags & hostDivideByZero != 0 { expectedFlags |= DZC }
                if hostFlags & hostOverflow != 0 { expectedFlags |= OFC }
                if hostFlags & hostInexact != 0 {
                    expectedFlags |= IXC
                    if tiny { expectedFlags |= UFC }
                }
            }
            var fpscr = control
            let got = softFloat(op, a, b, c, &fpscr)
            compared += 1
            if got != expected || fpscr != control | expectedFlags {
                XCTFail("\(op)(\(sfHex(a)), \(sfHex(b)), addend \(sfHex(c))) FPSCR \(sfHex(control)): \(sfHex(got)) flags \(sfHex(fpscr)), expected \(sfHex(expected)) flags \(sfHex(control | expectedFlags))")
                return
            }
        }
        XCTAssertGreaterThan(compared, 45_000)
        XCTAssertGreaterThan(tinyResults, 1_000, "the generator should produce underflow cases")
    }

    /// Directed rounding worked out from the exact value: products (48 bits) and sums or fused
    /// multiply-adds that a Double holds exactly are rounded by `referenceRound`, which states the
    /// ARM rules (tininess before rounding included) independently of both SoftFloat and the host's
    /// rounding modes.
    func testDirectedRoundingFromExactValues() {
        var rng = SoftFloatRandom(seed: 0xE8AC7)
        var compared = 0
        for i in 0..<40_000 {
            let op: Operation = [.add, .sub, .mul, .fma][i % 4]
            let (a, b, c) = operands(op, &rng)
            let x = Double(Float(bitPattern: a)), y = Double(Float(bitPattern: b)), z = Double(Float(bitPattern: c))
            if !x.isFinite || !y.isFinite || !z.isFinite { continue }
            let exact: Double
            switch op {
            case .add: exact = x + y
            case .sub: exact = x - y
            case .mul: exact = x * y
            default: exact = z + x * y
            }
            // Keep only cases where the Double arithmetic above was exact: every single product is
            // (48 bits); sums are checked with an error-free transformation (TwoSum).
            func sumIsExact(_ p: Double, _ q: Double) -> Bool {
                let s = p + q, bb = s - p
                return (p - (s - bb)) + (q - bb) == 0
            }
            switch op {
            case .add: if !sumIsExact(x, y) { continue }
            case .sub: if !sumIsExact(x, -y) { continue }
            case .fma: if !sumIsExact(z, x * y) { continue }
            default: break
            }
            // Zero results follow the exact-zero sign rules, checked by hand elsewhere.
            if exact == 0 { continue }
            let mode = rng.below(4)
            let (expected, flags) = referenceRound(exact, mode: mode)
            var fpscr = UInt32(mode) << 22
            let got = softFloat(op, a, b, c, &fpscr)
            compared += 1
            if got != expected || fpscr != UInt32(mode) << 22 | flags {
                XCTFail("\(op)(\(sfHex(a)), \(sfHex(b)), addend \(sfHex(c))) mode \(mode): \(sfHex(got)) flags \(sfHex(fpscr)), expected \(sfHex(expected)) flags \(sfHex(UInt32(mode) << 22 | flags))")
                return
            }
        }
        XCTAssertGreaterThan(compared, 20_000)
    }
}

// The host's floating-point environment (C99 <fenv.h>).
private let hostRoundingModes: [Int32] = [FE_TONEAREST, FE_UPWARD, FE_DOWNWARD, FE_TOWARDZERO]
private let hostInvalid: Int32 = FE_INVALID, hostDivideByZero: Int32 = FE_DIVBYZERO
private let hostOverflow: Int32 = FE_OVERFLOW, hostInexact: Int32 = FE_INEXACT
private let hostFlagMask: Int32 = FE_INVALID | FE_DIVBYZERO | FE_OVERFLOW | FE_UNDERFLOW | FE_INEXACT

/// One host operation under the given rounding mode, with the exception flags it raised. Not
/// optimised, so the compiler cannot move the arithmetic across the environment changes.
@_optimize(none)
private func hostEvaluate(_ op: SoftFloatHostCrossCheckTests.Operation, _ x: Float, _ y: Float, _ z: Float,
                          rounding: Int32) -> (Float, Int32) {
    let saved = fegetround()
    fesetround(rounding)
    feclearexcept(hostFlagMask)
    let result: Float
    switch op {
    case .add: result = x + y
    case .sub: result = x - y
    case .mul: result = x * y
    case .div: result = x / y
    case .sqrt: result = x.squareRoot()
    case .fma: result = z.addingProduct(x, y)
    }
    let flags = fetestexcept(hostFlagMask)
    fesetround(saved)
    return (result, flags)
}
