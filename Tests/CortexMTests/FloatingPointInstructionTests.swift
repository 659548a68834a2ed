import XCTest
@testable import CortexM
import Emulation

/// FPv4-SP decoding and the executor's side of the FPU: moves, loads and stores, FPSCR
/// access, CPACR (NOCP), UNDEFINED double-precision forms, FPCA and FPDSCR. The arithmetic
/// itself is SoftFloat's (SoftFloat*Tests) and is fuzzed against unicorn (Tools/fuzz).
final class FloatingPointInstructionTests: XCTestCase {
    /// A harness with CP10/CP11 granted (CPACR full access), as firmware does at startup.
    private func fpu(_ code: [UInt16], _ registers: [Int: UInt32] = [:], singles: [Int: UInt32] = [:],
                     memory: [UInt32: [UInt32]] = [:]) -> CPUHarness {
        let h = CPUHarness(code)
        h.cpu.systemControl.cpacr = 0x00F0_0000
        h.set(registers)
        for (index, value) in singles { h.cpu[floatRegister: index] = value }
        for (address, words) in memory { h.store(words: words, at: address) }
        return h
    }

    private func expectSingles(_ h: CPUHarness, _ what: String, _ expected: [Int: UInt32],
                               file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(h.cpu.instructions, h.straightLineInstructionCount, "\(what): stopped with \(h.halt?.message ?? "?")", file: file, line: line)
        for (index, value) in expected.sorted(by: { $0.key < $1.key }) {
            XCTAssertEqual(h.cpu[floatRegister: index], value,
                           "\(what): s\(index) = \(hexWord(h.cpu[floatRegister: index])), expected \(hexWord(value))", file: file, line: line)
        }
    }

    func testVMOVImmediateExpandsVFPImmediates() {
        let h = fpu([0xEEB7, 0x0A00, 0xEEFC, 0xFA00] /* vmov.f32 s0, #1.0; vmov.f32 s31, #-0.125 */)
        h.run()
        expectSingles(h, "VMOV immediate", [0: 0x3F80_0000, 31: 0xBE00_0000])
        XCTAssertEqual(ThumbDecoder.expandFloatImmediate(0x70), 0x3F80_0000)   // 1.0
        XCTAssertEqual(ThumbDecoder.expandFloatImmediate(0x00), 0x4000_0000)   // 2.0
        XCTAssertEqual(ThumbDecoder.expandFloatImmediate(0x7F), 0x3FF8_0000)   // 1.9375
        XCTAssertEqual(ThumbDecoder.expandFloatImmediate(0xFF), 0xBFF8_0000)   // -1.9375
        XCTAssertEqual(ThumbDecoder.expandFloatImmediate(0x40), 0x3E00_0000)   // 0.125
        XCTAssertEqual(ThumbDecoder.expandFloatImmediate(0x3F), 0x41F8_0000)   // 31.0
    }

    func testMovesBetweenCoreAndExtensionRegisters() {
        let h = fpu([0xEE01, 0x1A90, 0xEE11, 0x2A90, 0xEC55, 0x4A13, 0xEC47, 0x6A1F, 0xEE25, 0x8B10, 0xEE35, 0x9B10]
                    /* vmov s3, r1; vmov r2, s3; vmov r4, r5, s6, s7; vmov s30, s31, r6, r7;
                       vmov.32 d5[1], r8; vmov.32 r9, d5[1] */,
                    [1: 0x1234_5678, 6: 0xAAAA_0006, 7: 0xBBBB_0007, 8: 0xC0DE_0008],
                    singles: [6: 0x6666_6666, 7: 0x7777_7777, 10: 0x1010_1010])
        h.run()
        h.expect("VMOV core <-> S, pairs and scalars", [2: 0x1234_5678, 4: 0x6666_6666, 5: 0x7777_7777, 9: 0xC0DE_0008])
        expectSingles(h, "VMOV into S", [3: 0x1234_5678, 30: 0xAAAA_0006, 31: 0xBBBB_0007, 11: 0xC0DE_0008, 10: 0x1010_1010])
    }

    func testLoadsAndStores() {
        let h = fpu([0xEDD0, 0x0A02, 0xED40, 0x0A01, 0xED90, 0x2B00] /* vldr s1, [r0, #8]; vstr s1, [r0, #-4]; vldr d2, [r0] */,
                    [0: dataArea + 16], memory: [dataArea + 16: [0x1111_1111, 0x2222_2222, 0x3333_3333]])
        h.run()
        XCTAssertEqual(h.word(dataArea + 12), 0x3333_3333, "VSTR s1, [r0, #-4]")
        expectSingles(h, "VLDR single, VLDR d2 (s4 = low word, s5 = high word)", [1: 0x3333_3333, 4: 0x1111_1111, 5: 0x2222_2222])
        let literal = fpu([0xEDDF, 0x2A01, 0xBF00, 0xBF00, 0x0FDB, 0x4049] /* vldr s5, [pc, #4]; nop; nop; .word 0x40490fdb */)
        literal.run(1)
        XCTAssertEqual(literal.cpu[floatRegister: 5], 0x4049_0FDB, "VLDR literal: Align(PC, 4) + 4 (pi)")
    }

