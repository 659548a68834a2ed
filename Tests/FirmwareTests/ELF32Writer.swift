/// Builds small ELF32 files in memory so loader tests do not need a cross toolchain.
///
/// Layout: ELF header | program headers | segment contents (4-byte aligned) | .symtab |
/// .strtab | .shstrtab | section headers. Every field is written little-endian; tests that
/// need a malformed file build a valid one and then patch or cut the bytes.
struct ELF32Writer {
    struct Segment {
        var virtualAddress: UInt32
        var physicalAddress: UInt32
        var contents: [UInt8]
        var memorySize: UInt32
        var flags: UInt32 = 5  // PF_R | PF_X

        init(virtualAddress: UInt32, physicalAddress: UInt32? = nil, contents: [UInt8], memorySize: UInt32? = nil, flags: UInt32 = 5) {
            self.virtualAddress = virtualAddress
            self.physicalAddress = physicalAddress ?? virtualAddress
            self.contents = contents
            self.memorySize = memorySize ?? UInt32(contents.count)
            self.flags = flags
        }
    }

    /// A section placed inside a segment: PROGBITS sections cover bytes of the segment's
    /// contents, NOBITS sections describe the zero-filled tail.
    struct Section {
        var name: String
        var type: UInt32
        var flags: UInt32
        var address: UInt32
        var size: UInt32
        var segmentIndex: Int
        var offsetInSegment: UInt32

        static let progbits: UInt32 = 1
        static let nobits: UInt32 = 8
        static let write: UInt32 = 1
        static let alloc: UInt32 = 2
        static let exec: UInt32 = 4
    }

    struct Symbol {
        var name: String
        var value: UInt32
        var size: UInt32
        /// STT_* value: 0 NOTYPE, 1 OBJECT, 2 FUNC, 3 SECTION, 4 FILE.
        var type: UInt8
        /// 1-based index into `sections` (0 = undefined, 0xfff1 = absolute).
        var sectionIndex: UInt16
        var isGlobal: Bool = true
    }

    var machine: UInt16 = 40
    var type: UInt16 = 2
    var entry: UInt32 = 0
    var segments: [Segment] = []
    var sections: [Section] = []
    var symbols: [Symbol] = []
    /// Overrides p_type per segment (default PT_LOAD), to add headers the loader must ignore.
    var programHeaderTypes: [UInt32]? = nil

    /// Offsets of interesting places in the last file built, for tests that patch bytes.
    struct Layout {
        var programHeaderOffset = 0
        var segmentOffsets: [Int] = []
        var sectionHeaderOffset = 0
        var fileSize = 0
    }

    func build() -> [UInt8] { buildWithLayout().bytes }

