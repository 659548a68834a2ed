/// Turns a merged draft into a `PlatformDescription`, making the checks that need the whole
/// board: required keys present, a flash and a RAM region, no overlapping regions, interrupt
/// numbers within the board's count, the console naming a peripheral.
enum PlatformValidator {
    static func validate(_ draft: PlatformDraft, sourcePath: String?) throws(PlatformError) -> PlatformDescription {
        guard let name = draft.name else {
            throw PlatformError(at: draft.document, "name", "missing key (every board needs a name)")
        }
        let cpu = try validateCPU(draft.cpu, document: draft.document)
        let memory = try validateMemory(draft.memory, at: draft.memoryLocation ?? draft.document)
        for peripheral in draft.peripherals {
            if let irq = peripheral.value.irq, irq >= cpu.irqCount {
                throw PlatformError(
                    at: peripheral.location, "\(peripheral.keyPath).irq",
                    "interrupt \(irq) is past the board's \(cpu.irqCount) interrupts (cpu.irqs)"
                )
            }
        }
        if let console = draft.console, !draft.peripherals.contains(where: { $0.value.name == console.value }) {
            throw console.error("no peripheral named \(quoted(console.value))")
        }
        return PlatformDescription(
            name: name.value,
            title: draft.title?.value ?? name.value,
            cpu: cpu,
            memory: memory,
            peripherals: draft.peripherals.map(\.value),
            devices: draft.devices.map(\.value),
            leds: draft.leds.map(\.value),
            buttons: draft.buttons.map(\.value),
            console: draft.console?.value,
            sourcePath: sourcePath
        )
    }

    private static func validateCPU(_ cpu: PlatformDraft.CPUDraft, document: SourceLocation) throws(PlatformError) -> CPUDescription {
        let location = cpu.location ?? document
        func missing(_ key: String, _ example: String) -> PlatformError {
            PlatformError(at: location, "cpu.\(key)", "missing key (e.g. \(example))")
        }
        guard let core = cpu.core else { throw missing("core", "core: cortex-m4f") }
        guard let clock = cpu.clockHz else { throw missing("clock", "clock: 64MHz") }
        guard let irqs = cpu.irqCount else { throw missing("irqs", "irqs: 48") }
        guard let priorityBits = cpu.priorityBits else { throw missing("priority-bits", "priority-bits: 3") }
        return CPUDescription(core: core.value, clockHz: clock.value, irqCount: irqs.value, priorityBits: priorityBits.value)
    }

    private static func validateMemory(
        _ regions: [Located<MemoryRegionDescription>], at location: SourceLocation
    ) throws(PlatformError) -> [MemoryRegionDescription] {
        for kind in [MemoryRegionDescription.Kind.flash, .ram] where !regions.contains(where: { $0.value.kind == kind }) {
            throw PlatformError(
                at: location, "memory",
                "no region of kind \(kind.rawValue) (a board needs at least one flash and one ram region)"
            )
        }
        // Sorted by base, a region overlaps an earlier one exactly when it starts before the
        // furthest end seen so far.
        let sorted = regions.sorted { ($0.value.base, $0.value.name) < ($1.value.base, $1.value.name) }
        var furthest: Located<MemoryRegionDescription>?
        for region in sorted {
            if let earlier = furthest, UInt64(region.value.base) < earlier.value.end {
                throw region.error(
                    "region \(describe(region.value)) overlaps region \(describe(earlier.value)) "
                        + "(\(earlier.keyPath) at \(earlier.location))"
                )
            }
            if region.value.end > furthest?.value.end ?? 0 { furthest = region }
        }
        return sorted.map(\.value)
    }

    /// `'ram' (0x20000000...0x2003FFFF)`
    private static func describe(_ region: MemoryRegionDescription) -> String {
        "\(quoted(region.name)) (\(hex(region.base))...\(hex(UInt32(region.end - 1))))"
    }
}
