import XCTest
import Emulation
@testable import Peripherals
import Platforms

/// GPIO ports, GPIOTE, PPI and EGU on a bare bus with a hand-driven clock.
final class GPIOTests: XCTestCase {
    private final class Rig: PinObserver {
        let bus = Bus()
        let scheduler = EventScheduler()
        var cycle: UInt64 = 0
        var lines: [Int: Bool] = [:]
        var notes: [String] = []
        var changes: [(pin: GPIOPin, level: PinLevel, cycle: UInt64)] = []
        lazy var log = MMIOLog { [unowned self] in self.notes.append($0) }
        lazy var context = PeripheralContext(scheduler: scheduler, clockHz: 64_000_000, now: { [unowned self] in self.cycle },
                                             bus: bus, log: log, setLine: { [unowned self] irq, high in self.lines[irq] = high })
        lazy var chip: NRF52840Peripherals = {
            let names = ["GPIOTE", "TIMER0", "RTC0", "RADIO", "EGU0", "SWI0", "EGU1", "SWI1", "PPI", "P0", "P1"]
            let descriptions = names.compactMap { NRF52840RegisterTable.peripheral($0) }.map { PeripheralDescriptionStub.make($0) }
            let chip = try! NRF52840Peripherals(descriptions: descriptions, console: nil, bus: bus, context: context, consoleOutput: { _ in })
            chip.context.pins.observe(self)
            return chip
        }()

        func pinChanged(_ pin: GPIOPin, to level: PinLevel, atCycle cycle: UInt64) {
            changes.append((pin, level, cycle))
        }

        func write(_ address: UInt32, _ value: UInt32) { XCTAssertTrue(bus.write(address, size: 4, value: value)) }
        func read(_ address: UInt32) -> UInt32 { bus.read(address, size: 4) ?? 0xDEAD_BEEF }
        func level(_ port: Int, _ number: Int) -> PinLevel { chip.context.pins.level(of: GPIOPin(port: port, number: number)) }
        func advance(to target: UInt64) {
            while let next = scheduler.nextDeadline, next <= target {
                cycle = next
                scheduler.fireDue(now: next)
            }
            cycle = target
        }
    }

    private let p0: UInt32 = 0x5000_0000, p1: UInt32 = 0x5000_0300
    private let gpiote: UInt32 = 0x4000_6000, ppi: UInt32 = 0x4001_F000, timer0: UInt32 = 0x4000_8000
    private let egu0: UInt32 = 0x4001_4000, egu1: UInt32 = 0x4001_5000
    // Register offsets.
    private let out: UInt32 = 0x504, outset: UInt32 = 0x508, outclr: UInt32 = 0x50C, inRegister: UInt32 = 0x510
    private let dir: UInt32 = 0x514, dirset: UInt32 = 0x518, dirclr: UInt32 = 0x51C, latch: UInt32 = 0x520, detectmode: UInt32 = 0x524
    private func pinCnf(_ n: UInt32) -> UInt32 { 0x700 + 4 * n }
    private func config(_ n: UInt32) -> UInt32 { 0x510 + 4 * n }

    // MARK: GPIO

    func testOutputLatchAndTheTwoViewsOfDirection() {
        let rig = Rig()
        _ = rig.chip
        rig.write(p0 + out, 0x1234)
        rig.write(p0 + outset, 1 << 16)
        rig.write(p0 + outclr, 0x4)
        XCTAssertEqual(rig.read(p0 + out), 0x11230)
        XCTAssertEqual(rig.read(p0 + outset), 0x11230, "OUTSET reads OUT")
        rig.write(p0 + dirset, 1 << 13)
        XCTAssertEqual(rig.read(p0 + pinCnf(13)), 0x3, "DIRSET sets PIN_CNF[13].DIR (INPUT stays disconnected)")
        rig.write(p0 + pinCnf(5), 1)
        XCTAssertEqual(rig.read(p0 + dir), 1 << 13 | 1 << 5, "PIN_CNF.DIR shows in DIR")
        rig.write(p0 + dirclr, 1 << 13)
        XCTAssertEqual(rig.read(p0 + dirclr), 1 << 5, "DIRCLR reads DIR")
        XCTAssertEqual(rig.read(p0 + pinCnf(13)), 0x2)
        XCTAssertEqual(rig.level(0, 5), .driven(true), "P0.05: an output, OUT bit 5 set")
        XCTAssertEqual(rig.level(0, 13), .floating, "P0.13 back to a floating input")
    }

