import Foundation
import XCTest

/// Bad input gets one clear line on stderr and exit status 125; nothing crashes.
final class BadInputTests: XCTestCase {
    private func expectRejected(_ arguments: [String], mentioning fragment: String, file: StaticString = #filePath,
                                line: UInt = #line) throws {
        let result = try TinyEmuProcess.run(arguments)
        XCTAssertEqual(result.status, 125, "\(arguments): \(result.stderr)", file: file, line: line)
        XCTAssertTrue(result.stderr.contains(fragment), "expected '\(fragment)' in: \(result.stderr)", file: file, line: line)
        XCTAssertTrue(result.stderr.hasPrefix("tinyemu: "), result.stderr, file: file, line: line)
    }

    private func write(_ bytes: [UInt8], named name: String) throws -> String {
        let directory = try TinyEmuProcess.temporaryDirectory()
        let url = directory.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    func testMissingFirmwareFile() throws {
        try expectRejected(["run", "/nonexistent/fw.elf", "--platform", "nano33"], mentioning: "cannot read")
    }

    func testNotAnELF() throws {
        let path = try write(Array("just some text\n".utf8), named: "fw.elf")
        try expectRejected(["run", path, "--platform", "nano33"], mentioning: "not an ELF")
    }

    func testHostExecutableIsTheWrongMachine() throws {
        try expectRejected(["run", "/bin/true", "--platform", "nano33", "--format", "elf"], mentioning: "64-bit")
    }

    func testTruncatedELF() throws {
        let hello = try Data(contentsOf: URL(fileURLWithPath: try TinyEmuProcess.firmware("newlib/hello.elf")))
        let path = try write(Array(hello.prefix(300)), named: "cut.elf")
        try expectRejected(["run", path, "--platform", "nano33"], mentioning: "truncated")
    }

    func testImageOutsideTheBoardsMemory() throws {
        try expectRejected(["run", try TinyEmuProcess.firmware("newlib/hello.bin"), "--platform", "nano33",
                            "--load-address", "0x30000000"], mentioning: "0x30000000")
    }

    func testRawBinaryNeedsALoadAddress() throws {
        try expectRejected(["run", try TinyEmuProcess.firmware("newlib/hello.bin"), "--platform", "nano33"],
                           mentioning: "load address")
    }

    func testBadIntelHexNamesTheLine() throws {
        let path = try write(Array(":020000040000FA\n:10000000ZZ\n:00000001FF\n".utf8), named: "bad.hex")
        try expectRejected(["run", path, "--platform", "nano33"], mentioning: "bad.hex:2")
    }

    func testUnknownPlatform() throws {
        try expectRejected(["run", try TinyEmuProcess.firmware("newlib/hello.elf"), "--platform", "arduino-uno"],
                           mentioning: "unknown platform 'arduino-uno'")
    }

    func testMalformedPlatformFile() throws {
        let path = try write(Array("name: board\ncpu: [unclosed\n".utf8), named: "board.yaml")
        try expectRejected(["run", try TinyEmuProcess.firmware("newlib/hello.elf"), "--platform", path],
                           mentioning: "board.yaml")
    }

    func testBadOptionValues() throws {
        let hello = try TinyEmuProcess.firmware("newlib/hello.elf")
        try expectRejected(["run", hello, "--platform", "nano33", "--timeout", "soon"], mentioning: "--timeout")
        try expectRejected(["run", hello, "--platform", "nano33", "--expect-output", "(unclosed"], mentioning: "--expect-output")
        try expectRejected(["run", hello, "--platform", "nano33", "--max-instructions", "many"], mentioning: "many")
        try expectRejected(["run", hello, "--platform", "nano33", "--memory-dump", "0x0:4"], mentioning: "--memory-dump")
        try expectRejected(["run", hello, "--platform", "nano33", "--semihosting-root", "/nonexistent"], mentioning: "--semihosting-root")
    }

    func testUsageErrors() throws {
        try expectRejected(["run"], mentioning: "Missing")
        try expectRejected(["frobnicate"], mentioning: "frobnicate")
        try expectRejected(["run", "x.elf", "--platform", "nano33", "--no-such-option"], mentioning: "no-such-option")
    }

    func testHelpIsNotAnError() throws {
        let result = try TinyEmuProcess.run(["run", "--help"])
        XCTAssertEqual(result.status, 0)
        XCTAssertTrue(result.stdout.contains("--expect-output"))
    }
}
