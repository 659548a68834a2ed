import XCTest
import Firmware
import Platforms
@testable import Emulator

final class MachineTests: XCTestCase {
    private let nano33 = PlatformCatalog.builtin(named: "nano33")!

    /// A vector table (SP, reset handler) followed by `code` at 0x8.
    private func image(sp: UInt32 = 0x2000_1000, reset: UInt32 = 0x9, code: [UInt16]) -> FirmwareImage {
        var bytes: [UInt8] = []
        for word in [sp, reset] { bytes += (0..<4).map { UInt8(truncatingIfNeeded: word >> (8 * $0)) } }
        for halfword in code { bytes += [UInt8(halfword & 0xFF), UInt8(halfword >> 8)] }
        return FirmwareImage(path: "test.bin", format: .binary, segments: [FirmwareSegment(address: 0, data: bytes)])
    }

    func testResetTakesSPAndPCFromTheVectorTable() throws {
        let machine = try Machine(platform: nano33, firmware: image(code: [0xE7FE]))  // b .
        XCTAssertEqual(machine.cpu.sp, 0x2000_1000)
        XCTAssertEqual(machine.cpu.pc, 0x8)
    }

    func testOverridesAndEntryFallback() throws {
        var configuration = MachineConfiguration(initialSP: 0x2000_0800, initialPC: 0xB)
        let machine = try Machine(platform: nano33, firmware: image(code: [0xE7FE, 0xE7FE]), configuration: configuration)
        XCTAssertEqual(machine.cpu.sp, 0x2000_0800)
        XCTAssertEqual(machine.cpu.pc, 0xA)

        // No usable reset vector: the ELF entry point, SP at the top of RAM.
        var noVectors = image(sp: 0xFFFF_FFFF, reset: 0xFFFF_FFFF, code: [0xE7FE])
        noVectors.entry = 0x9
        configuration = MachineConfiguration()
        let fallback = try Machine(platform: nano33, firmware: noVectors, configuration: configuration)
        XCTAssertEqual(fallback.cpu.pc, 0x8)
        XCTAssertEqual(fallback.cpu.sp, 0x2004_0000)
    }

    func testImageOutsideMemoryIsRejected() {
        let outside = FirmwareImage(path: "x.bin", format: .binary, segments: [FirmwareSegment(address: 0x3000_0000, data: [1])])
        XCTAssertThrowsError(try Machine(platform: nano33, firmware: outside))
    }

    func testTimeoutAndInstructionLimit() throws {
        let machine = try Machine(platform: nano33, firmware: image(code: [0x3001, 0xE7FD]))  // adds r0, #1; b to the adds
        let limited = machine.run(limits: RunLimits(maxInstructions: 1000))
        XCTAssertEqual(limited.reason, .instructionLimit)
        XCTAssertEqual(limited.instructions, 1000)
        XCTAssertEqual(limited.exitStatus, 124)

        let timed = machine.run(limits: RunLimits(timeoutNanoseconds: 1_000_000))
        XCTAssertEqual(timed.reason, .timeout)
        XCTAssertGreaterThanOrEqual(timed.virtualTimeNanoseconds, 1_000_000)
        XCTAssertLessThan(timed.virtualTimeNanoseconds, 1_000_000 + 50)  // within one branch of the deadline
    }

    func testSleepingWithoutAWakeSourceIsALockupUnlessATimeoutPassesTime() throws {
        let sleeper = image(code: [0xBF30, 0xE7FD])  // wfi; b to the wfi
        let machine = try Machine(platform: nano33, firmware: sleeper)
        XCTAssertEqual(machine.run(limits: RunLimits()).reason, .lockup)

        let timed = try Machine(platform: nano33, firmware: sleeper)
        let outcome = timed.run(limits: RunLimits(timeoutNanoseconds: 5_000_000_000))
        XCTAssertEqual(outcome.reason, .timeout)
        XCTAssertLessThan(outcome.instructions, 10, "sleep must skip time, not spin")
    }

    func testHeapInfoLiesInRAMBelowTheStack() {
        let image = FirmwareImage(path: "x", format: .elf, segments: [FirmwareSegment(address: 0x2000_0000, data: [UInt8](repeating: 0, count: 0x103))])
        let info = Machine.heapInfo(platform: nano33, firmware: image, stackTop: 0x2004_0000)
        XCTAssertEqual(info.heapBase, 0x2000_0108)
        XCTAssertEqual(info.stackBase, 0x2004_0000)
        XCTAssertEqual(info.heapLimit, 0x2003_0000)
    }

    func testReportIsValidJSONWithEscapedOutput() throws {
        let machine = try Machine(platform: nano33, firmware: image(code: [0xE7FE]))
        let outcome = machine.run(limits: RunLimits(maxInstructions: 10))
        machine.console.write(Array("quote \" backslash \\ tab \t bell \u{7}\n".utf8))
        let report = RunReport(machine: machine, outcome: outcome, reproducible: true)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(report.json.utf8)) as? [String: Any])
        XCTAssertEqual((json["output"] as? [String: String])?["console"], "quote \" backslash \\ tab \t bell \u{7}\n")
        XCTAssertEqual(json["host_seconds"] as? Double, 0)
    }
}
