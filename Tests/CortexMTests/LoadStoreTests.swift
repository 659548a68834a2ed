import XCTest
@testable import CortexM
import Emulation

/// Four words at `dataArea`; as bytes: 44 33 22 11 | 88 77 66 55 | cc bb aa 99 | 00 ff ee dd.
private let pattern: [UInt32] = [0x1122_3344, 0x5566_7788, 0x99AA_BBCC, 0xDDEE_FF00]

/// Loads and stores (ARMv7-M ARM A6.7): every width, immediate/register/pre/post-indexed
/// addressing, literals, unaligned accesses (allowed for LDR/STR/LDRH/STRH while
/// CCR.UNALIGN_TRP is 0, as after reset), LDRD/STRD, LDM/STM/PUSH/POP and exclusives.
final class LoadStoreTests: XCTestCase {

    // MARK: Immediate offsets

    func testLDRImmediate() {
        runThumb([0x6848] /* ldr r0, [r1, #4] */, [1: dataArea], memory: [dataArea: pattern]).expect("LDR r0, [r1, #4]", [0: 0x5566_7788])
        runThumb([0xF851, 0x0C04] /* ldr r0, [r1, #-4] */, [1: dataArea + 8], memory: [dataArea: pattern]).expect("LDR r0, [r1, #-4]", [0: 0x5566_7788])
        runThumb([0xF8D1, 0x0800] /* ldr.w r0, [r1, #0x800] */, [1: dataArea], memory: [dataArea + 0x800: [0xCAFE_BABE]]).expect("LDR.W r0, [r1, #0x800]", [0: 0xCAFE_BABE])
        runThumb([0xF8D1, 0x9FFF] /* ldr.w r9, [r1, #4095] */, [1: dataArea], memory: [dataArea + 4092: [0x4433_2211, 0x8877_6655]]).expect("LDR.W r9, [r1, #4095]", [9: 0x7766_5544])
        runThumb([0x9802] /* ldr r0, [sp, #8] */, memory: [0x2000_1000: [1, 2, 3]]).expect("LDR r0, [SP, #8]", [0: 3])
    }

    func testLDRBAndLDRHImmediate() {
        runThumb([0x7948] /* ldrb r0, [r1, #5] */, [1: dataArea], memory: [dataArea: pattern]).expect("LDRB r0, [r1, #5]", [0: 0x77])
        runThumb([0x88C8] /* ldrh r0, [r1, #6] */, [1: dataArea], memory: [dataArea: pattern]).expect("LDRH r0, [r1, #6]", [0: 0x5566])
        runThumb([0xF811, 0x0C01] /* ldrb.w r0, [r1, #-1] */, [1: dataArea + 4], memory: [dataArea: pattern]).expect("LDRB.W r0, [r1, #-1]", [0: 0x11])
        runThumb([0xF831, 0x0C02] /* ldrh.w r0, [r1, #-2] */, [1: dataArea + 4], memory: [dataArea: pattern]).expect("LDRH.W r0, [r1, #-2]", [0: 0x1122])
        runThumb([0xF8B1, 0x000E] /* ldrh.w r0, [r1, #14] */, [1: dataArea], memory: [dataArea: pattern]).expect("LDRH.W r0, [r1, #14]", [0: 0xDDEE])
    }

    func testSignedLoads() {
        runThumb([0x5688] /* ldrsb r0, [r1, r2] */, [1: dataArea, 2: 8], memory: [dataArea: pattern]).expect("LDRSB r0, [r1, r2]", [0: 0xFFFF_FFCC])
        runThumb([0x5E88] /* ldrsh r0, [r1, r2] */, [1: dataArea, 2: 10], memory: [dataArea: pattern]).expect("LDRSH r0, [r1, r2]", [0: 0xFFFF_99AA])
        runThumb([0xF991, 0x0003] /* ldrsb.w r0, [r1, #3] */, [1: dataArea], memory: [dataArea: pattern]).expect("LDRSB.W r0, [r1, #3] (positive)", [0: 0x11])
        runThumb([0xF9B1, 0x000E] /* ldrsh.w r0, [r1, #14] */, [1: dataArea], memory: [dataArea: pattern]).expect("LDRSH.W r0, [r1, #14]", [0: 0xFFFF_DDEE])
        runThumb([0xF911, 0x0C04] /* ldrsb r0, [r1, #-4] */, [1: dataArea + 16], memory: [dataArea: pattern]).expect("LDRSB r0, [r1, #-4] (zero)", [0: 0])
        runThumb([0xF931, 0x0C0E] /* ldrsh r0, [r1, #-14] */, [1: dataArea + 16], memory: [dataArea: pattern]).expect("LDRSH r0, [r1, #-14]", [0: 0x1122])
    }

