/// A small but realistic Cortex-M image: code and constants in flash at 0x08000000, `.data`
/// linked for RAM at 0x20000000 but loaded into flash after the code, and `.bss` after it.
enum SampleFirmware {
    static let flashBase: UInt32 = 0x0800_0000
    static let ramBase: UInt32 = 0x2000_0000
    static let dataLoadAddress: UInt32 = 0x0800_0040
    static let flashContents: [UInt8] = (0..<64).map { UInt8($0) }
    static let dataContents: [UInt8] = [0xA1, 0xA2, 0xA3, 0xA4, 0xA5, 0xA6, 0xA7, 0xA8]
    static let bssSize: UInt32 = 24

    static var writer: ELF32Writer {
        var writer = ELF32Writer()
        writer.entry = flashBase + 0x09  // Reset_Handler, Thumb bit set
        writer.segments = [
            .init(virtualAddress: flashBase, contents: flashContents),
            .init(
                virtualAddress: ramBase, physicalAddress: dataLoadAddress, contents: dataContents,
                memorySize: UInt32(dataContents.count) + bssSize, flags: 6
            ),
        ]
        typealias Section = ELF32Writer.Section
        writer.sections = [
            Section(name: ".isr_vector", type: Section.progbits, flags: Section.alloc, address: flashBase, size: 8, segmentIndex: 0, offsetInSegment: 0),
            Section(name: ".text", type: Section.progbits, flags: Section.alloc | Section.exec, address: flashBase + 8, size: 48, segmentIndex: 0, offsetInSegment: 8),
            Section(name: ".rodata", type: Section.progbits, flags: Section.alloc, address: flashBase + 56, size: 8, segmentIndex: 0, offsetInSegment: 56),
            Section(name: ".data", type: Section.progbits, flags: Section.alloc | Section.write, address: ramBase, size: 8, segmentIndex: 1, offsetInSegment: 0),
            Section(name: ".bss", type: Section.nobits, flags: Section.alloc | Section.write, address: ramBase + 8, size: bssSize, segmentIndex: 1, offsetInSegment: 8),
        ]
        typealias Symbol = ELF32Writer.Symbol
        writer.symbols = [
            // Locals first, as the ELF format requires.
            Symbol(name: "main.c", value: 0, size: 0, type: 4, sectionIndex: 0xFFF1, isGlobal: false),
            Symbol(name: "", value: flashBase + 8, size: 0, type: 3, sectionIndex: 2, isGlobal: false),
            Symbol(name: "$d", value: flashBase, size: 0, type: 0, sectionIndex: 1, isGlobal: false),
            Symbol(name: "$t", value: flashBase + 8, size: 0, type: 0, sectionIndex: 2, isGlobal: false),
            Symbol(name: "$t.1", value: flashBase + 0x18, size: 0, type: 0, sectionIndex: 2, isGlobal: false),
            Symbol(name: "helper", value: flashBase + 0x29, size: 0x10, type: 2, sectionIndex: 2, isGlobal: false),
            Symbol(name: "g_vectors", value: flashBase, size: 8, type: 1, sectionIndex: 1),
            Symbol(name: "Reset_Handler", value: flashBase + 0x09, size: 0x10, type: 2, sectionIndex: 2),
            Symbol(name: "main", value: flashBase + 0x19, size: 0x10, type: 2, sectionIndex: 2),
            Symbol(name: "counter", value: ramBase, size: 4, type: 1, sectionIndex: 4),
            Symbol(name: "buffer", value: ramBase + 8, size: bssSize, type: 1, sectionIndex: 5),
            Symbol(name: "_estack", value: 0x2002_0000, size: 0, type: 0, sectionIndex: 0xFFF1),
            Symbol(name: "external_function", value: 0, size: 0, type: 2, sectionIndex: 0),
        ]
        return writer
    }

    static var bytes: [UInt8] { writer.build() }
}
