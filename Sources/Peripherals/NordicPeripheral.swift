import Emulation

/// The pattern every Nordic peripheral shares: TASKS_* registers start actions when written
/// with 1, EVENTS_* registers record that something happened (firmware clears them by writing
/// 0), SHORTS connect an event to a task inside the peripheral, INTEN/INTENSET/INTENCLR choose
/// which events raise the interrupt (bit n belongs to the event at 0x100 + 4n), and every event
/// is visible to the PPI by its address.
open class NordicPeripheral: RegisterBlock {
    public let context: PeripheralContext
    public let irq: Int?
    public private(set) var interruptEnable: UInt32 = 0
    private var tasks: [Int: () -> Void] = [:]
    /// Shortcuts: SHORTS bit, event register index, task register index.
    private var shortcuts: [(bit: UInt32, event: Int, task: Int)] = []
    /// Event register indices and their INTEN bits.
    private var eventBits: [(index: Int, bit: UInt32)] = []

    public init(name: String, base: UInt32, irq: Int?, layout: RegisterLayout, context: PeripheralContext) {
        self.context = context
        self.irq = irq
        super.init(name: name, base: base, layout: layout, log: context.log, now: context.now)
        for (i, register) in layout.registers.enumerated() where register.name.hasPrefix("EVENTS_") {
            let bit = (register.offset &- 0x100) / 4
            eventBits.append((i, bit < 32 ? bit : 32))
            onWrite(register.name) { [unowned self] _ in self.updateInterrupt() }
        }
        if hasRegister("INTENSET") {
            onWrite("INTENSET") { [unowned self] value in self.setInterruptEnable(self.interruptEnable | value) }
            onRead("INTENSET") { [unowned self] _ in self.interruptEnable }
        }
        if hasRegister("INTENCLR") {
            onWrite("INTENCLR") { [unowned self] value in self.setInterruptEnable(self.interruptEnable & ~value) }
            onRead("INTENCLR") { [unowned self] _ in self.interruptEnable }
        }
        if hasRegister("INTEN") {
            onWrite("INTEN") { [unowned self] value in self.setInterruptEnable(value) }
            onRead("INTEN") { [unowned self] _ in self.interruptEnable }
        }
        if hasRegister("SHORTS") { storage("SHORTS") }
    }

    /// Declares what a task does (run when firmware, a shortcut or the PPI writes 1 to it).
    public func task(_ register: String, _ action: @escaping () -> Void) {
        let i = index(register)
        tasks[i] = action
        onWrite(register) { [unowned self] value in
            self[index: i] = 0
            if value & 1 != 0 { action() }
        }
    }

    /// Declares a shortcut: SHORTS bit `bit` makes `event` trigger `task`.
    public func shortcut(bit: UInt32, event: String, task: String) {
        shortcuts.append((bit, index(event), index(task)))
    }

    /// The peripheral signals an event: the register reads 1, shortcuts run, the PPI hears it,
    /// and the interrupt line follows.
    public func fire(_ event: String) {
        let i = index(event)
        values(set: i)
        let shorts = hasRegister("SHORTS") ? self["SHORTS"] : 0
        for shortcut in shortcuts where shortcut.event == i && shorts & (1 << shortcut.bit) != 0 {
            tasks[shortcut.task]?()
        }
        context.events.fired(base &+ layout.registers[i].offset)
        updateInterrupt()
    }

    private func values(set i: Int) {
        self[index: i] = 1
    }

    private func setInterruptEnable(_ value: UInt32) {
        interruptEnable = value
        updateInterrupt()
        interruptEnableChanged()
    }

    /// For models whose events exist only while enabled (the RTC).
    open func interruptEnableChanged() {}

    /// The line is high while any enabled event is set.
    public func updateInterrupt() {
        guard let irq else { return }
        let high = eventBits.contains { $0.bit < 32 && interruptEnable & (1 << $0.bit) != 0 && self[index: $0.index] != 0 }
        context.interrupts.set(irq, from: self, high: high)
    }

    open override func reset() {
        super.reset()
        interruptEnable = 0
        updateInterrupt()
    }
}
