import Platforms

/// GPIO tasks and events: eight channels, each configured by CONFIG[n] (MODE, PSEL, PORT,
/// POLARITY, OUTINIT). In task mode the channel drives its pin (starting at OUTINIT, whatever
/// the GPIO registers say) and TASKS_OUT/SET/CLR[n] change it: OUT does what POLARITY says
/// (set, clear or toggle). In event mode the pin is an input and EVENTS_IN[n] fires on the
/// POLARITY edge. EVENTS_PORT fires when the GPIO ports' DETECT signal rises (PIN_CNF SENSE).
final class GPIOTE: NordicPeripheral, PinObserver {
    private struct Channel {
        /// The pin the channel holds (event or task mode), if any.
        var pin: GPIOPin?
        var event = false
        var polarity: UInt32 = 0
        /// Task mode: the level the channel drives. Event mode: the level last seen.
        var level = false
    }

    private var channels = Array(repeating: Channel(), count: 8)
    private let pins: GPIOPins

    init(layout: PeripheralLayout, context: PeripheralContext) {
        pins = context.pins
        super.init(name: layout.name, base: layout.base, irq: layout.irq, layout: layout.layout, context: context)
        for n in 0..<channels.count {
            onWrite("CONFIG[\(n)]") { [unowned self] value in
                // MODE, PSEL, PORT, POLARITY, OUTINIT.
                self["CONFIG[\(n)]"] = value & 0x0013_3F03
                self.configure(n, value)
            }
            task("TASKS_OUT[\(n)]") { [unowned self] in
                switch self.channels[n].polarity {
                case 1: self.drive(n, true)
                case 2: self.drive(n, false)
                case 3: self.drive(n, !self.channels[n].level)
                default: break
                }
            }
            task("TASKS_SET[\(n)]") { [unowned self] in self.drive(n, true) }
            task("TASKS_CLR[\(n)]") { [unowned self] in self.drive(n, false) }
        }
        pins.observe(self)
        pins.onDetect = { [unowned self] in self.fire("EVENTS_PORT") }
    }

    private func configure(_ n: Int, _ config: UInt32) {
        let pin = GPIOPin(port: Int(config >> 13 & 1), number: Int(config >> 8 & 0x1F))
        let previous = channels[n].pin
        var channel = Channel(polarity: config >> 16 & 3)
        let takeover: GPIO.Takeover?
        switch config & 3 {
        case 1:
            channel.pin = pin
            takeover = .event
        case 3:
            channel.pin = pin
            channel.level = config >> 20 & 1 != 0
            takeover = .task(channel.level)
        default:
            takeover = nil
        }
        channels[n] = channel
        if let previous, previous != channel.pin { release(previous) }
        guard let pin = channel.pin else { return }
        pins.ports[pin.port]?.setTakeover(pin.number, takeover)
        if takeover == .event {
            // Edges count from the level the pin has as an input, not from before.
            channels[n].event = true
            channels[n].level = pins.level(of: pin).isHigh
        }
    }

    private func release(_ pin: GPIOPin) {
        pins.ports[pin.port]?.setTakeover(pin.number, nil)
    }

    /// Tasks act only on a channel in task mode.
    private func drive(_ n: Int, _ high: Bool) {
        guard let pin = channels[n].pin, !channels[n].event else { return }
        channels[n].level = high
        pins.ports[pin.port]?.setTakeover(pin.number, .task(high))
    }

    func pinChanged(_ pin: GPIOPin, to level: PinLevel, atCycle cycle: UInt64) {
        for n in channels.indices where channels[n].event && channels[n].pin == pin {
            let high = level.isHigh
            guard high != channels[n].level else { continue }
            channels[n].level = high
            let polarity = channels[n].polarity
            if polarity == 3 || polarity == (high ? 1 : 2) { fire("EVENTS_IN[\(n)]") }
        }
    }

    override func reset() {
        super.reset()
        let held = channels.compactMap(\.pin)
        channels = Array(repeating: Channel(), count: channels.count)
        for pin in held { release(pin) }
    }
}
