import XCTest
@testable import Firmware

final class IntelHexLoaderTests: XCTestCase {
    private let eof = hexRecord(type: 0x01)

    private func load(_ lines: [String], separator: String = "\n") throws(FirmwareError) -> FirmwareImage {
        try FirmwareLoader.loadIntelHex(text: lines.joined(separator: separator) + separator, path: "fw.hex")
    }

    private func assertRejected(_ lines: [String], _ expected: String, file: StaticString = #filePath, line: UInt = #line) {
        let error = expectFirmwareError({ () throws(FirmwareError) in try load(lines) }, file: file, line: line)
        XCTAssertEqual(error?.description, expected, file: file, line: line)
    }

    func testLoadsExtendedLinearAddressAndStartLinearAddress() throws {
        let image = try load([
            hexRecord(type: 0x04, data: [0x08, 0x00]),
            hexRecord(type: 0x00, address: 0x0000, data: [1, 2, 3, 4]),
            hexRecord(type: 0x00, address: 0x0004, data: [5, 6, 7, 8]),
            hexRecord(type: 0x00, address: 0x0100, data: [9, 10]),
            hexRecord(type: 0x04, data: [0x20, 0x00]),
            hexRecord(type: 0x00, address: 0x0010, data: [0xAA]),
            hexRecord(type: 0x05, data: [0x08, 0x00, 0x01, 0x01]),
            eof,
        ])
        XCTAssertEqual(image.format, .intelHex)
        XCTAssertEqual(image.entry, 0x0800_0101)
        XCTAssertEqual(image.segments, [
            FirmwareSegment(address: 0x0800_0000, data: [1, 2, 3, 4, 5, 6, 7, 8]),
            FirmwareSegment(address: 0x0800_0100, data: [9, 10]),
            FirmwareSegment(address: 0x2000_0010, data: [0xAA]),
        ])
        XCTAssertTrue(image.symbols.isEmpty)
        XCTAssertTrue(image.sections.isEmpty)
    }

    func testKnownGoodRecordText() throws {
        // Checksums computed by hand, independently of the test helper.
        let image = try FirmwareLoader.loadIntelHex(
            text: ":0400000001020304F2\n:00000001FF\n",
            path: "fw.hex"
        )
        XCTAssertEqual(image.segments, [FirmwareSegment(address: 0, data: [1, 2, 3, 4])])
        XCTAssertNil(image.entry)
    }

    func testSegmentAddressRecords() throws {
        let image = try load([
            hexRecord(type: 0x02, data: [0x10, 0x00]),  // base 0x10000
            hexRecord(type: 0x00, address: 0x0020, data: [7]),
            hexRecord(type: 0x03, data: [0x12, 0x34, 0x00, 0x10]),  // CS=0x1234, IP=0x0010
            eof,
        ])
        XCTAssertEqual(image.segments, [FirmwareSegment(address: 0x0001_0020, data: [7])])
        XCTAssertEqual(image.entry, 0x1234 * 16 + 0x10)
    }

    func testOutOfOrderRecordsAreSortedAndJoined() throws {
        let image = try load([
            hexRecord(type: 0x00, address: 0x0004, data: [5, 6]),
            hexRecord(type: 0x00, address: 0x0000, data: [1, 2, 3, 4]),
            eof,
        ])
        XCTAssertEqual(image.segments, [FirmwareSegment(address: 0, data: [1, 2, 3, 4, 5, 6])])
    }

    func testAcceptsCRLFLowercaseAndBlankLines() throws {
        let text = "\r\n" + hexRecord(type: 0x00, address: 0x10, data: [0xAB, 0xCD]).lowercased() + "\r\n\r\n  \r\n" + eof + "\r\n"
        let image = try FirmwareLoader.loadIntelHex(text: text, path: "fw.hex")
        XCTAssertEqual(image.segments, [FirmwareSegment(address: 0x10, data: [0xAB, 0xCD])])
    }

    func testBadChecksumNamesLine() {
        var record = hexRecord(type: 0x00, address: 0x0000, data: [1, 2, 3, 4])
        record.removeLast(2)
        record += "F3"
        assertRejected(
            [hexRecord(type: 0x04, data: [0, 0]), "", record, eof],
            "fw.hex:3: bad checksum (expected 0xf2, found 0xf3)"
        )
    }

