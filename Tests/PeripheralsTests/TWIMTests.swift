import XCTest
import Emulation
@testable import Peripherals
import Platforms
import Sensors

/// TWIM: transfers in virtual time, address NACK, shortcuts, the bus chosen by PSEL pins, and
/// the sensor supply switch.
final class TWIMTests: XCTestCase {
    private let twim0: UInt32 = 0x4000_3000
    private let imu = DeviceDescription(name: "imu", type: "lsm9ds1", bus: "i2c", address: 0x6B,
                                        parameters: ["sda": "P0.14", "scl": "P0.15", "power": "P0.22"])

    private func configure(_ rig: ChipRig, address: UInt32, tx: [UInt8], rxCount: UInt32, shorts: UInt32) {
        XCTAssertTrue(rig.bus.writeBytes(0x2000_0000, tx))
        rig.write(twim0 + 0x508, 15)            // PSEL.SCL P0.15
        rig.write(twim0 + 0x50C, 14)            // PSEL.SDA P0.14
        rig.write(twim0 + 0x524, 0x0640_0000)   // 400 kHz
        rig.write(twim0 + 0x500, 6)             // ENABLE TWIM
        rig.write(twim0 + 0x588, address)
        rig.write(twim0 + 0x544, 0x2000_0000)   // TXD.PTR
        rig.write(twim0 + 0x548, UInt32(tx.count))
        rig.write(twim0 + 0x534, 0x2000_0100)   // RXD.PTR
        rig.write(twim0 + 0x538, rxCount)
        rig.write(twim0 + 0x200, shorts)
    }

    private func powerSensors(_ rig: ChipRig) {
        rig.write(0x5000_0514, 1 << 22)         // P0.DIR
        rig.write(0x5000_0504, 1 << 22)         // P0.OUT
    }

    func testWriteThenReadWithRepeatedStartTakesNineBitsAByte() throws {
        let rig = try ChipRig(devices: [imu])
        powerSensors(rig)
        configure(rig, address: 0x6B, tx: [0x0F], rxCount: 1, shorts: 1 << 7 | 1 << 12)  // LASTTX_STARTRX, LASTRX_STOP
        rig.write(twim0 + 0x008, 1)             // STARTTX
        XCTAssertEqual(rig.read(twim0 + 0x150), 1, "TXSTARTED at once")
        // Address + pointer (18 bits), then address + 1 byte (18 bits), then STOP (1 bit), 160 cycles a bit.
        rig.advance(to: 18 * 160 - 1)
        XCTAssertEqual(rig.read(twim0 + 0x160), 1, "LASTTX as the last byte starts")
        XCTAssertEqual(rig.read(twim0 + 0x14C), 0)
        rig.advance(to: 18 * 160)
        XCTAssertEqual(rig.read(twim0 + 0x14C), 1, "RXSTARTED after the write (repeated START)")
        rig.advance(to: 36 * 160)
        XCTAssertEqual(rig.read(twim0 + 0x15C), 1, "LASTRX")
        XCTAssertEqual(rig.read(twim0 + 0x104), 0, "not stopped before the STOP condition")
        rig.advance(to: 37 * 160)
        XCTAssertEqual(rig.read(twim0 + 0x104), 1, "STOPPED")
        XCTAssertEqual(rig.bus.readBytes(0x2000_0100, count: 1), [0x68], "WHO_AM_I by EasyDMA")
        XCTAssertEqual(rig.read(twim0 + 0x54C), 1, "TXD.AMOUNT")
        XCTAssertEqual(rig.read(twim0 + 0x53C), 1, "RXD.AMOUNT")
        XCTAssertEqual(rig.read(twim0 + 0x4C4), 0, "no error")
    }

    func testNobodyAtTheAddressIsANACK() throws {
        let rig = try ChipRig(devices: [imu])
        configure(rig, address: 0x6B, tx: [0x0F], rxCount: 1, shorts: 1 << 7 | 1 << 12)
        rig.write(twim0 + 0x304, 1 << 9)        // INTENSET ERROR
        rig.write(twim0 + 0x008, 1)
        rig.advance(by: 9 * 160)
        XCTAssertEqual(rig.read(twim0 + 0x124), 1, "ERROR: the chip is unpowered")
        XCTAssertEqual(rig.read(twim0 + 0x4C4), 0b010, "ERRORSRC.ANACK")
        XCTAssertEqual(rig.lines[3], true, "TWIM0's interrupt")
        rig.write(twim0 + 0x4C4, 0b010)
        XCTAssertEqual(rig.read(twim0 + 0x4C4), 0, "ERRORSRC is write-one-to-clear")
        rig.write(twim0 + 0x014, 1)             // STOP
        rig.advance(by: 160)
        XCTAssertEqual(rig.read(twim0 + 0x104), 1, "STOPPED after STOP")
        XCTAssertEqual(rig.read(twim0 + 0x14C), 0, "no reception was started")
    }

