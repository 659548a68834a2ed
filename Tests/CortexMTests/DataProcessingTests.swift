import XCTest
@testable import CortexM
import Emulation

/// Data-processing instructions (ARMv7-M ARM A6.7): results and N Z C V as the pseudocode's
/// Shift_C, ThumbExpandImm_C and AddWithCarry define them. Flags are "NZCV" letters, upper
/// case when set.
final class DataProcessingTests: XCTestCase {

    // MARK: Shifts by immediate (Shift_C with DecodeImmShift)

    func testLSLSImmediateCarriesOutTheLastBitShiftedOut() {
        runThumb([0x0048] /* lsls r0, r1, #1 */, [1: 0x8000_0001]).expect("LSLS r0, r1, #1", [0: 0x0000_0002], nzcv: "nzCv")
        runThumb([0x0108] /* lsls r0, r1, #4 */, [1: 0x0FFF_FFFF], flags: "C").expect("LSLS r0, r1, #4", [0: 0xFFFF_FFF0], nzcv: "Nzcv")
    }

    func testLSLSByZeroIsMOVSAndKeepsCarry() {
        runThumb([0x0008] /* lsls r0, r1, #0 */, [1: 0x8000_0000], flags: "CV").expect("LSLS r0, r1, #0 (MOVS)", [0: 0x8000_0000], nzcv: "NzCV")
        runThumb([0x0008] /* lsls r0, r1, #0 */, [1: 0], flags: "").expect("LSLS r0, r1, #0 (MOVS)", [0: 0], nzcv: "nZcv")
    }

    func testLSRSImmediateIncludingShiftBy32() {
        runThumb([0x0848] /* lsrs r0, r1, #1 */, [1: 1]).expect("LSRS r0, r1, #1", [0: 0], nzcv: "nZCv")
        runThumb([0x0FC8] /* lsrs r0, r1, #31 */, [1: 0x8000_0000]).expect("LSRS r0, r1, #31", [0: 1], nzcv: "nzcv")
        runThumb([0x0808] /* lsrs r0, r1, #32 */, [1: 0x8000_0000]).expect("LSRS r0, r1, #32", [0: 0], nzcv: "nZCv")
        runThumb([0x0808] /* lsrs r0, r1, #32 */, [1: 0x7FFF_FFFF], flags: "C").expect("LSRS r0, r1, #32", [0: 0], nzcv: "nZcv")
    }

    func testASRSImmediateIncludingShiftBy32() {
        runThumb([0x1108] /* asrs r0, r1, #4 */, [1: 0x8000_0008]).expect("ASRS r0, r1, #4", [0: 0xF800_0000], nzcv: "NzCv")
        runThumb([0x1008] /* asrs r0, r1, #32 */, [1: 0x8000_0000]).expect("ASRS r0, r1, #32", [0: 0xFFFF_FFFF], nzcv: "NzCv")
        runThumb([0x1008] /* asrs r0, r1, #32 */, [1: 0x7FFF_FFFF], flags: "C").expect("ASRS r0, r1, #32", [0: 0], nzcv: "nZcv")
    }

    func testRORSImmediateSetsCarryFromBit31OfTheResult() {
        runThumb([0xEA5F, 0x2031] /* rors.w r0, r1, #8 */, [1: 0x0000_00FF]).expect("RORS.W r0, r1, #8", [0: 0xFF00_0000], nzcv: "NzCv")
        runThumb([0xEA5F, 0x0071] /* rors.w r0, r1, #1 */, [1: 0x0000_0002], flags: "C").expect("RORS.W r0, r1, #1", [0: 0x0000_0001], nzcv: "nzcv")
    }

    func testRRXSShiftsCarryInAndBit0Out() {
        runThumb([0xEA5F, 0x0031] /* rrxs r0, r1 */, [1: 0x0000_0001], flags: "C").expect("RRXS r0, r1 (C=1)", [0: 0x8000_0000], nzcv: "NzCv")
        runThumb([0xEA5F, 0x0031] /* rrxs r0, r1 */, [1: 0x0000_0002]).expect("RRXS r0, r1 (C=0)", [0: 0x0000_0001], nzcv: "nzcv")
        runThumb([0xEA4F, 0x0031] /* rrx r0, r1 */, [1: 0x0000_0003], flags: "C").expect("RRX r0, r1 (no S)", [0: 0x8000_0001], nzcv: "nzCv")
    }

    func testWideShiftWithoutSKeepsFlags() {
        runThumb([0xEA4F, 0x70C1] /* lsl.w r0, r1, #31 */, [1: 3], flags: "ZV").expect("LSL.W r0, r1, #31", [0: 0x8000_0000], nzcv: "nZcV")
        runThumb([0xEA4F, 0x0061] /* asr.w r0, r1, #1 */, [1: 0x8000_0001], flags: "C").expect("ASR.W r0, r1, #1", [0: 0xC000_0000], nzcv: "nzCv")
    }

    // MARK: Shifts by register (Rs[7:0]; amounts 0, 32 and above)