    func testStoresImmediate() {
        runThumb([0x6048] /* str r0, [r1, #4] */, [0: 0xDEAD_BEEF, 1: dataArea], memory: [dataArea: pattern])
            .expect("STR r0, [r1, #4]", memory: [dataArea: [0x1122_3344, 0xDEAD_BEEF, 0x99AA_BBCC]])
        runThumb([0x7048] /* strb r0, [r1, #1] */, [0: 0xAABB_CCDD, 1: dataArea], memory: [dataArea: pattern])
            .expect("STRB r0, [r1, #1]", memory: [dataArea: [0x1122_DD44, 0x5566_7788]])
        runThumb([0x8048] /* strh r0, [r1, #2] */, [0: 0xAABB_CCDD, 1: dataArea], memory: [dataArea: pattern])
            .expect("STRH r0, [r1, #2]", memory: [dataArea: [0xCCDD_3344, 0x5566_7788]])
        runThumb([0x9001] /* str r0, [sp, #4] */, [0: 0x0BAD_F00D], memory: [0x2000_1000: [0, 0, 0]])
            .expect("STR r0, [SP, #4]", memory: [0x2000_1000: [0, 0x0BAD_F00D, 0]])
        runThumb([0xF801, 0x0C01] /* strb.w r0, [r1, #-1] */, [0: 0xDD, 1: dataArea + 4], memory: [dataArea: pattern])
            .expect("STRB.W r0, [r1, #-1]", memory: [dataArea: [0xDD22_3344, 0x5566_7788]])
        runThumb([0xF821, 0x0C02] /* strh.w r0, [r1, #-2] */, [0: 0xCCDD, 1: dataArea + 8], memory: [dataArea: pattern])
            .expect("STRH.W r0, [r1, #-2]", memory: [dataArea: [0x1122_3344, 0xCCDD_7788, 0x99AA_BBCC]])
        runThumb([0xF8C1, 0x8FFC] /* str.w r8, [r1, #0xFFC] */, [8: 0x1357_9BDF, 1: dataArea])
            .expect("STR.W r8, [r1, #0xFFC]", memory: [dataArea + 0xFFC: [0x1357_9BDF]])
    }

    // MARK: Register offsets

    func testRegisterOffsetLoads() {
        runThumb([0x5888] /* ldr r0, [r1, r2] */, [1: dataArea, 2: 4], memory: [dataArea: pattern]).expect("LDR r0, [r1, r2]", [0: 0x5566_7788])
        runThumb([0xF851, 0x0022] /* ldr.w r0, [r1, r2, lsl #2] */, [1: dataArea, 2: 2], memory: [dataArea: pattern]).expect("LDR.W r0, [r1, r2, LSL #2]", [0: 0x99AA_BBCC])
        runThumb([0xF831, 0x0012] /* ldrh.w r0, [r1, r2, lsl #1] */, [1: dataArea, 2: 3], memory: [dataArea: pattern]).expect("LDRH.W r0, [r1, r2, LSL #1]", [0: 0x5566])
        runThumb([0xF811, 0x0032] /* ldrb.w r0, [r1, r2, lsl #3] */, [1: dataArea, 2: 1], memory: [dataArea: pattern]).expect("LDRB.W r0, [r1, r2, LSL #3]", [0: 0xCC])
        runThumb([0xF931, 0x0012] /* ldrsh.w r0, [r1, r2, lsl #1] */, [1: dataArea, 2: 5], memory: [dataArea: pattern]).expect("LDRSH.W r0, [r1, r2, LSL #1]", [0: 0xFFFF_99AA])
        runThumb([0x5C88] /* ldrb r0, [r1, r2] */, [1: dataArea + 16, 2: u32(-1)], memory: [dataArea: pattern]).expect("LDRB r0, [r1, r2] (r2 = -1)", [0: 0xDD])
    }

