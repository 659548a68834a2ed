import XCTest
@testable import CortexM
import Emulation

/// Accesses the bus cannot complete stop the run with a precise bus error at the
/// instruction that made them; nothing is written and the faulting load's target register
/// keeps its value.
final class MemoryFaultTests: XCTestCase {
    private let unmapped: UInt32 = 0x4000_0000

    func testLoadFromUnmappedAddressHaltsAtTheLoad() {
        let h = CPUHarness([0x2007, 0x6808, 0x2201] /* movs r0, #7; ldr r0, [r1]; movs r2, #1 */)
        h.set([1: unmapped])
        h.run(3)
        h.expectHalt("LDR r0, [r1] (0x40000000)", .busError, pc: 2)
        XCTAssertEqual(h[0], 7, "LDR: destination unchanged")
        XCTAssertEqual(h[2], 0, "LDR: the next instruction has not run")
        XCTAssertEqual(h.cpu.instructions, 1, "LDR: the faulting load is not counted")
    }

    func testLoadsOfEveryWidthFromUnmappedAddressesHalt() {
        let cases: [(String, [UInt16])] = [
            ("LDRB r0, [r1]", [0x7808] /* ldrb r0, [r1] */),
            ("LDRH r0, [r1]", [0x8808] /* ldrh r0, [r1] */),
            ("LDRSH.W r0, [r1, #2]", [0xF9B1, 0x0002] /* ldrsh.w r0, [r1, #2] */),
            ("LDR.W r0, [r1, #4]!", [0xF851, 0x0F04] /* ldr.w r0, [r1, #4]! */),
            ("LDRD r2, r3, [r1]", [0xE9D1, 0x2300] /* ldrd r2, r3, [r1] */),
            ("LDREX r0, [r1]", [0xE851, 0x0F00] /* ldrex r0, [r1] */),
        ]
        for (name, code) in cases {
            let h = CPUHarness(code)
            h.set([1: unmapped])
            h.run(1)
            h.expectHalt(name, .busError, pc: 0)
            XCTAssertEqual(h[1], unmapped, "\(name): base register unchanged")
        }
    }

    func testStoreToFlashHalts() {
        let cases: [(String, [UInt16])] = [
            ("STR r0, [r1]", [0x6008] /* str r0, [r1] */),
            ("STRB r0, [r1, #1]", [0x7048] /* strb r0, [r1, #1] */),
            ("STRH.W r0, [r1, #2]", [0xF8A1, 0x0002] /* strh.w r0, [r1, #2] */),
            ("STMIA r1!, {r0, r2}", [0xC105] /* stmia r1!, {r0, r2} */),
            ("STRD r0, r2, [r1]", [0xE9C1, 0x0200] /* strd r0, r2, [r1] */),
        ]
        for (name, code) in cases {
            let h = CPUHarness(code)
            h.set([0: 0xDEAD_BEEF, 1: 0x100, 2: 0x1234_5678])
            h.run(1)
            h.expectHalt("\(name) (flash at 0x100)", .busError, pc: 0)
            XCTAssertEqual(h.word(0x100), 0xFFFF_FFFF, "\(name): flash is unchanged (erased)")
            XCTAssertEqual(h.word(0x104), 0xFFFF_FFFF, "\(name): flash is unchanged (erased)")
        }
    }

    func testStoreToUnmappedAddressHalts() {
        let h = CPUHarness([0xBF00, 0x6088] /* nop; str r0, [r1, #8] */)
        h.set([1: unmapped])
        h.run(2)
        h.expectHalt("STR r0, [r1, #8] (0x40000008)", .busError, pc: 2)
    }

    func testLDMFromUnmappedAddressRestoresTheBase() {
        let h = CPUHarness([0xC806] /* ldmia r0!, {r1, r2} */)
        h.set([0: unmapped, 1: 0x11])
        h.run(1)
        h.expectHalt("LDMIA r0!, {r1, r2} (0x40000000)", .busError, pc: 0)
        XCTAssertEqual(h[0], unmapped, "LDMIA: base register restored")
        XCTAssertEqual(h[1], 0x11, "LDMIA: r1 unchanged")
    }