    func buildWithLayout() -> (bytes: [UInt8], layout: Layout) {
        var layout = Layout()
        var out = ByteWriter()
        let headerSize = 52
        let programHeaderSize = 32
        let sectionHeaderSize = 40
        layout.programHeaderOffset = headerSize

        // Segment contents go after the program headers.
        var cursor = headerSize + programHeaderSize * segments.count
        for segment in segments {
            cursor = Self.align(cursor, 4)
            layout.segmentOffsets.append(cursor)
            cursor += segment.contents.count
        }

        // String tables.
        var symbolNames = StringTable()
        var sectionNames = StringTable()
        let symbolEntries: [(nameOffset: UInt32, symbol: Symbol)] = symbols.map { (symbolNames.add($0.name), $0) }
        let userSectionNameOffsets = sections.map { sectionNames.add($0.name) }
        let symtabNameOffset = sectionNames.add(".symtab")
        let strtabNameOffset = sectionNames.add(".strtab")
        let shstrtabNameOffset = sectionNames.add(".shstrtab")

        cursor = Self.align(cursor, 4)
        let symtabOffset = cursor
        let symtabSize = 16 * (symbolEntries.count + 1)
        cursor += symtabSize
        let strtabOffset = cursor
        cursor += symbolNames.bytes.count
        let shstrtabOffset = cursor
        cursor += sectionNames.bytes.count
        cursor = Self.align(cursor, 4)
        layout.sectionHeaderOffset = cursor
        // null + user sections + symtab + strtab + shstrtab
        let sectionCount = 1 + sections.count + 3
        let symtabIndex = 1 + sections.count
        let strtabIndex = symtabIndex + 1
        let shstrtabIndex = strtabIndex + 1

        // ELF header.
        out.append(contentsOf: [0x7F, 0x45, 0x4C, 0x46, 1, 1, 1, 0])
        out.append(contentsOf: [UInt8](repeating: 0, count: 8))
        out.u16(type)
        out.u16(machine)
        out.u32(1)  // e_version
        out.u32(entry)
        out.u32(UInt32(layout.programHeaderOffset))
        out.u32(UInt32(layout.sectionHeaderOffset))
        out.u32(0x0500_0200)  // e_flags: EABI5, hard-float ABI bits irrelevant here
        out.u16(UInt16(headerSize))
        out.u16(UInt16(programHeaderSize))
        out.u16(UInt16(segments.count))
        out.u16(UInt16(sectionHeaderSize))
        out.u16(UInt16(sectionCount))
        out.u16(UInt16(shstrtabIndex))

        // Program headers.
        for (index, segment) in segments.enumerated() {
            out.u32(programHeaderTypes?[index] ?? 1)  // PT_LOAD
            out.u32(UInt32(layout.segmentOffsets[index]))
            out.u32(segment.virtualAddress)
            out.u32(segment.physicalAddress)
            out.u32(UInt32(segment.contents.count))
            out.u32(segment.memorySize)
            out.u32(segment.flags)
            out.u32(4)
        }

        // Segment contents.
        for (index, segment) in segments.enumerated() {
            out.pad(to: layout.segmentOffsets[index])
            out.append(contentsOf: segment.contents)
        }

        // Symbol table: null symbol first.
        out.pad(to: symtabOffset)
        out.append(contentsOf: [UInt8](repeating: 0, count: 16))
        for (nameOffset, symbol) in symbolEntries {
            out.u32(nameOffset)
            out.u32(symbol.value)
            out.u32(symbol.size)
            out.append((symbol.isGlobal ? 1 << 4 : 0) | symbol.type)
            out.append(0)
            out.u16(symbol.sectionIndex)
        }
        out.append(contentsOf: symbolNames.bytes)
        out.append(contentsOf: sectionNames.bytes)

        // Section headers.
        out.pad(to: layout.sectionHeaderOffset)
        out.append(contentsOf: [UInt8](repeating: 0, count: sectionHeaderSize))
        for (index, section) in sections.enumerated() {
            let segmentStart = layout.segmentOffsets[section.segmentIndex]
            let segment = segments[section.segmentIndex]
            let fileOffset = section.type == Section.nobits
                ? segmentStart + segment.contents.count
                : segmentStart + Int(section.offsetInSegment)
            out.sectionHeader(
                name: userSectionNameOffsets[index], type: section.type, flags: section.flags,
                address: section.address, offset: UInt32(fileOffset), size: section.size,
                link: 0, info: 0, alignment: 4, entrySize: 0
            )
        }
        let firstGlobal = UInt32(1 + symbols.prefix { !$0.isGlobal }.count)
        out.sectionHeader(
            name: symtabNameOffset, type: 2, flags: 0, address: 0, offset: UInt32(symtabOffset),
            size: UInt32(symtabSize), link: UInt32(strtabIndex), info: firstGlobal, alignment: 4, entrySize: 16
        )
        out.sectionHeader(
            name: strtabNameOffset, type: 3, flags: 0, address: 0, offset: UInt32(strtabOffset),
            size: UInt32(symbolNames.bytes.count), link: 0, info: 0, alignment: 1, entrySize: 0
        )
        out.sectionHeader(
            name: shstrtabNameOffset, type: 3, flags: 0, address: 0, offset: UInt32(shstrtabOffset),
            size: UInt32(sectionNames.bytes.count), link: 0, info: 0, alignment: 1, entrySize: 0
        )
        layout.fileSize = out.bytes.count
        return (out.bytes, layout)
    }

    private static func align(_ value: Int, _ alignment: Int) -> Int {
        (value + alignment - 1) / alignment * alignment
    }
}

/// Little-endian byte sink.
struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func append(_ byte: UInt8) { bytes.append(byte) }
    mutating func append(contentsOf other: [UInt8]) { bytes.append(contentsOf: other) }
    mutating func u16(_ value: UInt16) { bytes.append(contentsOf: [UInt8(value & 0xFF), UInt8(value >> 8)]) }
    mutating func u32(_ value: UInt32) { for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8((value >> UInt32(shift)) & 0xFF)) } }
    mutating func pad(to offset: Int) {
        precondition(bytes.count <= offset, "layout error")
        bytes.append(contentsOf: [UInt8](repeating: 0, count: offset - bytes.count))
    }

    mutating func sectionHeader(
        name: UInt32, type: UInt32, flags: UInt32, address: UInt32, offset: UInt32, size: UInt32,
        link: UInt32, info: UInt32, alignment: UInt32, entrySize: UInt32
    ) {
        for field in [name, type, flags, address, offset, size, link, info, alignment, entrySize] { u32(field) }
    }
}

/// An ELF string table: starts with the empty string, names are NUL-terminated.
struct StringTable {
    var bytes: [UInt8] = [0]

    mutating func add(_ name: String) -> UInt32 {
        let offset = UInt32(bytes.count)
        bytes.append(contentsOf: Array(name.utf8))
        bytes.append(0)
        return offset
    }
}

extension Array where Element == UInt8 {
    /// Overwrites a little-endian field in a built file.
    mutating func patchUInt16(at offset: Int, _ value: UInt16) {
        self[offset] = UInt8(value & 0xFF)
        self[offset + 1] = UInt8(value >> 8)
    }

    mutating func patchUInt32(at offset: Int, _ value: UInt32) {
        for index in 0..<4 { self[offset + index] = UInt8((value >> UInt32(8 * index)) & 0xFF) }
    }
}