    func testMissingEndOfFileRecord() {
        assertRejected([hexRecord(type: 0x00, data: [1])], "fw.hex: missing end-of-file record (type 01)")
    }

    func testBadHexDigit() {
        assertRejected([":0400000001020G04F2", eof], "fw.hex:1: invalid hex digit 'G' at column 15")
    }

    func testMissingColon() {
        assertRejected(["0400000001020304F2", eof], "fw.hex:1: expected ':' at start of record, found '0'")
    }

    func testLengthMismatch() {
        assertRejected([":050000000102030400", eof], "fw.hex:1: record length mismatch: byte count says 5 data bytes, record has 4")
    }

    func testUnknownRecordType() {
        assertRejected([hexRecord(type: 0x06, data: [0]), eof], "fw.hex:1: unknown record type 0x06")
    }

    func testOverlappingDataNamesBothRanges() {
        assertRejected(
            [
                hexRecord(type: 0x00, address: 0x0000, data: [UInt8](repeating: 1, count: 16)),
                hexRecord(type: 0x00, address: 0x0008, data: [2, 2]),
                eof,
            ],
            "fw.hex:2: overlapping data: 0x00000008-0x00000009 overlaps 0x00000000-0x0000000f from line 1"
        )
    }

    func testNoDataIsRejected() {
        assertRejected([eof], "fw.hex: no data records")
    }

    func testDataPast4GiBIsRejected() {
        assertRejected(
            [hexRecord(type: 0x04, data: [0xFF, 0xFF]), hexRecord(type: 0x00, address: 0xFFFF, data: [1, 2]), eof],
            "fw.hex:2: data record at 0xffffffff extends past the 4 GiB address space"
        )
    }

    /// Random corruption must produce errors (or a valid image), never a crash.
    func testRandomCorruptionIsHandled() {
        let original = Array([
            hexRecord(type: 0x04, data: [0x08, 0x00]),
            hexRecord(type: 0x00, address: 0xFFF0, data: [UInt8](repeating: 0x11, count: 16)),
            hexRecord(type: 0x02, data: [0xF0, 0x00]),
            hexRecord(type: 0x00, address: 0x0010, data: [1, 2, 3]),
            hexRecord(type: 0x03, data: [0xFF, 0xFF, 0xFF, 0xFF]),
            hexRecord(type: 0x05, data: [0x08, 0x00, 0x01, 0x01]),
            eof,
        ].joined(separator: "\r\n").utf8)
        let alphabet = Array("0123456789ABCDEFabcdefG:\r\n \u{0}".utf8)
        var generator = SeededGenerator(state: 7)
        for _ in 0..<3000 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                let index = Int.random(in: 0..<bytes.count, using: &generator)
                bytes[index] = alphabet.randomElement(using: &generator) ?? 0
            }
            let text = String(decoding: bytes, as: UTF8.self)
            do {
                _ = try FirmwareLoader.loadIntelHex(text: text, path: "fw.hex")
            } catch {
                XCTAssertFalse(error.description.contains("\n"))
            }
        }
    }

    func testOneMebibyteLoadsQuickly() throws {
        var lines: [String] = []
        let total = 1 << 20
        lines.reserveCapacity(total / 32 + 32)
        for offset in stride(from: 0, to: total, by: 32) {
            if offset % 0x10000 == 0 {
                lines.append(hexRecord(type: 0x04, data: [UInt8(offset >> 24), UInt8((offset >> 16) & 0xFF)]))
            }
            let data = (0..<32).map { UInt8(truncatingIfNeeded: offset + $0) }
            lines.append(hexRecord(type: 0x00, address: UInt16(offset & 0xFFFF), data: data))
        }
        lines.append(eof)
        let text = lines.joined(separator: "\n")
        let clock = ContinuousClock()
        let start = clock.now
        let image = try FirmwareLoader.loadIntelHex(text: text, path: "big.hex")
        let elapsed = clock.now - start
        XCTAssertEqual(image.segments.count, 1)
        XCTAssertEqual(image.segments.first?.data.count, total)
        XCTAssertEqual(image.segments.first?.data[0x12345], 0x45)
        XCTAssertLessThan(elapsed, .seconds(3), "debug build; release is much faster")
    }
}