    func testRegisterOffsetStores() {
        runThumb([0xF841, 0x0022] /* str.w r0, [r1, r2, lsl #2] */, [0: 0xDEAD_BEEF, 1: dataArea, 2: 3], memory: [dataArea: pattern])
            .expect("STR.W r0, [r1, r2, LSL #2]", memory: [dataArea: [0x1122_3344, 0x5566_7788, 0x99AA_BBCC, 0xDEAD_BEEF]])
        runThumb([0x5488] /* strb r0, [r1, r2] */, [0: 0x1234_56AB, 1: dataArea, 2: 1], memory: [dataArea: pattern])
            .expect("STRB r0, [r1, r2]", memory: [dataArea: [0x1122_AB44]])
        runThumb([0x5288] /* strh r0, [r1, r2] */, [0: 0x1234_ABCD, 1: dataArea, 2: 2], memory: [dataArea: pattern])
            .expect("STRH r0, [r1, r2]", memory: [dataArea: [0xABCD_3344]])
        runThumb([0x5088] /* str r0, [r1, r2] */, [0: 7, 1: dataArea, 2: 8], memory: [dataArea: pattern])
            .expect("STR r0, [r1, r2]", memory: [dataArea: [0x1122_3344, 0x5566_7788, 7]])
    }

    // MARK: Pre- and post-indexed with writeback

    func testPreIndexedLoadsWriteBack() {
        runThumb([0xF851, 0x0F04] /* ldr r0, [r1, #4]! */, [1: dataArea], memory: [dataArea: pattern]).expect("LDR r0, [r1, #4]!", [0: 0x5566_7788, 1: dataArea + 4])
        runThumb([0xF851, 0x0D04] /* ldr r0, [r1, #-4]! */, [1: dataArea + 8], memory: [dataArea: pattern]).expect("LDR r0, [r1, #-4]!", [0: 0x5566_7788, 1: dataArea + 4])
        runThumb([0xF811, 0x0F01] /* ldrb r0, [r1, #1]! */, [1: dataArea], memory: [dataArea: pattern]).expect("LDRB r0, [r1, #1]!", [0: 0x33, 1: dataArea + 1])
        runThumb([0xF931, 0x0F0A] /* ldrsh r0, [r1, #10]! */, [1: dataArea], memory: [dataArea: pattern]).expect("LDRSH r0, [r1, #10]!", [0: 0xFFFF_99AA, 1: dataArea + 10])
        runThumb([0xF831, 0x0DFF] /* ldrh r0, [r1, #-255]! */, [1: dataArea + 255 + 6], memory: [dataArea: pattern]).expect("LDRH r0, [r1, #-255]!", [0: 0x5566, 1: dataArea + 6])
    }

    func testPreIndexedStoresWriteBack() {
        runThumb([0xF841, 0x0F08] /* str r0, [r1, #8]! */, [0: 0xFEED_FACE, 1: dataArea], memory: [dataArea: pattern])
            .expect("STR r0, [r1, #8]!", [1: dataArea + 8], memory: [dataArea: [0x1122_3344, 0x5566_7788, 0xFEED_FACE]])
        runThumb([0xF821, 0x0D02] /* strh r0, [r1, #-2]! */, [0: 0xBEEF, 1: dataArea + 4], memory: [dataArea: pattern])
            .expect("STRH r0, [r1, #-2]!", [1: dataArea + 2], memory: [dataArea: [0xBEEF_3344, 0x5566_7788]])
        runThumb([0xF801, 0x0F03] /* strb r0, [r1, #3]! */, [0: 0xEE, 1: dataArea], memory: [dataArea: pattern])
            .expect("STRB r0, [r1, #3]!", [1: dataArea + 3], memory: [dataArea: [0xEE22_3344]])
    }

    func testPostIndexedLoadsWriteBack() {
        runThumb([0xF851, 0x0B04] /* ldr r0, [r1], #4 */, [1: dataArea], memory: [dataArea: pattern]).expect("LDR r0, [r1], #4", [0: 0x1122_3344, 1: dataArea + 4])
        runThumb([0xF851, 0x0904] /* ldr r0, [r1], #-4 */, [1: dataArea + 4], memory: [dataArea: pattern]).expect("LDR r0, [r1], #-4", [0: 0x5566_7788, 1: dataArea])
        runThumb([0xF931, 0x0B02] /* ldrsh r0, [r1], #2 */, [1: dataArea + 10], memory: [dataArea: pattern]).expect("LDRSH r0, [r1], #2", [0: 0xFFFF_99AA, 1: dataArea + 12])
        runThumb([0xF811, 0x0BFF] /* ldrb r0, [r1], #255 */, [1: dataArea], memory: [dataArea: pattern]).expect("LDRB r0, [r1], #255", [0: 0x44, 1: dataArea + 255])
        runThumb([0xF911, 0x0901] /* ldrsb r0, [r1], #-1 */, [1: dataArea + 8], memory: [dataArea: pattern]).expect("LDRSB r0, [r1], #-1", [0: 0xFFFF_FFCC, 1: dataArea + 7])
    }

