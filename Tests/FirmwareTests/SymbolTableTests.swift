import XCTest
@testable import Firmware

final class SymbolTableTests: XCTestCase {
    private func function(_ name: String, _ address: UInt32, size: UInt32) -> FirmwareSymbol {
        FirmwareSymbol(name: name, address: address, size: size, isFunction: true)
    }

    private func label(_ name: String, _ address: UInt32) -> FirmwareSymbol {
        FirmwareSymbol(name: name, address: address, size: 0, isFunction: false)
    }

    func testEmptyTable() {
        let table = SymbolTable([])
        XCTAssertTrue(table.isEmpty)
        XCTAssertNil(table.lookup(0x1234))
        XCTAssertEqual(table.describe(0x1234), "0x00001234")
        XCTAssertNil(table.address(of: "main"))
    }

    func testLookupFindsContainingOrNearestPrecedingSymbol() {
        let table = SymbolTable([function("b", 0x200, size: 0x10), function("a", 0x100, size: 0x20), label("end", 0x400)])
        XCTAssertEqual(table.symbols.map(\.name), ["a", "b", "end"])
        XCTAssertNil(table.lookup(0xFF))
        XCTAssertEqual(table.lookup(0x100)?.symbol.name, "a")
        XCTAssertEqual(table.lookup(0x100)?.offset, 0)
        XCTAssertEqual(table.lookup(0x11F)?.offset, 0x1F)
        XCTAssertEqual(table.lookup(0x180)?.symbol.name, "a")
        XCTAssertEqual(table.lookup(0x180)?.offset, 0x80)
        XCTAssertEqual(table.lookup(0x20C)?.symbol.name, "b")
        XCTAssertEqual(table.lookup(0xFFFF_FFFF)?.symbol.name, "end")
        XCTAssertEqual(table.lookup(0xFFFF_FFFF)?.offset, 0xFFFF_FFFF - 0x400)
    }

    func testDescribe() {
        let table = SymbolTable([function("main", 0x1000, size: 0x40), label("_estack", 0x2000_8000)])
        XCTAssertEqual(table.describe(0x1000), "main")
        XCTAssertEqual(table.describe(0x101C), "main+0x1c")
        XCTAssertEqual(table.describe(0x0FFF), "0x00000fff")
        // Past the end of a sized symbol the name would mislead.
        XCTAssertEqual(table.describe(0x1040), "0x00001040")
        // Zero-sized labels have no known end.
        XCTAssertEqual(table.describe(0x2000_8010), "_estack+0x10")
    }

    func testPrefersFunctionsAndSizedSymbolsAtTheSameAddress() {
        let table = SymbolTable([
            label("_stext", 0x100),
            FirmwareSymbol(name: "table", address: 0x100, size: 4, isFunction: false),
            function("start", 0x100, size: 8),
        ])
        XCTAssertEqual(table.lookup(0x104)?.symbol.name, "start")
    }

    func testLabelsInsideASizedSymbolDoNotHideIt() {
        let table = SymbolTable([function("big", 0x100, size: 0x100), label("marker", 0x180), function("next", 0x200, size: 4)])
        XCTAssertEqual(table.describe(0x190), "big+0x90")
        XCTAssertEqual(table.describe(0x200), "next")
        XCTAssertEqual(table.address(of: "marker"), 0x180)
    }

    func testAddressOfPrefersLowestAddressForDuplicateNames() {
        let table = SymbolTable([function("init", 0x300, size: 4), function("init", 0x100, size: 4)])
        XCTAssertEqual(table.address(of: "init"), 0x100)
    }

    /// Binary search must agree with a straightforward scan.
    func testLookupMatchesLinearScan() {
        var generator = SeededGenerator(state: 42)
        let symbols = (0..<500).map { index in
            function("f\(index)", UInt32.random(in: 0...0xFFFF, using: &generator) * 16, size: 8)
        }
        let table = SymbolTable(symbols)
        for _ in 0..<2000 {
            let address = UInt32.random(in: 0...0x10_0000, using: &generator)
            let expected = table.symbols.last { $0.address <= address }
            XCTAssertEqual(table.lookup(address)?.symbol.address, expected?.address)
        }
    }
}
