import Emulation

/// TWIM0/1: I2C master with EasyDMA. STARTTX sends ADDRESS+W and TXD.MAXCNT bytes from RAM,
/// STARTRX sends ADDRESS+R and reads RXD.MAXCNT bytes into RAM, each byte nine bit times at
/// the FREQUENCY register's rate (plus the address byte; a STOP takes one more bit time), all
/// in virtual time. Events: TXSTARTED/RXSTARTED at the task, LASTTX/LASTRX as the last byte
/// starts, ERROR with ERRORSRC.ANACK when no chip acknowledges the address (DNACK when a chip
/// refuses a data byte), SUSPENDED, STOPPED. Shortcuts LASTTX_STARTRX/SUSPEND/STOP and
/// LASTRX_STARTTX/SUSPEND/STOP chain transfers as nrfx does (write register pointer, repeated
/// START, read). The chips are the `I2CDevice`s of the bus the PSEL pins select.
///
/// Simplifications: a STOP or SUSPEND task in the middle of a transfer takes effect after its
/// last byte rather than the current one; RAM is read when a transmission starts and written
/// when a reception ends; TXD.LIST/RXD.LIST (ArrayList) are stored but not followed.
final class TWIM: NordicPeripheral, I2CBusMaster {
    /// Buses this TWIM can reach (chosen by PSEL pins, or bound by name).
    var buses: [I2CBus] = []

    private enum Phase: Equatable { case idle, transmitting, receiving, holding, suspended, stopping }
    private var phase = Phase.idle
    private var phaseEvent = 0, lastByteEvent = 0
    /// What the running transfer will do when it ends.
    private var pending: (startRX: Bool, startTX: Bool, stop: Bool, suspend: Bool) = (false, false, false, false)
    /// Bytes of the running reception, written to RAM when it ends; the byte count sent.
    private var received: [UInt8] = []
    private var transferCount = 0
    private var addressed: I2CDevice?
    private var failed = false
    private var endCycle: UInt64 = 0
    /// The LASTTX/LASTRX event of the running transfer, until it has fired.
    private var lastByteEventName: String?

    init(layout: PeripheralLayout, context: PeripheralContext) {
        super.init(name: layout.name, base: layout.base, irq: layout.irq, layout: layout.layout, context: context)
        storage("ENABLE", "PSEL.SCL", "PSEL.SDA", "FREQUENCY", "RXD.PTR", "RXD.MAXCNT", "RXD.LIST",
                "TXD.PTR", "TXD.MAXCNT", "TXD.LIST", "ADDRESS")
        writeOneToClear("ERRORSRC")
        onRead("TXD.AMOUNT") { v in v }
        onRead("RXD.AMOUNT") { v in v }
        shortcut(bit: 7, event: "EVENTS_LASTTX", task: "TASKS_STARTRX")
        shortcut(bit: 8, event: "EVENTS_LASTTX", task: "TASKS_SUSPEND")
        shortcut(bit: 9, event: "EVENTS_LASTTX", task: "TASKS_STOP")
        shortcut(bit: 10, event: "EVENTS_LASTRX", task: "TASKS_STARTTX")
        shortcut(bit: 11, event: "EVENTS_LASTRX", task: "TASKS_SUSPEND")
        shortcut(bit: 12, event: "EVENTS_LASTRX", task: "TASKS_STOP")
        phaseEvent = context.scheduler.register { [unowned self] _ in self.phaseEnded() }
        lastByteEvent = context.scheduler.register { [unowned self] _ in self.lastByteStarted() }
        task("TASKS_STARTTX") { [unowned self] in self.request(transmit: true) }
        task("TASKS_STARTRX") { [unowned self] in self.request(transmit: false) }
        task("TASKS_STOP") { [unowned self] in self.requestStop() }
        task("TASKS_SUSPEND") { [unowned self] in self.requestSuspend() }
        task("TASKS_RESUME") { [unowned self] in
            if self.phase == .suspended { self.phase = .holding }
        }
    }

    private var enabled: Bool { self["ENABLE"] & 0xF == 6 }

    /// Nanoseconds-free bit time: the 16 MHz peripheral clock ticks of one SCL period.
    private var bitHz: UInt64 {
        switch self["FREQUENCY"] {
        case 0x0198_0000: 100_000
        case 0x0400_0000: 250_000
        case 0x0640_0000: 400_000
        default: UInt64(max(self["FREQUENCY"] >> 8, 1)) * 16_000_000 >> 24  // the register's fraction of 16 MHz
        }
    }

    private func cycles(bits: Int) -> UInt64 {
        max(1, context.cycles(ticks: UInt64(bits), hz: max(bitHz, 1)))
    }

    var i2cPinSelection: (scl: UInt32, sda: UInt32) { (self["PSEL.SCL"], self["PSEL.SDA"]) }

    private func request(transmit: Bool) {
        guard enabled else { return }
        switch phase {
        case .transmitting, .receiving:
            if transmit { pending.startTX = true } else { pending.startRX = true }
        default:
            start(transmit: transmit)
        }
    }

