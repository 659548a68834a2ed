import Platforms
import XCTest

final class BuiltinPlatformTests: XCTestCase {
    func testBuiltinNamesAreSortedAndComplete() {
        XCTAssertEqual(PlatformCatalog.builtinNames, ["apollo3-edge", "nano33"])
    }

    func testEveryBuiltinLoadsAndIsNamedAfterItsFile() throws {
        for name in PlatformCatalog.builtinNames {
            let board = try PlatformCatalog.load(name)
            XCTAssertEqual(board.name, name)
            XCTAssertNil(board.sourcePath, "built-ins come from the binary, not a file")
            XCTAssertEqual(PlatformCatalog.builtin(named: name), board)
        }
    }

    func testNano33() throws {
        let board = try XCTUnwrap(PlatformCatalog.builtin(named: "nano33"))
        XCTAssertEqual(board.title, "Arduino Nano 33 BLE Sense (nRF52840)")
        XCTAssertEqual(board.cpu, CPUDescription(core: "cortex-m4f", clockHz: 64_000_000, irqCount: 48, priorityBits: 3))
        XCTAssertTrue(board.cpu.hasFPU)
        XCTAssertEqual(board.memory, [
            MemoryRegionDescription(name: "flash", kind: .flash, base: 0x0000_0000, size: 1024 * 1024),
            MemoryRegionDescription(name: "ram", kind: .ram, base: 0x2000_0000, size: 256 * 1024),
        ])
        XCTAssertEqual(board.region(named: "ram")?.end, 0x2004_0000)
        XCTAssertNil(board.region(named: "sram"))
        XCTAssertEqual(board.peripherals.filter { $0.type == "nrf52840" }.count, 73, "every nRF52840 peripheral of the SVD but the CryptoCell sub-blocks")
        XCTAssertEqual(board.peripherals.filter { $0.type == "arm-vsi" }.map(\.name), ["VSI0", "VSI1"])
        XCTAssertEqual(board.peripherals.first { $0.name == "TIMER0" },
                       PeripheralDescription(name: "TIMER0", type: "nrf52840", base: 0x4000_8000, irq: 8))
        XCTAssertEqual(board.devices, [])
        XCTAssertEqual(board.console, "UARTE0")
    }

    func testApollo3Edge() throws {
        let board = try XCTUnwrap(PlatformCatalog.builtin(named: "apollo3-edge"))
        XCTAssertEqual(board.title, "SparkFun Edge (Ambiq Apollo3 Blue)")
        XCTAssertEqual(board.cpu, CPUDescription(core: "cortex-m4f", clockHz: 48_000_000, irqCount: 32, priorityBits: 3))
        XCTAssertEqual(board.memory, [
            MemoryRegionDescription(name: "flash", kind: .flash, base: 0x0000_0000, size: 1024 * 1024),
            MemoryRegionDescription(name: "sram", kind: .ram, base: 0x1000_0000, size: 384 * 1024),
        ])
    }

    func testUnknownBuiltin() {
        XCTAssertNil(PlatformCatalog.builtin(named: "foo"))
        XCTAssertThrowsError(try PlatformCatalog.load("foo")) { error in
            XCTAssertEqual(
                "\(error)",
                "unknown platform 'foo' (built-in: apollo3-edge, nano33; or give a path to a .yaml file)"
            )
        }
    }

    /// The built-ins are embedded at build time: they load even where no source tree is near.
    func testBuiltinsDoNotDependOnTheWorkingDirectory() throws {
        let original = FileManager.default.currentDirectoryPath
        defer { _ = FileManager.default.changeCurrentDirectoryPath(original) }
        XCTAssertTrue(FileManager.default.changeCurrentDirectoryPath(NSTemporaryDirectory()))
        XCTAssertEqual(try PlatformCatalog.load("nano33").name, "nano33")
    }
}