    func testLSLSRegisterByZeroKeepsValueAndCarry() {
        runThumb([0x4088] /* lsls r0, r1 */, [0: 0x8000_0001, 1: 0], flags: "C").expect("LSLS r0, r1 (by 0)", [0: 0x8000_0001], nzcv: "NzCv")
        runThumb([0x4088] /* lsls r0, r1 */, [0: 0x8000_0001, 1: 0x100]).expect("LSLS r0, r1 (by 0x100: bits 7:0 are 0)", [0: 0x8000_0001], nzcv: "Nzcv")
    }

    func testLSLSRegisterBy32AndMore() {
        runThumb([0x4088] /* lsls r0, r1 */, [0: 0x0000_0001, 1: 32]).expect("LSLS r0, r1 (by 32)", [0: 0], nzcv: "nZCv")
        runThumb([0x4088] /* lsls r0, r1 */, [0: 0xFFFF_FFFF, 1: 33], flags: "C").expect("LSLS r0, r1 (by 33)", [0: 0], nzcv: "nZcv")
        runThumb([0x4088] /* lsls r0, r1 */, [0: 0x8000_0000, 1: 0x101]).expect("LSLS r0, r1 (by 0x101: 1)", [0: 0], nzcv: "nZCv")
        runThumb([0x4088] /* lsls r0, r1 */, [0: 0x0000_0003, 1: 31]).expect("LSLS r0, r1 (by 31)", [0: 0x8000_0000], nzcv: "NzCv")
    }

    func testLSRSRegisterBy32AndMore() {
        runThumb([0x40C8] /* lsrs r0, r1 */, [0: 0x8000_0000, 1: 32]).expect("LSRS r0, r1 (by 32)", [0: 0], nzcv: "nZCv")
        runThumb([0x40C8] /* lsrs r0, r1 */, [0: 0xFFFF_FFFF, 1: 33], flags: "C").expect("LSRS r0, r1 (by 33)", [0: 0], nzcv: "nZcv")
        runThumb([0x40C8] /* lsrs r0, r1 */, [0: 0x0000_0018, 1: 4]).expect("LSRS r0, r1 (by 4)", [0: 1], nzcv: "nzCv")
    }

    func testASRSRegisterBy32AndMore() {
        runThumb([0x4108] /* asrs r0, r1 */, [0: 0x8000_0000, 1: 32]).expect("ASRS r0, r1 (by 32)", [0: 0xFFFF_FFFF], nzcv: "NzCv")
        runThumb([0x4108] /* asrs r0, r1 */, [0: 0x8000_0000, 1: 200]).expect("ASRS r0, r1 (by 200)", [0: 0xFFFF_FFFF], nzcv: "NzCv")
        runThumb([0x4108] /* asrs r0, r1 */, [0: 0x4000_0000, 1: 40], flags: "C").expect("ASRS r0, r1 (by 40)", [0: 0], nzcv: "nZcv")
        runThumb([0x4108] /* asrs r0, r1 */, [0: 0x8000_0000, 1: 0], flags: "C").expect("ASRS r0, r1 (by 0)", [0: 0x8000_0000], nzcv: "NzCv")
    }

    func testRORSRegisterBy0_32AndMore() {
        runThumb([0x41C8] /* rors r0, r1 */, [0: 0x8000_0001, 1: 0]).expect("RORS r0, r1 (by 0)", [0: 0x8000_0001], nzcv: "Nzcv")
        runThumb([0x41C8] /* rors r0, r1 */, [0: 0x8000_0001, 1: 32]).expect("RORS r0, r1 (by 32)", [0: 0x8000_0001], nzcv: "NzCv")
        runThumb([0x41C8] /* rors r0, r1 */, [0: 0x0000_0001, 1: 64], flags: "C").expect("RORS r0, r1 (by 64)", [0: 0x0000_0001], nzcv: "nzcv")
        runThumb([0x41C8] /* rors r0, r1 */, [0: 0x8000_0001, 1: 36]).expect("RORS r0, r1 (by 36)", [0: 0x1800_0000], nzcv: "nzcv")
        runThumb([0x41C8] /* rors r0, r1 */, [0: 0x0000_0010, 1: 5]).expect("RORS r0, r1 (by 5)", [0: 0x8000_0000], nzcv: "NzCv")
    }

    func testWideRegisterShifts() {
        runThumb([0xFA01, 0xF002] /* lsl.w r0, r1, r2 */, [1: 0x0000_0001, 2: 32], flags: "Z").expect("LSL.W r0, r1, r2 (by 32, no S)", [0: 0], nzcv: "nZcv")
        runThumb([0xFA59, 0xF80A] /* asrs.w r8, r9, r10 */, [9: 0xF000_0000, 10: 0x0000_0104]).expect("ASRS.W r8, r9, r10 (by 4)", [8: 0xFF00_0000], nzcv: "Nzcv")
        runThumb([0xFA31, 0xF002] /* lsrs.w r0, r1, r2 */, [1: 0x8000_0000, 2: 32]).expect("LSRS.W r0, r1, r2 (by 32)", [0: 0], nzcv: "nZCv")
        runThumb([0xFA71, 0xF002] /* rors.w r0, r1, r2 */, [1: 0x1234_5678, 2: 16]).expect("RORS.W r0, r1, r2 (by 16)", [0: 0x5678_1234], nzcv: "nzcv")
    }

