import CLibElf

extension FirmwareLoader {
    /// Loads a 32-bit little-endian ARM executable. The file is validated by hand first
    /// (see `ELFPreflight`), then read through libelf from memory.
    public static func loadELF(bytes: [UInt8], path: String) throws(FirmwareError) -> FirmwareImage {
        let layout = try ELFPreflight.check(bytes, path: path)
        guard libelfIsInitialised else {
            throw FirmwareError(path: path, message: "libelf initialisation failed: \(ELFReader.lastLibelfError())")
        }
        // libelf may convert data in place, so it gets a private copy rather than `bytes`.
        var scratch = bytes
        let result = scratch.withUnsafeMutableBufferPointer { buffer -> Result<FirmwareImage, FirmwareError> in
            buffer.withMemoryRebound(to: CChar.self) { characters in
                guard let base = characters.baseAddress, let elf = elf_memory(base, characters.count) else {
                    return .failure(FirmwareError(path: path, message: "libelf cannot open the file: \(ELFReader.lastLibelfError())"))
                }
                defer { elf_end(elf) }
                let reader = ELFReader(elf: elf, bytes: bytes, path: path, layout: layout)
                return Result { () throws(FirmwareError) in try reader.makeImage() }
            }
        }
        return try result.get()
    }
}

/// libelf requires `elf_version` before any other call; a global is initialised exactly once
/// and thread-safely, so concurrent loads cannot race on it.
private let libelfIsInitialised: Bool = elf_version(UInt32(EV_CURRENT)) != UInt32(EV_NONE)

/// Turns an open libelf handle into a `FirmwareImage`. Every offset or size libelf reports
/// is checked against the file before the corresponding bytes are touched.
private struct ELFReader {
    /// Refuse absurd segment sizes from corrupt headers instead of trying to allocate them:
    /// microcontroller memories are far smaller.
    static let maximumSegmentSize: UInt64 = 256 << 20
    static let maximumImageSize: UInt64 = 512 << 20

    private struct SectionEntry {
        var index: Int
        var handle: OpaquePointer
        var header: GElf_Shdr
    }

    let elf: OpaquePointer
    let bytes: [UInt8]
    let path: String
    let layout: ELFLayout

    static func lastLibelfError() -> String {
        elf_errmsg(-1).map { String(cString: $0) } ?? "unknown error"
    }

    private func failure(_ message: String) -> FirmwareError {
        FirmwareError(path: path, message: message)
    }

    private func libelfFailure(_ operation: String) -> FirmwareError {
        failure("libelf \(operation) failed: \(Self.lastLibelfError())")
    }

    func makeImage() throws(FirmwareError) -> FirmwareImage {
        guard elf_kind(elf) == ELF_K_ELF else { throw failure("not an ELF file (libelf does not recognise it)") }
        var header = GElf_Ehdr()
        guard gelf_getehdr(elf, &header) != nil else { throw libelfFailure("gelf_getehdr") }

        let programHeaders = try readProgramHeaders()
        let segments = try loadSegments(programHeaders)
        let sectionEntries = try readSectionHeaders()
        return FirmwareImage(
            path: path,
            format: .elf,
            segments: segments,
            entry: UInt32(truncatingIfNeeded: header.e_entry),
            symbols: SymbolTable(readSymbols(sectionEntries)),
            sections: describeSections(sectionEntries, programHeaders: programHeaders)
        )
    }

    // MARK: Program headers and segments

    private func readProgramHeaders() throws(FirmwareError) -> [GElf_Phdr] {
        var count = 0
        guard elf_getphdrnum(elf, &count) == 0 else { throw libelfFailure("elf_getphdrnum") }
        guard count == layout.programHeaderCount else {
            throw failure("inconsistent program header count (header says \(layout.programHeaderCount), libelf reports \(count))")
        }
        var headers: [GElf_Phdr] = []
        headers.reserveCapacity(count)
        for index in 0..<count {
            var header = GElf_Phdr()
            guard let libelfIndex = Int32(exactly: index), gelf_getphdr(elf, libelfIndex, &header) != nil else {
                throw libelfFailure("gelf_getphdr(\(index))")
            }
            headers.append(header)
        }
        return headers
    }

    /// Where one PT_LOAD's bytes go: its file bytes at the physical (load) address, and its
    /// zero-initialised tail (.bss) at its run-time address. GNU ld gives a .data+.bss segment
    /// a physical address in flash, where only the initial values of .data are stored; the
    /// zeros belong in RAM after .data.
    private struct Placement {
        var segmentIndex: Int
        var address: UInt64
        var size: UInt64
        var fileOffset: Int
        var fileSize: Int
    }

