import Emulation

/// UARTE with EasyDMA. Transmission reads TXD.MAXCNT bytes from RAM at TXD.PTR and sends them at
/// the configured baud rate (10 bits a byte, 8N1); ENDTX fires when the last stop bit would have
/// left the pin. Reception (the console UART only: its RX line is the host's standard input)
/// writes bytes into RXD.PTR as they arrive, one every 10 bit times: RXDRDY per byte, ENDRX with
/// RXD.AMOUNT when RXD.MAXCNT bytes are in, RXTO after STOPRX (preceded by ENDRX for a partly
/// filled buffer). The host waits while no buffer is ready (as with flow control), so no input
/// is lost; at the end of the input nothing more arrives.
final class UARTE: NordicPeripheral {
    private var endTransmission = 0
    private var pending: [UInt8] = []
    /// Where transmitted bytes go (the console for the board's console UART).
    var output: ([UInt8]) -> Void
    /// Whether the host's standard input feeds this UART's receiver (the console UART).
    var receivesConsoleInput = false
    private var byteArrives = 0
    private var receiving = false
    private var receiveBuffer: UInt32 = 0
    private var receiveCapacity = 0
    private var received = 0

    init(layout: PeripheralLayout, context: PeripheralContext, output: @escaping ([UInt8]) -> Void) {
        self.output = output
        super.init(name: layout.name, base: layout.base, irq: layout.irq, layout: layout.layout, context: context)
        storage("ENABLE", "PSEL.RTS", "PSEL.TXD", "PSEL.CTS", "PSEL.RXD", "BAUDRATE", "CONFIG",
                "RXD.PTR", "RXD.MAXCNT", "TXD.PTR", "TXD.MAXCNT", "ERRORSRC")
        storage("TXD.AMOUNT")  // set by the model, read-only for firmware
        storage("RXD.AMOUNT")  // set by the model, read-only for firmware
        shortcut(bit: 5, event: "EVENTS_ENDRX", task: "TASKS_STARTRX")
        shortcut(bit: 6, event: "EVENTS_ENDRX", task: "TASKS_STOPRX")
        endTransmission = context.scheduler.register { [unowned self] _ in self.finishTransmission() }
        byteArrives = context.scheduler.register { [unowned self] _ in self.receiveByte() }
        task("TASKS_STARTTX") { [unowned self] in self.startTransmission() }
        task("TASKS_STOPTX") { [unowned self] in
            context.scheduler.cancel(self.endTransmission)
            if !self.pending.isEmpty { self.finishTransmission() }
            self.fire("EVENTS_TXSTOPPED")
        }
        task("TASKS_STARTRX") { [unowned self] in self.startReception() }
        task("TASKS_STOPRX") { [unowned self] in self.stopReception() }
        task("TASKS_FLUSHRX") { [unowned self] in
            // Nothing waits in the RX FIFO: the host holds bytes back until a buffer is ready.
            self["RXD.AMOUNT"] = 0
            self.fire("EVENTS_ENDRX")
        }
    }

    private var enabled: Bool { self["ENABLE"] & 0xF == 8 }

    /// CPU cycles for `count` bytes at the BAUDRATE register's rate: a bit is 2^32 / BAUDRATE
    /// ticks of the 16 MHz peripheral clock.
    private func cycles(forBytes count: Int) -> UInt64 {
        let baudRegister = max(self["BAUDRATE"] & 0xFFFF_F000, 0x1000)
        let ticks = (UInt64(10 * count) << 32) / UInt64(baudRegister)
        return max(1, context.cycles(ticks: ticks, hz: 16_000_000))
    }

    private func startTransmission() {
        guard enabled else { return }
        let count = Int(self["TXD.MAXCNT"] & 0xFFFF)
        let address = self["TXD.PTR"]
        fire("EVENTS_TXSTARTED")
        guard let bytes = context.bus.readBytes(address, count: count) else {
            log.unmodelled("\(name) EasyDMA read of \(count) bytes at \(address.hexString) (not RAM)")
            self["TXD.AMOUNT"] = 0
            fire("EVENTS_ENDTX")
            return
        }
        pending = bytes
        context.scheduler.schedule(endTransmission, at: context.now() + cycles(forBytes: count))
    }

    private func finishTransmission() {
        let bytes = pending
        pending = []
        output(bytes)
        if !bytes.isEmpty { context.system.uartTransmitted(name, bytes) }
        self["TXD.AMOUNT"] = UInt32(bytes.count)
        if !bytes.isEmpty { fire("EVENTS_TXDRDY") }
        fire("EVENTS_ENDTX")
    }

    // MARK: Reception

    private func startReception() {
        guard enabled else { return }
        receiveBuffer = self["RXD.PTR"]
        receiveCapacity = Int(self["RXD.MAXCNT"] & 0xFFFF)
        received = 0
        receiving = true
        fire("EVENTS_RXSTARTED")
        if receiving { scheduleNextByte() }
    }

    private func scheduleNextByte() {
        guard receivesConsoleInput, receiving, received < receiveCapacity else { return }
        context.scheduler.schedule(byteArrives, at: context.now() + cycles(forBytes: 1))
    }

    private func receiveByte() {
        guard receiving else { return }
        let bytes = context.system.readConsoleInput(1)
        guard let byte = bytes.first else { return }  // end of input: the line stays idle
        if !context.bus.writeBytes(receiveBuffer &+ UInt32(received), [byte]) {
            log.unmodelled("\(name) EasyDMA write at \((receiveBuffer &+ UInt32(received)).hexString) (not RAM)")
        }
        received += 1
        self["RXD.AMOUNT"] = UInt32(received)
        fire("EVENTS_RXDRDY")
        if received >= receiveCapacity {
            endReception()
        } else {
            scheduleNextByte()
        }
    }

    /// The buffer is done: ENDRX (whose shortcuts may start the next buffer or stop).
    private func endReception() {
        receiving = false
        context.scheduler.cancel(byteArrives)
        self["RXD.AMOUNT"] = UInt32(received)
        fire("EVENTS_ENDRX")
    }

    private func stopReception() {
        if receiving { endReception() }
        fire("EVENTS_RXTO")
    }

    override func reset() {
        super.reset()
        receiving = false
        pending = []
        context.scheduler.cancel(byteArrives)
        context.scheduler.cancel(endTransmission)
    }
}
