import XCTest
@testable import CortexM
import Emulation

/// Bit-field, byte-reverse, extend and saturate instructions (ARMv7-M ARM A6.7).
final class BitManipulationTests: XCTestCase {

    func testCLZ() {
        runThumb([0xFAB1, 0xF081] /* clz r0, r1 */, [1: 0]).expect("CLZ of 0", [0: 32])
        runThumb([0xFAB1, 0xF081] /* clz r0, r1 */, [1: 1]).expect("CLZ of 1", [0: 31])
        runThumb([0xFAB1, 0xF081] /* clz r0, r1 */, [1: 0x8000_0000]).expect("CLZ of 0x80000000", [0: 0])
        runThumb([0xFAB9, 0xF889] /* clz r8, r9 */, [9: 0x0001_0000], flags: "NZCV").expect("CLZ r8, r9", [8: 15], nzcv: "NZCV")
    }

    func testRBIT() {
        runThumb([0xFA91, 0xF0A1] /* rbit r0, r1 */, [1: 1]).expect("RBIT of 1", [0: 0x8000_0000])
        runThumb([0xFA91, 0xF0A1] /* rbit r0, r1 */, [1: 0x1234_5678]).expect("RBIT of 0x12345678", [0: 0x1E6A_2C48])
    }

    func testREVAndREV16() {
        runThumb([0xBA08] /* rev r0, r1 */, [1: 0x1234_5678]).expect("REV r0, r1", [0: 0x7856_3412])
        runThumb([0xFA99, 0xF889] /* rev.w r8, r9 */, [9: 0x1234_5678]).expect("REV.W r8, r9", [8: 0x7856_3412])
        runThumb([0xBA48] /* rev16 r0, r1 */, [1: 0x1234_5678]).expect("REV16 r0, r1", [0: 0x3412_7856])
        runThumb([0xFA9B, 0xFA9B] /* rev16.w r10, r11 */, [11: 0xAABB_CCDD]).expect("REV16.W r10, r11", [10: 0xBBAA_DDCC])
    }

    func testREVSHSignExtendsTheSwappedHalfword() {
        runThumb([0xBAC8] /* revsh r0, r1 */, [1: 0x1234_5680]).expect("REVSH r0, r1 (negative)", [0: 0xFFFF_8056])
        runThumb([0xBAC8] /* revsh r0, r1 */, [1: 0xFFFF_7F01]).expect("REVSH r0, r1 (positive)", [0: 0x0000_017F])
        runThumb([0xFA99, 0xF8B9] /* revsh.w r8, r9 */, [9: 0x0000_0080]).expect("REVSH.W r8, r9", [8: 0xFFFF_8000])
    }

    func testBFI() {
        runThumb([0xF361, 0x200B] /* bfi r0, r1, #8, #4 */, [0: 0xFFFF_FFFF, 1: 0x0000_0005]).expect("BFI r0, r1, #8, #4", [0: 0xFFFF_F5FF])
        runThumb([0xF361, 0x001F] /* bfi r0, r1, #0, #32 */, [0: 0x1234_5678, 1: 0x9ABC_DEF0]).expect("BFI r0, r1, #0, #32", [0: 0x9ABC_DEF0])
        runThumb([0xF361, 0x701F] /* bfi r0, r1, #28, #4 */, [0: 0x0000_0000, 1: 0xFFFF_FFFA]).expect("BFI r0, r1, #28, #4", [0: 0xA000_0000])
        runThumb([0xF361, 0x70DF] /* bfi r0, r1, #31, #1 */, [0: 0x0000_0001, 1: 0x0000_0003]).expect("BFI r0, r1, #31, #1", [0: 0x8000_0001])
    }

    func testBFC() {
        runThumb([0xF36F, 0x100B] /* bfc r0, #4, #8 */, [0: 0xFFFF_FFFF]).expect("BFC r0, #4, #8", [0: 0xFFFF_F00F])
        runThumb([0xF36F, 0x001F] /* bfc r0, #0, #32 */, [0: 0xFFFF_FFFF]).expect("BFC r0, #0, #32", [0: 0])
        runThumb([0xF36F, 0x70DF] /* bfc r0, #31, #1 */, [0: 0xFFFF_FFFF]).expect("BFC r0, #31, #1", [0: 0x7FFF_FFFF])
    }

