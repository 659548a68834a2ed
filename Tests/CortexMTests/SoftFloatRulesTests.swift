import XCTest
@testable import CortexM

/// Hand-picked cases for the rules of the ARMv7-M ARM floating-point pseudocode (A2.5): NaN
/// selection and quietening, default NaN, the invalid-operation, divide-by-zero, overflow,
/// underflow and inexact rules, flush-to-zero, zero signs and the four rounding modes. Every
/// expected value is worked out by hand from the pseudocode (the comments give the reasoning).
final class SoftFloatRulesTests: SoftFloatTestCase {

    // MARK: NaNs (FPProcessNaN, FPProcessNaNs, FPProcessNaNs3)

    func testQuietNaNPropagatesUnchanged() {
        expectFP("qNaN + 1", RN, { SoftFloat.add(0x7FC0_0001, one, &$0) }, 0x7FC0_0001)
        expectFP("1 + -qNaN keeps sign and payload", RN, { SoftFloat.add(one, 0xFFC0_1234, &$0) }, 0xFFC0_1234)
        expectFP("two quiet NaNs: the first", RN, { SoftFloat.mul(0x7FC0_0001, 0x7FC0_0002, &$0) }, 0x7FC0_0001)
        expectFP("sqrt(qNaN)", RN, { SoftFloat.sqrt(0xFFFF_FFFF, &$0) }, 0xFFFF_FFFF)
        expectFP("qNaN - inf", RN, { SoftFloat.sub(0x7FC0_0005, inf, &$0) }, 0x7FC0_0005)
        expectFP("0 * qNaN (not inf*0)", RN, { SoftFloat.mul(zero, 0x7FD0_0000, &$0) }, 0x7FD0_0000)
        expectFP("qNaN / 0 raises no DZC", RN, { SoftFloat.div(0x7FC0_0000, zero, &$0) }, 0x7FC0_0000)
    }

    func testSignallingNaNIsQuietenedAndRaisesInvalid() {
        expectFP("sNaN + 1", RN, { SoftFloat.add(0x7F80_0001, one, &$0) }, 0x7FC0_0001, IOC)
        expectFP("1 / -sNaN", RN, { SoftFloat.div(one, 0xFFA0_0000, &$0) }, 0xFFE0_0000, IOC)
        expectFP("sqrt(sNaN)", RN, { SoftFloat.sqrt(0x7F80_0001, &$0) }, 0x7FC0_0001, IOC)
        // A signalling NaN wins over a quiet one, whichever operand it is.
        expectFP("qNaN + sNaN: the sNaN", RN, { SoftFloat.add(0x7FC0_0001, 0x7F80_0002, &$0) }, 0x7FC0_0002, IOC)
        expectFP("sNaN * qNaN: the sNaN", RN, { SoftFloat.mul(0xFF80_0003, 0x7FC0_0004, &$0) }, 0xFFC0_0003, IOC)
        expectFP("two sNaNs: the first", RN, { SoftFloat.sub(0x7F80_0003, 0xFF80_0004, &$0) }, 0x7FC0_0003, IOC)
        // FPSub does not negate a NaN operand.
        expectFP("1 - sNaN keeps the NaN's sign", RN, { SoftFloat.sub(one, 0x7F80_0009, &$0) }, 0x7FC0_0009, IOC)
    }

    func testDefaultNaNMode() {
        expectFP("DN: qNaN operand gives the default NaN, no IOC", DN, { SoftFloat.add(0xFFC0_1234, one, &$0) }, defaultNaN)
        expectFP("DN: sNaN operand gives the default NaN with IOC", DN, { SoftFloat.mul(one, 0xFF80_0001, &$0) }, defaultNaN, IOC)
        expectFP("DN: sqrt(-qNaN)", DN, { SoftFloat.sqrt(0xFFC0_0000, &$0) }, defaultNaN)
        expectFP("DN: FMA addend qNaN", DN, { SoftFloat.fusedMulAdd(0xFFC0_0001, one, one, &$0) }, defaultNaN)
    }

