import Platforms
import XCTest

/// Peripherals and devices are kept as raw entries until their models exist.
final class PeripheralAndDeviceEntryTests: XCTestCase {
    let withEntries = minimalBoard + """
        peripherals:
          - { name: uart0, type: nrf52-uarte, base: 0x40002000, size: 4K, irq: 2, parameters: { fifo: 8, mode: "8N1" } }
          - { name: i2c0, type: nrf52-twim, base: 0x40003000 }
        devices:
          - { name: imu, type: lsm9ds1, bus: i2c0, address: 0x6B, parameters: { sensor: accel.csv } }
          - { name: mic, type: pdm-mic }
        console: uart0

        """

    func testEntriesAreKeptWithTheirParameters() throws {
        let board = try PlatformCatalog.parse(yaml: withEntries, path: "board.yaml")
        XCTAssertEqual(board.peripherals, [
            PeripheralDescription(name: "uart0", type: "nrf52-uarte", base: 0x4000_2000, size: 4096, irq: 2, parameters: ["fifo": "8", "mode": "8N1"]),
            PeripheralDescription(name: "i2c0", type: "nrf52-twim", base: 0x4000_3000),
        ])
        XCTAssertEqual(board.devices, [
            DeviceDescription(name: "imu", type: "lsm9ds1", bus: "i2c0", address: 0x6B, parameters: ["sensor": "accel.csv"]),
            DeviceDescription(name: "mic", type: "pdm-mic"),
        ])
        XCTAssertEqual(board.console, "uart0")
    }

    func testIRQBeyondTheBoardsCount() {
        XCTAssertEqual(
            parseError(withEntries.replacingOccurrences(of: "irq: 2,", with: "irq: 48,")),
            "board.yaml:8: peripherals[0].irq: interrupt 48 is past the board's 48 interrupts (cpu.irqs)"
        )
    }

    func testConsoleMustNameAPeripheral() {
        XCTAssertEqual(
            parseError(withEntries.replacingOccurrences(of: "console: uart0", with: "console: uart9")),
            "board.yaml:13: console: no peripheral named 'uart9'"
        )
    }

    func testParameterValuesMustBeSingleValues() {
        XCTAssertEqual(
            parseError(withEntries.replacingOccurrences(of: "fifo: 8", with: "fifo: [8]")),
            "board.yaml:8: peripherals[0].parameters.fifo: expected a single value (a number, word or quoted text), found a list"
        )
    }

    func testMissingTypeAndUnknownKey() {
        XCTAssertEqual(
            parseError(withEntries.replacingOccurrences(of: "type: pdm-mic", with: "kind: pdm-mic")),
            "board.yaml:12: devices[1].kind: unknown key (expected one of: name, type, bus, address, parameters)"
        )
        XCTAssertEqual(
            parseError(withEntries.replacingOccurrences(of: "{ name: mic, type: pdm-mic }", with: "{ name: mic }")),
            "board.yaml:12: devices[1]: missing key 'type'"
        )
    }

    func testDuplicatePeripheralName() {
        XCTAssertEqual(
            parseError(withEntries.replacingOccurrences(of: "name: i2c0", with: "name: uart0")),
            "board.yaml:9: peripherals[1].name: duplicate name 'uart0' (also peripherals[0] at line 8)"
        )
    }
}