    func testPostIndexedStoresWriteBack() {
        runThumb([0xF841, 0x0B04] /* str r0, [r1], #4 */, [0: 0xABCD_EF01, 1: dataArea], memory: [dataArea: pattern])
            .expect("STR r0, [r1], #4", [1: dataArea + 4], memory: [dataArea: [0xABCD_EF01, 0x5566_7788]])
        runThumb([0xF801, 0x0901] /* strb r0, [r1], #-1 */, [0: 0x99, 1: dataArea + 3], memory: [dataArea: pattern])
            .expect("STRB r0, [r1], #-1", [1: dataArea + 2], memory: [dataArea: [0x9922_3344]])
        runThumb([0xF821, 0x0B10] /* strh r0, [r1], #16 */, [0: 0x7777, 1: dataArea + 4], memory: [dataArea: pattern])
            .expect("STRH r0, [r1], #16", [1: dataArea + 20], memory: [dataArea: [0x1122_3344, 0x5566_7777]])
    }

    func testUnprivilegedForms() {
        runThumb([0xF851, 0x0E04] /* ldrt r0, [r1, #4] */, [1: dataArea], memory: [dataArea: pattern]).expect("LDRT r0, [r1, #4]", [0: 0x5566_7788, 1: dataArea])
        runThumb([0xF801, 0x0E02] /* strbt r0, [r1, #2] */, [0: 0x5A, 1: dataArea], memory: [dataArea: pattern])
            .expect("STRBT r0, [r1, #2]", [1: dataArea], memory: [dataArea: [0x115A_3344]])
    }

    // MARK: Literal (PC-relative) loads: base is Align(PC, 4)

    func testLiteralLoadAtWordAlignedPC() {
        runThumb([
            0x4801,          // ldr r0, 1f
            0xBF00,          // nop
            0xBF00,          // nop
            0xBF00,          // nop
            0xF00D, 0xCAFE,  // 1: .word 0xCAFEF00D
        ], steps: 1).expect("LDR r0, [PC, #4] at 0x0", [0: 0xCAFE_F00D])
    }

    func testLiteralLoadAtHalfwordAlignedPC() {
        runThumb([
            0xBF00,          // nop
            0x4801,          // ldr r0, 1f
            0xBF00,          // nop
            0xBF00,          // nop
            0xF00D, 0xCAFE,  // 1: .word 0xCAFEF00D
        ], steps: 2).expect("LDR r0, [PC, #4] at 0x2 (Align(0x6, 4) + 4)", [0: 0xCAFE_F00D])
    }

    func testWideLiteralLoadsAtBothAlignments() {
        runThumb([
            0xF8DF, 0x0008,  // ldr.w r0, 1f
            0xBF00,          // nop
            0xF8DF, 0x1004,  // ldr.w r1, 1f
            0xBF00,          // nop
            0x3344, 0x1122,  // 1: .word 0x11223344
        ], steps: 3).expect("LDR.W r0/r1 literal at 0x0 and 0x6", [0: 0x1122_3344, 1: 0x1122_3344])
    }

    func testWideLiteralLoadsWithNegativeOffset() {
        runThumb([
            0xE002,          // b 2f
            0xBF00,          // .align 2
            0x5678, 0x1234,  // 1: .word 0x12345678
            0xF85F, 0x0008,  // 2: ldr.w r0, 1b
            0xBF00,          // nop
            0xF85F, 0x100C,  // ldr.w r1, 1b
        ], steps: 4).expect("LDR.W r0/r1, [PC, #-imm] at 0x8 and 0xe", [0: 0x1234_5678, 1: 0x1234_5678])
    }

    func testByteAndHalfwordLiteralLoads() {
        runThumb([
            0xF9BF, 0x000E,  // ldrsh.w r0, 1f
            0xF89F, 0x100D,  // ldrb.w r1, 1f+3
            0xF8BF, 0x2008,  // ldrh.w r2, 1f+2
            0xF99F, 0x3003,  // ldrsb.w r3, 1f+1
            0xBF00,          // nop
            0xF07F, 0x8001,  // 1: .word 0x8001F07F
        ], steps: 4).expect("LDRSH/LDRB/LDRH/LDRSB literal", [0: 0xFFFF_F07F, 1: 0x80, 2: 0x8001, 3: 0xFFFF_FFF0])
    }