    func testINReadsThroughTheInputBufferAndButtonsDriveInputs() {
        let rig = Rig()
        _ = rig.chip
        rig.write(p0 + pinCnf(3), 3 << 2)     // input, connected, pull-up
        XCTAssertEqual(rig.read(p0 + inRegister), 1 << 3)
        XCTAssertEqual(rig.level(0, 3), .pulled(true))
        rig.chip.context.pins.drive(GPIOPin(port: 0, number: 3), high: false)
        XCTAssertEqual(rig.read(p0 + inRegister), 0, "a button holds it low against the pull-up")
        rig.chip.context.pins.drive(GPIOPin(port: 0, number: 3), high: nil)
        XCTAssertEqual(rig.read(p0 + inRegister), 1 << 3, "released: pulled up again")
        rig.write(p0 + pinCnf(3), 3 << 2 | 2)  // buffer disconnected
        XCTAssertEqual(rig.read(p0 + inRegister), 0, "a disconnected buffer reads 0")
        rig.write(p0 + pinCnf(9), 1)           // output, connected
        rig.write(p0 + outset, 1 << 9)
        XCTAssertEqual(rig.read(p0 + inRegister), 1 << 9, "an output reads itself")
        rig.write(p0 + pinCnf(9), 1 | 3 << 2 | 6 << 8)   // S0D1, pull-up: a 1 is released
        XCTAssertEqual(rig.level(0, 9), .pulled(true))
        rig.write(p0 + outclr, 1 << 9)
        XCTAssertEqual(rig.level(0, 9), .driven(false), "S0D1 drives a 0")
    }

    func testChangesArePublishedOnceWithTheirCycle() {
        let rig = Rig()
        _ = rig.chip
        rig.cycle = 100
        rig.write(p0 + dirset, 1 << 13)
        rig.cycle = 200
        rig.write(p0 + outset, 1 << 13)
        rig.write(p0 + outset, 1 << 13)        // no change: nothing published
        rig.cycle = 300
        rig.write(p0 + dirclr, 1 << 13)
        XCTAssertEqual(rig.changes.map(\.pin.description), ["P0.13", "P0.13", "P0.13"])
        XCTAssertEqual(rig.changes.map(\.level), [.driven(false), .driven(true), .floating])
        XCTAssertEqual(rig.changes.map(\.cycle), [100, 200, 300])
    }

    func testP1HasSixteenPinsWithRegistersAfterP0s() {
        let rig = Rig()
        _ = rig.chip
        rig.write(p0 + out, 0xFFFF_FFFF)
        rig.write(p1 + out, 0xFFFF_FFFF)
        XCTAssertEqual(rig.read(p0 + out), 0xFFFF_FFFF, "P0.OUT at 0x50000504")
        XCTAssertEqual(rig.read(p1 + out), 0xFFFF, "P1.OUT at 0x50000804, 16 bits")
        rig.write(p1 + pinCnf(9), 1)
        XCTAssertEqual(rig.level(1, 9), .driven(true))
        XCTAssertEqual(rig.level(0, 9), .floating, "P0.09 untouched")
        let pins = rig.chip.context.pins
        XCTAssertTrue(pins.exists(GPIOPin(port: 1, number: 15)))
        XCTAssertFalse(pins.exists(GPIOPin(port: 1, number: 16)))
        XCTAssertEqual(pins.all.count, 48)
    }