    func testUnalignedLoadRunningOffTheEndOfRAMHalts() {
        let h = CPUHarness([0x6808] /* ldr r0, [r1] */)
        h.set([0: 5, 1: CPUHarness.ramBase + CPUHarness.ramSize - 2])
        h.run(1)
        h.expectHalt("LDR r0, [r1] (last two bytes of RAM and two unmapped)", .busError, pc: 0)
        XCTAssertEqual(h[0], 5, "LDR: destination unchanged")
    }

    func testInstructionFetchFromUnmappedAddressHalts() {
        let h = CPUHarness([0x4700] /* bx r0 */)
        h.set([0: unmapped | 1])
        h.run(2)
        h.expectHalt("fetch from 0x40000000 after BX", .busError, pc: unmapped)
        XCTAssertEqual(h.cpu.instructions, 1, "fetch from 0x40000000: the BX before it executed and counts")
    }

    func testWideInstructionRunningPastTheEndOfFlashHalts() {
        // A 16-bit NOP, then the first halfword of a 32-bit encoding in the last halfword of flash.
        let end = CPUHarness.flashBase + CPUHarness.flashSize
        let h = CPUHarness([0xBF00, 0xF000] /* nop; .hword 0xf000 */, at: end - 4)
        h.run(2)
        h.expectHalt("32-bit encoding at the last halfword of flash", .busError, pc: end - 2)
        XCTAssertEqual(h.cpu.instructions, 1, "32-bit encoding past the end of flash: the NOP before it executed and counts")
    }

    /// Regression: a fetch fault on the very first instruction of a run used to underflow the
    /// instruction count and trap.
    func testWideInstructionPastTheEndOfFlashAsTheFirstInstructionOfARun() {
        let end = CPUHarness.flashBase + CPUHarness.flashSize
        let h = CPUHarness([0xF000] /* .hword 0xf000 */, at: end - 2)
        h.run(1)
        h.expectHalt("32-bit encoding at the last halfword of flash, first instruction", .busError, pc: end - 2)
        XCTAssertEqual(h.cpu.instructions, 0)
    }

    /// Cortex-M4 TRM 3.9.1: "When the instruction specifies base register write-back, the base
    /// register changes to the updated address. An abort restores the original base value."
    func testPOPWhosePCWordIsUnmappedRestoresSP() {
        let top = CPUHarness.ramBase + CPUHarness.ramSize
        let h = CPUHarness([0xBD01] /* pop {r0, pc} */, sp: top - 4)
        h.store(words: [0x1234], at: top - 4)
        h.run(1)
        h.expectHalt("POP {r0, pc} (PC word at 0x20040000 unmapped)", .busError, pc: 0)
        XCTAssertEqual(h.sp, top - 4, "POP {r0, pc}: SP restored after the abort")
    }

    /// A faulting instruction does not complete, so ITSTATE must not advance past it (the
    /// stacked xPSR of a fault holds the faulting instruction's ITSTATE; ITAdvance() runs only
    /// when an instruction completes). Resuming must execute the rest of the block as encoded.
    func testFaultInsideITBlockKeepsITSTATEForTheFaultingInstruction() {
        let h = CPUHarness([0xBF14, 0x6808, 0x2201, 0x2303] /* ite ne; ldrne r0, [r1]; moveq r2, #1; movs r3, #3 */)
        h.set([0: 5, 1: unmapped])
        h.run(4)
        h.expectHalt("LDRNE r0, [r1] inside ITE NE (0x40000000)", .busError, pc: 2)
        XCTAssertEqual(h.cpu.itState, 0x14, "ITSTATE after the fault: still that of the LDRNE (ITE NE is 0xBF14)")
        h.store(words: [0xCAFE], at: dataArea)
        h.set([1: dataArea])
        h.run(3)
        h.expect("resumed ITE NE block: LDRNE executes, MOVEQ is skipped", [0: 0xCAFE, 2: 0, 3: 3])
    }
}
