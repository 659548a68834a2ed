import Foundation
import XCTest

/// `tinyemu run`: limits, output matching, reports, traces and exit statuses.
final class RunCommandTests: XCTestCase {
    private var hello: String { get throws { try TinyEmuProcess.firmware("newlib/hello.elf") } }
    private var crc: String { get throws { try TinyEmuProcess.firmware("bench/crc32.elf") } }

    private func report(_ arguments: [String]) throws -> (TinyEmuProcess.Result, [String: Any]) {
        let result = try TinyEmuProcess.run(arguments + ["--report", "-", "--quiet"])
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        return (result, try XCTUnwrap(object, "report is not a JSON object: \(result.stdout)"))
    }

    func testReportHasTheDocumentedSchema() throws {
        let (result, json) = try report(["run", try hello, "--platform", "nano33"])
        XCTAssertEqual(result.status, 0)
        let exit = try XCTUnwrap(json["exit"] as? [String: Any])
        XCTAssertEqual(exit["reason"] as? String, "exit")
        XCTAssertEqual(exit["code"] as? Int, 0)
        XCTAssertNotNil(exit["message"] as? String)
        for key in ["instructions", "cycles", "virtual_time_ns"] {
            XCTAssertGreaterThan(try XCTUnwrap(json[key] as? Int, key), 0, key)
        }
        XCTAssertNotNil(json["host_seconds"] as? Double)
        XCTAssertNotNil(json["mips"] as? Double)
        let registers = try XCTUnwrap(json["registers"] as? [String: Int])
        let names = (0...12).map { "r\($0)" } + ["sp", "lr", "pc", "xpsr", "msp", "psp", "primask", "basepri", "faultmask", "control"]
        XCTAssertEqual(Set(registers.keys), Set(names))
        let fpu = try XCTUnwrap(json["fpu"] as? [String: Int])
        XCTAssertEqual(Set(fpu.keys), Set((0...31).map { "s\($0)" } + ["fpscr"]))
        let output = try XCTUnwrap(json["output"] as? [String: String])
        XCTAssertEqual(output["console"], "Hello from tinyemu!\n")
        // Virtual time is cycles at the board's 64 MHz clock.
        let cycles = try XCTUnwrap(json["cycles"] as? Int), ns = try XCTUnwrap(json["virtual_time_ns"] as? Int)
        XCTAssertEqual(ns, cycles * 1_000 / 64)
    }

