/// Watchdog timer: a down-counter at 32.768 kHz loaded with CRV by START and by each granted
/// reload (0x6E524635 written to every RR[n] enabled in RREN). It times out CRV + 1 ticks after
/// the last load: EVENTS_TIMEOUT, then a system reset (RESETREAS.DOG) at once, or two 32.768 kHz
/// ticks later when the TIMEOUT interrupt is enabled, so its handler can run. Once started it
/// cannot be stopped and CRV, RREN and CONFIG keep their values. CONFIG.SLEEP = 0 pauses the
/// counter while the CPU sleeps (CONFIG.HALT concerns a debugger's halt: there is none yet).
final class WDT: NordicPeripheral {
    static let reloadKey: UInt32 = 0x6E52_4635
    private var running = false
    /// The counter's timeout cycle while counting.
    private var timeoutCycle: UInt64 = 0
    /// Cycles left while paused (CPU asleep with CONFIG.SLEEP = Pause).
    private var pausedRemaining: UInt64?
    private var cpuAsleep = false
    /// Reload registers written with the key since the last reload.
    private var requested: UInt32 = 0
    private var timeoutEvent = 0, resetEvent = 0
    /// Configuration as last written before START (blocked afterwards).
    private var crv: UInt32 = 0xFFFF_FFFF, rren: UInt32 = 1, config: UInt32 = 1

    init(layout: PeripheralLayout, context: PeripheralContext) {
        super.init(name: layout.name, base: layout.base, irq: layout.irq, layout: layout.layout, context: context)
        timeoutEvent = context.scheduler.register { [unowned self] _ in self.timedOut() }
        resetEvent = context.scheduler.register { _ in context.system.requestReset(.watchdog) }
        storage("RUNSTATUS")  // set by the model, read-only for firmware
        storage("REQSTATUS")  // set by the model, read-only for firmware
        onWrite("CRV") { [unowned self] value in
            if self.running { self["CRV"] = self.crv } else { self.crv = value }
        }
        onWrite("RREN") { [unowned self] value in
            if self.running { self["RREN"] = self.rren } else { self.rren = value & 0xFF; self["RREN"] = self.rren }
        }
        onWrite("CONFIG") { [unowned self] value in
            if self.running { self["CONFIG"] = self.config } else { self.config = value & 0x9; self["CONFIG"] = self.config }
        }
        for n in 0..<8 {
            onWrite("RR[\(n)]") { [unowned self] value in self.reloadRequest(n, value) }
        }
        task("TASKS_START") { [unowned self] in
            guard !self.running else { return }
            self.running = true
            self["RUNSTATUS"] = 1
            self.reload()
        }
        context.system.onSleepChange { [unowned self] asleep, cycle in self.cpuSleepChanged(asleep, at: cycle) }
    }

    private var pausesInSleep: Bool { config & 1 == 0 }

    private func reloadRequest(_ n: Int, _ value: UInt32) {
        let bit = UInt32(1) << UInt32(n)
        guard running, value == WDT.reloadKey, rren & bit != 0 else { return }
        requested |= bit
        self["REQSTATUS"] = rren & ~requested
        if requested & rren == rren { reload() }
    }

    private func reload() {
        requested = 0
        self["REQSTATUS"] = rren
        let period = context.cycles(ticks: UInt64(crv) + 1, hz: 32_768)
        if cpuAsleep && pausesInSleep {
            pausedRemaining = period
            context.scheduler.cancel(timeoutEvent)
        } else {
            timeoutCycle = context.now() + period
            context.scheduler.schedule(timeoutEvent, at: timeoutCycle)
        }
    }

    private func cpuSleepChanged(_ asleep: Bool, at cycle: UInt64) {
        cpuAsleep = asleep
        guard running, pausesInSleep else { return }
        if asleep, pausedRemaining == nil {
            pausedRemaining = timeoutCycle > cycle ? timeoutCycle - cycle : 0
            context.scheduler.cancel(timeoutEvent)
        } else if !asleep, let remaining = pausedRemaining {
            pausedRemaining = nil
            timeoutCycle = cycle + remaining
            context.scheduler.schedule(timeoutEvent, at: timeoutCycle)
        }
    }

    private func timedOut() {
        fire("EVENTS_TIMEOUT")
        // The reset is certain now; with the interrupt enabled it waits two 32.768 kHz ticks.
        let delay = interruptEnable & 1 != 0 ? context.cycles(ticks: 2, hz: 32_768) : 0
        context.scheduler.schedule(resetEvent, at: timeoutCycle + delay)
    }

    override func reset() {
        super.reset()
        running = false
        pausedRemaining = nil
        requested = 0
        crv = 0xFFFF_FFFF
        rren = 1
        config = 1
        context.scheduler.cancel(timeoutEvent)
        context.scheduler.cancel(resetEvent)
    }
}
