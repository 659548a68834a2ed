import Emulation

/// Non-volatile memory controller: writes and erases the code flash and the UICR. CONFIG.WEN
/// selects read-only (0), write (1) or erase (2). A word store to flash while writing is
/// enabled programs it as NOR flash does (new = old AND written); byte and halfword stores fault,
/// as on silicon; stores while writing is not enabled change nothing (noted once). ERASEPAGE,
/// ERASEALL, ERASEUICR and ERASEPAGEPARTIAL set bits back to 1 while erasing is enabled.
///
/// Timing (nRF52840 Product Specification, NVMC electrical specification, maximum values):
/// t_WRITE 41 µs a word, t_ERASEPAGE 85 ms, t_ERASEALL 169 ms; a partial erase takes
/// ERASEPAGEPARTIALCFG ms and the page is erased once partial erases add up to t_ERASEPAGE.
/// READY reads 0 until the operation ends, READYNEXT 0 while a further write could not be
/// buffered. A CPU executing from flash is halted until the operation ends (the machine stalls
/// it in virtual time); code running from RAM runs on and can poll READY. Programmed content is
/// visible at once, and decoded instructions are dropped: self-modifying flash works.
final class NVMC: RegisterBlock {
    static let pageSize: UInt32 = 4096
    static let writeMicroseconds: UInt64 = 41
    static let erasePageMicroseconds: UInt64 = 85_000
    static let eraseAllMicroseconds: UInt64 = 169_000

    private let context: PeripheralContext
    private let flash: MemoryRegion?
    weak var uicr: UICR? {
        didSet { uicr?.program = { [unowned self] offset, value in self.programUICR(offset, value) } }
    }
    /// The cycle the current operation (and any buffered write) ends.
    private var busyUntil: UInt64 = 0
    private var operationDone = 0
    /// Partial-erase time so far per page (ms), until it reaches t_ERASEPAGE.
    private var partialErase: [UInt32: UInt64] = [:]
    private var noted: Set<String> = []

    init(layout: PeripheralLayout, context: PeripheralContext) {
        self.context = context
        flash = context.bus.regions.first { $0.kind == .flash }
        super.init(name: layout.name, base: layout.base, layout: layout.layout, log: context.log, now: context.now)
        // The event only marks the end of the operation in virtual time (so the CPU slice
        // ends after the store that started it, and the machine can stall the CPU).
        operationDone = context.scheduler.register { _ in }
        flash?.programmer = { [unowned self] offset, size, value in self.programFlash(offset, size, value) }
        storage("ICACHECNF", "IHIT", "IMISS", "ERASEPAGEPARTIALCFG")
        onWrite("CONFIG") { [unowned self] value in self["CONFIG"] = value & 3 }
        onRead("READY") { [unowned self] _ in context.now() >= self.busyUntil ? 1 : 0 }
        onRead("READYNEXT") { [unowned self] _ in
            let writeCycles = context.cycles(ticks: NVMC.writeMicroseconds, hz: 1_000_000)
            return context.now() + writeCycles >= self.busyUntil ? 1 : 0
        }
        onWrite("ERASEPAGE") { [unowned self] value in self.erasePage(at: value) }
        onWrite("ERASEALL") { [unowned self] value in
            guard value & 1 != 0, self.mayErase("ERASEALL") else { return }
            if let flash = self.flash { self.fill(flash, from: 0, count: flash.size) }
            self.uicr?.erase()
            self.partialErase = [:]
            self.occupy(microseconds: NVMC.eraseAllMicroseconds)
        }
        onWrite("ERASEUICR") { [unowned self] value in
            guard value & 1 != 0, self.mayErase("ERASEUICR") else { return }
            self.uicr?.erase()
            self.occupy(microseconds: NVMC.erasePageMicroseconds)
        }
        onWrite("ERASEPAGEPARTIAL") { [unowned self] value in self.erasePagePartially(at: value) }
    }

    private var mode: UInt32 { self["CONFIG"] & 3 }

    private func mayWrite(_ what: String) -> Bool {
        if mode == 1 { return true }
        noteOnce("NVMC: \(what) while CONFIG.WEN is not Wen (1) has no effect")
        return false
    }

    private func mayErase(_ what: String) -> Bool {
        if mode == 2 { return true }
        noteOnce("NVMC: \(what) while CONFIG.WEN is not Een (2) has no effect")
        return false
    }

    private func noteOnce(_ text: String) {
        if noted.insert(text).inserted { log.note(text) }
    }

    /// A CPU store into flash: word-aligned words only (anything else is a bus fault).
    private func programFlash(_ offset: UInt32, _ size: Int, _ value: UInt32) -> Bool {
        guard size == 4, offset & 3 == 0, let flash else { return false }
        guard mayWrite("a write to flash") else { return true }
        let old = UInt32(littleEndian: (flash.bytes + Int(offset)).loadUnaligned(as: UInt32.self))
        let programmed = old & value
        flash.store((0..<4).map { UInt8(truncatingIfNeeded: programmed >> (8 * $0)) }, at: flash.base &+ offset)
        occupy(microseconds: NVMC.writeMicroseconds)
        return true
    }

    private func programUICR(_ offset: UInt32, _ value: UInt32) {
        guard mayWrite("a write to UICR") else { return }
        uicr?.write(word: offset, value: value)
        occupy(microseconds: NVMC.writeMicroseconds)
    }

    /// The flash page containing `address`, as an offset into the flash region.
    private func page(at address: UInt32) -> UInt32? {
        guard let flash, flash.contains(address) else { return nil }
        return (address &- flash.base) & ~(NVMC.pageSize - 1)
    }

    private func erasePage(at address: UInt32) {
        guard mayErase("ERASEPAGE") else { return }
        guard let flash, let page = page(at: address) else {
            noteOnce("NVMC: ERASEPAGE of \(address.hexString), outside flash, has no effect")
            return
        }
        fill(flash, from: page, count: NVMC.pageSize)
        partialErase[page] = nil
        occupy(microseconds: NVMC.erasePageMicroseconds)
    }

    private func erasePagePartially(at address: UInt32) {
        guard mayErase("ERASEPAGEPARTIAL") else { return }
        guard let flash, let page = page(at: address) else {
            noteOnce("NVMC: ERASEPAGEPARTIAL of \(address.hexString), outside flash, has no effect")
            return
        }
        let milliseconds = UInt64(self["ERASEPAGEPARTIALCFG"] & 0x7F)
        let total = partialErase[page, default: 0] + milliseconds
        if total * 1000 >= NVMC.erasePageMicroseconds {
            fill(flash, from: page, count: NVMC.pageSize)
            partialErase[page] = nil
        } else {
            partialErase[page] = total
        }
        occupy(microseconds: milliseconds * 1000)
    }

    private func fill(_ region: MemoryRegion, from offset: UInt32, count: UInt32) {
        region.store([UInt8](repeating: 0xFF, count: Int(count)), at: region.base &+ offset)
    }

    /// The controller is busy for `microseconds` after what it is doing now (a write issued
    /// while one is under way is buffered, as READYNEXT allows).
    private func occupy(microseconds: UInt64) {
        let start = max(context.now(), busyUntil)
        busyUntil = start + context.cycles(ticks: microseconds, hz: 1_000_000)
        context.scheduler.schedule(operationDone, at: busyUntil)
        context.system.stallFlashFetches(busyUntil)
    }

    override func reset() {
        super.reset()
        // An operation under way completes (the flash keeps what was programmed).
    }
}
