import Emulation

/// UARTE with EasyDMA: transmission reads TXD.MAXCNT bytes from RAM at TXD.PTR and sends them
/// to the board's console at the configured baud rate (10 bits a byte, 8N1); ENDTX fires when
/// the last stop bit would have left the pin. Reception is not modelled yet (RX tasks only
/// report RXSTARTED).
final class UARTE: NordicPeripheral {
    private var endTransmission = 0
    private var pending: [UInt8] = []
    /// Where transmitted bytes go (the console for the board's console UART).
    var output: ([UInt8]) -> Void

    init(layout: PeripheralLayout, context: PeripheralContext, output: @escaping ([UInt8]) -> Void) {
        self.output = output
        super.init(name: layout.name, base: layout.base, irq: layout.irq, layout: layout.layout, context: context)
        storage("ENABLE", "PSEL.RTS", "PSEL.TXD", "PSEL.CTS", "PSEL.RXD", "BAUDRATE", "CONFIG",
                "RXD.PTR", "RXD.MAXCNT", "TXD.PTR", "TXD.MAXCNT", "ERRORSRC")
        onRead("TXD.AMOUNT") { v in v }
        onRead("RXD.AMOUNT") { v in v }
        shortcut(bit: 5, event: "EVENTS_ENDRX", task: "TASKS_STARTRX")
        shortcut(bit: 6, event: "EVENTS_ENDRX", task: "TASKS_STOPRX")
        endTransmission = context.scheduler.register { [unowned self] _ in self.finishTransmission() }
        task("TASKS_STARTTX") { [unowned self] in self.startTransmission() }
        task("TASKS_STOPTX") { [unowned self] in
            context.scheduler.cancel(self.endTransmission)
            if !self.pending.isEmpty { self.finishTransmission() }
            self.fire("EVENTS_TXSTOPPED")
        }
        task("TASKS_STARTRX") { [unowned self] in self.fire("EVENTS_RXSTARTED") }
        task("TASKS_STOPRX") { [unowned self] in self.fire("EVENTS_RXTO") }
        task("TASKS_FLUSHRX") { [unowned self] in
            self["RXD.AMOUNT"] = 0
            self.fire("EVENTS_ENDRX")
        }
    }

    private var enabled: Bool { self["ENABLE"] & 0xF == 8 }

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
        let baudRegister = max(self["BAUDRATE"] & 0xFFFF_F000, 0x1000)
        // Bit time = 2^32 / BAUDRATE ticks of the 16 MHz peripheral clock.
        let ticks = (UInt64(10 * count) << 32) / UInt64(baudRegister)
        context.scheduler.schedule(endTransmission, at: context.now() + max(1, context.cycles(ticks: ticks, hz: 16_000_000)))
    }

    private func finishTransmission() {
        let bytes = pending
        pending = []
        output(bytes)
        self["TXD.AMOUNT"] = UInt32(bytes.count)
        if !bytes.isEmpty { fire("EVENTS_TXDRDY") }
        fire("EVENTS_ENDTX")
    }
}