    func testLDRDLiteral() {
        runThumb([
            0xBF00,          // nop
            0xE9DF, 0x0101,  // ldrd r0, r1, 1f
            0xBF00,          // nop
            0x4567, 0x0123,  // 1: .word 0x01234567
            0xCDEF, 0x89AB,  // .word 0x89ABCDEF
        ], steps: 2).expect("LDRD r0, r1, literal at 0x2", [0: 0x0123_4567, 1: 0x89AB_CDEF])
    }

    // MARK: Unaligned accesses (allowed for single loads and stores)

    func testUnalignedWordAndHalfwordLoads() {
        runThumb([0x6808] /* ldr r0, [r1] */, [1: dataArea + 1], memory: [dataArea: pattern]).expect("LDR r0, [r1] (address + 1)", [0: 0x8811_2233])
        runThumb([0xF8D1, 0x0003] /* ldr.w r0, [r1, #3] */, [1: dataArea], memory: [dataArea: pattern]).expect("LDR.W r0, [r1, #3]", [0: 0x6677_8811])
        runThumb([0x8808] /* ldrh r0, [r1] */, [1: dataArea + 1], memory: [dataArea: pattern]).expect("LDRH r0, [r1] (address + 1)", [0: 0x2233])
        runThumb([0xF9B1, 0x0007] /* ldrsh.w r0, [r1, #7] */, [1: dataArea], memory: [dataArea: pattern]).expect("LDRSH.W r0, [r1, #7]", [0: 0xFFFF_CC55])
    }

    func testUnalignedWordAndHalfwordStores() {
        runThumb([0x6008] /* str r0, [r1] */, [0: 0xAABB_CCDD, 1: dataArea + 1], memory: [dataArea: pattern])
            .expect("STR r0, [r1] (address + 1)", memory: [dataArea: [0xBBCC_DD44, 0x5566_77AA]])
        runThumb([0x8008] /* strh r0, [r1] */, [0: 0xAABB, 1: dataArea + 3], memory: [dataArea: pattern])
            .expect("STRH r0, [r1] (address + 3)", memory: [dataArea: [0xBB22_3344, 0x5566_77AA]])
    }

    // MARK: LDRD/STRD (word alignment required)

    func testLDRD() {
        runThumb([0xE9D2, 0x0102] /* ldrd r0, r1, [r2, #8] */, [2: dataArea], memory: [dataArea: pattern]).expect("LDRD r0, r1, [r2, #8]", [0: 0x99AA_BBCC, 1: 0xDDEE_FF00])
        runThumb([0xE9D2, 0x0100] /* ldrd r0, r1, [r2] */, [2: dataArea + 4], memory: [dataArea: pattern]).expect("LDRD r0, r1, [r2] (word, not doubleword, aligned)", [0: 0x5566_7788, 1: 0x99AA_BBCC])
        runThumb([0xE972, 0x0102] /* ldrd r0, r1, [r2, #-8]! */, [2: dataArea + 16], memory: [dataArea: pattern]).expect("LDRD r0, r1, [r2, #-8]!", [0: 0x99AA_BBCC, 1: 0xDDEE_FF00, 2: dataArea + 8])
        runThumb([0xE8F2, 0x0102] /* ldrd r0, r1, [r2], #8 */, [2: dataArea], memory: [dataArea: pattern]).expect("LDRD r0, r1, [r2], #8", [0: 0x1122_3344, 1: 0x5566_7788, 2: dataArea + 8])
        runThumb([0xE9DD, 0x8C01] /* ldrd r8, r12, [sp, #4] */, memory: [0x2000_1000: [1, 2, 3]]).expect("LDRD r8, r12, [SP, #4]", [8: 2, 12: 3])
    }

