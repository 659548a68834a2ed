import Platforms

/// What a pin carries at a moment.
public enum PinLevel: Equatable, Sendable {
    /// Driven by the chip: an output (GPIO DIR, or a GPIOTE task channel).
    case driven(Bool)
    /// An input held by something outside the chip (a button).
    case external(Bool)
    /// An input held only by its pull-up or pull-down resistor.
    case pulled(Bool)
    /// An input with nothing on it (reads 0).
    case floating

    /// The logic level an input buffer sees (floating reads low).
    public var isHigh: Bool {
        switch self {
        case .driven(let high), .external(let high), .pulled(let high): high
        case .floating: false
        }
    }
}

/// Follows pin levels as they change: the waveform writer (`--vcd`), GPIOTE's event channels.
public protocol PinObserver: AnyObject {
    /// `pin` now carries `level`, since CPU cycle `cycle`.
    func pinChanged(_ pin: GPIOPin, to level: PinLevel, atCycle cycle: UInt64)
}

/// The chip's pins as the rest of the board sees them. The GPIO ports (P0, P1) compute each
/// pin's level from their registers and publish changes here; GPIOTE takes pins over through
/// it; observers hear every change; a board's buttons drive inputs through `drive`.
public final class GPIOPins {
    private var observers: [any PinObserver] = []
    /// The ports by number, as they are built.
    private(set) var ports: [Int: GPIO] = [:]
    /// Called when the ports' combined DETECT signal rises (GPIOTE's PORT event).
    var onDetect: () -> Void = {}
    private var detecting = false

    public init() {}

    public func observe(_ observer: any PinObserver) {
        observers.append(observer)
    }

    /// Every pin of the ports built, in port and pin order.
    public var all: [GPIOPin] {
        ports.keys.sorted().flatMap { port in (0..<(ports[port]?.width ?? 0)).map { GPIOPin(port: port, number: $0) } }
    }

    /// Whether the chip has this pin (its port exists and is that wide).
    public func exists(_ pin: GPIOPin) -> Bool {
        ports[pin.port].map { pin.number < $0.width } ?? false
    }

    /// The pin's level now (floating for a pin the chip does not have).
    public func level(of pin: GPIOPin) -> PinLevel {
        guard let port = ports[pin.port], pin.number < port.width else { return .floating }
        return port.levels[pin.number]
    }

    /// Something outside the chip holds an input `high` or low; nil lets go of it.
    public func drive(_ pin: GPIOPin, high: Bool?) {
        ports[pin.port]?.setExternal(pin.number, high)
    }

    func register(_ port: GPIO) {
        ports[port.port] = port
    }

    func publish(_ pin: GPIOPin, _ level: PinLevel, cycle: UInt64) {
        for observer in observers { observer.pinChanged(pin, to: level, atCycle: cycle) }
    }

    /// A port's DETECT may have changed: the combined signal is recomputed and a rising edge
    /// reported. `pulse` reports a new edge even if the signal stays high (LATCH cleared while
    /// other pins are still latched, in LDETECT mode).
    func detectChanged(pulse: Bool = false) {
        let now = ports.values.contains { $0.detect }
        let rose = now && (!detecting || pulse)
        detecting = now
        if rose { onDetect() }
    }
}
