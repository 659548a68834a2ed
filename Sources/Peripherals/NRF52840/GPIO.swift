import Platforms

/// A GPIO port: P0 (32 pins) or P1 (16). OUT/OUTSET/OUTCLR set the output latch, DIR/DIRSET/
/// DIRCLR and PIN_CNF[n].DIR (one bit, two views) choose outputs, PIN_CNF[n] also connects the
/// input buffer (INPUT), pulls (PULL), the drive mode (DRIVE: the D0/D1 modes leave a 0 or 1
/// undriven, as open-drain lines need) and the SENSE level that sets LATCH and the port's
/// DETECT signal (DETECTMODE: directly, or from LATCH). IN reads the pins through their input
/// buffers: a disconnected buffer (PIN_CNF's reset value) reads 0, an output with its buffer
/// connected reads its own level. A GPIOTE channel overrides a pin's direction and level.
/// Every pin's level is published on `GPIOPins` when it changes.
final class GPIO: RegisterBlock {
    /// A GPIOTE channel's hold on a pin: it drives it (task mode) or senses it as an input
    /// (event mode), whatever the GPIO registers say.
    enum Takeover: Equatable {
        case task(Bool)
        case event
    }

    let port: Int
    let width: Int
    private let mask: UInt32
    private let pins: GPIOPins
    private let out: Int, latch: Int, detectMode: Int
    private let configuration: [Int]
    private(set) var levels: [PinLevel]
    private var external: [Bool?]
    private var takeovers: [Takeover?]
    /// The port's DETECT signal.
    private(set) var detect = false

    init(layout: PeripheralLayout, context: PeripheralContext, port: Int, width: Int) {
        self.port = port
        self.width = width
        mask = width >= 32 ? .max : (1 << UInt32(width)) - 1
        pins = context.pins
        levels = Array(repeating: .floating, count: width)
        external = Array(repeating: nil, count: width)
        takeovers = Array(repeating: nil, count: width)
        let registers = layout.layout.registers
        func find(_ name: String) -> Int { registers.firstIndex { $0.name == name }! }
        out = find("OUT")
        latch = find("LATCH")
        detectMode = find("DETECTMODE")
        configuration = (0..<width).map { find("PIN_CNF[\($0)]") }
        super.init(name: layout.name, base: layout.base, layout: layout.layout, log: context.log, now: context.now)

        onWrite("OUT") { [unowned self] value in self.setOutput(value) }
        for (register, change) in [("OUTSET", { (old: UInt32, value: UInt32) in old | value }),
                                   ("OUTCLR", { (old: UInt32, value: UInt32) in old & ~value })] {
            onWrite(register) { [unowned self] value in self.setOutput(change(self[index: self.out], value)) }
            onRead(register) { [unowned self] _ in self[index: self.out] }
        }
        onRead("IN") { [unowned self] _ in self.inputs }
        for (register, change) in [("DIR", { (_: UInt32, value: UInt32) in value }),
                                   ("DIRSET", { (old: UInt32, value: UInt32) in old | value }),
                                   ("DIRCLR", { (old: UInt32, value: UInt32) in old & ~value })] {
            onWrite(register) { [unowned self] value in self.setDirections(change(self.directions, value)) }
            onRead(register) { [unowned self] _ in self.directions }
        }
        writeOneToClear("LATCH")
        onWrite("LATCH") { [unowned self] _ in self.relatch(cleared: true) }
        onWrite("DETECTMODE") { [unowned self] value in
            self[index: self.detectMode] = value & 1
            self.relatch()
        }
        for (n, register) in configuration.enumerated() {
            onWrite("PIN_CNF[\(n)]") { [unowned self] value in
                // DIR, INPUT, PULL, DRIVE and SENSE: the implemented bits.
                self[index: register] = value & 0x0003_070F
                self.update()
            }
        }
        // P1's PIN_CNF[16...31] exist in the SVD (P1 is derived from P0) but not on the chip.
        for n in width..<32 { storage("PIN_CNF[\(n)]") }
        pins.register(self)
    }