    func testLoadAndStoreMultipleWithWriteback() {
        let h = fpu([0xECA0, 0x2A04, 0xED30, 0x4A04, 0xED2D, 0x8B04, 0xECBD, 0x8A04]
                    /* vstmia r0!, {s4-s7}; vldmdb r0!, {s8-s11}; vpush {d8-d9}; vpop {s16-s19} */,
                    [0: dataArea], singles: [4: 4, 5: 5, 6: 6, 7: 7, 16: 16, 17: 17, 18: 18, 19: 19])
        h.run()
        h.expect("VSTMIA/VLDMDB/VPUSH/VPOP", [0: dataArea, 13: CPUHarness.initialSP], memory: [dataArea: [4, 5, 6, 7], CPUHarness.initialSP - 16: [16, 17, 18, 19]])
        expectSingles(h, "VLDMDB r0!", [8: 4, 9: 5, 10: 6, 11: 7, 16: 16, 19: 19])
    }

    func testCompareAndVMRSToAPSR() {
        let h = fpu([0xEEB4, 0x0A60, 0xEEF1, 0xFA10, 0xEEF1, 0x3A10] /* vcmp.f32 s0, s1; vmrs APSR_nzcv, fpscr; vmrs r3, fpscr */,
                    singles: [0: 0x3F80_0000, 1: 0x4000_0000])
        h.run()
        h.expect("VCMP 1.0, 2.0 (less than)", [3: 0x8000_0000], nzcv: "Nzcv")
        let unordered = fpu([0xEEB5, 0x0AC0, 0xEEF1, 0xFA10] /* vcmpe.f32 s0, #0.0; vmrs APSR_nzcv, fpscr */, singles: [0: 0x7FC0_0000])
        unordered.run()
        unordered.expect("VCMPE NaN, #0.0 (unordered, Invalid Operation)", nzcv: "nzCV")
        XCTAssertEqual(unordered.cpu.fpscr & 1, 1, "VCMPE with a quiet NaN sets IOC")
    }

    func testVMSRWritesOnlyImplementedFPSCRBits() {
        let h = fpu([0xEEE1, 0x3A10, 0xEEF1, 0x4A10] /* vmsr fpscr, r3; vmrs r4, fpscr */, [3: 0xFFFF_FFFF])
        h.run()
        h.expect("VMSR/VMRS FPSCR", [4: 0xF7C0_009F])
    }

    func testCPACRDeniesOrGrantsByPrivilege() {
        let denied = CPUHarness([0xEE30, 0x0A81] /* vadd.f32 s0, s1, s2 */)
        denied.run(1)
        denied.expectHalt("VADD with CPACR = 0", .noCoprocessor, pc: 0)

        let privilegedOnly = CPUHarness([0xEE30, 0x0A81] /* vadd.f32 s0, s1, s2 */)
        privilegedOnly.cpu.systemControl.cpacr = 0x0050_0000
        privilegedOnly.cpu.setControl(1)  // unprivileged Thread mode
        privilegedOnly.run(1)
        privilegedOnly.expectHalt("VADD unprivileged with CPACR = privileged only", .noCoprocessor, pc: 0)

        let privileged = fpu([0xEE30, 0x0A81] /* vadd.f32 s0, s1, s2 */, singles: [1: 0x3FC0_0000, 2: 0x4010_0000])
        privileged.cpu.systemControl.cpacr = 0x0050_0000
        privileged.run()
        expectSingles(privileged, "VADD privileged with CPACR = privileged only", [0: 0x4070_0000])  // 1.5 + 2.25
    }

    func testDoublePrecisionArithmeticIsUndefined() {
        for (name, code) in [("VADD.F64", [UInt16(0xEE31), 0x0B02]), ("VCVT.F64.F32", [0xEEB7, 0x0AE0])] {
            let enabled = fpu(code)
            enabled.run(1)
            enabled.expectHalt("\(name) with the FPU enabled", .undefinedInstruction, pc: 0)
            let disabled = CPUHarness(code)
            disabled.run(1)
            disabled.expectHalt("\(name) with CPACR = 0", .noCoprocessor, pc: 0)
        }
    }

    func testUnalignedVLDRFaultsWhateverUNALIGN_TRPSays() {
        let h = fpu([0xEDD0, 0x0A00] /* vldr s1, [r0] */, [0: dataArea + 2])
        h.run(1)
        h.expectHalt("VLDR from an unaligned address", .unalignedAccess, pc: 0)
    }

    func testFirstFPInstructionSetsFPCAAndLoadsFPDSCRDefaults() {
        let h = fpu([0xEEB7, 0x0A00, 0xEEF1, 0x3A10] /* vmov.f32 s0, #1.0; vmrs r3, fpscr */)
        h.cpu.fpscr = 0x0000_0010
        h.cpu.systemControl.fpdscr = 0x00C0_0000  // RMode = RZ
        h.run()
        XCTAssertEqual(h.cpu.control & 4, 4, "CONTROL.FPCA set (FPCCR.ASPEN is set at reset)")
        h.expect("FPSCR mode from FPDSCR for a new FP context", [3: 0x00C0_0010])

        let noAutomaticState = fpu([0xEEB7, 0x0A00] /* vmov.f32 s0, #1.0 */)
        noAutomaticState.cpu.systemControl.fpccr = 0
        noAutomaticState.run()
        XCTAssertEqual(noAutomaticState.cpu.control & 4, 0, "FPCA stays clear with FPCCR.ASPEN clear")
    }
}
