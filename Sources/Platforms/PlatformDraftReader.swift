/// Reads the document root of one description file into a `PlatformDraft`, checking each value's
/// syntax and range where it is written. Checks that need the whole board (overlaps, required
/// keys, flash and RAM present) wait for `PlatformValidator`, after `extends:` is applied.
enum PlatformDraftReader {
    static let topLevelKeys = ["name", "title", "extends", "cpu", "memory", "peripherals", "devices", "leds", "buttons", "console"]
    static let cpuKeys = ["core", "clock", "irqs", "priority-bits"]
    static let memoryKeys = ["name", "kind", "base", "size"]
    static let peripheralKeys = ["name", "type", "base", "size", "irq", "parameters"]
    static let deviceKeys = ["name", "type", "bus", "address", "parameters"]
    static let pinEntryKeys = ["name", "pin", "active-low"]

    /// Architectural limits of the Cortex-M4 NVIC.
    static let irqCountRange = 1...496
    static let priorityBitsRange = 2...8

    static func read(_ root: DescriptionNode) throws(PlatformError) -> PlatformDraft {
        guard case .mapping = root.node else {
            throw root.error("expected a board description (a mapping with name, cpu, memory, ...), found \(root.foundDescription)")
        }
        var draft = PlatformDraft(document: SourceLocation(file: root.file, line: 1))
        let fields = try root.fields(allowed: topLevelKeys)
        if let node = fields["name"] { draft.name = node.located(try node.name()) }
        if let node = fields["title"] {
            let title = try node.text(expected: "a title")
            guard !title.contains(where: \.isNewline) else { throw node.error("expected a title on one line") }
            draft.title = node.located(title)
        }
        if let node = fields["extends"] {
            draft.extends = node.located(try node.text(expected: "a built-in board name or a path to a .yaml file"))
        }
        if let node = fields["cpu"] { draft.cpu = try readCPU(node) }
        if let node = fields["memory"] {
            draft.memoryLocation = node.location
            draft.memory = try readNamedList(node, readMemoryRegion, name: \.name)
        }
        if let node = fields["peripherals"] { draft.peripherals = try readNamedList(node, readPeripheral, name: \.name) }
        if let node = fields["devices"] { draft.devices = try readNamedList(node, readDevice, name: \.name) }
        if let node = fields["leds"] { draft.leds = try readNamedList(node, readLED, name: \.name) }
        if let node = fields["buttons"] { draft.buttons = try readNamedList(node, readButton, name: \.name) }
        if let node = fields["console"], !node.isNull { draft.console = node.located(try node.name()) }
        return draft
    }

    private static func readCPU(_ node: DescriptionNode) throws(PlatformError) -> PlatformDraft.CPUDraft {
        let fields = try node.fields(allowed: cpuKeys)
        var cpu = PlatformDraft.CPUDraft(location: node.location)
        if let core = fields["core"] {
            let name = try core.text(expected: "a core name")
            guard CPUDescription.supportedCores.contains(name) else {
                throw core.error("expected one of \(CPUDescription.supportedCores.joined(separator: ", ")), found \(quoted(name))")
            }
            cpu.core = core.located(name)
        }
        if let clock = fields["clock"] {
            let hertz = try clock.number(NumberSyntax.frequency, expected: "a clock like 64MHz, 32.768kHz or 48000000")
            guard hertz > 0 else { throw clock.error("clock must be above 0 Hz") }
            cpu.clockHz = clock.located(hertz)
        }
        if let irqs = fields["irqs"] {
            cpu.irqCount = irqs.located(try irqs.integer(in: irqCountRange, expected: "an interrupt count"))
        }
        if let bits = fields["priority-bits"] {
            cpu.priorityBits = bits.located(try bits.integer(in: priorityBitsRange, expected: "a number of priority bits"))
        }
        return cpu
    }

    /// A list of mappings each with a `name:` unique within this file (names are how `extends:`
    /// matches entries, so a duplicate would be ambiguous).
    private static func readNamedList<Entry>(
        _ node: DescriptionNode,
        _ readEntry: (DescriptionNode) throws(PlatformError) -> Entry,
        name: (Entry) -> String
    ) throws(PlatformError) -> [Located<Entry>] {
        var entries: [Located<Entry>] = []
        var firstByName: [String: Located<Entry>] = [:]
        for item in try node.items() {
            let entry = item.located(try readEntry(item))
            let entryName = name(entry.value)
            if let first = firstByName[entryName] {
                throw PlatformError(
                    at: entry.location, "\(item.keyPath).name",
                    "duplicate name \(quoted(entryName)) (also \(first.keyPath) at line \(first.location.line))"
                )
            }
            firstByName[entryName] = entry
            entries.append(entry)
        }
        return entries
    }

