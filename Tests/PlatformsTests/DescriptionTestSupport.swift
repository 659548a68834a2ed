import Platforms
import XCTest

/// A valid board; tests replace or append lines to break one rule at a time.
/// Line numbers matter to the expected messages: name is line 1, the ram region line 6.
let minimalBoard = """
    name: test
    title: Test board
    cpu: { core: cortex-m4f, clock: 64MHz, irqs: 48, priority-bits: 3 }
    memory:
      - { name: flash, kind: flash, base: 0x0, size: 1M }
      - { name: ram, kind: ram, base: 0x20000000, size: 256K }

    """

/// `minimalBoard` with `original` replaced by `replacement` (which must occur).
func board(replacing original: String, with replacement: String, file: StaticString = #filePath, line: UInt = #line) -> String {
    XCTAssertTrue(minimalBoard.contains(original), "test bug: '\(original)' not in the minimal board", file: file, line: line)
    return minimalBoard.replacingOccurrences(of: original, with: replacement)
}

/// The one-line message `parse` fails with, or a test failure if it succeeds.
func parseError(_ yaml: String, path: String? = "board.yaml", file: StaticString = #filePath, line: UInt = #line) -> String {
    do {
        let board = try PlatformCatalog.parse(yaml: yaml, path: path)
        XCTFail("expected an error, parsed \(board.name)", file: file, line: line)
        return ""
    } catch {
        XCTAssertFalse(error.description.contains("\n"), "errors are one line: \(error)", file: file, line: line)
        return error.description
    }
}

/// A fresh directory for description files, removed after the test.
func temporaryDirectory(for testCase: XCTestCase) throws -> URL {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("PlatformsTests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    testCase.addTeardownBlock { try? FileManager.default.removeItem(at: directory) }
    return directory
}

func write(_ text: String, to directory: URL, _ name: String) throws {
    let url = directory.appendingPathComponent(name)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try text.write(to: url, atomically: true, encoding: .utf8)
}
