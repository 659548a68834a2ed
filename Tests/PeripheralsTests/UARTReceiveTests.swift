import XCTest
import Emulation
@testable import Peripherals

/// UARTE reception by EasyDMA and the legacy UART0, fed by the console input one byte every
/// 10 bit times; transmissions reach the UART log.
final class UARTReceiveTests: XCTestCase {
    private let uarte0: UInt32 = 0x4000_2000
    private let uarte1: UInt32 = 0x4002_8000
    /// 10 bits at BAUDRATE 0x01D7E000 (115200): 2^32 / 0x01D7E000 ticks of 16 MHz per bit.
    private let byteCycles: UInt64 = {
        let ticks = (UInt64(10) << 32) / 0x01D7_E000
        return (ticks * 64_000_000 + 15_999_999) / 16_000_000
    }()

    private func rig() -> SystemPeripheralRig {
        SystemPeripheralRig(["UART0", "UARTE0", "UARTE1"])
    }

    func testUARTEFillsBuffersAtTheBaudRate() {
        let rig = rig()
        rig.input = Array("abcde".utf8)
        rig.write(uarte0 + 0x524, 0x01D7_E000)
        rig.write(uarte0 + 0x500, 8)
        rig.write(uarte0 + 0x534, 0x2000_0100)   // RXD.PTR
        rig.write(uarte0 + 0x538, 3)             // RXD.MAXCNT
        rig.write(uarte0 + 0x000, 1)             // STARTRX
        XCTAssertEqual(rig.read(uarte0 + 0x14C), 1, "RXSTARTED")
        rig.advance(by: byteCycles - 1)
        XCTAssertEqual(rig.read(uarte0 + 0x108), 0, "no byte before 10 bit times")
        rig.advance(by: 1)
        XCTAssertEqual(rig.read(uarte0 + 0x108), 1, "RXDRDY")
        rig.advance(by: 2 * byteCycles)
        XCTAssertEqual(rig.read(uarte0 + 0x110), 1, "ENDRX after MAXCNT bytes")
        XCTAssertEqual(rig.read(uarte0 + 0x53C), 3, "RXD.AMOUNT")
        XCTAssertEqual(rig.bus.readBytes(0x2000_0100, count: 3), Array("abc".utf8))
        rig.advance(by: 10 * byteCycles)
        XCTAssertEqual(rig.input, Array("de".utf8), "no buffer: the host waits, nothing is lost")

        rig.write(uarte0 + 0x110, 0)
        rig.write(uarte0 + 0x200, 1 << 5)        // ENDRX_STARTRX
        rig.write(uarte0 + 0x538, 1)
        rig.write(uarte0 + 0x000, 1)
        rig.advance(by: 2 * byteCycles)
        XCTAssertEqual(rig.bus.readBytes(0x2000_0100, count: 1), Array("e".utf8), "the shortcut restarted the same buffer")
        rig.advance(by: 5 * byteCycles)
        XCTAssertTrue(rig.input.isEmpty)
        rig.write(uarte0 + 0x110, 0)
        rig.write(uarte0 + 0x004, 1)             // STOPRX
        XCTAssertEqual(rig.read(uarte0 + 0x110), 1, "ENDRX for the buffer in progress")
        XCTAssertEqual(rig.read(uarte0 + 0x53C), 0, "with nothing in it")
        XCTAssertEqual(rig.read(uarte0 + 0x144), 1, "then RXTO")
    }

    func testOnlyTheConsoleUARTReceivesAndEveryUARTIsLogged() {
        let rig = rig()
        rig.input = Array("x".utf8)
        rig.write(uarte1 + 0x500, 8)
        rig.write(uarte1 + 0x534, 0x2000_0100)
        rig.write(uarte1 + 0x538, 1)
        rig.write(uarte1 + 0x000, 1)
        rig.advance(by: 100 * byteCycles)
        XCTAssertEqual(rig.read(uarte1 + 0x108), 0, "UARTE1's RX line is idle")
        XCTAssertEqual(rig.input.count, 1)

        rig.bus.writeBytes(0x2000_0200, Array("log".utf8))
        rig.write(uarte1 + 0x544, 0x2000_0200)   // TXD.PTR
        rig.write(uarte1 + 0x548, 3)
        rig.write(uarte1 + 0x008, 1)             // STARTTX
        rig.advance(by: 10 * byteCycles)
        XCTAssertEqual(rig.uartLog["UARTE1"], Array("log".utf8))
        XCTAssertTrue(rig.console.isEmpty, "UARTE1 is not the console")
    }

    func testLegacyUARTReceivesIntoItsFIFOAndSendsBytes() {
        let rig = rig()
        rig.input = Array("0123456789".utf8)
        rig.write(uarte0 + 0x524, 0x01D7_E000)
        rig.write(uarte0 + 0x500, 4)             // ENABLE: UART
        rig.write(uarte0 + 0x000, 1)             // STARTRX
        rig.advance(by: byteCycles)
        XCTAssertEqual(rig.read(uarte0 + 0x108), 1, "RXDRDY")
        rig.advance(by: 20 * byteCycles)
        XCTAssertEqual(rig.input.count, 4, "six bytes in the FIFO, the host waits")
        rig.write(uarte0 + 0x108, 0)
        XCTAssertEqual(rig.read(uarte0 + 0x518), UInt32(UInt8(ascii: "0")), "RXD")
        XCTAssertEqual(rig.read(uarte0 + 0x108), 1, "the next byte moved in")
        XCTAssertEqual(rig.read(uarte0 + 0x518), UInt32(UInt8(ascii: "1")))
        rig.advance(by: byteCycles)
        XCTAssertEqual(rig.input.count, 3, "room again: reception resumes")

        rig.write(uarte0 + 0x008, 1)             // STARTTX
        rig.write(uarte0 + 0x51C, UInt32(UInt8(ascii: "A")))
        rig.advance(by: byteCycles - 1)
        XCTAssertEqual(rig.read(uarte0 + 0x11C), 0)
        rig.advance(by: 1)
        XCTAssertEqual(rig.read(uarte0 + 0x11C), 1, "TXDRDY after 10 bit times")
        XCTAssertEqual(rig.console, Array("A".utf8), "UART0 shares the console's pins with UARTE0")
        XCTAssertEqual(rig.uartLog["UART0"], Array("A".utf8))
    }
}
