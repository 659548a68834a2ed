import XCTest
import Emulation
@testable import Peripherals

/// WDT: timeout at CRV + 1 ticks of 32.768 kHz, reload requests, locked configuration, the
/// reset (delayed two ticks when the interrupt is on), and the pause while the CPU sleeps.
final class WDTTests: XCTestCase {
    private let wdt: UInt32 = 0x4001_0000
    private let power: UInt32 = 0x4000_0000
    /// CPU cycles for `ticks` of 32.768 kHz at 64 MHz, rounded up as the model schedules.
    private func cycles(_ ticks: UInt64) -> UInt64 { (ticks * 64_000_000 + 32_767) / 32_768 }

    func testTimeoutResetsAtOnceWithoutTheInterrupt() {
        let rig = SystemPeripheralRig(["WDT", "CLOCK", "POWER"])
        rig.write(wdt + 0x504, 327)              // CRV: 328 ticks, about 10 ms
        rig.write(wdt + 0x000, 1)
        XCTAssertEqual(rig.read(wdt + 0x400), 1, "RUNSTATUS")
        rig.advance(to: cycles(328) - 1)
        XCTAssertTrue(rig.resets.isEmpty)
        rig.advance(to: cycles(328))
        XCTAssertEqual(rig.read(wdt + 0x100), 1, "TIMEOUT")
        XCTAssertEqual(rig.resets, [.watchdog], "reset at the timeout")
        rig.chip.reset(reason: .watchdog)
        XCTAssertEqual(rig.read(power + 0x400), 2, "RESETREAS.DOG")
        XCTAssertEqual(rig.read(wdt + 0x400), 0, "the watchdog stops with the reset")
        rig.write(power + 0x51C, 0xB1)           // GPREGRET
        rig.chip.reset(reason: .softReset)
        XCTAssertEqual(rig.read(power + 0x400), 6, "RESETREAS accumulates until cleared")
        XCTAssertEqual(rig.read(power + 0x51C), 0xB1, "GPREGRET is retained through a soft reset")
        rig.chip.reset(reason: .watchdog)
        XCTAssertEqual(rig.read(power + 0x51C), 0, "not through a watchdog reset")
        rig.write(power + 0x400, 6)
        XCTAssertEqual(rig.read(power + 0x400), 0)
    }

    func testInterruptDelaysTheResetByTwoTicks() {
        let rig = SystemPeripheralRig(["WDT"])
        rig.write(wdt + 0x504, 99)
        rig.write(wdt + 0x304, 1)                // INTENSET TIMEOUT
        rig.write(wdt + 0x000, 1)
        rig.advance(to: cycles(100))
        XCTAssertEqual(rig.lines[16], true, "WDT IRQ 16")
        XCTAssertTrue(rig.resets.isEmpty, "the handler gets two 32.768 kHz ticks")
        rig.write(wdt + 0x100, 0)
        rig.advance(to: cycles(100) + cycles(2))
        XCTAssertEqual(rig.resets, [.watchdog], "clearing the event does not stop the reset")
    }

    func testReloadNeedsEveryEnabledRegisterAndConfigurationLocks() {
        let rig = SystemPeripheralRig(["WDT"])
        rig.write(wdt + 0x504, 99)
        rig.write(wdt + 0x508, 0b101)            // RREN: RR[0] and RR[2]
        rig.write(wdt + 0x000, 1)
        XCTAssertEqual(rig.read(wdt + 0x404), 0b101, "REQSTATUS")
        rig.write(wdt + 0x504, 5)
        rig.write(wdt + 0x508, 1)
        XCTAssertEqual(rig.read(wdt + 0x504), 99, "CRV locked")
        XCTAssertEqual(rig.read(wdt + 0x508), 0b101, "RREN locked")
        rig.advance(to: cycles(50))
        rig.write(wdt + 0x600, 0x6E52_4635)      // RR[0]
        rig.write(wdt + 0x604, 0x6E52_4635)      // RR[1]: not enabled, ignored
        XCTAssertEqual(rig.read(wdt + 0x404), 0b100)
        rig.write(wdt + 0x608, 0x1234)           // wrong key
        XCTAssertEqual(rig.read(wdt + 0x404), 0b100)
        rig.write(wdt + 0x608, 0x6E52_4635)      // RR[2]: reload
        XCTAssertEqual(rig.read(wdt + 0x404), 0b101, "all requested: reloaded, REQSTATUS again")
        rig.advance(to: cycles(50) + cycles(100) - 1)
        XCTAssertEqual(rig.read(wdt + 0x100), 0, "the reload postponed the timeout")
        rig.advance(to: cycles(50) + cycles(100))
        XCTAssertEqual(rig.read(wdt + 0x100), 1)
    }

    func testPausesWhileTheCPUSleepsWhenConfigured() {
        let rig = SystemPeripheralRig(["WDT"])
        rig.write(wdt + 0x504, 99)
        rig.write(wdt + 0x50C, 0)                // CONFIG: pause in sleep
        rig.write(wdt + 0x000, 1)
        rig.advance(to: cycles(40))
        rig.context.system.cpuSleepChanged(asleep: true, at: rig.cycle)
        XCTAssertNil(rig.scheduler.nextDeadline, "a paused watchdog wakes nothing")
        rig.advance(to: cycles(1000))
        rig.context.system.cpuSleepChanged(asleep: false, at: rig.cycle)
        rig.advance(to: cycles(1000) + cycles(100) - cycles(40) - 1)
        XCTAssertEqual(rig.read(wdt + 0x100), 0)
        rig.advance(to: cycles(1000) + cycles(100) - cycles(40) + 1)
        XCTAssertEqual(rig.read(wdt + 0x100), 1, "timed out after 100 ticks awake")
    }
}
