import XCTest
@testable import CortexM
import Emulation

/// Multiplies and divides (ARMv7-M ARM A6.7: MUL, MLA, MLS, SMULL, UMULL, SMLAL, UMLAL, SDIV,
/// UDIV). Only the 16-bit MULS touches flags (N and Z); the others leave all flags alone.
final class MultiplyDivideTests: XCTestCase {

    func testMULKeepsLow32BitsAndFlags() {
        runThumb([0xFB01, 0xF002] /* mul r0, r1, r2 */, [1: 0x1_0000, 2: 0x1_0000], flags: "NCV").expect("MUL r0, r1, r2 (wraps to 0)", [0: 0], nzcv: "NzCV")
        runThumb([0xFB01, 0xF002] /* mul.w r0, r1, r2 */, [1: 7, 2: u32(-3)]).expect("MUL.W r0, r1, r2 (7 * -3)", [0: u32(-21)], nzcv: "nzcv")
        runThumb([0xFB09, 0xF80A] /* mul r8, r9, r10 */, [9: 0x1234_5678, 10: 0x10]).expect("MUL r8, r9, r10", [8: 0x2345_6780])
    }

    func testMLAAddsTheAccumulator() {
        runThumb([0xFB01, 0x3002] /* mla r0, r1, r2, r3 */, [1: 3, 2: 4, 3: 5]).expect("MLA r0, r1, r2, r3", [0: 17])
        runThumb([0xFB01, 0x3002] /* mla r0, r1, r2, r3 */, [1: 0xFFFF_FFFF, 2: 2, 3: 3], flags: "Z").expect("MLA r0, r1, r2, r3 (wraps)", [0: 1], nzcv: "nZcv")
    }

    func testMLSSubtractsTheProductFromTheAccumulator() {
        runThumb([0xFB01, 0x3012] /* mls r0, r1, r2, r3 */, [1: 3, 2: 4, 3: 100]).expect("MLS r0, r1, r2, r3", [0: 88])
        runThumb([0xFB01, 0x3012] /* mls r0, r1, r2, r3 */, [1: 1, 2: 1, 3: 0]).expect("MLS r0, r1, r2, r3 (negative)", [0: 0xFFFF_FFFF], nzcv: "nzcv")
    }

    func testSMULLSignedProduct() {
        runThumb([0xFB82, 0x0103] /* smull r0, r1, r2, r3 */, [2: u32(-2), 3: 3]).expect("SMULL r0, r1, r2, r3 (-2 * 3)", [0: 0xFFFF_FFFA, 1: 0xFFFF_FFFF])
        runThumb([0xFB82, 0x0103] /* smull r0, r1, r2, r3 */, [2: 0x8000_0000, 3: 0x8000_0000]).expect("SMULL (INT_MIN * INT_MIN)", [0: 0, 1: 0x4000_0000])
        runThumb([0xFB82, 0x0103] /* smull r0, r1, r2, r3 */, [2: 0x7FFF_FFFF, 3: 0x8000_0000], flags: "NZCV").expect("SMULL (INT_MAX * INT_MIN)", [0: 0x8000_0000, 1: 0xC000_0000], nzcv: "NZCV")
    }

    func testUMULLUnsignedProduct() {
        runThumb([0xFBA2, 0x0103] /* umull r0, r1, r2, r3 */, [2: 0xFFFF_FFFF, 3: 0xFFFF_FFFF]).expect("UMULL r0, r1, r2, r3", [0: 1, 1: 0xFFFF_FFFE])
        runThumb([0xFBA2, 0x0103] /* umull r0, r1, r2, r3 */, [2: 0x8000_0000, 3: 2]).expect("UMULL r0, r1, r2, r3 (2^32)", [0: 0, 1: 1])
        runThumb([0xFBA0, 0x0101] /* umull r0, r1, r0, r1 */, [0: 0x1_0000, 1: 0x1_0001]).expect("UMULL r0, r1, r0, r1 (sources overwritten)", [0: 0x0001_0000, 1: 0x1])
    }

