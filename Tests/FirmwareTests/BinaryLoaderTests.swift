import XCTest
@testable import Firmware

final class BinaryLoaderTests: XCTestCase {
    func testSingleSegmentAtLoadAddress() throws {
        let image = try FirmwareLoader.loadBinary(bytes: [1, 2, 3], path: "fw.bin", at: 0x0800_0000)
        XCTAssertEqual(image.format, .binary)
        XCTAssertEqual(image.segments, [FirmwareSegment(address: 0x0800_0000, data: [1, 2, 3])])
        XCTAssertNil(image.entry)
        XCTAssertTrue(image.symbols.isEmpty)
        XCTAssertTrue(image.sections.isEmpty)
    }

    func testEmptyFileIsRejected() {
        let error = expectFirmwareError { () throws(FirmwareError) in try FirmwareLoader.loadBinary(bytes: [], path: "fw.bin", at: 0) }
        XCTAssertEqual(error?.description, "fw.bin: empty file")
    }

    func testImageMayEndExactlyAt4GiB() throws {
        let image = try FirmwareLoader.loadBinary(bytes: [1, 2, 3, 4], path: "fw.bin", at: 0xFFFF_FFFC)
        XCTAssertEqual(image.segments.first?.address, 0xFFFF_FFFC)
    }

    func testImagePast4GiBIsRejected() {
        let error = expectFirmwareError { () throws(FirmwareError) in
            try FirmwareLoader.loadBinary(bytes: [1, 2, 3, 4, 5], path: "fw.bin", at: 0xFFFF_FFFC)
        }
        XCTAssertEqual(error?.description, "fw.bin: image of 5 bytes at 0xfffffffc extends past the 4 GiB address space")
    }
}
