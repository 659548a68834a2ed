/// What one description file says before `extends:` is applied: every field optional, every
/// value remembering the file, line and key path it was written at, so that checks made on the
/// merged board still point at the line to fix.
struct PlatformDraft: Sendable {
    struct CPUDraft: Sendable {
        /// Where `cpu:` was written, for "missing key" messages.
        var location: SourceLocation?
        var core: Located<String>?
        var clockHz: Located<UInt64>?
        var irqCount: Located<Int>?
        var priorityBits: Located<Int>?
    }

    /// Line 1 of the most-derived file, for problems of the board as a whole.
    var document: SourceLocation
    var name: Located<String>?
    var title: Located<String>?
    var extends: Located<String>?
    var cpu = CPUDraft()
    /// Where `memory:` was last written, for "no flash region" messages.
    var memoryLocation: SourceLocation?
    var memory: [Located<MemoryRegionDescription>] = []
    var peripherals: [Located<PeripheralDescription>] = []
    var devices: [Located<DeviceDescription>] = []
    var leds: [Located<LEDDescription>] = []
    var buttons: [Located<ButtonDescription>] = []
    var console: Located<String>?

    init(document: SourceLocation) {
        self.document = document
    }

    /// This file's settings laid over `parent`'s: scalar keys and CPU fields replace the parent's
    /// one by one; list entries replace the parent's entry of the same name or are added.
    func applied(onto parent: PlatformDraft) -> PlatformDraft {
        var merged = self
        merged.name = name ?? parent.name
        merged.title = title ?? parent.title
        merged.extends = nil
        merged.cpu.location = cpu.location ?? parent.cpu.location
        merged.cpu.core = cpu.core ?? parent.cpu.core
        merged.cpu.clockHz = cpu.clockHz ?? parent.cpu.clockHz
        merged.cpu.irqCount = cpu.irqCount ?? parent.cpu.irqCount
        merged.cpu.priorityBits = cpu.priorityBits ?? parent.cpu.priorityBits
        merged.memoryLocation = memoryLocation ?? parent.memoryLocation
        merged.memory = Self.mergedByName(parent.memory, memory) { $0.name }
        merged.peripherals = Self.mergedByName(parent.peripherals, peripherals) { $0.name }
        merged.devices = Self.mergedByName(parent.devices, devices) { $0.name }
        merged.leds = Self.mergedByName(parent.leds, leds) { $0.name }
        merged.buttons = Self.mergedByName(parent.buttons, buttons) { $0.name }
        merged.console = console ?? parent.console
        return merged
    }

    /// The parent's entries in their order, each replaced by the child's entry of the same name,
    /// followed by the child's new entries.
    private static func mergedByName<Entry>(
        _ parent: [Located<Entry>], _ child: [Located<Entry>], name: (Entry) -> String
    ) -> [Located<Entry>] {
        var childByName: [String: Located<Entry>] = [:]
        for entry in child { childByName[name(entry.value)] = entry }
        let parentNames = Set(parent.map { name($0.value) })
        return parent.map { childByName[name($0.value)] ?? $0 }
            + child.filter { !parentNames.contains(name($0.value)) }
    }
}
