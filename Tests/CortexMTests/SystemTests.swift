import XCTest
@testable import CortexM
import Emulation

/// System instructions (ARMv7-M ARM B5.2): MRS/MSR, CPS, hints and barriers, and the
/// instructions that stop the run (BKPT, SVC, UDF, UNDEFINED and not-yet-emulated encodings).
final class SystemTests: XCTestCase {

    // MARK: MRS/MSR on APSR

    func testMSRAPSRNZCVQAndMRSAPSR() {
        runThumb([0xF380, 0x8800, 0xF3EF, 0x8100] /* msr APSR_nzcvq, r0; mrs r1, APSR */, [0: 0xF800_0000]).expect("MSR APSR_nzcvq; MRS APSR", [1: 0xF800_0000], nzcv: "NZCV", q: true)
        runThumb([0xF380, 0x8800, 0xF3EF, 0x8100] /* msr APSR_nzcvq, r0; mrs r1, APSR */, [0: 0x07FF_FFFF], flags: "NZCVQ").expect("MSR APSR_nzcvq (clears)", [1: 0], nzcv: "nzcv", q: false)
        runThumb([0xF380, 0x8800, 0xF3EF, 0x8100] /* msr APSR_nzcvq, r0; mrs r1, APSR */, [0: 0x4000_0000]).expect("MSR APSR_nzcvq (Z only)", [1: 0x4000_0000], nzcv: "nZcv", q: false)
    }

    func testMSRAPSRGAndNZCVQG() {
        runThumb([0xF380, 0x8400, 0xF3EF, 0x8100] /* msr APSR_g, r0; mrs r1, APSR */, [0: 0xFFFF_FFFF]).expect("MSR APSR_g (GE only)", [1: 0x000F_0000], nzcv: "nzcv", ge: 0xF)
        runThumb([0xF380, 0x8C00, 0xF3EF, 0x8100] /* msr APSR_nzcvqg, r0; mrs r1, APSR */, [0: 0xA805_0000]).expect("MSR APSR_nzcvqg", [1: 0xA805_0000], nzcv: "NzCv", q: true, ge: 0x5)
        runThumb([0xF380, 0x8800, 0xF3EF, 0x8100] /* msr APSR_nzcvq, r0; mrs r1, APSR */, [0: 0x000F_0000]).expect("MSR APSR_nzcvq leaves GE", [1: 0], ge: 0)
    }

    func testMRSOfPSRViews() {
        runThumb([0xF3EF, 0x8005] /* mrs r0, IPSR */, [0: 0xFFFF_FFFF], flags: "NZ").expect("MRS IPSR (Thread mode: 0)", [0: 0])
        runThumb([0xF3EF, 0x8003] /* mrs r0, xpsr */, flags: "NC").expect("MRS xPSR (EPSR reads as zero)", [0: 0xA000_0000])
        runThumb([0xF3EF, 0x8006] /* mrs r0, EPSR */, [0: 0xFFFF_FFFF], flags: "V").expect("MRS EPSR (reads as zero)", [0: 0])
    }

    // MARK: Mask registers

    func testPRIMASKRoundTrip() {
        let h = CPUHarness([0xF380, 0x8810, 0xF3EF, 0x8110, 0xF382, 0x8810, 0xF3EF, 0x8310] /* msr primask, r0; mrs r1, primask; msr primask, r2; mrs r3, primask */)
        h.set([0: 0xFFFF_FFFF, 2: 0xFFFF_FFFE])
        h.run()
        h.expect("MSR/MRS PRIMASK", [1: 1, 3: 0])
        XCTAssertEqual(h.cpu.primask, 0, "MSR PRIMASK: only bit 0 is written")
    }

    func testFAULTMASKRoundTrip() {
        let h = CPUHarness([0xF380, 0x8813, 0xF3EF, 0x8113] /* msr faultmask, r0; mrs r1, faultmask */)
        h.set([0: 3])
        h.run()
        h.expect("MSR/MRS FAULTMASK", [1: 1])
        XCTAssertEqual(h.cpu.faultmask, 1, "MSR FAULTMASK")
    }