    /// The value of a key every entry of a list must have.
    private static func required(
        _ key: String, in fields: [String: DescriptionNode], of entry: DescriptionNode
    ) throws(PlatformError) -> DescriptionNode {
        guard let node = fields[key] else { throw entry.error("missing key '\(key)'") }
        return node
    }

    private static func readMemoryRegion(_ entry: DescriptionNode) throws(PlatformError) -> MemoryRegionDescription {
        let fields = try entry.fields(allowed: memoryKeys)
        let name = try required("name", in: fields, of: entry).name()
        let kindNode = try required("kind", in: fields, of: entry)
        let kindName = try kindNode.text(expected: "a memory kind")
        guard let kind = MemoryRegionDescription.Kind(rawValue: kindName) else {
            let kinds = MemoryRegionDescription.Kind.allCases.map(\.rawValue).joined(separator: ", ")
            throw kindNode.error("expected one of \(kinds), found \(quoted(kindName))")
        }
        let base = try required("base", in: fields, of: entry).address()
        let sizeNode = try required("size", in: fields, of: entry)
        let size = try sizeNode.byteSize()
        try checkWithinAddressSpace(base: base, size: size, sizeNode)
        return MemoryRegionDescription(name: name, kind: kind, base: base, size: size)
    }

    private static func readPeripheral(_ entry: DescriptionNode) throws(PlatformError) -> PeripheralDescription {
        let fields = try entry.fields(allowed: peripheralKeys)
        let name = try required("name", in: fields, of: entry).name()
        let type = try required("type", in: fields, of: entry).name()
        let base = try required("base", in: fields, of: entry).address()
        var size: UInt32?
        if let sizeNode = fields["size"] {
            let bytes = try sizeNode.byteSize()
            try checkWithinAddressSpace(base: base, size: bytes, sizeNode)
            size = bytes
        }
        // The bound is the architectural one; the board's own `irqs:` is checked once merged.
        let irq = try fields["irq"]?.integer(in: 0...(irqCountRange.upperBound - 1), expected: "an interrupt number")
        let parameters = try fields["parameters"]?.parameters() ?? [:]
        return PeripheralDescription(name: name, type: type, base: base, size: size, irq: irq, parameters: parameters)
    }

    private static func readDevice(_ entry: DescriptionNode) throws(PlatformError) -> DeviceDescription {
        let fields = try entry.fields(allowed: deviceKeys)
        let name = try required("name", in: fields, of: entry).name()
        let type = try required("type", in: fields, of: entry).name()
        let bus = try fields["bus"]?.name()
        var address: UInt32?
        if let addressNode = fields["address"] {
            let value = try addressNode.number(NumberSyntax.unsignedInteger, expected: "a bus address like 0x6B")
            guard let fitting = UInt32(exactly: value) else { throw addressNode.error("bus address \(value) does not fit 32 bits") }
            address = fitting
        }
        let parameters = try fields["parameters"]?.parameters() ?? [:]
        return DeviceDescription(name: name, type: type, bus: bus, address: address, parameters: parameters)
    }

    private static func readLED(_ entry: DescriptionNode) throws(PlatformError) -> LEDDescription {
        let (name, pin, activeLow) = try readPinEntry(entry, example: "P0.13 or P1.09", activeLowByDefault: false)
        return LEDDescription(name: name, pin: pin, activeLow: activeLow)
    }

    private static func readButton(_ entry: DescriptionNode) throws(PlatformError) -> ButtonDescription {
        let (name, pin, activeLow) = try readPinEntry(entry, example: "P0.11 or P1.02", activeLowByDefault: true)
        return ButtonDescription(name: name, pin: pin, activeLow: activeLow)
    }

    /// An LED or button entry: `name`, `pin` (written like `example`), `active-low`.
    private static func readPinEntry(_ entry: DescriptionNode, example: String,
                                     activeLowByDefault: Bool) throws(PlatformError) -> (String, GPIOPin, Bool) {
        let fields = try entry.fields(allowed: pinEntryKeys)
        let name = try required("name", in: fields, of: entry).name()
        let pinNode = try required("pin", in: fields, of: entry)
        let written = try pinNode.text(expected: "a pin like \(example)")
        guard let pin = GPIOPin(written) else {
            throw pinNode.error("expected a pin like \(example) (port, then pin 0...31), found \(quoted(written))")
        }
        return (name, pin, try fields["active-low"]?.boolean() ?? activeLowByDefault)
    }

    private static func checkWithinAddressSpace(base: UInt32, size: UInt32, _ sizeNode: DescriptionNode) throws(PlatformError) {
        guard UInt64(base) + UInt64(size) <= 1 << 32 else {
            throw sizeNode.error("\(hex(base)) + \(sizeNode.foundDescription) wraps past the end of the 4 GiB address space")
        }
    }
}

/// `0x2003FFFF`: eight hex digits, as addresses are written in datasheets.
func hex(_ value: UInt32) -> String {
    let digits = String(value, radix: 16, uppercase: true)
    return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
}
