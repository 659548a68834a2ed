import Foundation
import XCTest

final class InspectAndPlatformsTests: XCTestCase {
    func testPlatformsListsTheBuiltInBoards() throws {
        let result = try TinyEmuProcess.run(["platforms"])
        XCTAssertEqual(result.status, 0)
        XCTAssertTrue(result.stdout.contains("nano33"))
        XCTAssertTrue(result.stdout.contains("nRF52840"))
        XCTAssertTrue(result.stdout.contains("apollo3"))
    }

    func testBuiltInBoardsWorkFromAnyDirectory() throws {
        let directory = try TinyEmuProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try TinyEmuProcess.run(["run", try TinyEmuProcess.firmware("newlib/hello.elf"), "--platform", "nano33"],
                                            in: directory)
        XCTAssertEqual(result.status, 0, result.stderr)
    }

    func testInspectShowsEntryVectorsSectionsAndUse() throws {
        let result = try TinyEmuProcess.run(["inspect", try TinyEmuProcess.firmware("newlib/hello.elf"), "--platform", "nano33"])
        XCTAssertEqual(result.status, 0, result.stderr)
        for fragment in ["entry:", "Reset_Handler", "vector table", ".text", ".data", ".bss", "flash", "ram", "of 1048576 bytes", "of 262144 bytes"] {
            XCTAssertTrue(result.stdout.contains(fragment), "missing '\(fragment)' in:\n\(result.stdout)")
        }
    }
}
