/// RTC0–2: a 24-bit counter at 32.768 kHz / (PRESCALER + 1) with COMPARE[n], TICK and OVRFLW
/// events (each generated only when enabled in EVTEN or INTEN, as on silicon), exact in
/// virtual time, so firmware can sleep on RTC wake-ups for minutes at no host cost.
final class RTC: NordicPeripheral {
    private var counter = CounterClock(hz: 32_768, mask: 0xFF_FFFF)
    private var nextEvent: PlannedEvent!
    private var eventEnable: UInt32 = 0
    private let channels: Int

    init(layout: PeripheralLayout, context: PeripheralContext) {
        channels = layout.layout.registers.filter { $0.name.hasPrefix("CC[") }.count
        super.init(name: layout.name, base: layout.base, irq: layout.irq, layout: layout.layout, context: context)
        nextEvent = PlannedEvent(context.scheduler) { [unowned self] cycle in self.due(at: cycle) }
        for n in 0..<channels {
            onWrite("CC[\(n)]") { [unowned self] value in
                self["CC[\(n)]"] = value & 0xFF_FFFF
                self.reschedule()
            }
        }
        onWrite("PRESCALER") { [unowned self] value in
            // Writable only while stopped; 12 bits.
            if self.counter.running { self["PRESCALER"] = UInt32(32_768 / self.counter.hz - 1) } else {
                self["PRESCALER"] = value & 0xFFF
                self.counter.hz = 32_768 / UInt64((value & 0xFFF) + 1)
            }
        }
        onRead("COUNTER") { [unowned self] _ in self.counter.value(at: context.now(), clockHz: context.clockHz) }
        onWrite("EVTEN") { [unowned self] value in self.setEventEnable(value) }
        onRead("EVTEN") { [unowned self] _ in self.eventEnable }
        onWrite("EVTENSET") { [unowned self] value in self.setEventEnable(self.eventEnable | value) }
        onRead("EVTENSET") { [unowned self] _ in self.eventEnable }
        onWrite("EVTENCLR") { [unowned self] value in self.setEventEnable(self.eventEnable & ~value) }
        onRead("EVTENCLR") { [unowned self] _ in self.eventEnable }
        task("TASKS_START") { [unowned self] in
            self.counter.start(at: context.now(), clockHz: context.clockHz)
            self.reschedule()
        }
        task("TASKS_STOP") { [unowned self] in
            self.counter.stop(at: context.now(), clockHz: context.clockHz)
            self.nextEvent.plan(nil)
        }
        task("TASKS_CLEAR") { [unowned self] in
            self.counter.set(0, at: context.now())
            self.reschedule()
        }
        task("TASKS_TRIGOVRFLW") { [unowned self] in
            self.counter.set(0xFF_FFF0, at: context.now())
            self.reschedule()
        }
    }

    override func interruptEnableChanged() {
        reschedule()
    }

    private func setEventEnable(_ value: UInt32) {
        eventEnable = value & 0x000F_0003
        reschedule()
    }

    /// EVTEN/INTEN bit of an event: TICK 0, OVRFLW 1, COMPARE[n] 16 + n.
    private func generated(_ bit: UInt32) -> Bool {
        (eventEnable | interruptEnable) & (1 << bit) != 0
    }

    private func reschedule() {
        let now = context.now()
        var candidates: [UInt64] = []
        let value = counter.value(at: now, clockHz: context.clockHz)
        if generated(0) { candidates += [counter.cycle(whenReaching: (value &+ 1) & 0xFF_FFFF, after: now, clockHz: context.clockHz)].compactMap { $0 } }
        if generated(1) { candidates += [counter.cycle(whenReaching: 0, after: now, clockHz: context.clockHz)].compactMap { $0 } }
        for n in 0..<channels where generated(16 + UInt32(n)) {
            if let at = counter.cycle(whenReaching: self["CC[\(n)]"], after: now, clockHz: context.clockHz) { candidates.append(at) }
        }
        nextEvent.plan(candidates.min())
    }

    private func due(at cycle: UInt64) {
        let value = counter.value(at: cycle, clockHz: context.clockHz)
        if generated(0) { fire("EVENTS_TICK") }
        if generated(1) && value == 0 { fire("EVENTS_OVRFLW") }
        for n in 0..<channels where generated(16 + UInt32(n)) && self["CC[\(n)]"] == value {
            fire("EVENTS_COMPARE[\(n)]")
        }
        reschedule()
    }

    override func reset() {
        super.reset()
        counter = CounterClock(hz: 32_768, mask: 0xFF_FFFF)
        eventEnable = 0
        nextEvent.plan(nil)
    }
}