    func testSTRD() {
        runThumb([0xE9C2, 0x0101] /* strd r0, r1, [r2, #4] */, [0: 0xA, 1: 0xB, 2: dataArea], memory: [dataArea: pattern])
            .expect("STRD r0, r1, [r2, #4]", [2: dataArea], memory: [dataArea: [0x1122_3344, 0xA, 0xB, 0xDDEE_FF00]])
        runThumb([0xE962, 0x0102] /* strd r0, r1, [r2, #-8]! */, [0: 0xA, 1: 0xB, 2: dataArea + 8], memory: [dataArea: pattern])
            .expect("STRD r0, r1, [r2, #-8]!", [2: dataArea], memory: [dataArea: [0xA, 0xB, 0x99AA_BBCC]])
        runThumb([0xE862, 0x0101] /* strd r0, r1, [r2], #-4 */, [0: 0xA, 1: 0xB, 2: dataArea], memory: [dataArea: pattern])
            .expect("STRD r0, r1, [r2], #-4", [2: dataArea - 4], memory: [dataArea: [0xA, 0xB, 0x99AA_BBCC]])
    }

    func testUnalignedLDRDAndSTRDHalt() {
        let ldrd = CPUHarness([0xE9D2, 0x0100] /* ldrd r0, r1, [r2] */)
        ldrd.set([2: dataArea + 2])
        ldrd.run()
        ldrd.expectHalt("LDRD r0, r1, [r2] (address + 2)", .unalignedAccess, pc: 0)
        let strd = CPUHarness([0xE9C2, 0x0100] /* strd r0, r1, [r2] */)
        strd.set([2: dataArea + 1])
        strd.run()
        strd.expectHalt("STRD r0, r1, [r2] (address + 1)", .unalignedAccess, pc: 0)
    }

    // MARK: LDM/STM

    func testSTMIAAndLDMIAWithWriteback() {
        runThumb([0xC00E] /* stmia r0!, {r1, r2, r3} */, [0: dataArea, 1: 1, 2: 2, 3: 3], memory: [dataArea: pattern])
            .expect("STMIA r0!, {r1, r2, r3}", [0: dataArea + 12], memory: [dataArea: [1, 2, 3, 0xDDEE_FF00]])
        runThumb([0xC80E] /* ldmia r0!, {r1, r2, r3} */, [0: dataArea], memory: [dataArea: pattern])
            .expect("LDMIA r0!, {r1, r2, r3}", [0: dataArea + 12, 1: 0x1122_3344, 2: 0x5566_7788, 3: 0x99AA_BBCC])
    }

    func testSixteenBitLDMWithBaseInListDoesNotWriteBack() {
        runThumb([0xC803] /* ldmia r0, {r0, r1} */, [0: dataArea], memory: [dataArea: pattern])
            .expect("LDMIA r0, {r0, r1}", [0: 0x1122_3344, 1: 0x5566_7788])
        runThumb([0xC907] /* ldmia r1, {r0, r1, r2} */, [1: dataArea], memory: [dataArea: pattern])
            .expect("LDMIA r1, {r0, r1, r2}", [0: 0x1122_3344, 1: 0x5566_7788, 2: 0x99AA_BBCC])
    }

    func testWideLDMAndSTM() {
        runThumb([0xE8B0, 0x1102] /* ldmia.w r0!, {r1, r8, r12} */, [0: dataArea], memory: [dataArea: pattern])
            .expect("LDMIA.W r0!, {r1, r8, r12}", [0: dataArea + 12, 1: 0x1122_3344, 8: 0x5566_7788, 12: 0x99AA_BBCC])
        runThumb([0xE880, 0x0006] /* stmia.w r0, {r1, r2} */, [0: dataArea, 1: 5, 2: 6], memory: [dataArea: pattern])
            .expect("STMIA.W r0, {r1, r2} (no writeback)", [0: dataArea], memory: [dataArea: [5, 6, 0x99AA_BBCC]])
        runThumb([0xE920, 0x0006] /* stmdb r0!, {r1, r2} */, [0: dataArea + 8, 1: 5, 2: 6], memory: [dataArea: pattern])
            .expect("STMDB r0!, {r1, r2}", [0: dataArea], memory: [dataArea: [5, 6, 0x99AA_BBCC]])
        runThumb([0xE910, 0x000E] /* ldmdb r0, {r1, r2, r3} */, [0: dataArea + 12], memory: [dataArea: pattern])
            .expect("LDMDB r0, {r1, r2, r3}", [0: dataArea + 12, 1: 0x1122_3344, 2: 0x5566_7788, 3: 0x99AA_BBCC])
        runThumb([0xE930, 0x4010] /* ldmdb r0!, {r4, lr} */, [0: dataArea + 16], memory: [dataArea: pattern])
            .expect("LDMDB r0!, {r4, lr}", [0: dataArea + 8, 4: 0x99AA_BBCC, 14: 0xDDEE_FF00])
    }