    func testFusedMulAddNaNOrder() {
        // FPProcessNaNs3(addend, op1, op2): signalling NaNs in that order, then quiet ones.
        expectFP("sNaN op1 beats qNaN addend", RN, { SoftFloat.fusedMulAdd(0x7FC0_000A, 0x7F80_000B, 0x7FC0_000C, &$0) },
                 0x7FC0_000B, IOC)
        expectFP("sNaN addend beats sNaN op1", RN, { SoftFloat.fusedMulAdd(0x7F80_000A, 0x7F80_000B, one, &$0) },
                 0x7FC0_000A, IOC)
        expectFP("sNaN op2 beats qNaN op1", RN, { SoftFloat.fusedMulAdd(one, 0x7FC0_000B, 0xFF80_000C, &$0) },
                 0xFFC0_000C, IOC)
        expectFP("qNaN addend first among quiet", RN, { SoftFloat.fusedMulAdd(0x7FC0_000A, 0x7FC0_000B, 0x7FC0_000C, &$0) },
                 0x7FC0_000A)
        expectFP("qNaN op1 before qNaN op2", RN, { SoftFloat.fusedMulAdd(one, 0x7FC0_000B, 0x7FC0_000C, &$0) }, 0x7FC0_000B)
        expectFP("qNaN op2", RN, { SoftFloat.fusedMulAdd(inf, one, 0xFFC0_000C, &$0) }, 0xFFC0_000C)
    }

    func testFusedMulAddInfinityTimesZeroWithNaNAddend() {
        // FPMulAdd: a quiet-NaN addend with inf*0 gives the default NaN and IOC (even without DN).
        expectFP("inf*0 + qNaN", RN, { SoftFloat.fusedMulAdd(0x7FC0_0001, inf, zero, &$0) }, defaultNaN, IOC)
        expectFP("0*-inf + -qNaN", RN, { SoftFloat.fusedMulAdd(0xFFC0_0001, minusZero, minusInf, &$0) }, defaultNaN, IOC)
        // A signalling-NaN addend is processed first: quietened addend, IOC.
        expectFP("inf*0 + sNaN", RN, { SoftFloat.fusedMulAdd(0x7F80_0001, inf, zero, &$0) }, 0x7FC0_0001, IOC)
        // Without a NaN: inf*0 is an invalid operation.
        expectFP("inf*0 + 1", RN, { SoftFloat.fusedMulAdd(one, zero, inf, &$0) }, defaultNaN, IOC)
        // FZ: a denormal times infinity is inf*0 too.
        expectFP("FZ: inf*denormal + qNaN", FZ, { SoftFloat.fusedMulAdd(0x7FC0_0001, inf, minDenormal, &$0) },
                 defaultNaN, IOC | IDC)
        // qNaN addend with an ordinary product: the NaN, no flags.
        expectFP("2*3 + qNaN", RN, { SoftFloat.fusedMulAdd(0x7FC0_0001, two, three, &$0) }, 0x7FC0_0001)
    }

    // MARK: Invalid operations, division by zero, infinities

    func testInvalidOperationsGiveDefaultNaN() {
        expectFP("inf + -inf", RN, { SoftFloat.add(inf, minusInf, &$0) }, defaultNaN, IOC)
        expectFP("inf - inf", RN, { SoftFloat.sub(inf, inf, &$0) }, defaultNaN, IOC)
        expectFP("-inf - -inf", RN, { SoftFloat.sub(minusInf, minusInf, &$0) }, defaultNaN, IOC)
        expectFP("inf * 0", RN, { SoftFloat.mul(inf, zero, &$0) }, defaultNaN, IOC)
        expectFP("-0 * -inf", RN, { SoftFloat.mul(minusZero, minusInf, &$0) }, defaultNaN, IOC)
        expectFP("0 / 0", RN, { SoftFloat.div(zero, minusZero, &$0) }, defaultNaN, IOC)
        expectFP("inf / -inf", RN, { SoftFloat.div(inf, minusInf, &$0) }, defaultNaN, IOC)
        expectFP("sqrt(-1)", RN, { SoftFloat.sqrt(minusOne, &$0) }, defaultNaN, IOC)
        expectFP("sqrt(-inf)", RN, { SoftFloat.sqrt(minusInf, &$0) }, defaultNaN, IOC)
        expectFP("sqrt(-denormal)", RN, { SoftFloat.sqrt(0x8000_0001, &$0) }, defaultNaN, IOC)
        expectFP("FMA: -inf + inf*1", RN, { SoftFloat.fusedMulAdd(minusInf, inf, one, &$0) }, defaultNaN, IOC)
        expectFP("FMA: inf + (-inf)*1", RN, { SoftFloat.fusedMulAdd(inf, minusInf, one, &$0) }, defaultNaN, IOC)
    }

