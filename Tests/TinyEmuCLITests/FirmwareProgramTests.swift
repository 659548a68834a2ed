import Foundation
import XCTest

/// The C test programs under Tests/Firmware, built with newlib and with picolibc, run to
/// completion on the nano33 board.
final class FirmwareProgramTests: XCTestCase {
    private func runProgram(_ library: String, _ name: String, expectStatus: Int32 = 0,
                            extra: [String] = [], stdin: String = "", file: StaticString = #filePath,
                            line: UInt = #line) throws -> TinyEmuProcess.Result {
        let elf = try TinyEmuProcess.firmware("\(library)/\(name).elf")
        let result = try TinyEmuProcess.run(["run", elf, "--platform", "nano33", "--timeout", "30s"] + extra, stdin: stdin)
        XCTAssertEqual(result.status, expectStatus, "\(library)/\(name): \(result.stderr)\n\(result.stdout.suffix(400))",
                       file: file, line: line)
        return result
    }

    func testSelfCheckingProgramsPassWithBothLibraries() throws {
        for library in ["newlib", "picolibc"] {
            for name in ["arith", "strings", "printf", "setjmp", "malloc"] {
                let result = try runProgram(library, name)
                XCTAssertTrue(result.stdout.contains("PASS \(name)"), "\(library)/\(name) output: \(result.stdout.suffix(300))")
                XCTAssertFalse(result.stdout.contains("FAIL"), "\(library)/\(name) output: \(result.stdout)")
            }
        }
    }

    func testHelloPrintsAndExitsZero() throws {
        for library in ["newlib", "picolibc"] {
            let result = try runProgram(library, "hello")
            XCTAssertEqual(result.stdout, "Hello from tinyemu!\n")
        }
    }

    func testExitStatusComesFromTheFirmware() throws {
        for library in ["newlib", "picolibc"] {
            let result = try runProgram(library, "exitcode", expectStatus: 42)
            XCTAssertTrue(result.stdout.contains("exiting with status 42"))
        }
    }

    func testStandardInputReachesTheFirmware() throws {
        let result = try runProgram("newlib", "stdin_echo", stdin: "hello world\nsecond line\n")
        XCTAssertTrue(result.stdout.contains("HELLO WORLD\n"), result.stdout)
        XCTAssertTrue(result.stdout.contains("SECOND LINE\n"), result.stdout)
    }

    func testHostFilesOnlyUnderTheSemihostingRoot() throws {
        let root = try TinyEmuProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let elf = try TinyEmuProcess.firmware("newlib/files.elf")
        let allowed = try TinyEmuProcess.run(["run", elf, "--platform", "nano33", "--timeout", "30s",
                                              "--semihosting-root", root.path, "--", "data.bin"])
        XCTAssertEqual(allowed.status, 0, allowed.stdout + allowed.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: root.appendingPathComponent("data.bin").path))

        // Without a root the guest's open fails; nothing appears on the host.
        let cwd = try TinyEmuProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: cwd) }
        let refused = try TinyEmuProcess.run(["run", elf, "--platform", "nano33", "--timeout", "30s", "--", "data.bin"], in: cwd)
        XCTAssertNotEqual(refused.status, 0)
        XCTAssertFalse(FileManager.default.fileExists(atPath: cwd.appendingPathComponent("data.bin").path))
    }

    func testIntelHexAndRawBinaryImagesRunLikeTheELF() throws {
        let hex = try TinyEmuProcess.firmware("newlib/hello.hex")
        let bin = try TinyEmuProcess.firmware("newlib/hello.bin")
        let fromHex = try TinyEmuProcess.run(["run", hex, "--platform", "nano33", "--timeout", "10s"])
        XCTAssertEqual(fromHex.status, 0, fromHex.stderr)
        XCTAssertEqual(fromHex.stdout, "Hello from tinyemu!\n")
        let fromBin = try TinyEmuProcess.run(["run", bin, "--platform", "nano33", "--load-address", "0", "--timeout", "10s"])
        XCTAssertEqual(fromBin.status, 0, fromBin.stderr)
        XCTAssertEqual(fromBin.stdout, "Hello from tinyemu!\n")
    }
}

/// The exception-model programs under Tests/Firmware/exceptions (also checked on QEMU):
/// SVC, PendSV context switches, a SysTick-driven round-robin kernel, priorities, VTOR,
/// every fault class with recovery, unprivileged Thread mode, sleep, DWT, the FP context
/// across exceptions (lazy and eager stacking, hard-float build) and the MPU.
final class ExceptionFirmwareTests: XCTestCase {
    func testEveryExceptionProgramPasses() throws {
        for name in ["svc", "pendsv_switch", "rtos", "priorities", "vtor", "faults", "unprivileged", "sleep", "dwt", "lazyfp", "mpu", "sevonpend", "cycles", "debugmon"] {
            let elf = try TinyEmuProcess.firmware("exceptions/\(name).elf")
            let result = try TinyEmuProcess.run(["run", elf, "--platform", "nano33", "--timeout", "60s"])
            XCTAssertEqual(result.status, 0, "\(name): \(result.stderr)\n\(result.stdout.suffix(600))")
            XCTAssertTrue(result.stdout.contains("PASS \(name)"), "\(name): \(result.stdout.suffix(600))")
        }
    }

    /// Ten seconds of SysTick-driven WFI sleep take virtual time, not host time.
    func testSleepFastForwards() throws {
        let elf = try TinyEmuProcess.firmware("exceptions/sleep.elf")
        let result = try TinyEmuProcess.run(["run", elf, "--platform", "nano33", "--quiet", "--report", "-", "--timeout", "60s"])
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        XCTAssertGreaterThanOrEqual(json["virtual_time_ns"] as? Int ?? 0, 10_000_000_000, "at least 10 s of virtual time")
        XCTAssertLessThan(json["host_seconds"] as? Double ?? 99, 5, "sleep must not cost host time")
    }
}