    private func loadSegments(_ programHeaders: [GElf_Phdr]) throws(FirmwareError) -> [FirmwareSegment] {
        var placements: [Placement] = []
        var totalSize: UInt64 = 0
        for (index, header) in programHeaders.enumerated() where header.p_type == ELFConstants.loadSegment {
            let name = "segment \(index) (PT_LOAD)"
            guard header.p_memsz >= header.p_filesz else {
                throw failure("\(name): file size \(AddressFormatting.hex(header.p_filesz)) exceeds memory size \(AddressFormatting.hex(header.p_memsz))")
            }
            guard header.p_memsz > 0 else { continue }
            let fileEnd = header.p_offset.addingReportingOverflow(header.p_filesz)
            guard !fileEnd.overflow, fileEnd.partialValue <= UInt64(bytes.count) else {
                throw failure("truncated: \(name) file range \(AddressFormatting.hex(header.p_offset))+\(AddressFormatting.hex(header.p_filesz)) extends past end of file (\(bytes.count) bytes)")
            }
            guard header.p_memsz <= Self.maximumSegmentSize else {
                throw failure("\(name): memory size \(AddressFormatting.hex(header.p_memsz)) is implausibly large (limit 256 MiB)")
            }
            // Each term is at most 256 MiB and the sum is checked every time, so it cannot overflow.
            totalSize += header.p_memsz
            guard totalSize <= Self.maximumImageSize else {
                throw failure("loadable segments total more than 512 MiB, implausibly large")
            }
            var pieces: [Placement] = []
            if header.p_paddr == header.p_vaddr {
                pieces.append(Placement(segmentIndex: index, address: header.p_paddr, size: header.p_memsz,
                                        fileOffset: Int(header.p_offset), fileSize: Int(header.p_filesz)))
            } else {
                if header.p_filesz > 0 {
                    pieces.append(Placement(segmentIndex: index, address: header.p_paddr, size: header.p_filesz,
                                            fileOffset: Int(header.p_offset), fileSize: Int(header.p_filesz)))
                }
                if header.p_memsz > header.p_filesz {
                    pieces.append(Placement(segmentIndex: index, address: header.p_vaddr + header.p_filesz,
                                            size: header.p_memsz - header.p_filesz, fileOffset: 0, fileSize: 0))
                }
            }
            for piece in pieces where piece.address + piece.size > ELFConstants.addressSpaceSize {
                throw failure("\(name): address range \(AddressFormatting.hex(piece.address))+\(AddressFormatting.hex(piece.size)) wraps past 4 GiB")
            }
            placements += pieces
        }
        guard !placements.isEmpty else { throw failure("no loadable segments (no PT_LOAD with memory size > 0)") }

        placements.sort { $0.address < $1.address }
        // With starts sorted, any overlap shows up between neighbours.
        for (lower, upper) in zip(placements, placements.dropFirst()) where upper.address < lower.address + lower.size {
            throw failure("segments overlap: \(Self.describeRange(lower)) and \(Self.describeRange(upper))")
        }
        return placements.map { FirmwareSegment(address: UInt32(truncatingIfNeeded: $0.address), data: contents(of: $0)) }
    }

    /// The placement's file bytes followed by zeros up to its size, filled with bulk memory
    /// operations (segments can be hundreds of KiB). Bounds were checked by the caller.
    private func contents(of placement: Placement) -> [UInt8] {
        let start = placement.fileOffset
        let fileSize = placement.fileSize
        let memorySize = Int(placement.size)
        return bytes.withUnsafeBytes { file in
            [UInt8](unsafeUninitializedCapacity: memorySize) { buffer, initializedCount in
                let destination = UnsafeMutableRawBufferPointer(buffer)
                destination.copyMemory(from: UnsafeRawBufferPointer(rebasing: file[start..<(start + fileSize)]))
                UnsafeMutableRawBufferPointer(rebasing: destination[fileSize...]).initializeMemory(as: UInt8.self, repeating: 0)
                initializedCount = memorySize
            }
        }
    }

    private static func describeRange(_ placement: Placement) -> String {
        AddressFormatting.range(start: placement.address, count: placement.size)
    }

    // MARK: Sections

    /// All section headers except the null one, with their contents' file ranges verified.
    private func readSectionHeaders() throws(FirmwareError) -> [SectionEntry] {
        guard layout.sectionHeaderCount > 0 else { return [] }
        var count = 0
        guard elf_getshdrnum(elf, &count) == 0 else { throw libelfFailure("elf_getshdrnum") }
        guard count == layout.sectionHeaderCount else {
            throw failure("inconsistent section header count (header says \(layout.sectionHeaderCount), libelf reports \(count))")
        }
        var entries: [SectionEntry] = []
        entries.reserveCapacity(count)
        var section = elf_nextscn(elf, nil)
        while let handle = section {
            var header = GElf_Shdr()
            guard gelf_getshdr(handle, &header) != nil else { throw libelfFailure("gelf_getshdr") }
            let index = elf_ndxscn(handle)
            if header.sh_type != ELFConstants.noBitsSection, header.sh_type != ELFConstants.nullSection, header.sh_size > 0 {
                let end = header.sh_offset.addingReportingOverflow(header.sh_size)
                guard !end.overflow, end.partialValue <= UInt64(bytes.count) else {
                    throw failure("truncated: section \(index) contents (offset \(AddressFormatting.hex(header.sh_offset)), \(AddressFormatting.hex(header.sh_size)) bytes) extend past end of file (\(bytes.count) bytes)")
                }
            }
            if header.sh_type != ELFConstants.nullSection {
                entries.append(SectionEntry(index: index, handle: handle, header: header))
            }
            section = elf_nextscn(elf, handle)
        }
        return entries
    }