    func testDivisionByZero() {
        expectFP("1 / +0", RN, { SoftFloat.div(one, zero, &$0) }, inf, DZC)
        expectFP("1 / -0", RN, { SoftFloat.div(one, minusZero, &$0) }, minusInf, DZC)
        expectFP("-denormal / +0", RN, { SoftFloat.div(0x8000_0001, zero, &$0) }, minusInf, DZC)
        expectFP("inf / 0: no DZC", RN, { SoftFloat.div(inf, zero, &$0) }, inf)
        expectFP("0 / inf", RN, { SoftFloat.div(zero, inf, &$0) }, zero)
        expectFP("1 / -inf", RN, { SoftFloat.div(one, minusInf, &$0) }, minusZero)
        expectFP("FZ: 1 / denormal is a division by zero", FZ, { SoftFloat.div(one, 0x0000_0001, &$0) }, inf, DZC | IDC)
        expectFP("FZ: denormal / denormal is 0/0", FZ, { SoftFloat.div(0x0000_0001, 0x8000_0002, &$0) }, defaultNaN, IOC | IDC)
    }

    func testInfinityArithmetic() {
        expectFP("inf + 1", RN, { SoftFloat.add(inf, one, &$0) }, inf)
        expectFP("1 - inf", RN, { SoftFloat.sub(one, inf, &$0) }, minusInf)
        expectFP("-inf + -inf", RN, { SoftFloat.add(minusInf, minusInf, &$0) }, minusInf)
        expectFP("-inf * 2", RN, { SoftFloat.mul(minusInf, two, &$0) }, minusInf)
        expectFP("-inf * -denormal", RN, { SoftFloat.mul(minusInf, 0x8000_0001, &$0) }, inf)
        expectFP("sqrt(inf)", RN, { SoftFloat.sqrt(inf, &$0) }, inf)
        expectFP("FMA: 1 + inf*2", RN, { SoftFloat.fusedMulAdd(one, inf, two, &$0) }, inf)
        expectFP("FMA: -inf + 1*2", RN, { SoftFloat.fusedMulAdd(minusInf, one, two, &$0) }, minusInf)
        expectFP("FMA: -inf + -inf*1", RN, { SoftFloat.fusedMulAdd(minusInf, minusInf, one, &$0) }, minusInf)
    }

    // MARK: Zero signs

