import XCTest
@testable import CortexM

/// The host fast paths (SoftFloatHostFastPaths.swift) against the integer software versions: in
/// round-to-nearest with FZ clear, every finite operand combination must give the same bits and
/// the same flags either way. The software versions are checked independently by the other tests.
final class SoftFloatFastPathTests: SoftFloatTestCase {

    typealias Binary = (UInt32, UInt32, inout UInt32) -> UInt32

    func compare(_ name: String, _ fast: Binary, _ software: Binary, _ a: UInt32, _ b: UInt32, control: UInt32) -> Bool {
        var f1 = control, f2 = control
        let r1 = fast(a, b, &f1), r2 = software(a, b, &f2)
        if r1 != r2 || f1 != f2 {
            XCTFail("\(name)(\(sfHex(a)), \(sfHex(b))) FPSCR \(sfHex(control)): fast \(sfHex(r1)) \(sfHex(f1)), software \(sfHex(r2)) \(sfHex(f2))")
            return false
        }
        return true
    }

    /// Random finite operands (and some non-finite ones, which must take the software path), DN
    /// either way, some flags preset.
    func testBinaryOperationsAgreeWithSoftware() {
        var rng = SoftFloatRandom(seed: 0xFA57)
        let operations: [(String, Binary, Binary)] = [
            ("add", SoftFloat.add, SoftFloat.addSoftware), ("sub", SoftFloat.sub, SoftFloat.subSoftware),
            ("mul", SoftFloat.mul, SoftFloat.mulSoftware), ("div", SoftFloat.div, SoftFloat.divSoftware),
            ("sqrt", { a, _, f in SoftFloat.sqrt(a, &f) }, { a, _, f in SoftFloat.sqrtSoftware(a, &f) }),
        ]
        for i in 0..<100_000 {
            let (name, fast, software) = operations[i % operations.count]
            let a = rng.operand()
            let b = rng.chance(50) ? rng.partner(of: a) : rng.operand()
            let control = (rng.chance(30) ? DN : 0) | (rng.chance(10) ? UInt32(rng.below(0x100)) & 0x9F : 0)
            if !compare(name, fast, software, name == "sqrt" ? a & 0x7FFF_FFFF : a, b, control: control) { return }
        }
    }

    func testFusedMulAddAgreesWithSoftware() {
        var rng = SoftFloatRandom(seed: 0xF3A)
        for _ in 0..<60_000 {
            let a = rng.operand(), b = rng.partner(of: a)
            let productExponent = Int((a >> 23) & 0xFF) + Int((b >> 23) & 0xFF) - 127
            let c: UInt32
            switch rng.below(3) {
            case 0: c = rng.operand()
            case 1: c = rng.single(exponent: Swift.max(0, Swift.min(254, productExponent + rng.below(9) - 4)))
            default: c = rng.single(exponent: Swift.max(0, Swift.min(254, productExponent + 20 + rng.below(15))))
            }
            var f1: UInt32 = 0, f2: UInt32 = 0
            let r1 = SoftFloat.fusedMulAdd(c, a, b, &f1), r2 = SoftFloat.fusedMulAddSoftware(c, a, b, &f2)
            if r1 != r2 || f1 != f2 {
                XCTFail("fma(\(sfHex(c)), \(sfHex(a)), \(sfHex(b))): fast \(sfHex(r1)) \(sfHex(f1)), software \(sfHex(r2)) \(sfHex(f2))")
                return
            }
        }
    }