    private func describeSections(_ entries: [SectionEntry], programHeaders: [GElf_Phdr]) -> [FirmwareSection] {
        var nameTableIndex = 0
        let hasNameTable = elf_getshdrstrndx(elf, &nameTableIndex) == 0 && nameTableIndex > 0 && nameTableIndex < layout.sectionHeaderCount
        return entries.map { entry in
            let header = entry.header
            let name = hasNameTable ? string(inTable: nameTableIndex, at: header.sh_name) : ""
            let isAllocated = header.sh_flags & ELFConstants.allocFlag != 0
            return FirmwareSection(
                name: name,
                address: UInt32(truncatingIfNeeded: header.sh_addr),
                size: UInt32(truncatingIfNeeded: header.sh_size),
                loadAddress: isAllocated ? loadAddress(of: header, programHeaders: programHeaders) : UInt32(truncatingIfNeeded: header.sh_addr),
                kind: Self.kind(of: header),
                isAllocated: isAllocated
            )
        }
    }

    private static func kind(of header: GElf_Shdr) -> FirmwareSection.Kind {
        let flags = header.sh_flags
        if flags & ELFConstants.allocFlag == 0 { return .other }
        if header.sh_type == ELFConstants.noBitsSection { return .bss }
        if flags & ELFConstants.executeFlag != 0 { return .code }
        if flags & ELFConstants.writeFlag != 0 { return .data }
        return .readOnlyData
    }

    /// The physical address of a section's contents: found through the PT_LOAD segment whose
    /// file range holds them. Sections without file contents (NOBITS) keep their run-time address.
    private func loadAddress(of section: GElf_Shdr, programHeaders: [GElf_Phdr]) -> UInt32 {
        guard section.sh_type != ELFConstants.noBitsSection else { return UInt32(truncatingIfNeeded: section.sh_addr) }
        let offset = section.sh_offset
        for segment in programHeaders where segment.p_type == ELFConstants.loadSegment && offset >= segment.p_offset {
            let distance = offset - segment.p_offset
            let isInside = section.sh_size == 0 ? distance <= segment.p_filesz : distance < segment.p_filesz
            if isInside {
                return UInt32(truncatingIfNeeded: segment.p_paddr &+ distance)
            }
        }
        return UInt32(truncatingIfNeeded: section.sh_addr)
    }

    private func string(inTable tableIndex: Int, at offset: UInt32) -> String {
        // elf_strptr checks the offset against the table and that the string is terminated.
        guard let pointer = elf_strptr(elf, tableIndex, Int(offset)) else { return "" }
        return String(cString: pointer)
    }

    // MARK: Symbols

    /// Named functions, objects and untyped labels from .symtab, skipping section and file
    /// symbols, undefined symbols, and ARM mapping symbols ($a, $t, $d and other "$" names).
    private func readSymbols(_ entries: [SectionEntry]) -> [FirmwareSymbol] {
        var symbols: [FirmwareSymbol] = []
        for entry in entries where entry.header.sh_type == ELFConstants.symbolTableSection {
            guard let data = elf_getdata(entry.handle, nil) else { continue }
            let nameTable = Int(entry.header.sh_link)
            guard nameTable > 0, nameTable < layout.sectionHeaderCount else { continue }
            let count = data.pointee.d_size / ELFConstants.symbolSize
            symbols.reserveCapacity(symbols.count + count)
            // Entry 0 is the reserved null symbol.
            for index in 1..<max(count, 1) {
                var symbol = GElf_Sym()
                guard let libelfIndex = Int32(exactly: index), gelf_getsym(data, libelfIndex, &symbol) != nil else { break }
                let type = symbol.st_info & 0xF
                guard type == ELFConstants.symbolFunction || type == ELFConstants.symbolObject || type == ELFConstants.symbolNoType,
                      symbol.st_shndx != ELFConstants.undefinedSection
                else { continue }
                let name = string(inTable: nameTable, at: symbol.st_name)
                guard !name.isEmpty, !name.hasPrefix("$") else { continue }
                let isFunction = type == ELFConstants.symbolFunction
                let value = UInt32(truncatingIfNeeded: symbol.st_value)
                symbols.append(FirmwareSymbol(
                    name: name,
                    address: isFunction ? value & ~1 : value,
                    size: UInt32(truncatingIfNeeded: symbol.st_size),
                    isFunction: isFunction
                ))
            }
        }
        return symbols
    }
}