    func testShiftedRegisterOperandCarryGoesToLogicalOps() {
        runThumb([0xEA11, 0x1012] /* ands.w r0, r1, r2, lsr #4 */, [1: 0xFFFF_FFFF, 2: 0x0000_0018]).expect("ANDS.W r0, r1, r2, LSR #4", [0: 1], nzcv: "nzCv")
        runThumb([0xEA51, 0x0022] /* orrs.w r0, r1, r2, asr #32 */, [1: 0, 2: 0x8000_0000]).expect("ORRS.W r0, r1, r2, ASR #32", [0: 0xFFFF_FFFF], nzcv: "NzCv")
        runThumb([0xEA91, 0x0032] /* eors.w r0, r1, r2, rrx */, [1: 0x8000_0000, 2: 1]).expect("EORS.W r0, r1, r2, RRX (C=0)", [0: 0x8000_0000], nzcv: "NzCv")
        runThumb([0xEA31, 0x70C2] /* bics.w r0, r1, r2, lsl #31 */, [1: 0xFFFF_FFFF, 2: 3]).expect("BICS.W r0, r1, r2, LSL #31", [0: 0x7FFF_FFFF], nzcv: "nzCv")
        runThumb([0xEA7F, 0x1031] /* mvns.w r0, r1, ror #4 */, [1: 0x0000_000F], flags: "V").expect("MVNS.W r0, r1, ROR #4", [0: 0x0FFF_FFFF], nzcv: "nzCV")
        runThumb([0xEA71, 0x0042] /* orns r0, r1, r2, lsl #1 */, [1: 0, 2: 0x8000_0000], flags: "").expect("ORNS r0, r1, r2, LSL #1", [0: 0xFFFF_FFFF], nzcv: "NzCv")
        runThumb([0xEA10, 0x0F41] /* tst.w r0, r1, lsl #1 */, [0: 0xFFFF_FFFF, 1: 0x8000_0000]).expect("TST.W r0, r1, LSL #1", nzcv: "nZCv")
        runThumb([0xEA90, 0x0F51] /* teq.w r0, r1, lsr #1 */, [0: 0x4000_0000, 1: 0x8000_0001]).expect("TEQ.W r0, r1, LSR #1", nzcv: "nZCv")
    }

    func testArithmeticWithShiftedRegisterOperand() {
        runThumb([0xEB01, 0x0082] /* add.w r0, r1, r2, lsl #2 */, [1: 1, 2: 3]).expect("ADD.W r0, r1, r2, LSL #2", [0: 13])
        runThumb([0xEBA1, 0x0062] /* sub.w r0, r1, r2, asr #1 */, [1: 0, 2: u32(-8)]).expect("SUB.W r0, r1, r2, ASR #1", [0: 4])
        // The shifter's carry does not reach arithmetic ops: C comes from the addition.
        runThumb([0xEB11, 0x0052] /* adds.w r0, r1, r2, lsr #1 */, [1: 1, 2: 1]).expect("ADDS.W r0, r1, r2, LSR #1", [0: 1], nzcv: "nzcv")
        runThumb([0xEBD1, 0x0042] /* rsbs.w r0, r1, r2, lsl #1 */, [1: 1, 2: 1]).expect("RSBS.W r0, r1, r2, LSL #1", [0: 1], nzcv: "nzCv")
        runThumb([0xEBB0, 0x0F41] /* cmp.w r0, r1, lsl #1 */, [0: 4, 1: 2]).expect("CMP.W r0, r1, LSL #1", nzcv: "nZCv")
        runThumb([0xEB10, 0x7FE1] /* cmn.w r0, r1, asr #31 */, [0: 1, 1: 0x8000_0000]).expect("CMN.W r0, r1, ASR #31", nzcv: "nZCv")
    }

    // MARK: Modified immediates (ThumbExpandImm_C)

    func testRotatedModifiedImmediateSetsCarryFromBit31() {
        runThumb([0xF05F, 0x4000] /* movs.w r0, #0x80000000 */).expect("MOVS.W r0, #0x80000000", [0: 0x8000_0000], nzcv: "NzCv")
        runThumb([0xF45F, 0x307F] /* movs.w r0, #0x3FC00 */, flags: "C").expect("MOVS.W r0, #0x3FC00", [0: 0x0003_FC00], nzcv: "nzcv")
        runThumb([0xF011, 0x407F] /* ands.w r0, r1, #0xFF000000 */, [1: 0x1234_5678]).expect("ANDS.W r0, r1, #0xFF000000", [0: 0x1200_0000], nzcv: "nzCv")
        runThumb([0xF07F, 0x407F] /* mvns.w r0, #0xFF000000 */).expect("MVNS.W r0, #0xFF000000", [0: 0x00FF_FFFF], nzcv: "nzCv")
        runThumb([0xF010, 0x4F00] /* tst.w r0, #0x80000000 */, [0: 0]).expect("TST.W r0, #0x80000000", nzcv: "nZCv")
        runThumb([0xF090, 0x4F80] /* teq.w r0, #0x40000000 */, [0: 0], flags: "C").expect("TEQ.W r0, #0x40000000", nzcv: "nzcv")
    }