    /// Sums whose Double rounding lands exactly on a binary32 midpoint while the exact value is
    /// just off it: (1 + m·2^-23)(1 − m·2^-23) = 1 − m²·2^-46, added to an addend whose half-ulp
    /// is 1 (scaled). Rounding the Double sum to nearest again would round the wrong way half the
    /// time; round-to-odd must not.
    func testFusedMulAddNearTies() {
        var rng = SoftFloatRandom(seed: 0x71E5)
        for _ in 0..<20_000 {
            let m = UInt32(1 + rng.below(4000))
            let scale1 = rng.below(60) - 30, scale2 = rng.below(60) - 30
            let a = (UInt32(127 + scale1) << 23 | m) ^ (rng.chance(50) ? 0x8000_0000 : 0)
            let b = UInt32(127 + scale2) << 23 - 2 * m  // (1 − m·2^-23)·2^scale2 (exponent one lower)
            // The addend's ulp is 2^(scale1 + scale2 + 1), a few binades up to lengthen the tail.
            let addendExponent = 127 + scale1 + scale2 + 24 + rng.below(3)
            let c = rng.single(exponent: addendExponent)
            var f1: UInt32 = 0, f2: UInt32 = 0
            let r1 = SoftFloat.fusedMulAdd(c, a, b, &f1), r2 = SoftFloat.fusedMulAddSoftware(c, a, b, &f2)
            if r1 != r2 || f1 != f2 {
                XCTFail("fma(\(sfHex(c)), \(sfHex(a)), \(sfHex(b))): fast \(sfHex(r1)) \(sfHex(f1)), software \(sfHex(r2)) \(sfHex(f2))")
                return
            }
        }
        // A worked instance: 0x4B800001 = 2^24 + 2 (odd significand); the product is 1 − 2^-46, so
        // the exact sum lies just below the midpoint 2^24 + 3 and rounds down to 0x4B800001. The
        // Double sum is exactly 2^24 + 3, which on its own would round (to even) up to 0x4B800002.
        expectFP("just below a tie", RN, { SoftFloat.fusedMulAdd(0x4B80_0001, 0x3F80_0001, 0x3F7F_FFFE, &$0) }, 0x4B80_0001, IXC)
        expectFP("negative, just short of a tie", RN, { SoftFloat.fusedMulAdd(0xCB80_0001, 0xBF80_0001, 0x3F7F_FFFE, &$0) }, 0xCB80_0001, IXC)
    }

    /// The fast paths are only taken in round to nearest with FZ clear: other modes still round
    /// their own way (a fast path ignoring RMode or FZ would fail these).
    func testFastPathsStepAsideForOtherModes() {
        expectFP("div upward", RP, { SoftFloat.div(one, three, &$0) }, 0x3EAA_AAAB, IXC)
        expectFP("div toward zero", RZ, { SoftFloat.div(one, three, &$0) }, 0x3EAA_AAAA, IXC)
        expectFP("mul FZ", FZ, { SoftFloat.mul(minNormal, half, &$0) }, zero, UFC)
        expectFP("add FZ input", FZ, { SoftFloat.add(one, minDenormal, &$0) }, one, IDC)
        expectFP("sqrt downward", RM, { SoftFloat.sqrt(two, &$0) }, 0x3FB5_04F3, IXC)
        expectFP("fma toward zero", RZ, { SoftFloat.fusedMulAdd(one, minDenormal, minDenormal, &$0) }, one, IXC)
        expectFP("sub downward exact zero", RM, { SoftFloat.sub(three, three, &$0) }, minusZero)
    }

    /// VCVT's round-towards-zero fast path against the software FPToFixed, all sizes and fraction bits.
    func testToFixedAgreesWithSoftware() {
        var rng = SoftFloatRandom(seed: 0xC07)
        for _ in 0..<60_000 {
            let size = rng.chance(50) ? 16 : 32
            let unsigned = rng.chance(50)
            let fbits = rng.chance(30) ? 0 : rng.below(size + 1)
            let a = rng.chance(70) ? rng.single(exponent: 100 + rng.below(90)) : rng.operand()
            let control = UInt32(rng.below(4)) << 22 | (rng.chance(30) ? FZ : 0)
            var f1 = control, f2 = control
            let r1 = SoftFloat.toFixed(a, size: size, fractionBits: fbits, unsigned: unsigned, roundTowardZero: true, &f1)
            let r2 = SoftFloat.toFixedSoftware(a, size: size, fractionBits: fbits, unsigned: unsigned, roundTowardZero: true, &f2)
            if r1 != r2 || f1 != f2 {
                XCTFail("toFixed(\(sfHex(a)), size \(size), fbits \(fbits), unsigned \(unsigned)): fast \(sfHex(r1)) \(sfHex(f1)), software \(sfHex(r2)) \(sfHex(f2))")
                return
            }
        }
    }
}
