/// TIMER0–4: timer mode (16 MHz / 2^PRESCALER) and counter modes (COUNT task), 8/16/24/32-bit
/// widths, CAPTURE tasks, COMPARE events at the exact virtual time the counter reaches CC[n],
/// and the COMPARE→CLEAR / COMPARE→STOP shortcuts.
final class Timer: NordicPeripheral {
    private var counter = CounterClock(hz: 16_000_000, mask: 0xFFFF)
    private var compareEvent: PlannedEvent!
    private let channels: Int

    init(layout: PeripheralLayout, context: PeripheralContext) {
        channels = layout.layout.registers.filter { $0.name.hasPrefix("CC[") }.count
        super.init(name: layout.name, base: layout.base, irq: layout.irq, layout: layout.layout, context: context)
        compareEvent = PlannedEvent(context.scheduler) { [unowned self] cycle in self.compareReached(at: cycle) }
        for n in 0..<channels {
            shortcut(bit: UInt32(n), event: "EVENTS_COMPARE[\(n)]", task: "TASKS_CLEAR")
            shortcut(bit: UInt32(8 + n), event: "EVENTS_COMPARE[\(n)]", task: "TASKS_STOP")
            task("TASKS_CAPTURE[\(n)]") { [unowned self] in
                self["CC[\(n)]"] = self.counter.value(at: context.now(), clockHz: context.clockHz)
            }
            onWrite("CC[\(n)]") { [unowned self] _ in self.reschedule() }
        }
        onWrite("BITMODE") { [unowned self] _ in self.configure() }
        onWrite("PRESCALER") { [unowned self] _ in self.configure() }
        storage("MODE")
        task("TASKS_START") { [unowned self] in
            guard self["MODE"] & 3 == 0 else { return }  // counter modes advance by TASKS_COUNT
            self.counter.start(at: context.now(), clockHz: context.clockHz)
            self.reschedule()
        }
        task("TASKS_STOP") { [unowned self] in self.stop() }
        task("TASKS_SHUTDOWN") { [unowned self] in self.stop() }
        task("TASKS_CLEAR") { [unowned self] in
            self.counter.set(0, at: context.now())
            self.reschedule()
        }
        task("TASKS_COUNT") { [unowned self] in
            guard self["MODE"] & 3 != 0 else { return }
            let next = (self.counter.value(at: 0, clockHz: context.clockHz) &+ 1) & self.counter.mask
            self.counter.set(next, at: context.now())
            for n in 0..<self.channels where self["CC[\(n)]"] & self.counter.mask == next {
                self.fire("EVENTS_COMPARE[\(n)]")
            }
        }
        configure()
    }

    private static let widths: [UInt32] = [0xFFFF, 0xFF, 0xFF_FFFF, 0xFFFF_FFFF]

    private func configure() {
        let now = context.now()
        let value = counter.value(at: now, clockHz: context.clockHz)
        let wasRunning = counter.running
        counter.stop(at: now, clockHz: context.clockHz)
        counter.mask = Timer.widths[Int(self["BITMODE"] & 3)]
        counter.hz = 16_000_000 >> UInt64(min(self["PRESCALER"] & 0xF, 9))
        counter.set(value, at: now)
        if wasRunning { counter.start(at: now, clockHz: context.clockHz) }
        reschedule()
    }

    private func stop() {
        counter.stop(at: context.now(), clockHz: context.clockHz)
        compareEvent.plan(nil)
    }

    private func reschedule() {
        let now = context.now()
        let next = (0..<channels).compactMap { n in
            counter.cycle(whenReaching: self["CC[\(n)]"] & counter.mask, after: now, clockHz: context.clockHz)
        }.min()
        compareEvent.plan(next)
    }

    private func compareReached(at cycle: UInt64) {
        let value = counter.value(at: cycle, clockHz: context.clockHz)
        for n in 0..<channels where self["CC[\(n)]"] & counter.mask == value {
            fire("EVENTS_COMPARE[\(n)]")
        }
        if counter.running { reschedule() }
    }

    override func reset() {
        super.reset()
        counter = CounterClock(hz: 16_000_000, mask: 0xFFFF)
        compareEvent.plan(nil)
    }
}
