import XCTest
@testable import Firmware

/// File-level loading: reading, format detection, and load-address rules.
final class FirmwareLoaderTests: XCTestCase {
    private var directory: URL!
    private let hexText = hexRecord(type: 0x00, address: 0x0100, data: [0xDE, 0xAD]) + "\n" + hexRecord(type: 0x01) + "\n"

    override func setUpWithError() throws {
        directory = try makeTemporaryDirectory(for: self)
    }

    private func file(_ name: String, _ bytes: [UInt8]) throws -> String {
        let url = directory.appendingPathComponent(name)
        try write(bytes, to: url)
        return url.path
    }

    private func loadError(_ path: String, format: FirmwareFormat? = nil, loadAddress: UInt32? = nil) -> FirmwareError? {
        expectFirmwareError { () throws(FirmwareError) in
            try FirmwareLoader.load(path: path, format: format, loadAddress: loadAddress)
        }
    }

    func testMissingFile() {
        let path = directory.appendingPathComponent("missing.elf").path
        XCTAssertEqual(loadError(path)?.description, "\(path): cannot read file (No such file or directory)")
    }

    func testDirectoryIsNotReadable() {
        XCTAssertEqual(loadError(directory.path)?.message, "cannot read file (Is a directory)")
    }

    func testDetectsELFByContentWhateverTheExtension() throws {
        let path = try file("firmware.bin", SampleFirmware.bytes)
        let image = try FirmwareLoader.load(path: path)
        XCTAssertEqual(image.format, .elf)
        XCTAssertEqual(image.path, path)
        XCTAssertEqual(image.symbols.address(of: "main"), 0x0800_0018)
    }

    func testDetectsIntelHexByContent() throws {
        let path = try file("firmware.txt", Array(hexText.utf8))
        let image = try FirmwareLoader.load(path: path)
        XCTAssertEqual(image.format, .intelHex)
        XCTAssertEqual(image.segments, [FirmwareSegment(address: 0x100, data: [0xDE, 0xAD])])
    }

    func testFallsBackToExtension() throws {
        // Broken content: the extension decides the format, and that loader explains the problem.
        let elfPath = try file("broken.AXF", [1, 2, 3, 4, 5])
        XCTAssertEqual(loadError(elfPath)?.message, "not an ELF file (bad magic)")
        let hexPath = try file("broken.ihex", Array("garbage\n".utf8))
        XCTAssertEqual(loadError(hexPath)?.description, "\(hexPath):1: expected ':' at start of record, found 'g'")
    }

    func testBinaryNeedsLoadAddress() throws {
        let path = try file("app.bin", [0x00, 0x80, 0x00, 0x20])
        XCTAssertEqual(loadError(path)?.message, "raw binary images need a load address")
        let image = try FirmwareLoader.load(path: path, loadAddress: 0x0800_0000)
        XCTAssertEqual(image.format, .binary)
        XCTAssertEqual(image.segments, [FirmwareSegment(address: 0x0800_0000, data: [0x00, 0x80, 0x00, 0x20])])
    }

    func testLoadAddressIsRejectedForFormatsWithAddresses() throws {
        let elfPath = try file("fw.elf", SampleFirmware.bytes)
        XCTAssertEqual(
            loadError(elfPath, loadAddress: 0x1000)?.message,
            "load address 0x00001000 given, but ELF images carry their own addresses; a load address applies only to raw binaries"
        )
        let hexPath = try file("fw.hex", Array(hexText.utf8))
        XCTAssertNotNil(loadError(hexPath, loadAddress: 0x1000))
    }

    func testExplicitFormatOverridesDetection() throws {
        let path = try file("fw.elf", SampleFirmware.bytes)
        let image = try FirmwareLoader.load(path: path, format: .binary, loadAddress: 0x1000)
        XCTAssertEqual(image.format, .binary)
        XCTAssertEqual(image.segments.first?.data.count, SampleFirmware.bytes.count)
        XCTAssertEqual(loadError(path, format: .intelHex)?.line, 1)
    }

    func testUnknownFormat() throws {
        let path = try file("firmware.dat", [0x12, 0x34])
        XCTAssertEqual(
            loadError(path)?.message,
            "cannot determine firmware format (not ELF or Intel HEX, and extension is not .elf/.axf/.hex/.ihex/.bin)"
        )
    }

    func testFormatRawValues() {
        XCTAssertEqual(FirmwareFormat(rawValue: "ihex"), .intelHex)
        XCTAssertEqual(FirmwareFormat(rawValue: "bin"), .binary)
        XCTAssertEqual(FirmwareFormat(rawValue: "elf"), .elf)
    }

    func testErrorDescriptionIsOneLine() {
        XCTAssertEqual(FirmwareError(path: "fw.elf", message: "a\nb").description, "fw.elf: a b")
        XCTAssertEqual(FirmwareError(path: "fw.hex", line: 12, message: "oops").description, "fw.hex:12: oops")
    }

    func testLoadingOneMebibyteBinaryFileIsFast() throws {
        let path = try file("big.bin", [UInt8](repeating: 0x5A, count: 1 << 20))
        let clock = ContinuousClock()
        let start = clock.now
        let image = try FirmwareLoader.load(path: path, loadAddress: 0)
        XCTAssertEqual(image.byteCount, 1 << 20)
        XCTAssertLessThan(clock.now - start, .seconds(1))
    }
}
