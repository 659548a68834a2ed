/// CLOCK: starting the high- and low-frequency clocks. The emulated core always runs at the
/// board's clock; what firmware sees is the start-up handshake: the STARTED event after the
/// crystal's start-up time, and the RUN/STAT registers.
final class Clock: NordicPeripheral {
    /// HFXO start-up (~360 µs typical) and LFXO start-up (~250 ms typical; LFRC ~600 µs).
    private static let highFrequencyStartup: UInt64 = 360
    private static let lowFrequencyStartupCrystal: UInt64 = 250_000
    private static let lowFrequencyStartupRC: UInt64 = 600
    private var hfEvent = 0, lfEvent = 0

    init(layout: PeripheralLayout, context: PeripheralContext) {
        super.init(name: layout.name, base: layout.base, irq: layout.irq, layout: layout.layout, context: context)
        // The status registers are read-only for firmware; the model sets them.
        storage("LFCLKSRC", "HFXODEBOUNCE", "LFRCMODE", "TRACECONFIG", "CTIV",
                "HFCLKRUN", "HFCLKSTAT", "LFCLKRUN", "LFCLKSTAT", "LFCLKSRCCOPY")
        hfEvent = context.scheduler.register { [unowned self] _ in
            self["HFCLKSTAT"] = 1 | (1 << 16)  // SRC = Xtal, STATE = running
            self.fire("EVENTS_HFCLKSTARTED")
        }
        lfEvent = context.scheduler.register { [unowned self] _ in
            let source = self["LFCLKSRCCOPY"] & 3
            self["LFCLKSTAT"] = source | (1 << 16)
            self.fire("EVENTS_LFCLKSTARTED")
        }
        task("TASKS_HFCLKSTART") { [unowned self] in
            self["HFCLKRUN"] = 1
            context.scheduler.schedule(self.hfEvent, at: context.now() + context.cycles(ticks: Clock.highFrequencyStartup, hz: 1_000_000))
        }
        task("TASKS_HFCLKSTOP") { [unowned self] in
            self["HFCLKRUN"] = 0
            self["HFCLKSTAT"] = 0  // back on the internal RC oscillator
        }
        task("TASKS_LFCLKSTART") { [unowned self] in
            self["LFCLKRUN"] = 1
            let source = self["LFCLKSRC"] & 3
            self["LFCLKSRCCOPY"] = source
            let startup = source == 1 ? Clock.lowFrequencyStartupCrystal : Clock.lowFrequencyStartupRC
            context.scheduler.schedule(self.lfEvent, at: context.now() + context.cycles(ticks: startup, hz: 1_000_000))
        }
        task("TASKS_LFCLKSTOP") { [unowned self] in
            self["LFCLKRUN"] = 0
            self["LFCLKSTAT"] = 0
        }
        task("TASKS_CAL") { [unowned self] in self.fire("EVENTS_DONE") }
    }
}