    func testSenseLatchesAndLDETECTPulsesOnAClearThatLeavesBits() {
        let rig = Rig()
        _ = rig.chip
        rig.write(gpiote + 0x17C, 0)
        rig.write(p0 + detectmode, 1)          // LDETECT
        rig.write(p0 + pinCnf(7), 1 << 2 | 3 << 16)   // pull-down, SENSE low: met at once
        XCTAssertEqual(rig.read(p0 + latch), 1 << 7)
        XCTAssertEqual(rig.read(gpiote + 0x17C), 1, "PORT on DETECT rising")
        rig.write(gpiote + 0x17C, 0)
        rig.write(p0 + latch, 1 << 7)
        XCTAssertEqual(rig.read(p0 + latch), 1 << 7, "still low: latched again")
        XCTAssertEqual(rig.read(gpiote + 0x17C), 1, "a clear that leaves LATCH set is a new DETECT edge")
        rig.write(p0 + pinCnf(7), 1 << 2)      // SENSE off
        rig.write(p0 + latch, 0xFFFF_FFFF)
        XCTAssertEqual(rig.read(p0 + latch), 0)
    }

    func testSystemResetFloatsThePinsAndReleasesGPIOTE() {
        let rig = Rig()
        _ = rig.chip
        rig.write(p0 + pinCnf(5), 1)
        rig.write(p0 + outset, 1 << 5)
        rig.write(gpiote + config(0), 3 | 13 << 8 | 1 << 20)   // task, P0.13, OUTINIT 1
        rig.chip.context.pins.drive(GPIOPin(port: 0, number: 2), high: true)
        rig.changes = []
        rig.cycle = 500
        rig.chip.reset()
        XCTAssertEqual(rig.level(0, 5), .floating)
        XCTAssertEqual(rig.level(0, 13), .floating, "GPIOTE lets go")
        XCTAssertEqual(rig.level(0, 2), .external(true), "a button is still held")
        XCTAssertEqual(rig.read(gpiote + config(0)), 0)
        XCTAssertEqual(Set(rig.changes.map(\.pin.description)), ["P0.05", "P0.13"])
        XCTAssertEqual(Set(rig.changes.map(\.cycle)), [500])
    }

    // MARK: GPIOTE

    func testTaskModeDrivesThePinWhateverGPIOSaysAndGivesItBack() {
        let rig = Rig()
        _ = rig.chip
        rig.write(gpiote + config(0), 3 | 13 << 8 | 3 << 16 | 1 << 20)   // task, P0.13, toggle, OUTINIT 1
        XCTAssertEqual(rig.read(gpiote + config(0)), 3 | 13 << 8 | 3 << 16 | 1 << 20)
        XCTAssertEqual(rig.level(0, 13), .driven(true), "OUTINIT")
        rig.write(gpiote + 0x000, 1)          // TASKS_OUT[0]
        XCTAssertEqual(rig.level(0, 13), .driven(false))
        rig.write(p0 + dirset, 1 << 13)
        rig.write(p0 + outset, 1 << 13)
        XCTAssertEqual(rig.level(0, 13), .driven(false), "GPIO writes do not reach a GPIOTE pin")
        rig.write(gpiote + 0x030, 1)          // TASKS_SET[0]
        XCTAssertEqual(rig.level(0, 13), .driven(true))
        rig.write(gpiote + 0x060, 1)          // TASKS_CLR[0]
        XCTAssertEqual(rig.level(0, 13), .driven(false))
        rig.write(gpiote + config(0), 0)
        XCTAssertEqual(rig.level(0, 13), .driven(true), "released: OUT/DIR drive it again")
        rig.write(gpiote + config(1), 3 | 1 << 13 | 9 << 8 | 1 << 16)    // task, P1.09, LoToHi
        rig.write(gpiote + 0x004, 1)          // TASKS_OUT[1]
        XCTAssertEqual(rig.level(1, 9), .driven(true), "PORT selects P1")
    }

