import XCTest
@testable import Peripherals

/// The register table generated from the nRF52840 SVD: every peripheral, derived ones sharing
/// their parent's layout, names and reset values as the SVD gives them.
final class RegisterTableTests: XCTestCase {
    func testPeripheralsAndRegistersComeFromTheSVD() throws {
        let timer1 = try XCTUnwrap(NRF52840RegisterTable.peripheral("TIMER1"))
        XCTAssertEqual(timer1.base, 0x4000_9000)
        XCTAssertEqual(timer1.irq, 9)
        let prescaler = try XCTUnwrap(timer1.layout.registers.first { $0.name == "PRESCALER" })
        XCTAssertEqual(prescaler.offset, 0x510)
        XCTAssertEqual(prescaler.reset, 4)
        XCTAssertEqual(timer1.layout.registers.filter { $0.name.hasPrefix("CC[") }.count, 6, "TIMER1 is derived from TIMER0: six CC registers")
        let uarte = try XCTUnwrap(NRF52840RegisterTable.peripheral("UARTE0"))
        XCTAssertEqual(uarte.layout.registers.first { $0.name == "PSEL.TXD" }?.offset, 0x50C, "clusters are flattened")
        XCTAssertEqual(uarte.layout.registers.first { $0.name == "TXD.AMOUNT" }?.access, .readOnly)
        XCTAssertEqual(uarte.layout.registers.first { $0.name == "TASKS_STARTTX" }?.access, .writeOnly)
        XCTAssertEqual(NRF52840RegisterTable.peripheral("FICR")?.layout.registers.first { $0.name == "INFO.PART" }?.reset, 0x52840)
        XCTAssertGreaterThan(NRF52840RegisterTable.peripherals.count, 80)
    }
}