    private func setOutput(_ value: UInt32) {
        self[index: out] = value & mask
        update()
    }

    /// DIR: PIN_CNF[n].DIR of every pin.
    private var directions: UInt32 {
        configuration.enumerated().reduce(0) { $0 | (self[index: $1.element] & 1) << UInt32($1.offset) }
    }

    private func setDirections(_ value: UInt32) {
        for (n, register) in configuration.enumerated() {
            self[index: register] = self[index: register] & ~1 | (value >> UInt32(n)) & 1
        }
        update()
    }

    /// IN: each pin's level through its input buffer (0 where the buffer is disconnected).
    private var inputs: UInt32 {
        var value: UInt32 = 0
        for (n, register) in configuration.enumerated() where self[index: register] & 2 == 0 && levels[n].isHigh {
            value |= 1 << UInt32(n)
        }
        return value
    }

    private func level(_ n: Int) -> PinLevel {
        let cnf = self[index: configuration[n]]
        switch takeovers[n] {
        case .task(let high)?: return .driven(high)
        case .event?: return inputLevel(n, cnf)
        case nil: break
        }
        if cnf & 1 != 0 {
            let high = self[index: out] >> UInt32(n) & 1 != 0
            let drive = cnf >> 8 & 7
            // D0S1/D0H1 leave a 0 undriven, S0D1/H0D1 a 1 (open drain, open source).
            let released = high ? drive >= 6 : drive == 4 || drive == 5
            if !released { return .driven(high) }
        }
        return inputLevel(n, cnf)
    }

    private func inputLevel(_ n: Int, _ cnf: UInt32) -> PinLevel {
        if let high = external[n] { return .external(high) }
        switch cnf >> 2 & 3 {
        case 1: return .pulled(false)
        case 3: return .pulled(true)
        default: return .floating
        }
    }

    /// Recomputes every pin, publishes the ones that changed, then LATCH and DETECT.
    private func update() {
        var changed: [Int] = []
        for n in 0..<width {
            let fresh = level(n)
            if fresh != levels[n] {
                levels[n] = fresh
                changed.append(n)
            }
        }
        let cycle = now()
        for n in changed { pins.publish(GPIOPin(port: port, number: n), levels[n], cycle: cycle) }
        relatch()
    }

    /// SENSE: high (2) or low (3) met by the pin's level.
    private func senses(_ n: Int) -> Bool {
        switch self[index: configuration[n]] >> 16 & 3 {
        case 2: return levels[n].isHigh
        case 3: return !levels[n].isHigh
        default: return false
        }
    }

    /// LATCH gains every pin whose SENSE condition is met; DETECT follows the pins directly or
    /// LATCH (LDETECT). A LATCH clear that leaves bits set is a new DETECT edge in LDETECT mode.
    private func relatch(cleared: Bool = false) {
        var sensing: UInt32 = 0
        for n in 0..<width where senses(n) { sensing |= 1 << UInt32(n) }
        self[index: latch] |= sensing
        let latched = self[index: detectMode] & 1 != 0
        detect = latched ? self[index: latch] != 0 : sensing != 0
        pins.detectChanged(pulse: cleared && latched && detect)
    }

    /// A button or other outside source holds pin `n` (nil: lets go).
    func setExternal(_ n: Int, _ high: Bool?) {
        guard n < width else { return }
        external[n] = high
        update()
    }

    /// GPIOTE takes pin `n` over, or gives it back (nil).
    func setTakeover(_ n: Int, _ takeover: Takeover?) {
        guard n < width, takeovers[n] != takeover else { return }
        takeovers[n] = takeover
        update()
    }

    override func reset() {
        super.reset()
        takeovers = Array(repeating: nil, count: width)
        update()
    }
}