    func testUnrotatedModifiedImmediateKeepsCarry() {
        runThumb([0xF05F, 0x00FF] /* movs.w r0, #0xFF */, flags: "C").expect("MOVS.W r0, #0xFF", [0: 0xFF], nzcv: "nzCv")
        runThumb([0xF05F, 0x10AB] /* movs.w r0, #0x00AB00AB */, flags: "CV").expect("MOVS.W r0, #0x00AB00AB", [0: 0x00AB_00AB], nzcv: "nzCV")
        runThumb([0xF051, 0x20AB] /* orrs.w r0, r1, #0xAB00AB00 */, [1: 1], flags: "C").expect("ORRS.W r0, r1, #0xAB00AB00", [0: 0xAB00_AB01], nzcv: "NzCv")
        runThumb([0xF091, 0x30FF] /* eors.w r0, r1, #0xFFFFFFFF */, [1: 0xFFFF_FFFF]).expect("EORS.W r0, r1, #0xFFFFFFFF", [0: 0], nzcv: "nZcv")
        runThumb([0xF031, 0x00FF] /* bics.w r0, r1, #0xFF */, [1: 0x1FF], flags: "C").expect("BICS.W r0, r1, #0xFF", [0: 0x100], nzcv: "nzCv")
        runThumb([0xF010, 0x0F01] /* tst.w r0, #1 */, [0: 1], flags: "C").expect("TST.W r0, #1", nzcv: "nzCv")
    }

    func testModifiedImmediatePatterns() {
        runThumb([0xF04F, 0x20AB] /* mov.w r0, #0xAB00AB00 */).expect("MOV.W r0, #0xAB00AB00", [0: 0xAB00_AB00])
        runThumb([0xF04F, 0x30AB] /* mov.w r0, #0xABABABAB */).expect("MOV.W r0, #0xABABABAB", [0: 0xABAB_ABAB])
        runThumb([0xF46F, 0x70FF] /* mvn.w r0, #0x1FE */, [0: 0]).expect("MVN.W r0, #0x1FE", [0: 0xFFFF_FE01])
        runThumb([0xF061, 0x00FF] /* orn r0, r1, #0xFF */, [1: 0x0000_0012]).expect("ORN r0, r1, #0xFF", [0: 0xFFFF_FF12])
        runThumb([0xF401, 0x607F] /* and.w r0, r1, #0x0FF0 */, [1: 0x1234_5678], flags: "NZCV").expect("AND.W r0, r1, #0xFF0 (no S)", [0: 0x0000_0670], nzcv: "NZCV")
    }

    // MARK: Add and subtract (AddWithCarry)

    func testADDSSetsCarryAndOverflow() {
        runThumb([0x1888] /* adds r0, r1, r2 */, [1: 0x7FFF_FFFF, 2: 1]).expect("ADDS r0, r1, r2 (signed overflow)", [0: 0x8000_0000], nzcv: "NzcV")
        runThumb([0x1888] /* adds r0, r1, r2 */, [1: 0x8000_0000, 2: 0x8000_0000]).expect("ADDS r0, r1, r2 (carry and overflow)", [0: 0], nzcv: "nZCV")
        runThumb([0x1888] /* adds r0, r1, r2 */, [1: 0xFFFF_FFFF, 2: 1]).expect("ADDS r0, r1, r2 (carry)", [0: 0], nzcv: "nZCv")
        runThumb([0x1888] /* adds r0, r1, r2 */, [1: 2, 2: 3]).expect("ADDS r0, r1, r2", [0: 5], nzcv: "nzcv")
    }

    func testSUBSSetsCarryAsNotBorrow() {
        runThumb([0x1A88] /* subs r0, r1, r2 */, [1: 0x8000_0000, 2: 1]).expect("SUBS r0, r1, r2 (overflow)", [0: 0x7FFF_FFFF], nzcv: "nzCV")
        runThumb([0x1A88] /* subs r0, r1, r2 */, [1: 1, 2: 2]).expect("SUBS r0, r1, r2 (borrow)", [0: 0xFFFF_FFFF], nzcv: "Nzcv")
        runThumb([0x1A88] /* subs r0, r1, r2 */, [1: 5, 2: 5]).expect("SUBS r0, r1, r2 (equal)", [0: 0], nzcv: "nZCv")
        runThumb([0x1A88] /* subs r0, r1, r2 */, [1: 0x7FFF_FFFF, 2: 0xFFFF_FFFF]).expect("SUBS r0, r1, r2 (MAX - -1)", [0: 0x8000_0000], nzcv: "NzcV")
    }

    func testImmediateAddAndSubtractForms() {
        runThumb([0x1DC8] /* adds r0, r1, #7 */, [1: 0xFFFF_FFFA]).expect("ADDS r0, r1, #7", [0: 1], nzcv: "nzCv")
        runThumb([0x1FC8] /* subs r0, r1, #7 */, [1: 7]).expect("SUBS r0, r1, #7", [0: 0], nzcv: "nZCv")
        runThumb([0x33FF] /* adds r3, #255 */, [3: 1]).expect("ADDS r3, #255", [3: 256], nzcv: "nzcv")
        runThumb([0x3B01] /* subs r3, #1 */, [3: 0]).expect("SUBS r3, #1", [3: 0xFFFF_FFFF], nzcv: "Nzcv")
        runThumb([0xF111, 0x0001] /* adds.w r0, r1, #1 */, [1: 0xFFFF_FFFF]).expect("ADDS.W r0, r1, #1", [0: 0], nzcv: "nZCv")
        runThumb([0xF501, 0x7080] /* add.w r0, r1, #0x100 */, [1: 1], flags: "Z").expect("ADD.W r0, r1, #0x100", [0: 0x101], nzcv: "nZcv")
        runThumb([0xF601, 0x70FF] /* addw r0, r1, #0xFFF */, [1: 1]).expect("ADDW r0, r1, #0xFFF", [0: 0x1000])
        runThumb([0xF6A1, 0x70FF] /* subw r0, r1, #0xFFF */, [1: 0x1000]).expect("SUBW r0, r1, #0xFFF", [0: 1])
        runThumb([0xF1B1, 0x4000] /* subs.w r0, r1, #0x80000000 */, [1: 0]).expect("SUBS.W r0, r1, #0x80000000", [0: 0x8000_0000], nzcv: "NzcV")
    }