    func testExactZeroSumSignDependsOnRoundingMode() {
        for (mode, expected) in [(RN, zero), (RP, zero), (RM, minusZero), (RZ, zero)] {
            expectFP("1 + -1 in mode \(mode >> 22)", mode, { SoftFloat.add(one, minusOne, &$0) }, expected)
            expectFP("3 - 3 in mode \(mode >> 22)", mode, { SoftFloat.sub(three, three, &$0) }, expected)
            expectFP("+0 + -0 in mode \(mode >> 22)", mode, { SoftFloat.add(zero, minusZero, &$0) }, expected)
            expectFP("-0 - -0 in mode \(mode >> 22)", mode, { SoftFloat.sub(minusZero, minusZero, &$0) }, expected)
            expectFP("FMA: -1 + 1*1 in mode \(mode >> 22)", mode, { SoftFloat.fusedMulAdd(minusOne, one, one, &$0) }, expected)
            expectFP("FMA: -0 + 0*1 in mode \(mode >> 22)", mode, { SoftFloat.fusedMulAdd(minusZero, zero, one, &$0) }, expected)
            // Same-signed zeros keep their sign in every mode.
            expectFP("-0 + -0 in mode \(mode >> 22)", mode, { SoftFloat.add(minusZero, minusZero, &$0) }, minusZero)
            expectFP("-0 - +0 in mode \(mode >> 22)", mode, { SoftFloat.sub(minusZero, zero, &$0) }, minusZero)
            expectFP("FMA: -0 + -0*1 in mode \(mode >> 22)", mode, { SoftFloat.fusedMulAdd(minusZero, minusZero, one, &$0) }, minusZero)
        }
        expectFP("-0 * 5", RN, { SoftFloat.mul(minusZero, 0x40A0_0000, &$0) }, minusZero)
        expectFP("-0 / -5", RN, { SoftFloat.div(minusZero, 0xC0A0_0000, &$0) }, zero)
        expectFP("sqrt(-0)", RN, { SoftFloat.sqrt(minusZero, &$0) }, minusZero)
        expectFP("x + 0 is x exactly (denormal)", RN, { SoftFloat.add(0x8000_0003, zero, &$0) }, 0x8000_0003)
        expectFP("0 - x is -x exactly", RN, { SoftFloat.sub(zero, 0x4049_0FDB, &$0) }, 0xC049_0FDB)
    }

    // MARK: Rounding modes

    func testRoundingModesOnOneThird() {
        // 1/3 = 0x3EAAAAAA + 2/3 ulp: nearest and upward round up.
        for (mode, positive, negative) in [(RN, 0x3EAA_AAAB, 0xBEAA_AAAB), (RP, 0x3EAA_AAAB, 0xBEAA_AAAA),
                                           (RM, 0x3EAA_AAAA, 0xBEAA_AAAB), (RZ, 0x3EAA_AAAA, 0xBEAA_AAAA)] as [(UInt32, UInt32, UInt32)] {
            expectFP("1/3 mode \(mode >> 22)", mode, { SoftFloat.div(one, three, &$0) }, positive, IXC)
            expectFP("-1/3 mode \(mode >> 22)", mode, { SoftFloat.div(minusOne, three, &$0) }, negative, IXC)
        }
    }

    func testTiesAndDirectedRoundingOfSums() {
        // 1 + 2^-24 is exactly halfway between 1 and 1 + 2^-23.
        let tiny: UInt32 = 0x3380_0000  // 2^-24
        for (mode, expected) in [(RN, one), (RP, 0x3F80_0001), (RM, one), (RZ, one)] as [(UInt32, UInt32)] {
            expectFP("1 + 2^-24 mode \(mode >> 22)", mode, { SoftFloat.add(one, tiny, &$0) }, expected, IXC)
        }
        // (1 + 2^-23) + 2^-24: halfway with an odd lower neighbour: ties-to-even rounds up.
        expectFP("odd tie", RN, { SoftFloat.add(0x3F80_0001, tiny, &$0) }, 0x3F80_0002, IXC)
        for (mode, expected) in [(RN, minusOne), (RP, minusOne), (RM, 0xBF80_0001), (RZ, minusOne)] as [(UInt32, UInt32)] {
            expectFP("-1 - 2^-24 mode \(mode >> 22)", mode, { SoftFloat.sub(minusOne, tiny, &$0) }, expected, IXC)
        }
        // 1 - 2^-25 is exactly halfway between 0x3F7FFFFF (1 - 2^-24, odd) and 1.0 (even).
        expectFP("1 - 2^-25", RN, { SoftFloat.sub(one, 0x3300_0000, &$0) }, one, IXC)
        expectFP("1 - 2^-25 toward zero", RZ, { SoftFloat.sub(one, 0x3300_0000, &$0) }, 0x3F7F_FFFF, IXC)
        // A far smaller operand only makes the result inexact.
        expectFP("1 + 2^-149 upward", RP, { SoftFloat.add(one, minDenormal, &$0) }, 0x3F80_0001, IXC)
        expectFP("1 - 2^-149 downward", RM, { SoftFloat.sub(one, minDenormal, &$0) }, 0x3F7F_FFFF, IXC)
        expectFP("1 - 2^-149 nearest", RN, { SoftFloat.sub(one, minDenormal, &$0) }, one, IXC)
    }