    func testPUSHAndPOP() {
        runThumb([0xB503] /* push {r0, r1, lr} */, [0: 1, 1: 2, 14: 0x1234_5679])
            .expect("PUSH {r0, r1, lr}", [13: 0x2000_0FF4], memory: [0x2000_0FF4: [1, 2, 0x1234_5679]])
        runThumb([0xBC0C] /* pop {r2, r3} */, memory: [0x2000_1000: [7, 8]]).expect("POP {r2, r3}", [2: 7, 3: 8, 13: 0x2000_1008])
        runThumb([0xE92D, 0x0700] /* push.w {r8, r9, r10} */, [8: 8, 9: 9, 10: 10])
            .expect("PUSH.W {r8, r9, r10}", [13: 0x2000_0FF4], memory: [0x2000_0FF4: [8, 9, 10]])
        runThumb([0xE8BD, 0x0300] /* pop.w {r8, r9} */, memory: [0x2000_1000: [7, 8]]).expect("POP.W {r8, r9}", [8: 7, 9: 8, 13: 0x2000_1008])
        runThumb([0xB4F0, 0xBC0F] /* push {r4-r7}; pop {r0-r3} */, [4: 4, 5: 5, 6: 6, 7: 7])
            .expect("PUSH {r4-r7}; POP {r0-r3}", [0: 4, 1: 5, 2: 6, 3: 7, 13: 0x2000_1000])
        runThumb([0xF84D, 0x0D04, 0xF85D, 0x1B04] /* str r0, [sp, #-4]!; ldr r1, [sp], #4 */, [0: 0x600D_CAFE])
            .expect("STR r0, [SP, #-4]!; LDR r1, [SP], #4 (single-register PUSH/POP)", [1: 0x600D_CAFE, 13: 0x2000_1000])
    }

    func testPOPIntoPCBranches() {
        runThumb([
            0xBD01,  // pop {r0, pc}
            0x2101,  // movs r1, #1
            0x2102,  // movs r1, #2
        ], steps: 2, memory: [0x2000_1000: [5, 0x5]]).expect("POP {r0, pc}", [0: 5, 1: 2, 13: 0x2000_1008])
        runThumb([
            0xE8BD, 0x8010,  // ldmia.w sp!, {r4, pc}
            0x2101,          // movs r1, #1
            0x2102,          // movs r1, #2
        ], steps: 2, memory: [0x2000_1000: [6, 0x7]]).expect("LDMIA.W SP!, {r4, pc}", [4: 6, 1: 2, 13: 0x2000_1008])
        runThumb([
            0xF85D, 0xFB04,  // ldr pc, [sp], #4
            0x2101,          // movs r1, #1
            0x2102,          // movs r1, #2
        ], steps: 2, memory: [0x2000_1000: [0x7]]).expect("LDR PC, [SP], #4", [1: 2, 13: 0x2000_1004])
    }

    func testPOPIntoPCWithoutThumbBitHalts() {
        let pop = CPUHarness([0xBD00] /* pop {pc} */)
        pop.store(words: [0x100], at: CPUHarness.initialSP)
        pop.run(1)
        pop.expectHalt("POP {pc} with an even address", .invalidState)
    }

    func testUnalignedLDMAndSTMHalt() {
        let ldm = CPUHarness([0xC806] /* ldmia r0!, {r1, r2} */)
        ldm.set([0: dataArea + 2])
        ldm.run()
        ldm.expectHalt("LDMIA r0!, {r1, r2} (address + 2)", .unalignedAccess, pc: 0)
        XCTAssertEqual(ldm[0], dataArea + 2, "LDMIA: base register unchanged by the faulting LDM")
        XCTAssertEqual(ldm[1], 0, "LDMIA: no register loaded by the faulting LDM")

        let ldmw = CPUHarness([0xBF00, 0xE913, 0x0006] /* nop; ldmdb.w r3, {r1, r2} */)
        ldmw.set([3: dataArea + 9])
        ldmw.run()
        ldmw.expectHalt("LDMDB.W r3, {r1, r2} (address + 1)", .unalignedAccess, pc: 2)

        let stm = CPUHarness([0xC006] /* stmia r0!, {r1, r2} */)
        stm.set([0: dataArea + 1])
        stm.run()
        stm.expectHalt("STMIA r0!, {r1, r2} (address + 1)", .unalignedAccess, pc: 0)
    }