    /// The harness's core implements 3 priority bits (CortexM4's default): BASEPRI keeps bits 7:5.
    func testBASEPRIRoundTripKeepsImplementedBits() {
        let h = CPUHarness([0xF380, 0x8811, 0xF3EF, 0x8111, 0xF382, 0x8811, 0xF3EF, 0x8311] /* msr basepri, r0; mrs r1, basepri; msr basepri, r2; mrs r3, basepri */)
        h.set([0: 0xFF, 2: 0x40])
        h.run()
        h.expect("MSR/MRS BASEPRI", [1: 0xE0, 3: 0x40])
        XCTAssertEqual(h.cpu.basepri, 0x40, "MSR BASEPRI")
    }

    func testBASEPRIMAXOnlyRaisesPriority() {
        let h = CPUHarness([
            0xF380, 0x8811,  // msr basepri, r0
            0xF381, 0x8812,  // msr basepri_max, r1
            0xF3EF, 0x8411,  // mrs r4, basepri
            0xF382, 0x8812,  // msr basepri_max, r2
            0xF3EF, 0x8511,  // mrs r5, basepri
            0xF383, 0x8812,  // msr basepri_max, r3
            0xF3EF, 0x8611,  // mrs r6, basepri
        ])
        h.set([0: 0x80, 1: 0x40, 2: 0xA0, 3: 0])
        h.run()
        h.expect("MSR BASEPRI_MAX", [4: 0x40, 5: 0x40, 6: 0x40])
    }

    func testCPSIDAndCPSIE() {
        let h = CPUHarness([0xB672, 0xF3EF, 0x8010, 0xB662, 0xF3EF, 0x8110, 0xB671, 0xF3EF, 0x8213, 0xB661, 0xF3EF, 0x8313] /* cpsid i; mrs r0, primask; cpsie i; mrs r1, primask; cpsid f; mrs r2, faultmask; cpsie f; mrs r3, faultmask */)
        h.run(2)
        XCTAssertEqual(h.cpu.primask, 1, "CPSID i sets PRIMASK")
        h.run(6)
        h.expect("CPSID/CPSIE i and f", [0: 1, 1: 0, 2: 1, 3: 0])
        XCTAssertEqual(h.cpu.primask, 0, "CPSIE i clears PRIMASK")
        XCTAssertEqual(h.cpu.faultmask, 0, "CPSIE f clears FAULTMASK")
    }

    // MARK: Stack pointers and CONTROL

    func testMSPAndPSPRoundTripAndSPSELSwitch() {
        runThumb([
            0xF380, 0x8809,  // msr psp, r0
            0xF3EF, 0x8109,  // mrs r1, psp
            0xF3EF, 0x8208,  // mrs r2, msp
            0x2302,          // movs r3, #2
            0xF383, 0x8814,  // msr control, r3
            0xF3BF, 0x8F6F,  // isb
            0x466C,          // mov r4, sp
            0xB401,          // push {r0}
            0xF3EF, 0x8509,  // mrs r5, psp
            0xF3EF, 0x8608,  // mrs r6, msp
            0xF3EF, 0x8714,  // mrs r7, control
            0x2300,          // movs r3, #0
            0xF383, 0x8814,  // msr control, r3
            0xF3BF, 0x8F6F,  // isb
            0x46E8,          // mov r8, sp
            0xF3EF, 0x8909,  // mrs r9, psp
        ], [0: 0x2000_3000]).expect("MSR PSP; CONTROL.SPSEL = 1; PUSH; CONTROL.SPSEL = 0",
                                    [1: 0x2000_3000, 2: 0x2000_1000, 4: 0x2000_3000, 5: 0x2000_2FFC, 6: 0x2000_1000, 7: 2,
                                     8: 0x2000_1000, 9: 0x2000_2FFC, 13: 0x2000_1000])
    }