    func testReportOnStandardOutputKeepsFirmwareOutputOnStandardError() throws {
        let result = try TinyEmuProcess.run(["run", try hello, "--platform", "nano33", "--report", "-"])
        XCTAssertEqual(result.status, 0)
        XCTAssertNoThrow(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)), "stdout is not pure JSON: \(result.stdout)")
        XCTAssertTrue(result.stderr.contains("Hello from tinyemu!"), result.stderr)
    }

    func testInstructionLimitStopsAfterExactlyN() throws {
        for limit in [1, 1000, 12345] {
            let (result, json) = try report(["run", try crc, "--platform", "nano33", "--max-instructions", "\(limit)"])
            XCTAssertEqual(result.status, 124)
            XCTAssertEqual((json["exit"] as? [String: Any])?["reason"] as? String, "instruction-limit")
            XCTAssertEqual(json["instructions"] as? Int, limit)
        }
    }

    func testTimeoutIsVirtualTime() throws {
        let (result, json) = try report(["run", try crc, "--platform", "nano33", "--timeout", "2ms"])
        XCTAssertEqual(result.status, 124)
        XCTAssertEqual((json["exit"] as? [String: Any])?["reason"] as? String, "timeout")
        let ns = try XCTUnwrap(json["virtual_time_ns"] as? Int)
        XCTAssertGreaterThanOrEqual(ns, 2_000_000)
        XCTAssertLessThan(ns, 2_000_000 + 17 * 1_000 / 64 + 1, "overshoots the deadline by more than one instruction")
    }

    func testExpectOutputSucceedsAsSoonAsEverythingMatched() throws {
        let (result, json) = try report(["run", try TinyEmuProcess.firmware("newlib/arith.elf"), "--platform", "nano33",
                                         "--expect-output", "arith: .* ok", "--expect-output", "PASS a.ith"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual((json["exit"] as? [String: Any])?["reason"] as? String, "expect-matched")
    }

    func testFailOutputFailsTheRun() throws {
        let (result, json) = try report(["run", try hello, "--platform", "nano33", "--fail-output", "Hello"])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual((json["exit"] as? [String: Any])?["reason"] as? String, "fail-matched")
    }

    func testExitBeforeExpectedOutputIsAFailure() throws {
        let result = try TinyEmuProcess.run(["run", try hello, "--platform", "nano33", "--quiet", "--expect-output", "Goodbye"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("Goodbye"), result.stderr)
    }

    func testReproducibleReportsAreByteIdentical() throws {
        let arguments = ["run", try TinyEmuProcess.firmware("newlib/malloc.elf"), "--platform", "nano33", "--quiet",
                         "--reproducible", "--report", "-"]
        let first = try TinyEmuProcess.run(arguments)
        let second = try TinyEmuProcess.run(arguments)
        XCTAssertEqual(first.status, 0)
        XCTAssertEqual(first.stdout, second.stdout)
    }

    func testTraceHasOneLinePerInstruction() throws {
        let directory = try TinyEmuProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let trace = directory.appendingPathComponent("trace.txt")
        let (result, json) = try report(["run", try hello, "--platform", "nano33", "--trace", trace.path])
        XCTAssertEqual(result.status, 0)
        let lines = try String(contentsOf: trace, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.count, json["instructions"] as? Int)
        XCTAssertTrue(lines.contains { $0.contains("main") }, "no line names main")
        XCTAssertTrue(lines[0].hasPrefix("0x"), String(lines[0]))
    }

    func testStatsGoToStandardError() throws {
        let result = try TinyEmuProcess.run(["run", try hello, "--platform", "nano33", "--stats"])
        XCTAssertEqual(result.stdout, "Hello from tinyemu!\n")
        for field in ["instructions:", "cycles:", "virtual time:", "host time:", "MIPS:"] {
            XCTAssertTrue(result.stderr.contains(field), "missing \(field) in \(result.stderr)")
        }
    }

    func testMemoryDumpAndPreload() throws {
        let directory = try TinyEmuProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let data = directory.appendingPathComponent("in.bin"), dump = directory.appendingPathComponent("out.bin")
        try Data([1, 2, 3, 4, 5]).write(to: data)
        let result = try TinyEmuProcess.run(["run", try hello, "--platform", "nano33", "--quiet",
                                             "--load-data", "0x2003f000:\(data.path)",
                                             "--memory-dump", "0x2003f000:5:\(dump.path)"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try Data(contentsOf: dump), Data([1, 2, 3, 4, 5]))
    }

    func testFaultingFirmwareStopsWithADiagnosis() throws {
        // Vector table (SP, reset at 0x9), then: ldr r1, [pc, #0]; ldr r0, [r1]; literal 0xA0000000
        // (unmapped on the nRF52840).
        // The BusFault escalates to HardFault, whose vector (the literal) is not Thumb: lockup.
        let directory = try TinyEmuProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let image = directory.appendingPathComponent("fault.bin")
        try Data([0x00, 0x10, 0x00, 0x20, 0x09, 0x00, 0x00, 0x00, 0x00, 0x49, 0x08, 0x68, 0x00, 0x00, 0x00, 0xA0]).write(to: image)
        let (result, json) = try report(["run", image.path, "--platform", "nano33", "--load-address", "0"])
        XCTAssertEqual(result.status, 126)
        let exit = try XCTUnwrap(json["exit"] as? [String: Any])
        XCTAssertEqual(exit["reason"] as? String, "lockup")
        let message = exit["message"] as? String ?? ""
        for fragment in ["lockup", "PRECISERR", "BFAR=0xa0000000", "FORCED", "pc=0x0000000a"] {
            XCTAssertTrue(message.contains(fragment), "missing \(fragment) in \(message)")
        }
        XCTAssertTrue(result.stderr.contains("BFAR=0xa0000000"))
    }
}