    func testRSBAndNEG() {
        runThumb([0x4248] /* negs r0, r1 */, [1: 0x8000_0000]).expect("NEGS r0, r1 (RSBS #0) of INT_MIN", [0: 0x8000_0000], nzcv: "NzcV")
        runThumb([0x4248] /* negs r0, r1 */, [1: 0]).expect("NEGS r0, r1 of 0", [0: 0], nzcv: "nZCv")
        runThumb([0x4248] /* negs r0, r1 */, [1: 1]).expect("NEGS r0, r1 of 1", [0: 0xFFFF_FFFF], nzcv: "Nzcv")
        runThumb([0xF1C1, 0x0064] /* rsb.w r0, r1, #100 */, [1: 1]).expect("RSB.W r0, r1, #100", [0: 99])
        runThumb([0xF1D1, 0x0010] /* rsbs.w r0, r1, #0x10 */, [1: 0x11]).expect("RSBS.W r0, r1, #0x10", [0: 0xFFFF_FFFF], nzcv: "Nzcv")
    }

    func testADCWithCarry() {
        runThumb([0x4148] /* adcs r0, r1 */, [0: 0xFFFF_FFFF, 1: 0], flags: "C").expect("ADCS r0, r1 (C=1, wraps)", [0: 0], nzcv: "nZCv")
        runThumb([0x4148] /* adcs r0, r1 */, [0: 0x7FFF_FFFF, 1: 0], flags: "C").expect("ADCS r0, r1 (C=1, overflow)", [0: 0x8000_0000], nzcv: "NzcV")
        runThumb([0x4148] /* adcs r0, r1 */, [0: 1, 1: 2]).expect("ADCS r0, r1 (C=0)", [0: 3], nzcv: "nzcv")
        runThumb([0xF141, 0x0001] /* adc.w r0, r1, #1 */, [1: 5], flags: "C").expect("ADC.W r0, r1, #1 (C=1)", [0: 7], nzcv: "nzCv")
        runThumb([0xEB51, 0x1002] /* adcs.w r0, r1, r2, lsl #4 */, [1: 0xFFFF_FFF0, 2: 1], flags: "C").expect("ADCS.W r0, r1, r2, LSL #4", [0: 1], nzcv: "nzCv")
        runThumb([0xF151, 0x00FF] /* adcs.w r0, r1, #0xFF */, [1: 0xFFFF_FF00]).expect("ADCS.W r0, r1, #0xFF (C=0)", [0: 0xFFFF_FFFF], nzcv: "Nzcv")
    }

    func testSBCWithCarry() {
        runThumb([0x4188] /* sbcs r0, r1 */, [0: 5, 1: 3]).expect("SBCS r0, r1 (C=0 subtracts one more)", [0: 1], nzcv: "nzCv")
        runThumb([0x4188] /* sbcs r0, r1 */, [0: 0, 1: 0]).expect("SBCS r0, r1 (0 - 0 - 1)", [0: 0xFFFF_FFFF], nzcv: "Nzcv")
        runThumb([0x4188] /* sbcs r0, r1 */, [0: 0, 1: 0], flags: "C").expect("SBCS r0, r1 (C=1)", [0: 0], nzcv: "nZCv")
        runThumb([0x4188] /* sbcs r0, r1 */, [0: 0x8000_0000, 1: 0], flags: "").expect("SBCS r0, r1 (INT_MIN - 0 - 1)", [0: 0x7FFF_FFFF], nzcv: "nzCV")
        runThumb([0xF161, 0x0000] /* sbc.w r0, r1, #0 */, [1: 10]).expect("SBC.W r0, r1, #0 (C=0)", [0: 9])
        runThumb([0xEB71, 0x0002] /* sbcs.w r0, r1, r2 */, [1: 0x1_0000, 2: 0xFFFF], flags: "C").expect("SBCS.W r0, r1, r2", [0: 1], nzcv: "nzCv")
    }

    // MARK: Compare and test