    func testMSRMSPWritesTheActiveStackPointerWordAligned() {
        runThumb([0xF380, 0x8808, 0x4669, 0xF3EF, 0x8208] /* msr msp, r0; mov r1, sp; mrs r2, msp */, [0: 0x2000_0FFF]).expect("MSR MSP (bits 1:0 cleared)", [1: 0x2000_0FFC, 2: 0x2000_0FFC])
    }

    func testMSRPSPWhilePSPIsActive() {
        let h = CPUHarness([
            0x2002,          // movs r0, #2
            0xF380, 0x8814,  // msr control, r0
            0xF3BF, 0x8F6F,  // isb
            0xF381, 0x8809,  // msr psp, r1
            0x466A,          // mov r2, sp
            0xF3EF, 0x8308,  // mrs r3, msp
        ])
        h.set([1: 0x2000_8000])
        h.run()
        h.expect("MSR PSP while SP_process is active", [2: 0x2000_8000, 3: 0x2000_1000])
        XCTAssertEqual(h.cpu.control, 2, "CONTROL.SPSEL")
        XCTAssertEqual(h.cpu.psp, 0x2000_8000, "PSP")
        XCTAssertEqual(h.cpu.msp, 0x2000_1000, "MSP")
    }

    /// B5.2.3 MSR and B5.2.1 CPS: PRIMASK, FAULTMASK, BASEPRI and CONTROL are written only
    /// when CurrentModeIsPrivileged(); after CONTROL.nPRIV = 1 Thread mode is unprivileged.
    func testUnprivilegedThreadModeCannotWriteMaskRegistersOrCONTROL() {
        let h = runThumb([
            0x2001,          // movs r0, #1
            0xF380, 0x8814,  // msr control, r0
            0xF3BF, 0x8F6F,  // isb
            0xF380, 0x8810,  // msr primask, r0
            0xF3EF, 0x8210,  // mrs r2, primask
            0xF381, 0x8811,  // msr basepri, r1
            0xF3EF, 0x8311,  // mrs r3, basepri
            0xB672,          // cpsid i
            0xF3EF, 0x8410,  // mrs r4, primask
            0x2500,          // movs r5, #0
            0xF385, 0x8814,  // msr control, r5
            0xF3BF, 0x8F6F,  // isb
            0xF3EF, 0x8614,  // mrs r6, control
        ], [1: 0x40, 2: 9, 3: 9, 4: 9, 6: 9])
        h.expect("MSR/CPS while unprivileged (CONTROL.nPRIV = 1)", [2: 0, 3: 0, 4: 0, 6: 1])
        XCTAssertEqual(h.cpu.primask, 0, "unprivileged MSR PRIMASK / CPSID i: PRIMASK unchanged")
        XCTAssertEqual(h.cpu.control & 1, 1, "unprivileged MSR CONTROL: nPRIV stays set")
    }

    // MARK: Hints and barriers

    func testNOPsAndBarriersOnlyAdvancePC() {
        let h = runThumb([0xBF00, 0xF3AF, 0x8000, 0xBF10, 0xBF40, 0xF3BF, 0x8F4F, 0xF3BF, 0x8F5F, 0xF3BF, 0x8F6F, 0xF3BF, 0x8F2F] /* nop; nop.w; yield; sev; dsb; dmb; isb; clrex */, [0: 0x1234], flags: "NZCVQ")
        h.expect("NOP/NOP.W/YIELD/SEV/DSB/DMB/ISB/CLREX", [0: 0x1234], nzcv: "NZCV", q: true)
        XCTAssertEqual(h.pc, 0x1A, "hints and barriers: PC after the sequence")
        XCTAssertEqual(h.cpu.instructions, 8, "hints and barriers: instruction count")
    }

    func testWFIStopsTheRunAsSleeping() {
        let h = CPUHarness([0xBF00, 0xBF30, 0x2001] /* nop; wfi; movs r0, #1 */)
        XCTAssertEqual(h.run(3), .sleeping, "WFI: run returns sleeping")
        XCTAssertEqual(h.pc, 4, "WFI: execution resumes after it")
        XCTAssertEqual(h[0], 0, "WFI: the instruction after it has not run")
    }

    // MARK: Instructions that stop the run

