import XCTest
@testable import CortexM

/// Regressions for the findings of a review of the CPU against the ARMv7-M ARM: each test
/// failed before its fix.
final class ReviewRegressionTests: XCTestCase {
    /// The ITSTATE restored on a fault is the faulting instruction's own, never a stale one
    /// from an earlier pass through an IT block at the same address.
    func testFaultOutsideITBlockAtAnAddressOnceSkippedInOneKeepsITSTATEZero() {
        let h = CPUHarness([
            0x2000,          // 0x0: movs r0, #0
            0x2800,          // 0x2: cmp r0, #0
            0xBF18,          // 0x4: it ne
            0x680A,          // 0x6: ldr r2, [r1]   (skipped: NE fails; later faults outside IT)
            0xE7FD,          // 0x8: b 0x6
        ])
        h.set([1: 0x6000_0000])
        h.run(10)
        h.expectHalt("LDR at 0x6 outside the IT block", .busError, pc: 0x6)
        XCTAssertEqual(h.cpu.itState, 0, "ITSTATE of an instruction outside any IT block")
    }

    /// A7.7.17: BKPT executes unconditionally inside an IT block.
    func testBKPTInsideITBlockStopsEvenWhenTheConditionFails() {
        let h = CPUHarness([0x2001, 0x2800, 0xBF08, 0xBE01, 0x2105] /* movs r0,#1; cmp r0,#0; it eq; bkpt #1; movs r1,#5 */)
        h.run(5)
        h.expectHalt("BKPT in a failing IT slot", .breakpoint, pc: 0x6)
        XCTAssertEqual(h[1], 0)
    }

    /// A branch that is not the last instruction of its IT block is UNPREDICTABLE: refused.
    func testBranchNotLastInITBlockIsRefused() {
        let h = CPUHarness([0x2000, 0x2800, 0xBF0C, 0xD000, 0x2101, 0x2202] /* movs; cmp; ite eq; beq +0; movs r1,#1; movs r2,#2 */)
        h.run(6)
        h.expectHalt("B<cond> inside an IT block", .undefinedInstruction, pc: 0x6)
        let unconditional = CPUHarness([0x2000, 0x2800, 0xBF04, 0xE000, 0x2101, 0x2202] /* movs; cmp; itt eq; beq.n (as b) +0; ... */)
        unconditional.run(6)
        unconditional.expectHalt("B first of two in ITT", .undefinedInstruction, pc: 0x6)
        let cbz = CPUHarness([0x2000, 0x2800, 0xBF08, 0xB100, 0x2101] /* movs; cmp; it eq; cbz r0, +0; movs r1,#1 */)
        cbz.run(5)
        cbz.expectHalt("CBZ inside an IT block", .undefinedInstruction, pc: 0x6)
    }

    /// A branch as the last instruction of an IT block is fine.
    func testBranchLastInITBlockExecutes() {
        let h = CPUHarness([0x2000, 0x2800, 0xBF08, 0xE000, 0x2101, 0x2202] /* movs; cmp; it eq; b +0 (skips movs r1); movs r2,#2 */)
        h.run(5)
        h.expect("B last in IT", [1: 0, 2: 2])
    }

    /// LDRB/LDRH/LDRSB/LDRSH (literal) with Rt = SP are UNPREDICTABLE, as their other forms.
    func testByteLiteralLoadIntoSPIsRefused() {
        let h = CPUHarness([0xF89F, 0xD004] /* ldrb.w sp, [pc, #4] */)
        h.run(1)
        h.expectHalt("LDRB.W SP, literal", .undefinedInstruction, pc: 0)
    }

    /// SP[1:0] always read as zero: every way of writing SP keeps it word-aligned.
    func testWritesToSPKeepItWordAligned() {
        let mov = CPUHarness([0x4685, 0x46EA] /* mov sp, r0; mov r10, sp */)
        mov.set([0: 0x2000_0F03])
        mov.run(2)
        mov.expect("MOV SP, r0 with r0[1:0] = 3", [10: 0x2000_0F00])

        let add = CPUHarness([0x4485] /* add sp, r0 */)
        add.set([0: 6])
        add.run(1)
        XCTAssertEqual(add.sp, CPUHarness.initialSP + 4, "ADD SP, r0 (r0 = 6)")

        let addw = CPUHarness([0xF20D, 0x0D03] /* addw sp, sp, #3 */)
        addw.run(1)
        XCTAssertEqual(addw.sp, CPUHarness.initialSP, "ADDW SP, SP, #3")

        let load = CPUHarness([0xF8D0, 0xD000] /* ldr.w sp, [r0] */)
        load.set([0: dataArea])
        load.store(words: [0x2000_0FFF], at: dataArea)
        load.run(1)
        XCTAssertEqual(load.sp, 0x2000_0FFC, "LDR SP, [r0] loading 0x20000fff")
    }

    /// Should-be-zero/one fields: this emulator treats the UNPREDICTABLE encodings as UNDEFINED.
    func testEncodingsWithWrongFixedBitsAreRefused() {
        let cases: [(String, [UInt16])] = [
            ("CPS with bit 2 set", [0xB665]),
            ("SSAT with hw1 bit 10 set", [0xF700, 0x03C6]),
            ("SXTH with hw2 bit 6 set", [0xFA0F, 0xF2C2]),
            ("PKHBT with S set (UNDEFINED)", [0xEAD0, 0x0401]),
            ("coprocessor T=1 form on cp11", [0xFC20, 0x0BE8]),
        ]
        for (name, code) in cases {
            let h = CPUHarness(code)
            h.run(1)
            h.expectHalt(name, .undefinedInstruction, pc: 0)
        }
    }
}