    func testCMPImmediateAndRegister() {
        runThumb([0x2805] /* cmp r0, #5 */, [0: 5]).expect("CMP r0, #5 (equal)", nzcv: "nZCv")
        runThumb([0x2805] /* cmp r0, #5 */, [0: 4]).expect("CMP r0, #5 (lower)", nzcv: "Nzcv")
        runThumb([0x2805] /* cmp r0, #5 */, [0: 6]).expect("CMP r0, #5 (higher)", nzcv: "nzCv")
        runThumb([0x4288] /* cmp r0, r1 */, [0: 0x8000_0000, 1: 1]).expect("CMP r0, r1 (overflow)", nzcv: "nzCV")
        runThumb([0x45C8] /* cmp r8, r9 */, [8: 1, 9: 2]).expect("CMP r8, r9", nzcv: "Nzcv")
        runThumb([0xF5B0, 0x5F80] /* cmp.w r0, #0x1000 */, [0: 0x1000], flags: "NV").expect("CMP.W r0, #0x1000", nzcv: "nZCv")
        runThumb([0x2800] /* cmp r0, #0 */, [0: 0x8000_0000]).expect("CMP r0, #0 (negative)", nzcv: "NzCv")
    }

    func testCMN() {
        runThumb([0x42C8] /* cmn r0, r1 */, [0: 0xFFFF_FFFF, 1: 1]).expect("CMN r0, r1", nzcv: "nZCv")
        runThumb([0xF110, 0x0F01] /* cmn.w r0, #1 */, [0: 0x7FFF_FFFF]).expect("CMN.W r0, #1", nzcv: "NzcV")
        runThumb([0x42C8] /* cmn r0, r1 */, [0: 2, 1: 3], flags: "ZC").expect("CMN r0, r1 (small)", nzcv: "nzcv")
    }

    func testTSTAndTEQRegister() {
        runThumb([0x4208] /* tst r0, r1 */, [0: 0xF0, 1: 0x0F], flags: "CV").expect("TST r0, r1 (disjoint)", nzcv: "nZCV")
        runThumb([0x4208] /* tst r0, r1 */, [0: 0x8000_00F0, 1: 0x8000_0000]).expect("TST r0, r1 (bit 31)", nzcv: "Nzcv")
        runThumb([0xEA90, 0x0F01] /* teq.w r0, r1 */, [0: 0x8000_0000, 1: 0x8000_0000], flags: "NC").expect("TEQ.W r0, r1 (equal)", nzcv: "nZCv")
        runThumb([0xEA90, 0x0F01] /* teq.w r0, r1 */, [0: 0x8000_0000, 1: 0]).expect("TEQ.W r0, r1 (sign differs)", nzcv: "Nzcv")
    }

    func testCompareDoesNotWriteRegisters() {
        runThumb([0x4288, 0x42C8, 0x4208] /* cmp r0, r1; cmn r0, r1; tst r0, r1 */, [0: 7, 1: 9]).expect("CMP/CMN/TST", [0: 7, 1: 9])
    }

    // MARK: Logical (16-bit, flag-setting outside IT)

    func testSixteenBitLogicalOpsSetNZAndKeepCV() {
        runThumb([0x4008] /* ands r0, r1 */, [0: 0xFF00_FF00, 1: 0xF0F0_F0F0], flags: "CV").expect("ANDS r0, r1", [0: 0xF000_F000], nzcv: "NzCV")
        runThumb([0x4048] /* eors r0, r1 */, [0: 0x1234_5678, 1: 0x1234_5678], flags: "C").expect("EORS r0, r1", [0: 0], nzcv: "nZCv")
        runThumb([0x4308] /* orrs r0, r1 */, [0: 0x0000_00F0, 1: 0x0000_000F]).expect("ORRS r0, r1", [0: 0xFF], nzcv: "nzcv")
        runThumb([0x4388] /* bics r0, r1 */, [0: 0xFFFF_FFFF, 1: 0x8000_0000], flags: "NV").expect("BICS r0, r1", [0: 0x7FFF_FFFF], nzcv: "nzcV")
        runThumb([0x43C8] /* mvns r0, r1 */, [1: 0]).expect("MVNS r0, r1", [0: 0xFFFF_FFFF], nzcv: "Nzcv")
        runThumb([0x2000] /* movs r0, #0 */, [0: 5], flags: "NC").expect("MOVS r0, #0", [0: 0], nzcv: "nZCv")
        runThumb([0x27C8] /* movs r7, #200 */, flags: "ZV").expect("MOVS r7, #200", [7: 200], nzcv: "nzcV")
    }

    func testWideLogicalRegisterOps() {
        runThumb([0xEA09, 0x080A] /* and.w r8, r9, r10 */, [9: 0xFF00_FF00, 10: 0x0FF0_0FF0]).expect("AND.W r8, r9, r10", [8: 0x0F00_0F00])
        runThumb([0xEA41, 0x4002] /* orr.w r0, r1, r2, lsl #16 */, [1: 0x1234, 2: 0x5678]).expect("ORR.W r0, r1, r2, LSL #16", [0: 0x5678_1234])
        runThumb([0xEA81, 0x4032] /* eor.w r0, r1, r2, ror #16 */, [1: 0xFFFF_0000, 2: 0xFFFF_0000]).expect("EOR.W r0, r1, r2, ROR #16", [0: 0xFFFF_FFFF])
        runThumb([0xEA21, 0x0002] /* bic.w r0, r1, r2 */, [1: 0xFFFF_FFFF, 2: 0x0000_FFFF]).expect("BIC.W r0, r1, r2", [0: 0xFFFF_0000])
        runThumb([0xEA61, 0x0002] /* orn.w r0, r1, r2 */, [1: 0x1, 2: 0xFFFF_FFF0]).expect("ORN.W r0, r1, r2", [0: 0xF])
        runThumb([0xEA6F, 0x1001] /* mvn.w r0, r1, lsl #4 */, [1: 0x0FFF_FFFF]).expect("MVN.W r0, r1, LSL #4", [0: 0xF])
    }