    func testSquareRoot() {
        expectFP("sqrt(4)", RN, { SoftFloat.sqrt(0x4080_0000, &$0) }, two)
        expectFP("sqrt(2.25)", RN, { SoftFloat.sqrt(0x4010_0000, &$0) }, 0x3FC0_0000)
        // sqrt(2) = 1.0110101000001001111001100110011... : 0x3FB504F3 + 0.33 ulp.
        expectFP("sqrt(2) nearest", RN, { SoftFloat.sqrt(two, &$0) }, 0x3FB5_04F3, IXC)
        expectFP("sqrt(2) upward", RP, { SoftFloat.sqrt(two, &$0) }, 0x3FB5_04F4, IXC)
        expectFP("sqrt(2) downward", RM, { SoftFloat.sqrt(two, &$0) }, 0x3FB5_04F3, IXC)
        // Denormal inputs are normalised: sqrt(2^-149) = sqrt(2) * 2^-75, sqrt(2^-148) = 2^-74.
        expectFP("sqrt(min denormal)", RN, { SoftFloat.sqrt(minDenormal, &$0) }, 0x1A35_04F3, IXC)
        expectFP("sqrt(2^-148)", RN, { SoftFloat.sqrt(0x0000_0002, &$0) }, 0x1A80_0000)
        expectFP("FZ: sqrt(denormal) = +0", FZ, { SoftFloat.sqrt(0x0000_0002, &$0) }, zero, IDC)
        expectFP("FZ: sqrt(-denormal) = -0, not invalid", FZ, { SoftFloat.sqrt(0x8000_0002, &$0) }, minusZero, IDC)
    }

    // MARK: Overflow

    func testOverflowByRoundingMode() {
        // max * 2 = 2^129: infinity when rounding away from zero towards it, else the largest normal.
        for (mode, positive, negative) in [(RN, inf, minusInf), (RP, inf, minusMax),
                                           (RM, max, minusInf), (RZ, max, minusMax)] as [(UInt32, UInt32, UInt32)] {
            expectFP("max*2 mode \(mode >> 22)", mode, { SoftFloat.mul(max, two, &$0) }, positive, OFC | IXC)
            expectFP("-max*2 mode \(mode >> 22)", mode, { SoftFloat.mul(minusMax, two, &$0) }, negative, OFC | IXC)
        }
        // max + half an ulp (2^103) is a tie; max's significand is odd, so nearest rounds up: overflow.
        expectFP("max + 2^103", RN, { SoftFloat.add(max, 0x7300_0000, &$0) }, inf, OFC | IXC)
        expectFP("max + 2^103 toward zero", RZ, { SoftFloat.add(max, 0x7300_0000, &$0) }, max, IXC)
        expectFP("max + 2^102", RN, { SoftFloat.add(max, 0x7280_0000, &$0) }, max, IXC)
        expectFP("max + 2^102 upward", RP, { SoftFloat.add(max, 0x7280_0000, &$0) }, inf, OFC | IXC)
        expectFP("2^127 / 2^-1 overflows", RN, { SoftFloat.div(0x7F00_0000, half, &$0) }, inf, OFC | IXC)
        expectFP("FMA overflow", RN, { SoftFloat.fusedMulAdd(max, max, 0x3F80_0001, &$0) }, inf, OFC | IXC)
    }

    // MARK: Underflow and flush-to-zero