    func testBKPTHaltsWithPCAtTheBreakpoint() {
        let h = CPUHarness([0x2001, 0xBE00, 0x2002] /* movs r0, #1; bkpt #0; movs r0, #2 */)
        h.run(3)
        h.expectHalt("BKPT #0", .breakpoint, pc: 2)
        XCTAssertEqual(h[0], 1, "BKPT #0: the instruction after it has not run")
        XCTAssertEqual(h.cpu.instructions, 1, "BKPT #0 does not count as executed")
        let semihostingCall = CPUHarness([0xBEAB] /* bkpt #0xab */)
        semihostingCall.run(1)
        semihostingCall.expectHalt("BKPT #0xAB without semihosting", .breakpoint, pc: 0)
    }

    /// SVC completes (it counts and PC moves past it); the stop reports the SVC's address.
    func testSVCStopsAfterCompleting() {
        let h = CPUHarness([0xBF00, 0xDF05, 0x2001] /* nop; svc #5; movs r0, #1 */)
        h.run(3)
        h.expectHalt("SVC #5", .supervisorCall)
        XCTAssertEqual(h.halt?.pc, 2, "SVC: the halt names the SVC")
        XCTAssertEqual(h.pc, 4, "SVC: PC is past it (the SVCall return address)")
        XCTAssertEqual(h.cpu.instructions, 2, "SVC counts as executed")
        XCTAssertEqual(h[0], 0, "SVC: the instruction after it has not run")
    }

    func testUDFHalts() {
        let narrow = CPUHarness([0xDE00] /* udf #0 */)
        narrow.run(1)
        narrow.expectHalt("UDF #0 (0xDE00)", .undefinedInstruction, pc: 0)
        let wide = CPUHarness([0xBF00, 0xF7F1, 0xA234] /* nop; udf.w #0x1234 */)
        wide.run(2)
        wide.expectHalt("UDF.W #0x1234", .undefinedInstruction, pc: 2)
    }

    func testUndefinedEncodingsHaltAndAreNotExecuted() {
        let cases: [(String, [UInt16])] = [
            ("STR with size field 0b11 (32-bit UNDEFINED)", [0xF860, 0x0000] /* .inst.w 0xf8600000 */),
            ("LDMIA.W r0, {r1, sp} (SP in the list)", [0xE890, 0x2002] /* .inst.w 0xe8902002 */),
            ("BLX #imm (ARM state only)", [0xF000, 0xE800] /* .inst.w 0xf000e800 */),
            ("16-bit 0xBA80 (unallocated miscellaneous)", [0xBA80] /* .inst 0xba80 */),
            ("multiply group op1 = 000, op2 = 10 (A5.3.16: unallocated)", [0xFB01, 0xF020] /* .inst.w 0xfb01f020 */),
        ]
        for (name, code) in cases {
            let h = CPUHarness(code)
            h.set([0: dataArea, 1: 0x1111_1111])
            h.store(words: [0xAAAA_AAAA, 0xBBBB_BBBB], at: dataArea)
            h.run(1)
            h.expectHalt(name, .undefinedInstruction, pc: 0)
            XCTAssertEqual(h[0], dataArea, "\(name): r0 unchanged")
            XCTAssertEqual(h[1], 0x1111_1111, "\(name): r1 unchanged")
            XCTAssertEqual(h.sp, CPUHarness.initialSP, "\(name): SP unchanged")
            XCTAssertEqual(h.lr, 0xFFFF_FFFF, "\(name): LR unchanged")
            XCTAssertEqual(h.cpu.instructions, 0, "\(name): not counted as executed")
        }
    }

    /// With CPACR denying CP10/CP11 (as at reset) an FPU instruction is a NOCP UsageFault.
    func testFPUInstructionIsACoprocessorFault() {
        let h = CPUHarness([0xBF00, 0xEE30, 0x0A81] /* nop; vadd.f32 s0, s1, s2 */)
        h.run(2)
        h.expectHalt("VADD.F32 s0, s1, s2", .noCoprocessor, pc: 2)
    }
}
