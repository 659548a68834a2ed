import Emulation

/// Programmable peripheral interconnect: when an event fires (any peripheral's `fire`, heard on
/// the `EventRouter` by its address), every enabled channel whose event end point (CH[n].EEP)
/// is that address writes 1 to its task end point (CH[n].TEP) and to its fork (FORK[n].TEP)
/// through the bus, as the hardware does: the task runs at the event's cycle. Channels 0–19
/// are programmable; 20–31 have the fixed end points of the product specification (TIMER0,
/// RTC0 and RADIO to RADIO, TIMER0, AAR and CCM). CHEN/CHENSET/CHENCLR enable channels,
/// CHG[0..5] group them and TASKS_CHG[n].EN/DIS enable or disable a whole group.
final class PPI: NordicPeripheral {
    private static let programmable = 20

    /// Channels 20–31: (event, task) addresses, from the register table by name.
    static let fixedChannels: [(event: UInt32, task: UInt32)] = {
        func address(_ peripheral: String, _ register: String) -> UInt32 {
            guard let block = NRF52840RegisterTable.peripheral(peripheral),
                  let entry = block.layout.registers.first(where: { $0.name == register }) else {
                preconditionFailure("the nRF52840 table has no \(peripheral).\(register)")
            }
            return block.base + entry.offset
        }
        let timerCompare0 = address("TIMER0", "EVENTS_COMPARE[0]"), rtcCompare0 = address("RTC0", "EVENTS_COMPARE[0]")
        return [
            (timerCompare0, address("RADIO", "TASKS_TXEN")),                                  // 20
            (timerCompare0, address("RADIO", "TASKS_RXEN")),                                  // 21
            (address("TIMER0", "EVENTS_COMPARE[1]"), address("RADIO", "TASKS_DISABLE")),      // 22
            (address("RADIO", "EVENTS_BCMATCH"), address("AAR", "TASKS_START")),              // 23
            (address("RADIO", "EVENTS_READY"), address("CCM", "TASKS_KSGEN")),                // 24
            (address("RADIO", "EVENTS_ADDRESS"), address("CCM", "TASKS_CRYPT")),              // 25
            (address("RADIO", "EVENTS_ADDRESS"), address("TIMER0", "TASKS_CAPTURE[1]")),      // 26
            (address("RADIO", "EVENTS_END"), address("TIMER0", "TASKS_CAPTURE[2]")),          // 27
            (rtcCompare0, address("RADIO", "TASKS_TXEN")),                                    // 28
            (rtcCompare0, address("RADIO", "TASKS_RXEN")),                                    // 29
            (rtcCompare0, address("TIMER0", "TASKS_CLEAR")),                                  // 30
            (rtcCompare0, address("TIMER0", "TASKS_START")),                                  // 31
        ]
    }()

    /// Events handled in one instant before the PPI gives up on a loop of channels that
    /// trigger each other (an EGU event wired back to its own task, say).
    static let loopLimit = 10_000

    private let chen: Int
    private let eep: [Int], tep: [Int], fork: [Int]
    private var pending: [UInt32] = []
    private var dispatching = false

    init(layout: PeripheralLayout, context: PeripheralContext) {
        let registers = layout.layout.registers
        func find(_ name: String) -> Int { registers.firstIndex { $0.name == name }! }
        chen = find("CHEN")
        eep = (0..<Self.programmable).map { find("CH[\($0)].EEP") }
        tep = (0..<Self.programmable).map { find("CH[\($0)].TEP") }
        fork = (0..<32).map { find("FORK[\($0)].TEP") }
        super.init(name: layout.name, base: layout.base, irq: layout.irq, layout: layout.layout, context: context)
        storage("CHEN")
        for (register, change) in [("CHENSET", { (old: UInt32, value: UInt32) in old | value }),
                                   ("CHENCLR", { (old: UInt32, value: UInt32) in old & ~value })] {
            onWrite(register) { [unowned self] value in self[index: self.chen] = change(self[index: self.chen], value) }
            onRead(register) { [unowned self] _ in self[index: self.chen] }
        }
        for n in 0..<Self.programmable { storage("CH[\(n)].EEP", "CH[\(n)].TEP") }
        for n in 0..<32 { storage("FORK[\(n)].TEP") }
        for group in 0..<6 {
            storage("CHG[\(group)]")
            task("TASKS_CHG[\(group)].EN") { [unowned self] in self[index: self.chen] |= self["CHG[\(group)]"] }
            task("TASKS_CHG[\(group)].DIS") { [unowned self] in self[index: self.chen] &= ~self["CHG[\(group)]"] }
        }
        context.events.listen { [unowned self] address in self.eventFired(address) }
    }

    /// Events raised by the tasks an event triggers are queued and handled after it, in order,
    /// so chains of channels run without recursion.
    private func eventFired(_ address: UInt32) {
        guard self[index: chen] != 0 else { return }
        pending.append(address)
        guard !dispatching else { return }
        dispatching = true
        var handled = 0
        while handled < pending.count {
            if handled == Self.loopLimit {
                log.noteOnce("PPI loop", "PPI: more than \(Self.loopLimit) events trigger each other at one instant (channels wired in a loop?); the rest are dropped")
                break
            }
            trigger(pending[handled])
            handled += 1
        }
        pending.removeAll(keepingCapacity: true)
        dispatching = false
    }

    /// Every channel enabled when the event fires sees it (a task that changes CHEN through a
    /// group takes effect for later events).
    private func trigger(_ address: UInt32) {
        let enabled = self[index: chen]
        for n in 0..<32 where enabled & (1 << UInt32(n)) != 0 {
            let (event, task) = n < Self.programmable ? (self[index: eep[n]], self[index: tep[n]]) : Self.fixedChannels[n - Self.programmable]
            guard event == address, event != 0 else { continue }
            for target in [task, self[index: fork[n]]] where target != 0 && !context.bus.write(target, size: 4, value: 1) {
                log.noteOnce("PPI \(target)", "PPI: channel \(n) task address \(target.hexString) is not on the bus")
            }
        }
    }
}
