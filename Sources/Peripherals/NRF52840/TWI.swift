import Emulation

/// TWI0/1: the legacy I2C master without EasyDMA, byte by byte through TXD and RXD, as mbed's
/// nRF52 HAL (and so the Arduino core's Wire) and nrfx_twi drive it. STARTTX sends ADDRESS+W,
/// then each byte written to TXD (TXDSENT after each; with no new TXD the master waits, holding
/// the bus); STARTRX sends ADDRESS+R and receives bytes into RXD (RXDREADY after each), one
/// after another unless the BB (byte boundary, before each received byte) shortcuts suspend
/// (BB_SUSPEND: the byte completes, then the bus is held until RESUME) or stop (BB_STOP: STOP
/// after that byte). ERROR with ERRORSRC.ANACK when no chip answers. Nine bit times a byte at
/// FREQUENCY, in virtual time. The chips are those of the bus the PSEL pins select, as for TWIM.
/// Not modelled: OVERRUN (a byte received before RXD was read just replaces it), DNACK.
final class TWI: NordicPeripheral, I2CBusMaster {
    var buses: [I2CBus] = []

    private enum State { case idle, addressing, sending, waitingForTXD, receiving, suspended, stopping }
    private var state = State.idle
    private var stepEvent = 0
    private var reading = false
    private var addressed: I2CDevice?
    /// Set when firmware writes TXD: a byte waits to be sent.
    private var txdPending = false
    private var pendingStop = false, pendingSuspend = false

    init(layout: PeripheralLayout, context: PeripheralContext) {
        super.init(name: layout.name, base: layout.base, irq: layout.irq, layout: layout.layout, context: context)
        storage("ENABLE", "PSEL.SCL", "PSEL.SDA", "FREQUENCY", "ADDRESS")
        writeOneToClear("ERRORSRC")
        onRead("RXD") { v in v }
        onWrite("TXD") { [unowned self] _ in
            self.txdPending = true
            if self.state == .waitingForTXD { self.sendNextByte() }
        }
        shortcut(bit: 0, event: "EVENTS_BB", task: "TASKS_SUSPEND")
        shortcut(bit: 1, event: "EVENTS_BB", task: "TASKS_STOP")
        stepEvent = context.scheduler.register { [unowned self] _ in self.step() }
        task("TASKS_STARTTX") { [unowned self] in self.start(read: false) }
        task("TASKS_STARTRX") { [unowned self] in self.start(read: true) }
        task("TASKS_STOP") { [unowned self] in self.requestStop() }
        task("TASKS_SUSPEND") { [unowned self] in
            switch self.state {
            case .idle, .stopping, .suspended: break
            case .receiving, .addressing, .sending: self.pendingSuspend = true
            case .waitingForTXD:
                self.state = .suspended
                self.fire("EVENTS_SUSPENDED")
            }
        }
        task("TASKS_RESUME") { [unowned self] in
            guard self.state == .suspended else { return }
            if self.reading { self.receiveNextByte() } else { self.state = .waitingForTXD; if self.txdPending { self.sendNextByte() } }
        }
    }

    var i2cPinSelection: (scl: UInt32, sda: UInt32) { (self["PSEL.SCL"], self["PSEL.SDA"]) }

    private var enabled: Bool { self["ENABLE"] & 0xF == 5 }

    /// One SCL period in ticks of the 16 MHz peripheral clock (400 kbps is 16 MHz / 39 =
    /// 410.256 kbps on this peripheral, as the SVD notes).
    private var ticksPerBit: UInt64 {
        switch self["FREQUENCY"] {
        case 0x0198_0000: 160
        case 0x0400_0000: 64
        case 0x0668_0000: 39
        default: max(1, (1 << 32) / max(UInt64(self["FREQUENCY"]), 1))
        }
    }

    private func after(bits: Int) {
        let cycles = context.cycles(ticks: UInt64(bits) * ticksPerBit, hz: 16_000_000)
        context.scheduler.schedule(stepEvent, at: context.now() + max(1, cycles))
    }

    private func start(read: Bool) {
        guard enabled else { return }
        reading = read
        pendingStop = false
        pendingSuspend = false
        addressed = currentBus?.device(at: UInt8(self["ADDRESS"] & 0x7F))
        addressed?.begin(read: read)
        state = .addressing
        after(bits: 9)
    }

    private func requestStop() {
        switch state {
        case .idle:
            fire("EVENTS_STOPPED")
        case .stopping:
            break
        case .waitingForTXD, .suspended:
            stopCondition()
        case .addressing, .sending, .receiving:
            pendingStop = true
        }
    }

    private func stopCondition() {
        state = .stopping
        after(bits: 1)
    }

    private func sendNextByte() {
        txdPending = false
        state = .sending
        after(bits: 9)
    }

    private func receiveNextByte() {
        state = .receiving
        fire("EVENTS_BB")   // its shortcuts may ask for a suspend or a stop after this byte
        after(bits: 9)
    }

    /// A byte (or the address, or the STOP condition) has gone over the bus.
    private func step() {
        switch state {
        case .addressing:
            guard addressed != nil else {
                self["ERRORSRC"] |= 0b010
                state = .waitingForTXD
                txdPending = false
                fire("EVENTS_ERROR")
                if pendingStop { stopCondition() }
                return
            }
            if reading {
                receiveNextByte()
            } else {
                afterByte()
            }
        case .sending:
            _ = addressed?.write(UInt8(truncatingIfNeeded: self["TXD"]))
            fire("EVENTS_TXDSENT")
            afterByte()
        case .receiving:
            self["RXD"] = UInt32(addressed?.read() ?? 0xFF)
            fire("EVENTS_RXDREADY")
            if pendingStop {
                pendingStop = false
                stopCondition()
            } else if pendingSuspend {
                pendingSuspend = false
                state = .suspended
                fire("EVENTS_SUSPENDED")
            } else if state == .receiving {
                receiveNextByte()
            }
        case .stopping:
            state = .idle
            addressed?.end()
            addressed = nil
            fire("EVENTS_STOPPED")
        default:
            break
        }
    }

    /// After the address or a byte of a write: the next byte if TXD holds one, else wait.
    private func afterByte() {
        if pendingStop {
            pendingStop = false
            stopCondition()
        } else if pendingSuspend {
            pendingSuspend = false
            state = .suspended
            fire("EVENTS_SUSPENDED")
        } else if state == .sending || state == .addressing {
            state = .waitingForTXD
            if txdPending { sendNextByte() }
        }
    }

    override func reset() {
        super.reset()
        state = .idle
        addressed = nil
        context.scheduler.cancel(stepEvent)
    }
}

/// An I2C master (TWIM or TWI) and the buses it may reach.
protocol I2CBusMaster: AnyObject {
    var name: String { get }
    var buses: [I2CBus] { get set }
    /// PSEL.SCL and PSEL.SDA.
    var i2cPinSelection: (scl: UInt32, sda: UInt32) { get }
}

extension I2CBusMaster {
    /// The bus the PSEL pins select (pin | port << 5 with CONNECT clear), or one bound to
    /// this master by name.
    var currentBus: I2CBus? {
        let (scl, sda) = i2cPinSelection
        if let byPins = buses.first(where: { $0.scl != nil && $0.scl == scl & 0x8000_003F && $0.sda == sda & 0x8000_003F }) {
            return byPins
        }
        return buses.first { $0.scl == nil }
    }
}
