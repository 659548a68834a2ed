import XCTest
import Emulation
@testable import Peripherals
import Platforms

/// The Nordic register conventions, TIMER and RTC timing in virtual time, and shared windows,
/// on a bare bus with a hand-driven clock.
final class NordicPeripheralTests: XCTestCase {
    private final class Rig {
        let bus = Bus()
        let scheduler = EventScheduler()
        var cycle: UInt64 = 0
        var lines: [Int: Bool] = [:]
        var notes: [String] = []
        lazy var log = MMIOLog { [unowned self] in self.notes.append($0) }
        lazy var context = PeripheralContext(scheduler: scheduler, clockHz: 64_000_000, now: { [unowned self] in self.cycle },
                                             bus: bus, log: log, setLine: { [unowned self] irq, high in self.lines[irq] = high })
        lazy var chip: NRF52840Peripherals = {
            let names = ["CLOCK", "POWER", "TIMER0", "RTC0", "UART0", "UARTE0", "RADIO"]
            let descriptions = names.compactMap { NRF52840RegisterTable.peripheral($0) }.map {
                PeripheralDescriptionStub.make($0)
            }
            return try! NRF52840Peripherals(descriptions: descriptions, console: "UARTE0", bus: bus, context: context,
                                            consoleOutput: { [unowned self] in self.output += $0 })
        }()
        var output: [UInt8] = []

        func write(_ address: UInt32, _ value: UInt32) { XCTAssertTrue(bus.write(address, size: 4, value: value)) }
        func read(_ address: UInt32) -> UInt32 { bus.read(address, size: 4) ?? 0xDEAD_BEEF }
        /// Lets virtual time pass, firing due events.
        func advance(to target: UInt64) {
            while let next = scheduler.nextDeadline, next <= target {
                cycle = next
                scheduler.fireDue(now: next)
            }
            cycle = target
        }
    }

    private let timer0: UInt32 = 0x4000_8000
    private let rtc0: UInt32 = 0x4000_B000

    func testTimerCompareFiresAtTheExactCycleAndShortcutClears() {
        let rig = Rig()
        _ = rig.chip
        rig.write(timer0 + 0x508, 3)          // BITMODE 32
        rig.write(timer0 + 0x510, 4)          // PRESCALER: 1 MHz = 64 cycles a tick
        rig.write(timer0 + 0x540, 100)        // CC[0]
        rig.write(timer0 + 0x200, 1)          // SHORTS: COMPARE0_CLEAR
        rig.write(timer0 + 0x304, 1 << 16)    // INTENSET COMPARE0
        XCTAssertEqual(rig.read(timer0 + 0x304), 1 << 16, "INTENSET reads the enabled set")
        rig.write(timer0 + 0x000, 1)          // START
        rig.advance(to: 6_399)
        XCTAssertEqual(rig.read(timer0 + 0x140), 0, "not yet at tick 100")
        XCTAssertNotEqual(rig.lines[8], true)
        rig.advance(to: 6_400)
        XCTAssertEqual(rig.read(timer0 + 0x140), 1, "COMPARE[0] at cycle 6400 exactly")
        XCTAssertEqual(rig.lines[8], true, "TIMER0 IRQ line high")
        rig.write(timer0 + 0x140, 0)          // clear the event
        XCTAssertEqual(rig.lines[8], false, "line follows the event")
        rig.write(timer0 + 0x044, 1)          // CAPTURE[1]
        XCTAssertEqual(rig.read(timer0 + 0x544), 0, "the shortcut cleared the counter at the compare")
        rig.advance(to: 12_800)
        XCTAssertEqual(rig.read(timer0 + 0x140), 1, "again 100 ticks later")
        rig.write(timer0 + 0x308, 1 << 16)    // INTENCLR
        XCTAssertEqual(rig.lines[8], false, "disabling the interrupt drops the line")
    }

    func testRTCCompareNeedsEnablingAndCountsAt32768Hz() {
        let rig = Rig()
        _ = rig.chip
        rig.write(rtc0 + 0x540, 32_768)       // CC[0]: one second
        rig.write(rtc0 + 0x000, 1)            // START
        rig.advance(to: 64_000_000)
        XCTAssertEqual(rig.read(rtc0 + 0x140), 0, "COMPARE events exist only when enabled (EVTEN/INTEN)")
        XCTAssertEqual(rig.read(rtc0 + 0x504), 32_768, "COUNTER after one second")
        rig.write(rtc0 + 0x344, 1 << 16)      // EVTENSET COMPARE0
        rig.advance(to: 128_000_000)
        XCTAssertEqual(rig.read(rtc0 + 0x140), 0, "next match is a whole 2^24-tick wrap away")
        rig.write(rtc0 + 0x540, 98_304)       // three seconds
        rig.advance(to: 191_999_999)
        XCTAssertEqual(rig.read(rtc0 + 0x140), 0)
        rig.advance(to: 192_000_000)
        XCTAssertEqual(rig.read(rtc0 + 0x140), 1, "COMPARE[0] at 3 s exactly")
        XCTAssertNotEqual(rig.lines[11], true, "EVTEN alone raises no interrupt")
    }

    func testSharedWindowRoutesByEnableAndUnmodelledAccessesAreNotedOnce() {
        let rig = Rig()
        _ = rig.chip
        rig.write(0x4000_2524, 0x01D7_E000)   // BAUDRATE before ENABLE: both UART0 and UARTE0 have it
        rig.write(0x4000_2500, 8)             // ENABLE = UARTE
        XCTAssertEqual(rig.read(0x4000_2524), 0x01D7_E000)
        _ = rig.read(0x4000_1000 + 0x550)     // RADIO.STATE: known, not modelled
        _ = rig.read(0x4000_1000 + 0x550)
        XCTAssertEqual(rig.notes.filter { $0.hasPrefix("RADIO.STATE") }.count, 1, "noted once: \(rig.notes)")
        XCTAssertEqual(rig.read(0x4000_0000 + 0x518), 0, "CLOCK.LFCLKSRC through the CLOCK/POWER window")
        rig.write(0x4000_0000 + 0x51C, 0x42)  // POWER.GPREGRET
        XCTAssertEqual(rig.read(0x4000_0000 + 0x51C), 0x42)
    }
}

enum PeripheralDescriptionStub {
    static func make(_ layout: PeripheralLayout) -> PeripheralDescription {
        PeripheralDescription(name: layout.name, type: "nrf52840", base: layout.base, irq: layout.irq)
    }
}