    func testUnderflowNeedsTininessAndInexactness() {
        // 2^-126 * 0.5 = 2^-127 is a denormal, exact: no UFC.
        expectFP("exact denormal result", RN, { SoftFloat.mul(minNormal, half, &$0) }, 0x0040_0000)
        expectFP("denormal - denormal", RN, { SoftFloat.sub(0x0080_0001, minNormal, &$0) }, minDenormal)
        // 3 * 2^-149 * 0.5 = 1.5 ulp of the denormals: a tie, to even (2).
        expectFP("denormal tie", RN, { SoftFloat.mul(0x0000_0003, half, &$0) }, 0x0000_0002, UFC | IXC)
        expectFP("denormal upward", RP, { SoftFloat.mul(0x0000_0003, half, &$0) }, 0x0000_0002, UFC | IXC)
        expectFP("denormal downward", RM, { SoftFloat.mul(0x0000_0003, half, &$0) }, minDenormal, UFC | IXC)
        expectFP("-denormal downward", RM, { SoftFloat.mul(0x8000_0003, half, &$0) }, 0x8000_0002, UFC | IXC)
        // 2^-149 * 0.25 rounds to zero (nearest) or to the smallest denormal (upward).
        expectFP("underflow to zero", RN, { SoftFloat.mul(minDenormal, 0x3E80_0000, &$0) }, zero, UFC | IXC)
        expectFP("underflow upward", RP, { SoftFloat.mul(minDenormal, 0x3E80_0000, &$0) }, minDenormal, UFC | IXC)
        expectFP("-underflow toward zero", RZ, { SoftFloat.mul(0x8000_0001, 0x3E80_0000, &$0) }, minusZero, UFC | IXC)
    }

    func testTininessIsDetectedBeforeRounding() {
        // 0x00FFFFFF * 0.5 = (2^23 - 1/2) * 2^-149: tiny before rounding, a tie that rounds (to
        // even) up to the smallest normal 0x00800000. ARM detects tininess before rounding: UFC.
        expectFP("rounds up to min normal", RN, { SoftFloat.mul(0x00FF_FFFF, half, &$0) }, minNormal, UFC | IXC)
        expectFP("rounds down below min normal", RZ, { SoftFloat.mul(0x00FF_FFFF, half, &$0) }, 0x007F_FFFF, UFC | IXC)
        // With FZ the same value is flushed: +0, UFC, and no IXC.
        expectFP("FZ flushes before rounding", FZ, { SoftFloat.mul(0x00FF_FFFF, half, &$0) }, zero, UFC)
        expectFP("FZ flushes an exact denormal result", FZ, { SoftFloat.mul(minNormal, half, &$0) }, zero, UFC)
        expectFP("FZ keeps the sign", FZ | RP, { SoftFloat.mul(minNormal, 0xBF00_0000, &$0) }, minusZero, UFC)
        expectFP("FZ: normal - normal = denormal is flushed", FZ, { SoftFloat.sub(0x0080_0001, minNormal, &$0) }, zero, UFC)
        expectFP("FZ: FMA result", FZ, { SoftFloat.fusedMulAdd(minusZero, minNormal, 0xBE80_0000, &$0) }, minusZero, UFC)
    }

    func testFlushToZeroOfInputs() {
        expectFP("FZ: 1 + denormal = 1 exactly", FZ, { SoftFloat.add(one, minDenormal, &$0) }, one, IDC)
        expectFP("no FZ: 1 + denormal is inexact", RN, { SoftFloat.add(one, minDenormal, &$0) }, one, IXC)
        expectFP("FZ: denormal * 2^100 = 0", FZ, { SoftFloat.mul(0x0040_0000, 0x7180_0000, &$0) }, zero, IDC)
        expectFP("no FZ: denormal * 2^100", RN, { SoftFloat.mul(0x0040_0000, 0x7180_0000, &$0) }, 0x3200_0000)
        expectFP("FZ: -denormal + -0 = -0", FZ, { SoftFloat.add(0x8000_0005, minusZero, &$0) }, minusZero, IDC)
        expectFP("FZ: denormal - denormal (both flushed) = +0", FZ | RN, { SoftFloat.sub(0x0000_0005, 0x0000_0005, &$0) }, zero, IDC)
        expectFP("FZ: denormal + -denormal downward = -0", FZ | RM, { SoftFloat.add(0x0000_0005, 0x8000_0007, &$0) }, minusZero, IDC)
        expectFP("FZ: FMA with denormal addend", FZ, { SoftFloat.fusedMulAdd(0x0000_0005, two, three, &$0) }, 0x40C0_0000, IDC)
        expectFP("FZ: NaN operands still flush the other (IDC)", FZ, { SoftFloat.add(0x7FC0_0000, minDenormal, &$0) }, 0x7FC0_0000, IDC)
        expectFP("FZ: normal operands: no IDC", FZ, { SoftFloat.add(minNormal, minNormal, &$0) }, 0x0100_0000)
    }

