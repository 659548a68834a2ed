import Emulation

/// SysTick: a 24-bit down-counter clocked by the processor (CLKSOURCE reads as 1; the
/// boards have no separate reference clock). Its value is derived from virtual time, and its
/// wrap to zero is an event in the scheduler, so a sleeping core wakes exactly on the tick.
struct SysTickTimer {
    var enabled = false
    var interruptEnabled = false
    var reload: UInt32 = 0
    var countFlag = false
    /// The counter value at `startCycle` (when last written or enabled).
    var startValue: UInt32 = 0
    var startCycle: UInt64 = 0

    /// CALIB: NOREF (no reference clock), SKEW (TENMS not exact), TENMS 0.
    static let calibration: UInt32 = 0xC000_0000

    /// Counter value at `now`.
    func value(at now: UInt64) -> UInt32 {
        guard enabled else { return startValue }
        let elapsed = now &- startCycle
        if elapsed <= UInt64(startValue) { return startValue - UInt32(elapsed) }
        guard reload != 0 else { return 0 }
        let sinceFirstZero = elapsed - UInt64(startValue) - 1
        return reload - UInt32(sinceFirstZero % (UInt64(reload) + 1))
    }

    /// The first cycle after `now` at which the counter reaches zero (and COUNTFLAG is set).
    func nextZero(after now: UInt64) -> UInt64? {
        guard enabled else { return nil }
        let firstZero = startCycle &+ UInt64(startValue)
        if firstZero > now && startValue > 0 { return firstZero }
        guard reload != 0 else { return nil }
        let period = UInt64(reload) + 1
        let base = startValue == 0 ? startCycle : firstZero
        let periods = (now - base) / period + 1
        return base + periods * period
    }

    /// Freezes the counter's current value as the new reference point (before a change).
    mutating func rebase(at now: UInt64) {
        startValue = value(at: now)
        startCycle = now
    }
}