    func testSMLALAccumulatesSigned64Bit() {
        runThumb([0xFBC2, 0x0103] /* smlal r0, r1, r2, r3 */, [0: 0xFFFF_FFFF, 1: 0, 2: u32(-1), 3: 1]).expect("SMLAL r0, r1, r2, r3", [0: 0xFFFF_FFFE, 1: 0])
        runThumb([0xFBC2, 0x0103] /* smlal r0, r1, r2, r3 */, [0: 1, 1: 0, 2: u32(-2), 3: 1]).expect("SMLAL r0, r1, r2, r3 (to -1)", [0: 0xFFFF_FFFF, 1: 0xFFFF_FFFF])
        runThumb([0xFBC2, 0x0103] /* smlal r0, r1, r2, r3 */, [0: 0, 1: 0x7FFF_FFFF, 2: 0x4000_0000, 3: 4]).expect("SMLAL r0, r1, r2, r3 (wraps)", [0: 0, 1: 0x8000_0000])
    }

    func testUMLALAccumulatesUnsigned64Bit() {
        runThumb([0xFBE2, 0x0103] /* umlal r0, r1, r2, r3 */, [0: 0xFFFF_FFFF, 1: 0, 2: 1, 3: 1]).expect("UMLAL r0, r1, r2, r3 (carry into high)", [0: 0, 1: 1])
        runThumb([0xFBE2, 0x0103] /* umlal r0, r1, r2, r3 */, [0: 0xFFFF_FFFF, 1: 0xFFFF_FFFF, 2: 0xFFFF_FFFF, 3: 0xFFFF_FFFF]).expect("UMLAL r0, r1, r2, r3 (wraps)", [0: 0, 1: 0xFFFF_FFFE])
    }

    func testSDIVRoundsTowardsZero() {
        runThumb([0xFB91, 0xF0F2] /* sdiv r0, r1, r2 */, [1: 7, 2: 2]).expect("SDIV 7 / 2", [0: 3])
        runThumb([0xFB91, 0xF0F2] /* sdiv r0, r1, r2 */, [1: u32(-7), 2: 2]).expect("SDIV -7 / 2", [0: u32(-3)])
        runThumb([0xFB91, 0xF0F2] /* sdiv r0, r1, r2 */, [1: 7, 2: u32(-2)]).expect("SDIV 7 / -2", [0: u32(-3)])
        runThumb([0xFB91, 0xF0F2] /* sdiv r0, r1, r2 */, [1: u32(-7), 2: u32(-2)]).expect("SDIV -7 / -2", [0: 3])
        runThumb([0xFB90, 0xF0F1] /* sdiv r0, r0, r1 */, [0: 100, 1: 10]).expect("SDIV r0, r0, r1", [0: 10])
    }

    func testSDIVByZeroGivesZeroAndINTMINByMinusOneWraps() {
        runThumb([0xFB91, 0xF0F2] /* sdiv r0, r1, r2 */, [0: 0x55, 1: 12345, 2: 0], flags: "NZCV").expect("SDIV by 0 (DIV_0_TRP clear)", [0: 0], nzcv: "NZCV")
        runThumb([0xFB91, 0xF0F2] /* sdiv r0, r1, r2 */, [1: 0x8000_0000, 2: u32(-1)]).expect("SDIV INT_MIN / -1", [0: 0x8000_0000], nzcv: "nzcv")
        runThumb([0xFB91, 0xF0F2] /* sdiv r0, r1, r2 */, [1: 0x8000_0000, 2: 1]).expect("SDIV INT_MIN / 1", [0: 0x8000_0000])
    }

    func testUDIV() {
        runThumb([0xFBB1, 0xF0F2] /* udiv r0, r1, r2 */, [1: 0xFFFF_FFFF, 2: 2]).expect("UDIV 0xFFFFFFFF / 2", [0: 0x7FFF_FFFF])
        runThumb([0xFBB1, 0xF0F2] /* udiv r0, r1, r2 */, [1: 7, 2: 8]).expect("UDIV 7 / 8", [0: 0])
        runThumb([0xFBB1, 0xF0F2] /* udiv r0, r1, r2 */, [1: 0x8000_0000, 2: 0xFFFF_FFFF]).expect("UDIV 0x80000000 / 0xFFFFFFFF", [0: 0])
        runThumb([0xFBB1, 0xF0F2] /* udiv r0, r1, r2 */, [0: 0x55, 1: 5, 2: 0]).expect("UDIV by 0", [0: 0])
        runThumb([0xFBBA, 0xF9FB] /* udiv r9, r10, r11 */, [10: 1_000_000, 11: 1000]).expect("UDIV r9, r10, r11", [9: 1000])
    }
}
