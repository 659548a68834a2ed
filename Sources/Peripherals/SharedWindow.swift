import Emulation

/// Several peripherals at one base address, as the nRF52840 has them (CLOCK and POWER;
/// UART0 and UARTE0; SPIM0, SPIS0, TWIM0 and TWIS0, ...). An access goes to the block that has
/// a register at that offset; where several do, ENABLE decides which one is switched on. While
/// none is, a write goes to every block with that register (firmware configures pins and baud
/// rate before enabling, and the hardware has one set of them). ENABLE itself is shared.
public final class SharedWindow: Peripheral {
    public let name: String
    /// The blocks with the ENABLE value that selects each (nil: always reachable).
    private let members: [(block: RegisterBlock, enableValue: UInt32?)]
    private var enable: UInt32 = 0
    private let enableOffset: UInt32 = 0x500

    public init(name: String, members: [(RegisterBlock, UInt32?)]) {
        self.name = name
        self.members = members.map { (block: $0.0, enableValue: $0.1) }
    }

    private func candidates(for offset: UInt32) -> [RegisterBlock] {
        let word = offset & ~3
        return members.filter { $0.block.layoutHasRegister(at: word) }.map(\.block)
    }

    /// The block switched on by ENABLE among those with a register at `offset`, if any.
    private func selected(_ blocks: [RegisterBlock]) -> RegisterBlock? {
        if blocks.count == 1 { return blocks[0] }
        return members.first { member in member.enableValue == enable && blocks.contains { $0 === member.block } }?.block
    }

    public func read(offset: UInt32, size: Int) -> UInt32? {
        let blocks = candidates(for: offset)
        return (selected(blocks) ?? blocks.first ?? members.first?.block)?.read(offset: offset, size: size)
    }

    public func write(offset: UInt32, size: Int, value: UInt32) -> Bool {
        if offset & ~3 == enableOffset {
            enable = value
            let lastWithEnable = members.lastIndex { $0.block.layoutHasRegister(at: enableOffset) } ?? 0
            for (i, member) in members.enumerated() where member.block.layoutHasRegister(at: enableOffset) {
                _ = member.block.write(offset: offset, size: size, value: value, reported: i == lastWithEnable)
            }
            return true
        }
        let blocks = candidates(for: offset)
        if let target = selected(blocks) { return target.write(offset: offset, size: size, value: value) }
        if blocks.isEmpty { return members.first?.block.write(offset: offset, size: size, value: value) ?? true }
        // No block is switched on: a task has nothing to start (and must not start both twins).
        if blocks.allSatisfy({ $0.isTask(at: offset & ~3) }) { return true }
        // Reported once, under the block that would be enabled last in the window (the EasyDMA
        // variants UARTE/SPIM/TWIM come after their legacy twins in the board file).
        for (i, block) in blocks.enumerated() {
            _ = block.write(offset: offset, size: size, value: value, reported: i == blocks.count - 1)
        }
        return true
    }
}

extension RegisterBlock {
    func layoutHasRegister(at offset: UInt32) -> Bool {
        layout.registers.contains { $0.offset == offset }
    }

    func isTask(at offset: UInt32) -> Bool {
        layout.registers.contains { $0.offset == offset && $0.name.hasPrefix("TASKS_") }
    }
}