    // MARK: Fused multiply-add rounds once

    func testFusedMulAddRoundsOnce() {
        // (1 + 2^-23)^2 = 1 + 2^-22 + 2^-46; minus (1 + 2^-22) leaves exactly 2^-46.
        let a: UInt32 = 0x3F80_0001
        expectFP("fused: exact tail", RN, { SoftFloat.fusedMulAdd(0xBF80_0002, a, a, &$0) }, 0x2880_0000)
        // The same with a separate multiply and add (VMLA): the product rounds to 1 + 2^-22 first.
        expectFP("unfused: product rounded", RN, { self.vmla(0xBF80_0002, a, a, &$0) }, zero, IXC)
        // 1 + 2^-24 * 1: the sum is a tie; a single rounding to even gives 1.
        expectFP("fused tie", RN, { SoftFloat.fusedMulAdd(one, 0x3380_0000, one, &$0) }, one, IXC)
        // A product far below the addend only makes the result inexact, in the right direction.
        expectFP("fused tiny product upward", RP, { SoftFloat.fusedMulAdd(one, minDenormal, minDenormal, &$0) }, 0x3F80_0001, IXC)
        expectFP("fused tiny negative product downward", RM, { SoftFloat.fusedMulAdd(one, 0x8000_0001, minDenormal, &$0) },
                 0x3F7F_FFFF, IXC)
        // An addend far below the product.
        expectFP("fused tiny addend toward zero", RZ, { SoftFloat.fusedMulAdd(0x8000_0001, three, three, &$0) }, 0x410F_FFFF, IXC)
        expectFP("zero addend: the product", RN, { SoftFloat.fusedMulAdd(minusZero, three, 0xC000_0000, &$0) }, 0xC0C0_0000)
        expectFP("zero product: the addend", RN, { SoftFloat.fusedMulAdd(0x8000_0007, zero, three, &$0) }, 0x8000_0007)
    }

    /// VMLA as the ARM ARM composes it: FPAdd(d, FPMul(n, m)), each rounding and raising flags.
    func vmla(_ d: UInt32, _ n: UInt32, _ m: UInt32, _ fpscr: inout UInt32) -> UInt32 {
        SoftFloat.add(d, SoftFloat.mul(n, m, &fpscr), &fpscr)
    }

