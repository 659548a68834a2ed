import Emulation

/// The legacy UART (UART0, ENABLE = 4), without EasyDMA: STARTTX, then each byte written to TXD
/// is sent in 10 bit times at the BAUDRATE register's rate and TXDRDY follows; STARTRX, then
/// bytes of the console input (when this UART is the console's) arrive one every 10 bit times
/// into a six-byte FIFO whose oldest byte RXD shows: RXDRDY each time a byte moves into RXD,
/// reading RXD takes it. The host holds further bytes back while the FIFO is full, so none is
/// lost. STOPRX gives RXTO; SUSPEND stops both directions.
final class UART: NordicPeripheral {
    static let fifoDepth = 6
    /// Where transmitted bytes go (the console for the board's console UART).
    var output: ([UInt8]) -> Void
    var receivesConsoleInput = false
    private var transmitting = false
    private var receiving = false
    private var inFlight: UInt8?
    private var fifo: [UInt8] = []
    private var endOfInput = false
    private var byteSent = 0, byteArrives = 0

    init(layout: PeripheralLayout, context: PeripheralContext, output: @escaping ([UInt8]) -> Void) {
        self.output = output
        super.init(name: layout.name, base: layout.base, irq: layout.irq, layout: layout.layout, context: context)
        storage("ENABLE", "PSEL.RTS", "PSEL.TXD", "PSEL.CTS", "PSEL.RXD", "BAUDRATE", "CONFIG", "ERRORSRC")
        byteSent = context.scheduler.register { [unowned self] _ in self.finishByte() }
        byteArrives = context.scheduler.register { [unowned self] _ in self.receiveByte() }
        task("TASKS_STARTTX") { [unowned self] in self.transmitting = true }
        task("TASKS_STOPTX") { [unowned self] in self.transmitting = false }
        task("TASKS_STARTRX") { [unowned self] in
            self.receiving = true
            self.scheduleNextByte()
        }
        task("TASKS_STOPRX") { [unowned self] in
            self.receiving = false
            context.scheduler.cancel(self.byteArrives)
            self.fire("EVENTS_RXTO")
        }
        task("TASKS_SUSPEND") { [unowned self] in
            self.transmitting = false
            self.receiving = false
            context.scheduler.cancel(self.byteArrives)
        }
        onWrite("TXD") { [unowned self] value in self.send(UInt8(truncatingIfNeeded: value)) }
        onRead("RXD") { [unowned self] _ in self.takeReceived() }
    }

    private var enabled: Bool { self["ENABLE"] & 0xF == 4 }

    private var byteCycles: UInt64 {
        let baudRegister = max(self["BAUDRATE"] & 0xFFFF_F000, 0x1000)
        return max(1, context.cycles(ticks: (UInt64(10) << 32) / UInt64(baudRegister), hz: 16_000_000))
    }

    private func send(_ byte: UInt8) {
        guard enabled, transmitting else { return }
        if let previous = inFlight { deliver(previous) }  // written before TXDRDY: the earlier byte still goes out
        inFlight = byte
        context.scheduler.schedule(byteSent, at: context.now() + byteCycles)
    }

    private func deliver(_ byte: UInt8) {
        output([byte])
        context.system.uartTransmitted(name, [byte])
    }

    private func finishByte() {
        guard let byte = inFlight else { return }
        inFlight = nil
        deliver(byte)
        fire("EVENTS_TXDRDY")
    }

    private func scheduleNextByte() {
        guard enabled, receivesConsoleInput, receiving, !endOfInput, fifo.count < UART.fifoDepth else { return }
        context.scheduler.schedule(byteArrives, at: context.now() + byteCycles)
    }

    private func receiveByte() {
        guard receiving else { return }
        guard let byte = context.system.readConsoleInput(1).first else {
            endOfInput = true
            return
        }
        fifo.append(byte)
        if fifo.count == 1 {
            self["RXD"] = UInt32(byte)
            fire("EVENTS_RXDRDY")
        }
        scheduleNextByte()
    }

    /// Reading RXD takes its byte; the next one in the FIFO moves in (RXDRDY again).
    private func takeReceived() -> UInt32 {
        let value = self["RXD"]
        guard !fifo.isEmpty else { return value }
        let wasFull = fifo.count >= UART.fifoDepth
        fifo.removeFirst()
        if let next = fifo.first {
            self["RXD"] = UInt32(next)
            fire("EVENTS_RXDRDY")
        }
        if wasFull { scheduleNextByte() }
        return value
    }

    override func reset() {
        super.reset()
        transmitting = false
        receiving = false
        inFlight = nil
        fifo = []
        context.scheduler.cancel(byteSent)
        context.scheduler.cancel(byteArrives)
    }
}
