/// Random number generator: while started, a new byte appears in VALUE with a VALRDY event at a
/// steady rate, 30 µs a byte raw and 120 µs with bias correction (CONFIG.DERCEN), the typical
/// figures of the Product Specification (silicon varies from byte to byte; here the rate is
/// fixed so runs repeat). The bytes are a pure function of the run's `--seed` and their index
/// (SplitMix64), so the same seed gives the same sequence. SHORTS VALRDY_STOP stops after one.
final class RNG: NordicPeripheral {
    static let rawMicroseconds: UInt64 = 30
    static let biasCorrectedMicroseconds: UInt64 = 120
    private var running = false
    private var produced: UInt64 = 0
    private var nextValue = 0

    init(layout: PeripheralLayout, context: PeripheralContext) {
        super.init(name: layout.name, base: layout.base, irq: layout.irq, layout: layout.layout, context: context)
        storage("CONFIG")
        storage("VALUE")  // set by the model, read-only for firmware
        shortcut(bit: 0, event: "EVENTS_VALRDY", task: "TASKS_STOP")
        nextValue = context.scheduler.register { [unowned self] _ in self.valueReady() }
        task("TASKS_START") { [unowned self] in
            guard !self.running else { return }
            self.running = true
            self.scheduleNext()
        }
        task("TASKS_STOP") { [unowned self] in
            self.running = false
            context.scheduler.cancel(self.nextValue)
        }
    }

    private func scheduleNext() {
        let microseconds = self["CONFIG"] & 1 != 0 ? RNG.biasCorrectedMicroseconds : RNG.rawMicroseconds
        context.scheduler.schedule(nextValue, at: context.now() + context.cycles(ticks: microseconds, hz: 1_000_000))
    }

    private func valueReady() {
        self["VALUE"] = UInt32(RNG.byte(seed: context.system.seed, index: produced))
        produced += 1
        fire("EVENTS_VALRDY")  // may stop the generator through the shortcut
        if running { scheduleNext() }
    }

    /// Byte `index` of the sequence for `seed` (SplitMix64's finaliser on seed and index).
    static func byte(seed: UInt64, index: UInt64) -> UInt8 {
        var z = seed &+ 0x524E_4700 &+ (index &+ 1) &* 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return UInt8(truncatingIfNeeded: (z ^ (z >> 31)) >> 56)
    }

    override func reset() {
        super.reset()
        running = false
        context.scheduler.cancel(nextValue)
    }
}