    func testMultiplyAccumulateCompositions() {
        // VMLS: FPAdd(d, FPNeg(FPMul(n, m))); FPNeg flips the sign even of a NaN product.
        func vmls(_ d: UInt32, _ n: UInt32, _ m: UInt32, _ fpscr: inout UInt32) -> UInt32 {
            SoftFloat.add(d, SoftFloat.mul(n, m, &fpscr) ^ 0x8000_0000, &fpscr)
        }
        // VNMLA: FPAdd(FPNeg(d), FPNeg(FPMul(n, m))); VNMUL: FPNeg(FPMul(n, m)).
        func vnmla(_ d: UInt32, _ n: UInt32, _ m: UInt32, _ fpscr: inout UInt32) -> UInt32 {
            SoftFloat.add(d ^ 0x8000_0000, SoftFloat.mul(n, m, &fpscr) ^ 0x8000_0000, &fpscr)
        }
        expectFP("VMLA 1 + 2*3", RN, { self.vmla(one, two, three, &$0) }, 0x40E0_0000)
        expectFP("VMLS 1 - 2*3", RN, { vmls(one, two, three, &$0) }, 0xC0A0_0000)
        expectFP("VMLS with a NaN product: sign flipped", RN, { vmls(one, 0x7FC0_0001, two, &$0) }, 0xFFC0_0001)
        expectFP("VMLS with sNaN: quietened by the multiply, then flipped", RN, { vmls(one, 0x7F80_0001, two, &$0) },
                 0xFFC0_0001, IOC)
        expectFP("VNMLA -(1) - 2*3", RN, { vnmla(one, two, three, &$0) }, 0xC0E0_0000)
        // The product overflows on its own: VMLA raises OFC even though d + n*m is finite.
        expectFP("VMLA overflow in the product", RN, { self.vmla(minusMax, max, two, &$0) }, inf, OFC | IXC)
        expectFP("VFMA: no overflow", RN, { SoftFloat.fusedMulAdd(minusMax, max, 0x3F80_0000, &$0) }, zero)
    }

    // MARK: Compare

    func testCompare() {
        let less: UInt32 = 0x8000_0000, equal: UInt32 = 0x6000_0000, greater: UInt32 = 0x2000_0000, unordered: UInt32 = 0x3000_0000
        func cmp(_ a: UInt32, _ b: UInt32, e: Bool = false) -> (inout UInt32) -> UInt32 {
            { SoftFloat.compare(a, b, quietNaNRaisesInvalid: e, &$0) }
        }
        expectFP("1 < 2", RN, cmp(one, two), less)
        expectFP("2 > 1", RN, cmp(two, one), greater)
        expectFP("1 == 1", RN, cmp(one, one), equal)
        expectFP("+0 == -0", RN, cmp(zero, minusZero), equal)
        expectFP("-1 < -0", RN, cmp(minusOne, minusZero), less)
        expectFP("-2 < -1", RN, cmp(0xC000_0000, minusOne), less)
        expectFP("-inf < -max", RN, cmp(minusInf, minusMax), less)
        expectFP("inf == inf", RN, cmp(inf, inf), equal)
        expectFP("max < inf", RN, cmp(max, inf), less)
        expectFP("denormal > 0", RN, cmp(minDenormal, zero), greater)
        expectFP("FZ: denormal == -0", FZ, cmp(minDenormal, minusZero), equal, IDC)
        expectFP("FZ: -denormal > -1", FZ, cmp(0x8000_0001, minusOne), greater, IDC)
        expectFP("VCMP qNaN: unordered, no IOC", RN, cmp(0x7FC0_0000, one), unordered)
        expectFP("VCMP qNaN == itself: unordered", RN, cmp(0x7FC0_0000, 0x7FC0_0000), unordered)
        expectFP("VCMPE qNaN: IOC", RN, cmp(one, 0xFFC0_0000, e: true), unordered, IOC)
        expectFP("VCMP sNaN: IOC", RN, cmp(0x7F80_0001, one), unordered, IOC)
        expectFP("VCMPE ordinary: no flags", RN, cmp(one, two, e: true), less)
        expectFP("compare never raises IXC or DN effects", DN | RM, cmp(max, minDenormal), greater)
    }

    // MARK: FPSCR handling

    func testFlagsAccumulateAndControlBitsAreKept() {
        // Flags already set stay set; NZCV, control bits and others are untouched.
        let preset: UInt32 = 0xF000_0000 | AHP | DN | RM | IOC | IDC
        expectFP("exact add keeps preset flags", preset, { SoftFloat.add(one, one, &$0) }, two)
        expectFP("inexact add ORs IXC in", preset, { SoftFloat.div(one, three, &$0) }, 0x3EAA_AAAA, IXC)
        var fpscr: UInt32 = RN
        _ = SoftFloat.div(one, zero, &fpscr)
        _ = SoftFloat.add(one, 0x3380_0000, &fpscr)
        XCTAssertEqual(fpscr, DZC | IXC, "flags from two operations accumulate")
    }
}
