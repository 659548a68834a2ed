import XCTest
@testable import Peripherals

/// SPIM: full-duplex EasyDMA at the FREQUENCY register's rate, nothing on MISO.
final class SPIMTests: XCTestCase {
    func testTransferTimingAndIdleMISO() throws {
        let rig = try ChipRig()
        let spim: UInt32 = 0x4000_3000
        XCTAssertTrue(rig.bus.writeBytes(0x2000_0000, [1, 2, 3, 4]))
        rig.write(spim + 0x500, 7)                      // ENABLE SPIM
        rig.write(spim + 0x524, 0x1000_0000)            // 1 Mbps: 512 cycles a byte
        rig.write(spim + 0x544, 0x2000_0000)
        rig.write(spim + 0x548, 4)
        rig.write(spim + 0x534, 0x2000_0100)
        rig.write(spim + 0x538, 2)
        rig.write(spim + 0x010, 1)                      // START
        XCTAssertEqual(rig.read(spim + 0x14C), 1, "STARTED")
        rig.advance(to: 2 * 512)
        XCTAssertEqual(rig.read(spim + 0x110), 1, "ENDRX after 2 bytes")
        XCTAssertEqual(rig.read(spim + 0x120), 0)
        rig.advance(to: 4 * 512 + 1)
        XCTAssertEqual(rig.read(spim + 0x120), 1, "ENDTX after 4 bytes")
        XCTAssertEqual(rig.read(spim + 0x118), 1, "END")
        XCTAssertEqual(rig.bus.readBytes(0x2000_0100, count: 2), [0xFF, 0xFF], "nothing drives MISO")
        XCTAssertEqual(rig.read(spim + 0x54C), 4)
        XCTAssertEqual(rig.read(spim + 0x53C), 2)
    }
}
