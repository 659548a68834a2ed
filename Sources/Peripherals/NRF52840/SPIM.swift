import Emulation

/// SPIM0–3: SPI master with EasyDMA, full duplex. START fires STARTED, then clocks
/// max(TXD.MAXCNT, RXD.MAXCNT) bytes at the FREQUENCY register's rate (8 bits a byte): TX bytes
/// come from RAM at TXD.PTR (ORC once TXD.MAXCNT bytes are sent), RX bytes go to RXD.PTR. ENDTX
/// and ENDRX fire when each side's count is done, END when both are; END→START (SHORTS bit 17)
/// starts again. The board has no SPI device, so MISO reads 0xFF (a line with nothing driving
/// it is pulled high). STOP fires STOPPED; SUSPEND/RESUME pause nothing (the transfer is
/// computed whole). Not modelled: CSN/DCX handling (SPIM3's hardware chip select), IFTIMING,
/// TXD.LIST/RXD.LIST, pins.
final class SPIM: NordicPeripheral {
    private var txEvent = 0, rxEvent = 0, endEvent = 0
    private var active = false

    init(layout: PeripheralLayout, context: PeripheralContext) {
        super.init(name: layout.name, base: layout.base, irq: layout.irq, layout: layout.layout, context: context)
        storage("ENABLE", "PSEL.SCK", "PSEL.MOSI", "PSEL.MISO", "PSEL.CSN", "FREQUENCY", "RXD.PTR", "RXD.MAXCNT",
                "RXD.LIST", "TXD.PTR", "TXD.MAXCNT", "TXD.LIST", "CONFIG", "ORC", "STALLSTAT")
        for register in ["IFTIMING.RXDELAY", "IFTIMING.CSNDUR", "CSNPOL", "PSELDCX", "DCXCNT"] where hasRegister(register) {
            storage(register)
        }
        onRead("TXD.AMOUNT") { v in v }
        onRead("RXD.AMOUNT") { v in v }
        shortcut(bit: 17, event: "EVENTS_END", task: "TASKS_START")
        txEvent = context.scheduler.register { [unowned self] _ in self.fire("EVENTS_ENDTX") }
        rxEvent = context.scheduler.register { [unowned self] _ in self.fire("EVENTS_ENDRX") }
        endEvent = context.scheduler.register { [unowned self] _ in
            self.active = false
            self.fire("EVENTS_END")
        }
        task("TASKS_START") { [unowned self] in self.start() }
        task("TASKS_STOP") { [unowned self] in
            for id in [self.txEvent, self.rxEvent, self.endEvent] { context.scheduler.cancel(id) }
            self.active = false
            self.fire("EVENTS_STOPPED")
        }
        task("TASKS_SUSPEND") {}
        task("TASKS_RESUME") {}
    }

    /// SCK in hertz (the register's named values; others as FREQUENCY / 2^32 · 32 MHz).
    private var clockHz: UInt64 {
        let named: [UInt32: UInt64] = [0x0200_0000: 125_000, 0x0400_0000: 250_000, 0x0800_0000: 500_000,
                                       0x1000_0000: 1_000_000, 0x2000_0000: 2_000_000, 0x4000_0000: 4_000_000,
                                       0x8000_0000: 8_000_000, 0x0A00_0000: 16_000_000, 0x1400_0000: 32_000_000]
        return named[self["FREQUENCY"]] ?? max(1, UInt64(self["FREQUENCY"]) * 32_000_000 >> 32)
    }

    private func start() {
        guard self["ENABLE"] & 0xF == 7, !active else { return }
        active = true
        let now = context.now()
        let txCount = Int(self["TXD.MAXCNT"] & 0xFFFF), rxCount = Int(self["RXD.MAXCNT"] & 0xFFFF)
        fire("EVENTS_STARTED")
        // The MOSI bytes are read for fidelity of the DMA (nobody listens on this board).
        if txCount > 0, context.bus.readBytes(self["TXD.PTR"], count: txCount) == nil {
            log.unmodelled("\(name) EasyDMA read of \(txCount) bytes at \(self["TXD.PTR"].hexString) (not RAM)")
        }
        if rxCount > 0, !context.bus.writeBytes(self["RXD.PTR"], [UInt8](repeating: 0xFF, count: rxCount)) {
            log.unmodelled("\(name) EasyDMA write of \(rxCount) bytes at \(self["RXD.PTR"].hexString) (not RAM)")
        }
        self["TXD.AMOUNT"] = UInt32(txCount)
        self["RXD.AMOUNT"] = UInt32(rxCount)
        func at(_ bytes: Int) -> UInt64 { now + max(1, context.cycles(ticks: UInt64(8 * bytes), hz: clockHz)) }
        context.scheduler.schedule(txEvent, at: at(txCount))
        context.scheduler.schedule(rxEvent, at: at(rxCount))
        context.scheduler.schedule(endEvent, at: at(max(txCount, rxCount)) + 1)
    }

    override func reset() {
        super.reset()
        active = false
        for id in [txEvent, rxEvent, endEvent] { context.scheduler.cancel(id) }
    }
}
