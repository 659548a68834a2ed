import Emulation

/// What a peripheral model may use: virtual time, interrupt lines, the bus (for DMA), the
/// event wiring between peripherals (PPI), the console, and the access log.
public final class PeripheralContext {
    public let scheduler: EventScheduler
    public let clockHz: UInt64
    /// The current CPU cycle (exact, also in the middle of a CPU slice).
    public let now: () -> UInt64
    public let bus: Bus
    public let log: MMIOLog
    public let interrupts: InterruptLines
    public let events = EventRouter()
    /// Bytes a UART sends to the board's console.
    public var consoleOutput: ([UInt8]) -> Void = { _ in }
    /// What system peripherals (NVMC, WDT, UART RX, RNG, TEMP) need from the machine.
    public let system = SystemHooks()

    public init(scheduler: EventScheduler, clockHz: UInt64, now: @escaping () -> UInt64, bus: Bus, log: MMIOLog,
                setLine: @escaping (Int, Bool) -> Void) {
        self.scheduler = scheduler
        self.clockHz = clockHz
        self.now = now
        self.bus = bus
        self.log = log
        interrupts = InterruptLines(setLine: setLine)
    }

    /// CPU cycles for a duration given as a count of ticks of a `hz` clock, rounded up so an
    /// event never fires early. Exact integer arithmetic: no drift over long runs.
    public func cycles(ticks: UInt64, hz: UInt64) -> UInt64 {
        let (high, low) = ticks.multipliedFullWidth(by: clockHz)
        let (quotient, remainder) = hz.dividingFullWidth((high, low))
        return quotient + (remainder == 0 ? 0 : 1)
    }
}

/// Interrupt lines shared by several peripherals (CLOCK and POWER share IRQ 0 on the
/// nRF52840): the CPU sees a line high while any of its sources holds it high.
public final class InterruptLines {
    private let setLine: (Int, Bool) -> Void
    private var sources: [Int: Set<ObjectIdentifier>] = [:]

    init(setLine: @escaping (Int, Bool) -> Void) {
        self.setLine = setLine
    }

    public func set(_ irq: Int, from source: AnyObject, high: Bool) {
        var holders = sources[irq, default: []]
        let before = !holders.isEmpty
        if high { holders.insert(ObjectIdentifier(source)) } else { holders.remove(ObjectIdentifier(source)) }
        sources[irq] = holders
        if before != !holders.isEmpty { setLine(irq, !holders.isEmpty) }
    }
}

/// Peripheral events by address, for the programmable peripheral interconnect (PPI): when an
/// event fires, listeners (the PPI) learn its address and may trigger tasks.
public final class EventRouter {
    private var listeners: [(UInt32) -> Void] = []

    public func listen(_ listener: @escaping (UInt32) -> Void) {
        listeners.append(listener)
    }

    public func fired(_ address: UInt32) {
        for listener in listeners { listener(address) }
    }
}