    func testEventModeFiresOnTheConfiguredEdgeWithItsInterrupt() {
        let rig = Rig()
        _ = rig.chip
        let pin = GPIOPin(port: 0, number: 8)
        rig.chip.context.pins.drive(pin, high: false)
        rig.write(gpiote + config(2), 1 | 8 << 8 | 2 << 16)   // event, P0.08, HiToLo
        rig.write(gpiote + 0x304, 1 << 2)                     // INTENSET IN[2]
        rig.chip.context.pins.drive(pin, high: true)
        XCTAssertEqual(rig.read(gpiote + 0x108), 0, "rising edge: not for HiToLo")
        rig.chip.context.pins.drive(pin, high: false)
        XCTAssertEqual(rig.read(gpiote + 0x108), 1, "falling edge: IN[2]")
        XCTAssertEqual(rig.lines[6], true, "GPIOTE IRQ")
        rig.write(gpiote + 0x108, 0)
        XCTAssertEqual(rig.lines[6], false)
        rig.write(p0 + pinCnf(8), 1)          // GPIO makes it an output: event mode keeps it an input
        XCTAssertEqual(rig.level(0, 8), .external(false))
    }

    // MARK: PPI

    func testTimerCompareTogglesAPinThroughThePPIAtTheExactCycle() {
        let rig = Rig()
        _ = rig.chip
        rig.write(gpiote + config(0), 3 | 13 << 8 | 3 << 16)   // task, P0.13, toggle
        rig.write(gpiote + config(1), 3 | 24 << 8 | 3 << 16)   // task, P0.24, toggle
        rig.write(ppi + 0x510, timer0 + 0x140)  // CH[0].EEP = TIMER0 COMPARE[0]
        rig.write(ppi + 0x514, gpiote + 0x000)  // CH[0].TEP = GPIOTE OUT[0]
        rig.write(ppi + 0x910, gpiote + 0x004)  // FORK[0].TEP = GPIOTE OUT[1]
        rig.write(ppi + 0x504, 1)               // CHENSET
        XCTAssertEqual(rig.read(ppi + 0x500), 1)
        rig.write(timer0 + 0x508, 3)            // 32-bit
        rig.write(timer0 + 0x510, 4)            // 1 MHz
        rig.write(timer0 + 0x540, 1000)         // CC[0]: 1 ms
        rig.write(timer0 + 0x200, 1)            // COMPARE0 -> CLEAR
        rig.write(timer0 + 0x304, 1 << 16)      // INTENSET COMPARE0: the compare is scheduled
        rig.changes = []
        rig.write(timer0 + 0x000, 1)            // START at cycle 0
        rig.advance(to: 64_000 * 4)
        let toggles = rig.changes.filter { $0.pin == GPIOPin(port: 0, number: 13) }
        XCTAssertEqual(toggles.map(\.cycle), [64_000, 128_000, 192_000, 256_000])
        XCTAssertEqual(toggles.map(\.level), [.driven(true), .driven(false), .driven(true), .driven(false)])
        XCTAssertEqual(rig.changes.filter { $0.pin == GPIOPin(port: 0, number: 24) }.count, 4, "the fork toggles P0.24 too")
    }

    func testGroupsEnableAndDisableTheirChannels() {
        let rig = Rig()
        _ = rig.chip
        rig.write(ppi + 0x800 + 4 * 2, 0b1010)  // CHG[2] = channels 1 and 3
        rig.write(ppi + 0x504, 0b0001)          // CHENSET channel 0
        rig.write(ppi + 0x000 + 8 * 2, 1)       // TASKS_CHG[2].EN
        XCTAssertEqual(rig.read(ppi + 0x500), 0b1011)
        rig.write(ppi + 0x004 + 8 * 2, 1)       // TASKS_CHG[2].DIS
        XCTAssertEqual(rig.read(ppi + 0x500), 0b0001)
        rig.write(ppi + 0x508, 0b0001)          // CHENCLR
        XCTAssertEqual(rig.read(ppi + 0x508), 0, "CHENCLR reads CHEN")
        // A PPI channel can trigger a group task: EGU0 TRIGGERED[0] -> CHG[2].EN.
        rig.write(ppi + 0x510, egu0 + 0x100)
        rig.write(ppi + 0x514, ppi + 0x000 + 8 * 2)
        rig.write(ppi + 0x504, 1)
        rig.write(egu0 + 0x000, 1)              // EGU0 TASKS_TRIGGER[0]
        XCTAssertEqual(rig.read(ppi + 0x500), 0b1011)
    }