    // MARK: Moves and high registers

    func testMOVWAndMOVT() {
        runThumb([0xF64B, 0x60EF] /* movw r0, #0xBEEF */, [0: 0x1234_5678], flags: "NZCV").expect("MOVW r0, #0xBEEF", [0: 0x0000_BEEF], nzcv: "NZCV")
        runThumb([0xF6CD, 0x60AD] /* movt r0, #0xDEAD */, [0: 0x1234_BEEF]).expect("MOVT r0, #0xDEAD", [0: 0xDEAD_BEEF], nzcv: "nzcv")
        runThumb([0xF241, 0x2834, 0xF2C5, 0x6878] /* movw r8, #0x1234; movt r8, #0x5678 */, [8: 0xFFFF_FFFF]).expect("MOVW/MOVT r8", [8: 0x5678_1234])
        runThumb([0xF240, 0x0C00] /* movw r12, #0 */, [12: 0xFFFF_FFFF]).expect("MOVW r12, #0", [12: 0])
    }

    func testHighRegisterMovesAndAdds() {
        runThumb([0x4680, 0x44C8] /* mov r8, r0; add r8, r9 */, [0: 5, 9: 0xFFFF_FFFF], flags: "Z").expect("MOV r8, r0; ADD r8, r9", [8: 4], nzcv: "nZcv")
        runThumb([0x4660] /* mov r0, r12 */, [12: 0xCAFE_F00D]).expect("MOV r0, r12", [0: 0xCAFE_F00D])
        runThumb([0xEA4F, 0x0102] /* mov.w r1, r2 */, [2: 0x8000_0000]).expect("MOV.W r1, r2", [1: 0x8000_0000], nzcv: "nzcv")
        runThumb([0xEA5F, 0x0102] /* movs.w r1, r2 */, [2: 0x8000_0000]).expect("MOVS.W r1, r2", [1: 0x8000_0000], nzcv: "Nzcv")
        runThumb([0x4678] /* mov r0, pc */).expect("MOV r0, PC (reads address + 4)", [0: 4])
        runThumb([0xBF00, 0x4478] /* nop; add r0, pc */, [0: 0x10]).expect("ADD r0, PC (reads address + 4)", [0: 0x16])
    }

    func testMULSSetsOnlyNZ() {
        runThumb([0x4348] /* muls r0, r1, r0 */, [0: 0x8000_0000, 1: 2], flags: "CV").expect("MULS r0, r1, r0", [0: 0], nzcv: "nZCV")
        runThumb([0x4348] /* muls r0, r1, r0 */, [0: 0xFFFF_FFFF, 1: 3]).expect("MULS r0, r1, r0 (-1 * 3)", [0: 0xFFFF_FFFD], nzcv: "Nzcv")
    }

    // MARK: ADR

    func testADRAtBothWordAlignments() {
        let atZero = runThumb([
            0xA000,          // adr r0, 1f
            0xBF00,          // nop
            0x0000, 0x0000,  // 1: .word 0
        ], steps: 1)
        atZero.expect("ADR r0 at 0x0 (Align(PC, 4) = 4)", [0: 0x4])
        let atTwo = runThumb([
            0xBF00,          // nop
            0xA001,          // adr r0, 1f
            0xBF00,          // nop
            0xBF00,          // .align 2
            0x0000, 0x0000,  // 1: .word 0
        ], steps: 2)
        atTwo.expect("ADR r0 at 0x2 (Align(PC, 4) = 4)", [0: 0x8])
    }

    func testWideADRAddsAndSubtracts() {
        let forward = runThumb([
            0xBF00,          // nop
            0xF20F, 0x0004,  // adr.w r0, 1f
            0xBF00,          // nop
            0x0000, 0x0000,  // 1: .word 0
        ], steps: 2)
        forward.expect("ADR.W r0 (forward) at 0x2", [0: 0x8])
        let backward = runThumb([
            0xBF00,          // 1: nop
            0xBF00,          // nop
            0xF2AF, 0x0008,  // adr.w r0, 1b
        ], steps: 3)
        backward.expect("ADR.W r0 (backward, SUB form) at 0x4", [0: 0x0])
    }

    // MARK: SP forms

    func testADDAndSUBWithSP() {
        runThumb([0xA804] /* add r0, sp, #16 */).expect("ADD r0, SP, #16", [0: 0x2000_1010])
        runThumb([0xB004] /* add sp, #16 */).expect("ADD SP, #16", [13: 0x2000_1010])
        runThumb([0xB0FF] /* sub sp, #508 */).expect("SUB SP, #508", [13: 0x2000_0E04])
        runThumb([0xF50D, 0x7D80] /* add.w sp, sp, #0x100 */).expect("ADD.W SP, SP, #0x100", [13: 0x2000_1100])
        runThumb([0xF5AD, 0x7D80] /* sub.w sp, sp, #0x100 */).expect("SUB.W SP, SP, #0x100", [13: 0x2000_0F00])
        runThumb([0xF20D, 0x1023] /* addw r0, sp, #0x123 */).expect("ADDW r0, SP, #0x123", [0: 0x2000_1123])
        runThumb([0xF2AD, 0x0D04] /* subw sp, sp, #4 */).expect("SUBW SP, SP, #4", [13: 0x2000_0FFC])
        runThumb([0xF5BD, 0x5080] /* subs.w r0, sp, #0x1000 */, flags: "N").expect("SUBS.W r0, SP, #0x1000", [0: 0x2000_0000], nzcv: "nzCv")
    }

