import XCTest
@testable import CortexM

// Shared vocabulary for the SoftFloat tests. `expectFP` compares both the result and the whole
// FPSCR afterwards, so a flag raised wrongly, a flag missing, or a control bit disturbed all fail.

/// Base class of the SoftFloat test cases: the vocabulary lives here rather than at file scope so
/// it cannot collide with other tests in the target.
class SoftFloatTestCase: XCTestCase {
    let RN: UInt32 = 0 << 22, RP: UInt32 = 1 << 22, RM: UInt32 = 2 << 22, RZ: UInt32 = 3 << 22
    let FZ = FPSCRBits.fz, DN = FPSCRBits.dn, AHP = FPSCRBits.ahp
    let IOC = FPSCRBits.ioc, DZC = FPSCRBits.dzc, OFC = FPSCRBits.ofc, UFC = FPSCRBits.ufc, IXC = FPSCRBits.ixc
    let IDC = FPSCRBits.idc

    // Bit patterns used throughout.
    let one: UInt32 = 0x3F80_0000, minusOne: UInt32 = 0xBF80_0000, two: UInt32 = 0x4000_0000
    let half: UInt32 = 0x3F00_0000, three: UInt32 = 0x4040_0000
    let zero: UInt32 = 0, minusZero: UInt32 = 0x8000_0000
    let inf: UInt32 = 0x7F80_0000, minusInf: UInt32 = 0xFF80_0000
    let max: UInt32 = 0x7F7F_FFFF, minusMax: UInt32 = 0xFF7F_FFFF
    let minNormal: UInt32 = 0x0080_0000, minDenormal: UInt32 = 0x0000_0001
    let defaultNaN: UInt32 = 0x7FC0_0000

    /// Runs `op` with FPSCR = `control` and checks the result and that FPSCR became `control | flags`.
    func expectFP(_ what: String, _ control: UInt32, _ op: (inout UInt32) -> UInt32, _ result: UInt32, _ flags: UInt32 = 0,
                  file: StaticString = #filePath, line: UInt = #line) {
        var fpscr = control
        let got = op(&fpscr)
        XCTAssertEqual(got, result, "\(what): result \(sfHex(got)), expected \(sfHex(result))", file: file, line: line)
        XCTAssertEqual(fpscr, control | flags,
                       "\(what): FPSCR \(sfHex(fpscr)), expected \(sfHex(control | flags))", file: file, line: line)
    }

    /// Rounds an exact value (held exactly in a Double) to single precision by FPSCR rounding mode
    /// `mode`, the reference way: the host's nearest-even conversion, then one step towards the
    /// required direction if it went the wrong way. Returns the bits and the flags the ARM rules give:
    /// IXC when inexact, OFC (+IXC) when the rounded value with unbounded exponent reaches 2^128,
    /// UFC when the exact value is below 2^-126 (tininess before rounding) and inexact.
    func referenceRound(_ exact: Double, mode: Int) -> (UInt32, UInt32) {
        var f = Float(exact)
        switch mode {
        case 1: if Double(f) < exact { f = f.nextUp }
        case 2: if Double(f) > exact { f = f.nextDown }
        case 3: if Double(f).magnitude > exact.magnitude { f = exact > 0 ? f.nextDown : f.nextUp }
        default: break
        }
        var flags: UInt32 = 0
        let inexact = Double(f) != exact
        if f.isInfinite || exact.magnitude >= 0x1p128 {
            flags |= FPSCRBits.ofc | FPSCRBits.ixc
        } else if inexact {
            flags |= FPSCRBits.ixc
            if exact.magnitude < 0x1p-126 { flags |= FPSCRBits.ufc }
        }
        return (f.bitPattern, flags)
    }
}

func sfHex(_ x: UInt32) -> String { "0x" + String(x, radix: 16, uppercase: true) }

/// Small deterministic generator (SplitMix64) so the randomised tests are reproducible.
struct SoftFloatRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func next32() -> UInt32 { UInt32(truncatingIfNeeded: next() >> 32) }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }

    /// A single with the given biased exponent, random sign and fraction (sometimes with
    /// trailing zeros, so exact and halfway cases come up).
    mutating func single(exponent: Int) -> UInt32 {
        var fraction = next32() & 0x7F_FFFF
        if chance(25) { fraction &= ~((1 << UInt32(below(24))) - 1) & 0x7F_FFFF }
        return (next32() & 0x8000_0000) | UInt32(exponent & 0xFF) << 23 | fraction
    }

    /// An operand biased towards the interesting places: zeros, denormals, tiny and huge
    /// exponents, the middle of the range, and raw random bits (which include NaNs and infinities).
    mutating func operand() -> UInt32 {
        switch below(20) {
        case 0: return [0, 0x8000_0000, 0x7F80_0000, 0xFF80_0000, 0x0000_0001, 0x007F_FFFF, 0x0080_0000,
                        0x7F7F_FFFF, 0x3F80_0000, 0xBF80_0000][below(10)]
        case 1, 2: return single(exponent: 0)
        case 3, 4: return single(exponent: 1 + below(30))
        case 5, 6: return single(exponent: 225 + below(30))
        case 7...15: return single(exponent: 100 + below(55))
        default: return next32()
        }
    }

    /// A second operand related to `a`: close in exponent (cancellation), reciprocal exponent
    /// (products and quotients near 1, or near the overflow/underflow thresholds), or unrelated.
    mutating func partner(of a: UInt32) -> UInt32 {
        let e = Int((a >> 23) & 0xFF)
        switch below(6) {
        case 0: return operand()
        case 1: return (a ^ (next32() & 0x8000_0000)) &+ UInt32(bitPattern: Int32(below(7) - 3))
        case 2: return single(exponent: Swift.max(0, Swift.min(254, e + below(61) - 30)))
        case 3: return single(exponent: Swift.max(0, Swift.min(254, 254 - e + below(7) - 3)))
        case 4: return single(exponent: Swift.max(0, Swift.min(254, 254 - e - below(40))))
        default: return single(exponent: Swift.max(0, Swift.min(254, e + below(7) - 3)))
        }
    }
}