    func testOtherPinsReachNoChipAndSuspendShortcutHoldsTheBus() throws {
        let rig = try ChipRig(devices: [imu])
        powerSensors(rig)
        configure(rig, address: 0x6B, tx: [0x20, 0x60], rxCount: 0, shorts: 1 << 8)  // LASTTX_SUSPEND
        rig.write(twim0 + 0x008, 1)
        rig.advance(by: 27 * 160)
        XCTAssertEqual(rig.read(twim0 + 0x148), 1, "SUSPENDED after the last byte")
        XCTAssertEqual(rig.read(twim0 + 0x104), 0, "the bus is held, not stopped")
        rig.write(twim0 + 0x020, 1)             // RESUME
        rig.write(twim0 + 0x014, 1)             // STOP
        rig.advance(by: 160)
        XCTAssertEqual(rig.read(twim0 + 0x104), 1)
        rig.write(twim0 + 0x508, 3)             // SCL on another pin: another bus
        rig.write(twim0 + 0x124, 0)
        rig.write(twim0 + 0x008, 1)
        rig.advance(by: 9 * 160)
        XCTAssertEqual(rig.read(twim0 + 0x124), 1, "nothing on P0.03/P0.14")
    }

    func testBusBoundByNameAndAddressClash() throws {
        let bound = DeviceDescription(name: "hts", type: "hts221", bus: "TWIM0", address: 0x5F)
        let rig = try ChipRig(devices: [bound])
        configure(rig, address: 0x5F, tx: [0x0F], rxCount: 1, shorts: 1 << 7 | 1 << 12)
        rig.write(twim0 + 0x008, 1)
        rig.advance(by: 37 * 160)
        XCTAssertEqual(rig.bus.readBytes(0x2000_0100, count: 1), [0xBC], "a chip bound to TWIM0 answers whatever the pins")
        XCTAssertThrowsError(try ChipRig(devices: [bound, DeviceDescription(name: "again", type: "hts221", bus: "TWIM0", address: 0x5F)])) {
            XCTAssertTrue("\($0)".contains("address 0x5F is taken"), "\($0)")
        }
        XCTAssertThrowsError(try ChipRig(devices: [DeviceDescription(name: "x", type: "hts221", bus: "i2c", parameters: ["sda": "P9.1"])])) {
            XCTAssertTrue("\($0)".contains("expected a pin like P0.22"), "\($0)")
        }
    }

    func testAddressOnlyWriteFiresLastTXAndStops() throws {
        let hs3003 = DeviceDescription(name: "rh", type: "hs3003", bus: "TWIM0", address: 0x44)
        let rig = try ChipRig(devices: [hs3003])
        configure(rig, address: 0x44, tx: [], rxCount: 0, shorts: 1 << 9)    // LASTTX_STOP
        rig.write(twim0 + 0x008, 1)
        rig.advance(by: 9 * 160)
        XCTAssertEqual(rig.read(twim0 + 0x160), 1, "LASTTX: the address was the last byte")
        rig.advance(by: 160)
        XCTAssertEqual(rig.read(twim0 + 0x104), 1, "STOPPED through the shortcut")
        XCTAssertEqual(rig.read(twim0 + 0x15C), 0, "no LASTRX")
    }

    func testLegacyTWIByteByByteWithByteBoundaryShortcuts() throws {
        let rig = try ChipRig(devices: [imu])
        powerSensors(rig)
        let twi0: UInt32 = 0x4000_3000
        rig.write(twi0 + 0x508, 15)
        rig.write(twi0 + 0x50C, 14)
        rig.write(twi0 + 0x524, 0x0198_0000)    // 100 kbps: 640 cycles a bit
        rig.write(twi0 + 0x500, 5)              // ENABLE TWI
        rig.write(twi0 + 0x588, 0x6B)
        rig.write(twi0 + 0x51C, 0x0F)           // TXD: register pointer
        rig.write(twi0 + 0x008, 1)              // STARTTX
        rig.advance(by: 18 * 640 - 1)
        XCTAssertEqual(rig.read(twi0 + 0x11C), 0)
        rig.advance(by: 1)
        XCTAssertEqual(rig.read(twi0 + 0x11C), 1, "TXDSENT after address and byte")
        rig.write(twi0 + 0x200, 1 << 1)         // BB_STOP: one byte
        rig.write(twi0 + 0x000, 1)              // STARTRX
        rig.advance(by: 18 * 640)
        XCTAssertEqual(rig.read(twi0 + 0x108), 1, "RXDREADY")
        XCTAssertEqual(rig.read(twi0 + 0x518), 0x68, "RXD: WHO_AM_I")
        XCTAssertEqual(rig.read(twi0 + 0x138), 1, "BB before the byte")
        rig.advance(by: 640)
        XCTAssertEqual(rig.read(twi0 + 0x104), 1, "STOPPED by BB_STOP")
    }
}