    func testADDAndSUBSPWithRegister() {
        runThumb([0x4468] /* add r0, sp, r0 */, [0: 8]).expect("ADD r0, SP, r0", [0: 0x2000_1008])
        runThumb([0x448D] /* add sp, r1 */, [1: 0x20]).expect("ADD SP, r1", [13: 0x2000_1020])
        runThumb([0xEB0D, 0x0081] /* add.w r0, sp, r1, lsl #2 */, [1: 3]).expect("ADD.W r0, SP, r1, LSL #2", [0: 0x2000_100C])
        runThumb([0xEBAD, 0x0D01] /* sub.w sp, sp, r1 */, [1: 0x10]).expect("SUB.W SP, SP, r1", [13: 0x2000_0FF0])
        runThumb([0x4668, 0x468D] /* mov r0, sp; mov sp, r1 */, [1: 0x2000_0800]).expect("MOV r0, SP; MOV SP, r1", [0: 0x2000_1000, 13: 0x2000_0800])
    }

    // MARK: IT blocks and flag setting (A7.3.3: 16-bit data-processing encodings set flags
    // only outside IT blocks)

    func testSixteenBitADDSInsideITDoesNotSetFlags() {
        runThumb([0xBF08, 0x1888] /* it eq; addeq r0, r1, r2 */, [1: 0xFFFF_FFFF, 2: 1], flags: "Z").expect("IT EQ; ADD r0, r1, r2 (16-bit)", [0: 0], nzcv: "nZcv")
        runThumb([0x1888] /* adds r0, r1, r2 */, [1: 0xFFFF_FFFF, 2: 1], flags: "Z").expect("ADDS r0, r1, r2 outside IT (same encoding)", [0: 0], nzcv: "nZCv")
    }

    func testSixteenBitOpsInsideITDoNotSetFlags() {
        runThumb([0xBF18, 0x2000] /* it ne; movne r0, #0 */, [0: 9]).expect("IT NE; MOV r0, #0 (16-bit)", [0: 0], nzcv: "nzcv")
        runThumb([0xBF08, 0x0048] /* it eq; lsleq r0, r1, #1 */, [1: 0x8000_0000], flags: "Z").expect("IT EQ; LSL r0, r1, #1 (16-bit)", [0: 0], nzcv: "nZcv")
        runThumb([0xBF18, 0x4348] /* it ne; mulne r0, r1, r0 */, [0: 0, 1: 5]).expect("IT NE; MUL r0, r1, r0 (16-bit)", [0: 0], nzcv: "nzcv")
        runThumb([0xBF08, 0x3801] /* it eq; subeq r0, #1 */, [0: 0], flags: "Z").expect("IT EQ; SUB r0, #1 (16-bit)", [0: 0xFFFF_FFFF], nzcv: "nZcv")
        runThumb([0xBF28, 0x4248] /* it cs; rsbcs r0, r1, #0 */, [1: 1], flags: "C").expect("IT CS; RSB r0, r1, #0 (16-bit NEG)", [0: 0xFFFF_FFFF], nzcv: "nzCv")
        runThumb([0xBF18, 0x4008] /* it ne; andne r0, r1 */, [0: 0xF0, 1: 0x0F]).expect("IT NE; AND r0, r1 (16-bit)", [0: 0], nzcv: "nzcv")
        runThumb([0xBF18, 0x4088] /* it ne; lslne r0, r1 */, [0: 1, 1: 32]).expect("IT NE; LSL r0, r1 (16-bit, register)", [0: 0], nzcv: "nzcv")
        runThumb([0xBF18, 0x4148] /* it ne; adcne r0, r1 */, [0: 0xFFFF_FFFF, 1: 1]).expect("IT NE; ADC r0, r1 (16-bit)", [0: 0], nzcv: "nzcv")
    }

    func testFlagSettingInsideIT() {
        runThumb([0xBF08, 0xEB11, 0x0002] /* it eq; addseq r0, r1, r2 */, [1: 0xFFFF_FFFF, 2: 1], flags: "Z").expect("IT EQ; ADDS.W r0, r1, r2 (32-bit sets flags)", [0: 0], nzcv: "nZCv")
        runThumb([0xBF08, 0x4288] /* it eq; cmpeq r0, r1 */, [0: 1, 1: 2], flags: "Z").expect("IT EQ; CMP r0, r1 (always sets flags)", nzcv: "Nzcv")
        runThumb([0xBF18, 0x4208] /* it ne; tstne r0, r1 */, [0: 1, 1: 2]).expect("IT NE; TST r0, r1", nzcv: "nZcv")
        runThumb([0xBF18, 0x42C8] /* it ne; cmnne r0, r1 */, [0: 1, 1: 0xFFFF_FFFF]).expect("IT NE; CMN r0, r1", nzcv: "nZCv")
    }
}
