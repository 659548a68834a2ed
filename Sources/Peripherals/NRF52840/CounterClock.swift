/// A counter that advances at `hz` while running, read at any CPU cycle without per-tick work:
/// the value is derived from the cycle it started counting at. Shared by TIMER and RTC.
struct CounterClock {
    var hz: UInt64
    var mask: UInt32
    private(set) var running = false
    /// Counter value at `baseCycle`.
    private var baseValue: UInt32 = 0
    private var baseCycle: UInt64 = 0

    init(hz: UInt64, mask: UInt32) {
        self.hz = hz
        self.mask = mask
    }

    /// Ticks completed between `baseCycle` and `cycle` at a CPU clock of `clockHz`.
    private func ticks(at cycle: UInt64, clockHz: UInt64) -> UInt64 {
        let elapsed = cycle >= baseCycle ? cycle - baseCycle : 0
        let (high, low) = elapsed.multipliedFullWidth(by: hz)
        return clockHz.dividingFullWidth((high, low)).quotient
    }

    func value(at cycle: UInt64, clockHz: UInt64) -> UInt32 {
        guard running else { return baseValue & mask }
        return UInt32(truncatingIfNeeded: UInt64(baseValue) &+ ticks(at: cycle, clockHz: clockHz)) & mask
    }

    mutating func set(_ value: UInt32, at cycle: UInt64) {
        baseValue = value & mask
        baseCycle = cycle
    }

    mutating func start(at cycle: UInt64, clockHz: UInt64) {
        guard !running else { return }
        baseCycle = cycle
        running = true
    }

    mutating func stop(at cycle: UInt64, clockHz: UInt64) {
        guard running else { return }
        baseValue = value(at: cycle, clockHz: clockHz)
        running = false
    }

    /// The CPU cycle at which the counter next shows `target` (after `cycle`), if running.
    func cycle(whenReaching target: UInt32, after cycle: UInt64, clockHz: UInt64) -> UInt64? {
        guard running else { return nil }
        let done = ticks(at: cycle, clockHz: clockHz)
        let current = UInt32(truncatingIfNeeded: UInt64(baseValue) &+ done) & mask
        var distance = UInt64((target &- current) & mask)
        if distance == 0 { distance = UInt64(mask) + 1 }
        let tick = done + distance
        // The first CPU cycle at or after tick `tick` (rounded up: never early).
        let (high, low) = tick.multipliedFullWidth(by: clockHz)
        let (quotient, remainder) = hz.dividingFullWidth((high, low))
        return baseCycle + quotient + (remainder == 0 ? 0 : 1)
    }
}