    func testSBFX() {
        runThumb([0xF341, 0x1007] /* sbfx r0, r1, #4, #8 */, [1: 0x0000_0F80]).expect("SBFX r0, r1, #4, #8 (negative field)", [0: 0xFFFF_FFF8])
        runThumb([0xF341, 0x1007] /* sbfx r0, r1, #4, #8 */, [1: 0xFFFF_F70F]).expect("SBFX r0, r1, #4, #8 (positive field)", [0: 0x70])
        runThumb([0xF341, 0x001F] /* sbfx r0, r1, #0, #32 */, [1: 0x8765_4321]).expect("SBFX r0, r1, #0, #32", [0: 0x8765_4321])
        runThumb([0xF341, 0x70C0] /* sbfx r0, r1, #31, #1 */, [1: 0x8000_0000]).expect("SBFX r0, r1, #31, #1", [0: 0xFFFF_FFFF])
        runThumb([0xF341, 0x0000] /* sbfx r0, r1, #0, #1 */, [1: 0x0000_0001]).expect("SBFX r0, r1, #0, #1", [0: 0xFFFF_FFFF])
    }

    func testUBFX() {
        runThumb([0xF3C1, 0x1007] /* ubfx r0, r1, #4, #8 */, [1: 0x0000_0F80]).expect("UBFX r0, r1, #4, #8", [0: 0xF8])
        runThumb([0xF3C1, 0x001F] /* ubfx r0, r1, #0, #32 */, [1: 0x8765_4321]).expect("UBFX r0, r1, #0, #32", [0: 0x8765_4321])
        runThumb([0xF3C1, 0x70C0] /* ubfx r0, r1, #31, #1 */, [1: 0x8000_0000]).expect("UBFX r0, r1, #31, #1", [0: 1])
        runThumb([0xF3C1, 0x400F] /* ubfx r0, r1, #16, #16 */, [1: 0xABCD_1234]).expect("UBFX r0, r1, #16, #16", [0: 0xABCD])
    }

    func testSixteenBitExtends() {
        runThumb([0xB248] /* sxtb r0, r1 */, [1: 0x1234_5680]).expect("SXTB r0, r1", [0: 0xFFFF_FF80])
        runThumb([0xB248] /* sxtb r0, r1 */, [1: 0xFFFF_FF7F]).expect("SXTB r0, r1 (positive)", [0: 0x7F])
        runThumb([0xB208] /* sxth r0, r1 */, [1: 0x1234_8000]).expect("SXTH r0, r1", [0: 0xFFFF_8000])
        runThumb([0xB2C8] /* uxtb r0, r1 */, [1: 0x1234_5678]).expect("UXTB r0, r1", [0: 0x78])
        runThumb([0xB288] /* uxth r0, r1 */, [1: 0x1234_F678]).expect("UXTH r0, r1", [0: 0xF678])
    }

    func testExtendsWithRotation() {
        runThumb([0xFA4F, 0xF091] /* sxtb.w r0, r1, ror #8 */, [1: 0x1234_8078]).expect("SXTB.W r0, r1, ROR #8", [0: 0xFFFF_FF80])
        runThumb([0xFA5F, 0xF0A1] /* uxtb.w r0, r1, ror #16 */, [1: 0x1234_5678]).expect("UXTB.W r0, r1, ROR #16", [0: 0x34])
        runThumb([0xFA5F, 0xF0B1] /* uxtb.w r0, r1, ror #24 */, [1: 0x9234_5678]).expect("UXTB.W r0, r1, ROR #24", [0: 0x92])
        runThumb([0xFA1F, 0xF091] /* uxth.w r0, r1, ror #8 */, [1: 0x1234_5678]).expect("UXTH.W r0, r1, ROR #8", [0: 0x3456])
        runThumb([0xFA0F, 0xF0B1] /* sxth.w r0, r1, ror #24 */, [1: 0x1234_5680]).expect("SXTH.W r0, r1, ROR #24", [0: 0xFFFF_8012])
        runThumb([0xFA0F, 0xF8A9] /* sxth.w r8, r9, ror #16 */, [9: 0x7FFF_8000]).expect("SXTH.W r8, r9, ROR #16", [8: 0x7FFF])
    }