    // MARK: Exclusives

    func testLDREXThenSTREXSucceeds() {
        runThumb([0xE851, 0x0F00, 0xE841, 0x3200] /* ldrex r0, [r1]; strex r2, r3, [r1] */, [1: dataArea, 2: 0x55, 3: 0xDEAD_BEEF], memory: [dataArea: pattern])
            .expect("LDREX; STREX", [0: 0x1122_3344, 2: 0], memory: [dataArea: [0xDEAD_BEEF, 0x5566_7788]])
        runThumb([0xE851, 0x0F02, 0xE841, 0x3202] /* ldrex r0, [r1, #8]; strex r2, r3, [r1, #8] */, [1: dataArea, 2: 0x55, 3: 0xDEAD_BEEF], memory: [dataArea: pattern])
            .expect("LDREX [r1, #8]; STREX [r1, #8]", [0: 0x99AA_BBCC, 2: 0], memory: [dataArea: [0x1122_3344, 0x5566_7788, 0xDEAD_BEEF]])
    }

    func testSTREXFailsAfterCLREX() {
        runThumb([0xE851, 0x0F00, 0xF3BF, 0x8F2F, 0xE841, 0x3200] /* ldrex r0, [r1]; clrex; strex r2, r3, [r1] */, [1: dataArea, 3: 0xDEAD_BEEF], memory: [dataArea: pattern])
            .expect("LDREX; CLREX; STREX", [0: 0x1122_3344, 2: 1], memory: [dataArea: [0x1122_3344]])
    }

    func testSTREXFailsWithoutLDREXAndAfterAnotherSTREX() {
        runThumb([0xE841, 0x3200] /* strex r2, r3, [r1] */, [1: dataArea, 3: 0xDEAD_BEEF], memory: [dataArea: pattern])
            .expect("STREX without LDREX (monitor open after reset)", [2: 1], memory: [dataArea: [0x1122_3344]])
        runThumb([0xE851, 0x0F00, 0xE841, 0x3200, 0xE841, 0x5400] /* ldrex r0, [r1]; strex r2, r3, [r1]; strex r4, r5, [r1] */, [1: dataArea, 3: 0xA, 5: 0xB], memory: [dataArea: pattern])
            .expect("LDREX; STREX; STREX (the first clears the monitor)", [2: 0, 4: 1], memory: [dataArea: [0xA]])
    }

    func testByteAndHalfwordExclusives() {
        runThumb([0xE8D1, 0x0F4F, 0xE8C1, 0x3F42] /* ldrexb r0, [r1]; strexb r2, r3, [r1] */, [1: dataArea + 1, 2: 9, 3: 0x1234_56AB], memory: [dataArea: pattern])
            .expect("LDREXB; STREXB", [0: 0x33, 2: 0], memory: [dataArea: [0x1122_AB44, 0x5566_7788]])
        runThumb([0xE8D1, 0x0F5F, 0xE8C1, 0x3F52] /* ldrexh r0, [r1]; strexh r2, r3, [r1] */, [1: dataArea + 2, 2: 9, 3: 0x1234_BEEF], memory: [dataArea: pattern])
            .expect("LDREXH; STREXH", [0: 0x1122, 2: 0], memory: [dataArea: [0xBEEF_3344, 0x5566_7788]])
        runThumb([0xE8D1, 0x0F4F, 0xF3BF, 0x8F2F, 0xE8C1, 0x3F42] /* ldrexb r0, [r1]; clrex; strexb r2, r3, [r1] */, [1: dataArea, 3: 0xFF], memory: [dataArea: pattern])
            .expect("LDREXB; CLREX; STREXB", [0: 0x44, 2: 1], memory: [dataArea: [0x1122_3344]])
    }

    func testUnalignedLDREXHalts() {
        let h = CPUHarness([0xE851, 0x0F00] /* ldrex r0, [r1] */)
        h.set([1: dataArea + 2])
        h.run()
        h.expectHalt("LDREX r0, [r1] (address + 2)", .unalignedAccess, pc: 0)
    }

    // MARK: Hints

    func testPLDDoesNotAccessMemory() {
        runThumb([0xF890, 0xF000, 0xF890, 0xF004, 0x2101] /* pld [r0]; pld [r0, #4]; movs r1, #1 */, [0: 0x4000_0000]).expect("PLD [r0] (unmapped address)", [1: 1])
    }
}
