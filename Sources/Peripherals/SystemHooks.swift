import Emulation

/// What a chip's system peripherals need from the machine around them, beyond registers and
/// time: the NVMC stalls the CPU's flash fetches while it writes, the watchdog resets the whole
/// system, UART receivers read the host's standard input and transmitters feed `--uart-log`,
/// the RNG draws from the run's seed, TEMP reads the `temperature` sensor, and peripherals that
/// pause while the CPU sleeps (WDT with CONFIG.SLEEP = Pause) hear when it does. The machine
/// fills these in; the defaults are what a bare test rig needs (nothing connected).
public final class SystemHooks {
    /// Kinds of system reset, as RESETREAS bits (POWER): the machine restarts from the reset
    /// vector and the POWER block records the reason.
    public struct ResetReason: OptionSet, Sendable {
        public let rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }
        public static let resetPin = ResetReason(rawValue: 1 << 0)
        public static let watchdog = ResetReason(rawValue: 1 << 1)
        public static let softReset = ResetReason(rawValue: 1 << 2)
        public static let lockup = ResetReason(rawValue: 1 << 3)
    }

    /// The CPU may not fetch from flash before this cycle (an NVMC write or erase is under
    /// way); a CPU executing from flash stalls until then, one executing from RAM runs on.
    public var stallFlashFetches: (_ untilCycle: UInt64) -> Void = { _ in }
    /// Requests a system reset; the machine performs it between instructions.
    public var requestReset: (ResetReason) -> Void = { _ in }
    /// Up to `count` bytes of the board's console input (host stdin); empty at end of input.
    public var readConsoleInput: (_ count: Int) -> [UInt8] = { _ in [] }
    /// Every byte a UART transmits, by peripheral name (for `--uart-log`).
    public var uartTransmitted: (_ uart: String, _ bytes: [UInt8]) -> Void = { _, _ in }
    /// The run's seed (`--seed`): the RNG's values are a function of it.
    public var seed: UInt64 = 0
    /// The die temperature in °C at a CPU cycle, when a `temperature` sensor is configured.
    public var temperature: ((_ cycle: UInt64) -> Double)?

    private var sleepListeners: [(_ asleep: Bool, _ cycle: UInt64) -> Void] = []

    public init() {}

    /// Registers a peripheral that must know when the CPU goes to sleep and wakes up.
    public func onSleepChange(_ listener: @escaping (_ asleep: Bool, _ cycle: UInt64) -> Void) {
        sleepListeners.append(listener)
    }

    /// The machine reports that the CPU starts (true) or stops (false) sleeping at `cycle`.
    public func cpuSleepChanged(asleep: Bool, at cycle: UInt64) {
        for listener in sleepListeners { listener(asleep, cycle) }
    }
}
