import Platforms
import XCTest

final class LoadFromPathTests: XCTestCase {
    func testLoadFromATemporaryDirectory() throws {
        let directory = try temporaryDirectory(for: self)
        try write(minimalBoard, to: directory, "my-board.yml")
        let path = directory.appendingPathComponent("my-board.yml").path
        let board = try PlatformCatalog.load(path)
        XCTAssertEqual(board.name, "test")
        XCTAssertEqual(board.sourcePath, path)
    }

    func testSymlinkedFileLoads() throws {
        let directory = try temporaryDirectory(for: self)
        try write(minimalBoard, to: directory, "real.yaml")
        let link = directory.appendingPathComponent("link.yaml")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: directory.appendingPathComponent("real.yaml"))
        XCTAssertEqual(try PlatformCatalog.load(link.path).sourcePath, link.path)
    }

    func testRelativePathWithoutSlashIsAFileWhenItEndsInYAML() throws {
        let directory = try temporaryDirectory(for: self)
        try write(minimalBoard, to: directory, "board.yaml")
        let original = FileManager.default.currentDirectoryPath
        defer { _ = FileManager.default.changeCurrentDirectoryPath(original) }
        XCTAssertTrue(FileManager.default.changeCurrentDirectoryPath(directory.path))
        XCTAssertEqual(try PlatformCatalog.load("board.yaml").sourcePath, "board.yaml")
    }

    func testErrorsNameThePathAsGiven() throws {
        let directory = try temporaryDirectory(for: self)
        try write(board(replacing: "kind: ram", with: "kind: dram"), to: directory, "bad.yaml")
        let path = directory.appendingPathComponent("bad.yaml").path
        XCTAssertThrowsError(try PlatformCatalog.load(path)) { error in
            XCTAssertEqual("\(error)", "\(path):6: memory[1].kind: expected one of flash, ram, rom, found 'dram'")
        }
    }

    func testUnreadablePaths() throws {
        let directory = try temporaryDirectory(for: self)
        XCTAssertThrowsError(try PlatformCatalog.load(directory.path + "/none.yaml")) { error in
            XCTAssertEqual("\(error)", "\(directory.path)/none.yaml: no such file")
        }
        XCTAssertThrowsError(try PlatformCatalog.load(directory.path + "/")) { error in
            XCTAssertEqual("\(error)", "\(directory.path)/: is a directory, not a .yaml file")
        }
        XCTAssertThrowsError(try PlatformCatalog.load("/dev/zero")) { error in
            XCTAssertEqual("\(error)", "/dev/zero: is not a regular file")
        }
        try Data([0x6E, 0x61, 0xFF, 0xFE]).write(to: directory.appendingPathComponent("binary.yaml"))
        XCTAssertThrowsError(try PlatformCatalog.load(directory.path + "/binary.yaml")) { error in
            XCTAssertEqual("\(error)", "\(directory.path)/binary.yaml: is not UTF-8 text")
        }
    }
}