    func testFixedChannelsUseTheProductSpecificationsEndPoints() {
        XCTAssertEqual(PPI.fixedChannels.count, 12)
        XCTAssertEqual(PPI.fixedChannels[0].event, 0x4000_8140, "20: TIMER0 COMPARE[0]")
        XCTAssertEqual(PPI.fixedChannels[0].task, 0x4000_1000, "20: RADIO TXEN")
        XCTAssertEqual(PPI.fixedChannels[11].event, 0x4000_B140, "31: RTC0 COMPARE[0]")
        XCTAssertEqual(PPI.fixedChannels[11].task, 0x4000_8000, "31: TIMER0 START")

        let rig = Rig()
        _ = rig.chip
        rig.write(timer0 + 0x510, 4)                   // TIMER0 at 1 MHz, not started
        rig.write(0x4000_B000 + 0x540, 32)             // RTC0 CC[0]: 32 ticks of 32768 Hz
        rig.write(0x4000_B000 + 0x344, 1 << 16)        // EVTENSET COMPARE0
        rig.write(ppi + 0x504, 1 << 31)                // channel 31: RTC0 COMPARE[0] -> TIMER0 START
        rig.write(0x4000_B000 + 0x000, 1)              // RTC0 START at cycle 0
        rig.advance(to: 62_500)                        // the compare: 32/32768 s = 62,500 cycles
        rig.write(timer0 + 0x040, 1)                   // CAPTURE[0]
        XCTAssertEqual(rig.read(timer0 + 0x540), 0, "TIMER0 started at the compare")
        rig.advance(to: 62_500 + 640)
        rig.write(timer0 + 0x040, 1)
        XCTAssertEqual(rig.read(timer0 + 0x540), 10, "10 µs later: 10 ticks")
    }

    func testChannelsTriggeringEachOtherEndlesslyAreCutAndNoted() {
        let rig = Rig()
        _ = rig.chip
        rig.write(ppi + 0x510, egu0 + 0x100)    // EGU0 TRIGGERED[0] -> EGU0 TRIGGER[0]
        rig.write(ppi + 0x514, egu0 + 0x000)
        rig.write(ppi + 0x504, 1)
        rig.write(egu0 + 0x000, 1)
        XCTAssertEqual(rig.notes.filter { $0.hasPrefix("PPI: more than") }.count, 1, "\(rig.notes)")
        rig.write(ppi + 0x514, 0x6000_0000)     // a task address that is not on the bus
        rig.write(ppi + 0x510, egu1 + 0x100)
        rig.write(egu1 + 0x000, 1)
        XCTAssertTrue(rig.notes.contains("PPI: channel 0 task address 0x60000000 is not on the bus"), "\(rig.notes)")
    }

    // MARK: EGU

    func testTriggerSetsTheEventAndTheSharedSWIInterrupt() {
        let rig = Rig()
        _ = rig.chip
        rig.write(egu1 + 0x304, 1 << 15)        // INTENSET TRIGGERED[15]
        rig.write(egu1 + 0x03C, 1)              // TASKS_TRIGGER[15]
        XCTAssertEqual(rig.read(egu1 + 0x13C), 1)
        XCTAssertEqual(rig.lines[21], true, "SWI1_EGU1 IRQ")
        rig.write(egu1 + 0x13C, 0)
        XCTAssertEqual(rig.lines[21], false)
        rig.write(egu0 + 0x000, 1)              // TASKS_TRIGGER[0], not SWI0.UNUSED
        XCTAssertEqual(rig.read(egu0 + 0x100), 1)
        XCTAssertNotEqual(rig.lines[20], true, "not enabled in INTEN")
        XCTAssertTrue(rig.notes.isEmpty, "\(rig.notes)")
    }
}
