import Platforms
import XCTest

/// Number forms, seen through the public parser (the syntax helpers are internal).
final class NumberSyntaxTests: XCTestCase {
    private func clock(_ written: String) throws -> UInt64 {
        try PlatformCatalog.parse(yaml: board(replacing: "clock: 64MHz", with: "clock: \(written)"), path: nil).cpu.clockHz
    }

    private func ramSize(_ written: String) throws -> UInt32 {
        try PlatformCatalog.parse(yaml: board(replacing: "size: 256K", with: "size: \(written)"), path: nil).region(named: "ram")?.size ?? 0
    }

    func testClockForms() throws {
        XCTAssertEqual(try clock("64MHz"), 64_000_000)
        XCTAssertEqual(try clock("64 MHz"), 64_000_000)
        XCTAssertEqual(try clock("96mhz"), 96_000_000)
        XCTAssertEqual(try clock("32.768kHz"), 32_768)
        XCTAssertEqual(try clock("1.5MHz"), 1_500_000)
        XCTAssertEqual(try clock("48000000"), 48_000_000)
        XCTAssertEqual(try clock("1000Hz"), 1000)
        XCTAssertEqual(try clock("0x10"), 16)
        for bad in ["64 M", ".5MHz", "5.MHz", "1.0000001MHz", "-1MHz", "MHz", "99999999999999999999MHz", "18446744073709552kHz"] {
            XCTAssertThrowsError(try clock(bad), bad)
        }
    }

    func testSizeForms() throws {
        XCTAssertEqual(try ramSize("256K"), 256 * 1024)
        XCTAssertEqual(try ramSize("1M"), 1 << 20)
        XCTAssertEqual(try ramSize("0x40000"), 0x40000)
        XCTAssertEqual(try ramSize("0X400"), 0x400)
        XCTAssertEqual(try ramSize("4096"), 4096)
        for bad in ["256KB", "1G", "0x10K", "1.5M", "K", "+4", " ", "0x", "4294967296", "18014398509481984K"] {
            XCTAssertThrowsError(try ramSize(bad), bad)
        }
    }
}