    private func requestStop() {
        switch phase {
        case .transmitting, .receiving: pending.stop = true
        case .idle: fire("EVENTS_STOPPED")
        case .stopping: break
        default: stopNow()
        }
    }

    private func requestSuspend() {
        switch phase {
        case .transmitting, .receiving: pending.suspend = true
        case .holding:
            phase = .suspended
            fire("EVENTS_SUSPENDED")
        default: break
        }
    }

    /// A START (or repeated START) and the address byte, then the data bytes.
    private func start(transmit: Bool) {
        let now = context.now()
        pending = (false, false, false, false)
        failed = false
        lastByteEventName = nil
        let address = UInt8(self["ADDRESS"] & 0x7F)
        addressed = currentBus?.device(at: address)
        addressed?.begin(read: !transmit)
        let count: Int
        if transmit {
            count = Int(self["TXD.MAXCNT"] & 0xFFFF)
            phase = .transmitting
            self["TXD.AMOUNT"] = 0
            fire("EVENTS_TXSTARTED")
        } else {
            count = Int(self["RXD.MAXCNT"] & 0xFFFF)
            phase = .receiving
            self["RXD.AMOUNT"] = 0
            fire("EVENTS_RXSTARTED")
        }
        // The task's shortcuts may already have stopped this transfer.
        guard phase == .transmitting || phase == .receiving else { return }
        guard let device = addressed else {
            // Nobody acknowledges the address: ERROR after the address byte, then the master
            // waits for STOP.
            failed = true
            self["ERRORSRC"] |= 0b010
            transferCount = 0
            endCycle = now + cycles(bits: 9)
            context.scheduler.schedule(phaseEvent, at: endCycle)
            return
        }
        var bytes = count
        if transmit {
            let data = context.bus.readBytes(self["TXD.PTR"], count: count) ?? []
            if data.count < count { log.unmodelled("\(name) EasyDMA read of \(count) bytes at \(self["TXD.PTR"].hexString) (not RAM)") }
            for (i, byte) in data.enumerated() where !device.write(byte) {
                // The chip refused byte i: DNACK after it, the rest is not sent.
                bytes = i + 1
                failed = true
                self["ERRORSRC"] |= 0b100
                break
            }
            transferCount = failed ? bytes - 1 : data.count
            bytes = failed ? bytes : data.count
        } else {
            received = (0..<count).map { _ in device.read() }
            transferCount = count
        }
        endCycle = now + cycles(bits: 9 * (bytes + 1))
        context.scheduler.schedule(phaseEvent, at: endCycle)
        lastByteEventName = failed ? nil : (transmit ? "EVENTS_LASTTX" : "EVENTS_LASTRX")
        if !failed && bytes > 0 {
            context.scheduler.schedule(lastByteEvent, at: now + cycles(bits: 9 * bytes))
        } else if !failed {
            // Nothing to send: the address byte was the last.
            context.scheduler.schedule(lastByteEvent, at: now + cycles(bits: 9))
        }
    }

    private func lastByteStarted() {
        guard let event = lastByteEventName else { return }
        lastByteEventName = nil
        fire(event)
    }

    private func phaseEnded() {
        // With nothing to send, the last "byte" is the address: its event comes first.
        if phase == .transmitting || phase == .receiving {
            context.scheduler.cancel(lastByteEvent)
            lastByteStarted()
        }
        let wasTransmitting = phase == .transmitting
        if phase == .stopping {
            phase = .idle
            addressed?.end()
            addressed = nil
            fire("EVENTS_STOPPED")
            return
        }
        if wasTransmitting {
            self["TXD.AMOUNT"] = UInt32(transferCount)
        } else if phase == .receiving {
            if !received.isEmpty, !context.bus.writeBytes(self["RXD.PTR"], received) {
                log.unmodelled("\(name) EasyDMA write of \(received.count) bytes at \(self["RXD.PTR"].hexString) (not RAM)")
            }
            self["RXD.AMOUNT"] = UInt32(transferCount)
            received = []
        }
        phase = .holding
        if failed {
            fire("EVENTS_ERROR")
            if pending.stop { stopNow() }
            return
        }
        let next = pending
        pending = (false, false, false, false)
        if next.stop {
            stopNow()
        } else if next.startRX || next.startTX {
            start(transmit: next.startTX)
        } else if next.suspend {
            phase = .suspended
            fire("EVENTS_SUSPENDED")
        }
    }

    /// A STOP condition: one bit time, then STOPPED.
    private func stopNow() {
        phase = .stopping
        lastByteEventName = nil
        context.scheduler.cancel(lastByteEvent)
        context.scheduler.schedule(phaseEvent, at: context.now() + cycles(bits: 1))
    }

    override func reset() {
        super.reset()
        phase = .idle
        addressed = nil
        context.scheduler.cancel(phaseEvent)
        context.scheduler.cancel(lastByteEvent)
    }
}
