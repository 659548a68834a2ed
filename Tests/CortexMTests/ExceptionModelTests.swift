import XCTest
@testable import CortexM

/// The exception model on a small hand-assembled program (the assembly is in
/// Tests/CortexMTests/ExceptionModelTests.swift's comments): SVC with arguments in the
/// stacked frame, an interrupt pended through the NVIC and taken right after the store, and
/// an undefined instruction escalating to HardFault whose handler resumes after it.
final class ExceptionModelTests: XCTestCase {
    /*
     vectors: SP 0x20001000, Reset, NMI 0, HardFault, MemManage 0, BusFault 0, UsageFault,
              reserved, SVCall, reserved, PendSV, SysTick 0, IRQ0
     reset:   movs r0,#5; svc #3; mov r4,r0
              ldr r1,=0xE000E100; movs r2,#1; str r2,[r1]     @ NVIC ISER0: enable IRQ0
              ldr r1,=0xE000E200; str r2,[r1]                 @ NVIC ISPR0: pend IRQ0
              mov r5,r7; udf #0; mov r6,r8; bkpt #0
     svc:     ldr r1,[sp]; adds r1,#10; str r1,[sp]; bx lr   @ stacked r0 += 10
     irq0:    movs r7,#0x77; bx lr
     hardfault: movs r0,#0x88; mov r8,r0; ldr r1,[sp,#24]; adds r1,#2; str r1,[sp,#24]; bx lr
     usagefault: b .
     pendsv:  bx lr
    */
    static let program: [UInt16] = [
        0x1000, 0x2000, 0x0045, 0x0000, 0x0000, 0x0000, 0x0069, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000,
        0x0075, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x005D, 0x0000,
        0x0000, 0x0000, 0x0000, 0x0000, 0x0077, 0x0000, 0x0000, 0x0000, 0x0065, 0x0000, 0x2005, 0xDF03,
        0x4604, 0x490B, 0x2201, 0x600A, 0x490A, 0x600A, 0x463D, 0xDE00, 0x4646, 0xBE00, 0x9900, 0x310A,
        0x9100, 0x4770, 0x2777, 0x4770, 0x2088, 0x4680, 0x9906, 0x3102, 0x9106, 0x4770, 0xE7FE, 0x4770,
        0xE100, 0xE000, 0xE200, 0xE000,
    ]

    private func machine() -> CPUHarness {
        let h = CPUHarness(Self.program, sp: 0x2000_1000)
        h.cpu.haltsOnFaults = false
        h.cpu.pc = 0x44
        return h
    }

    func testSVCInterruptAndEscalatedFaultRunTheirHandlersAndReturn() {
        let h = machine()
        let stop = h.cpu.run(budget: 200)
        guard case .halted(let halt) = stop, halt.kind == .breakpoint else {
            return XCTFail("expected to reach the final BKPT, got \(stop)")
        }
        XCTAssertEqual(h[4], 15, "SVC handler added 10 to the stacked r0")
        XCTAssertEqual(h[5], 0x77, "IRQ0 ran right after the store that pended it")
        XCTAssertEqual(h[6], 0x88, "HardFault handler ran and resumed after the UDF")
        XCTAssertEqual(h.sp, 0x2000_1000, "every frame was popped")
        XCTAssertEqual(h.cpu.exceptions.current, 0, "back in Thread mode")
        XCTAssertNotEqual(h.cpu.systemControl.cfsr & FaultStatus.undefInstr, 0, "CFSR.UNDEFINSTR")
        XCTAssertNotEqual(h.cpu.systemControl.hfsr & FaultStatus.hardForced, 0, "HFSR.FORCED: UsageFault was disabled")
    }

    /// A frame that cannot be stacked is a derived BusFault (STKERR, BFAR not valid); with
    /// BusFault disabled it escalates to HardFault, and the SVC stays pending.
    func testStackingBusErrorIsADerivedFaultNotALockup() {
        let h = machine()
        h.cpu.sp = 0x3000_0010  // nothing mapped below
        let stop = h.cpu.run(budget: 2)  // movs; svc -> stacking fails
        XCTAssertEqual(stop, .budgetExhausted)
        XCTAssertEqual(h.cpu.exceptions.current, UInt32(ExceptionNumber.hardFault), "escalated to HardFault")
        XCTAssertEqual(h.cpu.systemControl.cfsr, FaultStatus.stkErr, "CFSR = STKERR only")
        XCTAssertEqual(h.cpu.systemControl.hfsr, FaultStatus.hardForced)
        XCTAssertTrue(h.cpu.exceptions.pending[ExceptionNumber.svCall], "SVCall still pending")
        XCTAssertEqual(h.sp, 0x3000_0010 - 0x20, "SP moved to the (unwritten) frame")
    }

    func testStackedFrameIsEightByteAlignedAndMarked() {
        let h = machine()
        h.cpu.sp = 0x2000_0FFC  // 4 mod 8: the frame needs realignment
        h.cpu.run(budget: 2)  // movs; svc -> now in the SVC handler
        XCTAssertEqual(h.cpu.exceptions.current, UInt32(ExceptionNumber.svCall))
        XCTAssertEqual(h.sp, 0x2000_0FD8, "frame of 32 bytes below the 8-byte aligned SP")
        XCTAssertEqual(h.word(0x2000_0FD8 + 28).map { $0 & (1 << 9) }, 1 << 9, "xPSR bit 9 records the realignment")
        XCTAssertEqual(h.lr, 0xFFFF_FFF9, "EXC_RETURN: Thread mode, main stack")
        h.cpu.run(budget: 5)  // handler (4 instructions), then the return and one instruction after it
        XCTAssertEqual(h.sp, 0x2000_0FFC, "SP restored including the alignment word")
    }

    func testLockupWhenHardFaultItselfFaults() {
        // HardFault handler replaced by UDF: a fault in HardFault locks the core up.
        let h = machine()
        h.load([0xDE00], at: 0x68)  // hardfault: udf #0
        let stop = h.cpu.run(budget: 200)
        guard case .halted(let halt) = stop else { return XCTFail("expected lockup, got \(stop)") }
        XCTAssertEqual(halt.kind, .lockup)
    }

    func testBASEPRIAndPRIMASKHoldAnInterruptPendingUntilLowered() {
        let h = machine()
        let scs = h.cpu.systemControl!
        XCTAssertTrue(scs.write(offset: 0x100, size: 4, value: 1))  // enable IRQ0
        XCTAssertTrue(scs.write(offset: 0x400, size: 1, value: 0x40))  // IRQ0 priority 0x40
        h.cpu.basepri = 0x40  // masks priority 0x40 and lower
        XCTAssertTrue(scs.write(offset: 0x200, size: 4, value: 1))  // pend IRQ0
        h.cpu.pc = 0x58  // at the BKPT: run one step
        h.cpu.run(budget: 1)
        XCTAssertEqual(h.cpu.exceptions.current, 0, "masked by BASEPRI")
        XCTAssertTrue(h.cpu.exceptions.pending[16])
        h.cpu.basepri = 0x80
        h.cpu.primask = 1
        h.cpu.pc = 0x58
        h.cpu.run(budget: 1)
        XCTAssertEqual(h.cpu.exceptions.current, 0, "masked by PRIMASK")
        h.cpu.primask = 0
        h.cpu.pc = 0x64  // irq0's bx lr is harmless as the interrupted instruction
        XCTAssertEqual(h.cpu.run(budget: 0), .budgetExhausted)
        h.cpu.attentionRaised()
        _ = h.cpu.run(budget: 1)
        XCTAssertEqual(h[7], 0x77, "taken once unmasked")
    }
}