    func testSSATSaturatesAndSetsQ() {
        runThumb([0xF301, 0x0007] /* ssat r0, #8, r1 */, [1: 300]).expect("SSAT r0, #8, r1 (300)", [0: 127], q: true)
        runThumb([0xF301, 0x0007] /* ssat r0, #8, r1 */, [1: u32(-300)]).expect("SSAT r0, #8, r1 (-300)", [0: u32(-128)], q: true)
        runThumb([0xF301, 0x0007] /* ssat r0, #8, r1 */, [1: 100]).expect("SSAT r0, #8, r1 (100, in range)", [0: 100], q: false)
        runThumb([0xF301, 0x0007] /* ssat r0, #8, r1 */, [1: u32(-128)]).expect("SSAT r0, #8, r1 (-128, in range)", [0: u32(-128)], q: false)
        runThumb([0xF301, 0x0000] /* ssat r0, #1, r1 */, [1: 1]).expect("SSAT r0, #1, r1 (1)", [0: 0], q: true)
        runThumb([0xF301, 0x001F] /* ssat r0, #32, r1 */, [1: 0x8000_0000]).expect("SSAT r0, #32, r1", [0: 0x8000_0000], q: false)
    }

    func testSSATWithShift() {
        runThumb([0xF301, 0x100F] /* ssat r0, #16, r1, lsl #4 */, [1: 0x1000]).expect("SSAT r0, #16, r1, LSL #4", [0: 0x7FFF], q: true)
        runThumb([0xF321, 0x100F] /* ssat r0, #16, r1, asr #4 */, [1: 0xFFF0_0000]).expect("SSAT r0, #16, r1, ASR #4", [0: 0xFFFF_8000], q: true)
        runThumb([0xF321, 0x70CF] /* ssat r0, #16, r1, asr #31 */, [1: 0x8000_0000]).expect("SSAT r0, #16, r1, ASR #31", [0: 0xFFFF_FFFF], q: false)
    }

    func testUSATSaturatesAndSetsQ() {
        runThumb([0xF381, 0x0008] /* usat r0, #8, r1 */, [1: 300]).expect("USAT r0, #8, r1 (300)", [0: 255], q: true)
        runThumb([0xF381, 0x0008] /* usat r0, #8, r1 */, [1: u32(-5)]).expect("USAT r0, #8, r1 (-5)", [0: 0], q: true)
        runThumb([0xF381, 0x0008] /* usat r0, #8, r1 */, [1: 200]).expect("USAT r0, #8, r1 (200, in range)", [0: 200], q: false)
        runThumb([0xF381, 0x0000] /* usat r0, #0, r1 */, [1: 5]).expect("USAT r0, #0, r1 (5)", [0: 0], q: true)
        runThumb([0xF381, 0x001F] /* usat r0, #31, r1 */, [1: 0x8000_0000]).expect("USAT r0, #31, r1 (negative)", [0: 0], q: true)
        runThumb([0xF381, 0x001F] /* usat r0, #31, r1 */, [1: 0x7FFF_FFFF]).expect("USAT r0, #31, r1 (max)", [0: 0x7FFF_FFFF], q: false)
        runThumb([0xF3A1, 0x2010] /* usat r0, #16, r1, asr #8 */, [1: 0x0123_4567]).expect("USAT r0, #16, r1, ASR #8", [0: 0xFFFF], q: true)
        runThumb([0xF381, 0x2010] /* usat r0, #16, r1, lsl #8 */, [1: 0x0000_00AB]).expect("USAT r0, #16, r1, LSL #8", [0: 0xAB00], q: false)
    }

    func testQFlagIsStickyAndSaturationLeavesNZCVAlone() {
        runThumb([0xF301, 0x0007] /* ssat r0, #8, r1 */, [1: 5], flags: "Q").expect("SSAT (no saturation) keeps Q set", [0: 5], q: true)
        runThumb([0xF381, 0x0008] /* usat r0, #8, r1 */, [1: 5], flags: "QZ").expect("USAT (no saturation) keeps Q set", [0: 5], nzcv: "nZcv", q: true)
        runThumb([0xF301, 0x0003] /* ssat r0, #4, r1 */, [1: 100], flags: "NCV").expect("SSAT (saturates) leaves NZCV", [0: 7], nzcv: "NzCV", q: true)
    }
}
