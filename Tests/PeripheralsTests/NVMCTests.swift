import XCTest
import Emulation
@testable import Peripherals

/// NVMC: NOR-flash programming only while CONFIG.WEN allows it, erases, busy time and stalls,
/// UICR through the controller, and decoded-code invalidation through the region's hook.
final class NVMCTests: XCTestCase {
    private let nvmc: UInt32 = 0x4001_E000
    private let uicr: UInt32 = 0x1000_1000

    func testWordWritesProgramOnlyWhileWriteEnabledAndOnlyClearBits() {
        let rig = SystemPeripheralRig(["NVMC", "UICR", "ACL"])
        XCTAssertEqual(rig.read(0x8000), 0xFFFF_FFFF, "erased flash")
        rig.write(0x8000, 0x1234_5678)
        XCTAssertEqual(rig.read(0x8000), 0xFFFF_FFFF, "read-only mode: no effect")
        XCTAssertEqual(rig.notes.count, 1, "noted once: \(rig.notes)")
        rig.write(nvmc + 0x504, 1)  // CONFIG: Wen
        rig.write(0x8000, 0xFFFF_00FF)
        XCTAssertEqual(rig.read(nvmc + 0x400), 0, "READY 0 while writing")
        XCTAssertEqual(rig.stalls, [SystemPeripheralRig.microseconds(41)], "the CPU may not fetch from flash for t_WRITE")
        rig.advance(by: SystemPeripheralRig.microseconds(41))
        XCTAssertEqual(rig.read(nvmc + 0x400), 1, "READY after 41 µs")
        rig.write(0x8000, 0x0FFF_FFFF)
        XCTAssertEqual(rig.read(0x8000), 0x0FFF_00FF, "new = old AND written")
        XCTAssertFalse(rig.bus.write(0x8004, size: 2, value: 0), "halfword stores fault, as on silicon")
        XCTAssertFalse(rig.bus.write(0x8006, size: 4, value: 0), "unaligned stores fault")
    }

    func testReadyNextAllowsOneBufferedWrite() {
        let rig = SystemPeripheralRig(["NVMC"])
        rig.write(nvmc + 0x504, 1)
        rig.write(0x100, 0)
        XCTAssertEqual(rig.read(nvmc + 0x408), 1, "READYNEXT: a second write can be buffered")
        rig.write(0x104, 0)
        XCTAssertEqual(rig.read(nvmc + 0x408), 0, "not a third")
        XCTAssertEqual(rig.stalls.last, SystemPeripheralRig.microseconds(82), "both writes take their time")
        rig.advance(by: SystemPeripheralRig.microseconds(41))
        XCTAssertEqual(rig.read(nvmc + 0x400), 0)
        XCTAssertEqual(rig.read(nvmc + 0x408), 1)
        rig.advance(by: SystemPeripheralRig.microseconds(41))
        XCTAssertEqual(rig.read(nvmc + 0x400), 1)
    }

    func testErasePageEraseAllAndPartialErase() {
        let rig = SystemPeripheralRig(["NVMC", "UICR"])
        rig.flash.store([UInt8](repeating: 0, count: 0x3000), at: 0x1000)
        rig.write(nvmc + 0x508, 0x2010)  // ERASEPAGE without Een
        XCTAssertEqual(rig.read(0x2000), 0, "not erase-enabled: no effect")
        rig.write(nvmc + 0x504, 2)
        rig.write(nvmc + 0x508, 0x2010)  // any address in the page
        XCTAssertEqual(rig.read(0x2000), 0xFFFF_FFFF)
        XCTAssertEqual(rig.read(0x2FFC), 0xFFFF_FFFF)
        XCTAssertEqual(rig.read(0x1FFC), 0, "only that page")
        XCTAssertEqual(rig.read(0x3000), 0)
        XCTAssertEqual(rig.stalls.last, SystemPeripheralRig.microseconds(85_000), "t_ERASEPAGE")
        rig.advance(by: SystemPeripheralRig.microseconds(85_000))

        rig.write(nvmc + 0x51C, 40)      // ERASEPAGEPARTIALCFG: 40 ms
        rig.write(nvmc + 0x518, 0x3000)
        rig.write(nvmc + 0x518, 0x3000)
        XCTAssertEqual(rig.read(0x3000), 0, "80 ms of partial erase is not yet a page erase")
        rig.write(nvmc + 0x518, 0x3000)
        XCTAssertEqual(rig.read(0x3000), 0xFFFF_FFFF, "120 ms is")
        rig.advance(by: SystemPeripheralRig.microseconds(200_000))

        rig.write(nvmc + 0x504, 1)
        rig.write(uicr + 0x080, 0x5EED_1234)   // CUSTOMER[0]
        XCTAssertEqual(rig.read(uicr + 0x080), 0x5EED_1234)
        rig.advance(by: SystemPeripheralRig.microseconds(41))
        rig.write(nvmc + 0x504, 2)
        rig.write(nvmc + 0x50C, 1)             // ERASEALL
        XCTAssertEqual(rig.read(0x1000), 0xFFFF_FFFF)
        XCTAssertEqual(rig.read(uicr + 0x080), 0xFFFF_FFFF, "ERASEALL erases UICR too")
        XCTAssertEqual(rig.stalls.last, rig.cycle + SystemPeripheralRig.microseconds(169_000), "t_ERASEALL")
    }

    func testUICRChangesOnlyThroughTheNVMCAndKeepsItsContentOverReset() {
        let rig = SystemPeripheralRig(["NVMC", "UICR"])
        XCTAssertEqual(rig.read(uicr + 0x200), 0xFFFF_FFFF, "PSELRESET[0] erased")
        rig.write(uicr + 0x200, 18)
        XCTAssertEqual(rig.read(uicr + 0x200), 0xFFFF_FFFF, "a plain store changes nothing")
        rig.write(nvmc + 0x504, 1)
        rig.write(uicr + 0x200, 18)
        XCTAssertEqual(rig.read(uicr + 0x200), 18)
        rig.chip.reset(reason: .softReset)
        XCTAssertEqual(rig.read(uicr + 0x200), 18, "non-volatile")
        XCTAssertEqual(rig.read(nvmc + 0x504), 0, "CONFIG back to read-only")
        rig.write(nvmc + 0x504, 2)
        rig.write(nvmc + 0x514, 1)             // ERASEUICR
        XCTAssertEqual(rig.read(uicr + 0x200), 0xFFFF_FFFF)
        XCTAssertEqual(rig.chip.uicrBytes?.count, 4096)
        var image = [UInt8](repeating: 0xFF, count: 4096)
        image[0x80] = 0x42
        rig.chip.loadUICR(image)
        XCTAssertEqual(rig.read(uicr + 0x080), 0xFFFF_FF42)
    }

    func testProgrammingTellsTheRegionSoDecodedCodeIsDropped() {
        let rig = SystemPeripheralRig(["NVMC"])
        var written: [(UInt32, UInt32)] = []
        rig.flash.onExternalWrite = { written.append(($0, $1)) }
        rig.write(nvmc + 0x504, 1)
        rig.write(0x400, 0x4770_202A)
        XCTAssertEqual(written.map(\.0), [0x400])
        XCTAssertEqual(written.map(\.1), [4])
        rig.write(nvmc + 0x504, 2)
        rig.write(nvmc + 0x508, 0x400)
        XCTAssertEqual(written.last?.0, 0)
        XCTAssertEqual(written.last?.1, 4096, "the erased page")
    }
}
