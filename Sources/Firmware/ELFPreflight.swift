/// Where the tables of a structurally sound ELF32 file are, as found by `ELFPreflight`.
struct ELFLayout {
    var programHeaderCount: Int
    var sectionHeaderCount: Int
}

/// Checks an ELF file's header and table bounds by hand before libelf sees it, so that
/// wrong-architecture and damaged files get precise messages and libelf is only ever given
/// tables that lie inside the buffer.
enum ELFPreflight {
    static func check(_ bytes: [UInt8], path: String) throws(FirmwareError) -> ELFLayout {
        func failure(_ message: String) -> FirmwareError { FirmwareError(path: path, message: message) }
        let fileSize = bytes.count

        let magicLength = min(ELFConstants.magic.count, fileSize)
        guard bytes[0..<magicLength].elementsEqual(ELFConstants.magic[0..<magicLength]) else {
            throw failure("not an ELF file (bad magic)")
        }
        // Identify the class and byte order even in short files: it is the more useful message.
        if fileSize > ELFConstants.classIndex, bytes[ELFConstants.classIndex] == ELFConstants.class64 {
            throw failure("64-bit ELF (ELFCLASS64); expected a 32-bit ARM ELF")
        }
        if fileSize > ELFConstants.dataIndex, bytes[ELFConstants.dataIndex] == ELFConstants.bigEndian {
            throw failure("big-endian ELF; expected little-endian")
        }
        guard fileSize >= ELFConstants.headerSize else {
            throw failure("not an ELF file (too short for an ELF header: \(fileSize) bytes, need \(ELFConstants.headerSize))")
        }
        guard bytes[ELFConstants.classIndex] == ELFConstants.class32 else {
            throw failure("invalid ELF class \(bytes[ELFConstants.classIndex]); expected a 32-bit ARM ELF")
        }
        guard bytes[ELFConstants.dataIndex] == ELFConstants.littleEndian else {
            throw failure("invalid ELF data encoding \(bytes[ELFConstants.dataIndex]); expected little-endian")
        }
        guard bytes[ELFConstants.versionIndex] == ELFConstants.currentVersion else {
            throw failure("unsupported ELF version \(bytes[ELFConstants.versionIndex])")
        }

        // The header is known to be complete, so these reads cannot fail.
        let machine = readUInt16(bytes, at: ELFConstants.machineOffset) ?? 0
        guard machine == ELFConstants.armMachine else {
            throw failure("machine \(ELFConstants.machineName(machine)) (\(machine)); expected ARM (\(ELFConstants.armMachine))")
        }
        let type = readUInt16(bytes, at: ELFConstants.typeOffset) ?? 0
        guard type == ELFConstants.executableType else {
            throw failure("ELF type \(ELFConstants.typeName(type)) (\(type)); expected an executable, EXEC (\(ELFConstants.executableType))")
        }

        let programHeaderOffset = UInt64(readUInt32(bytes, at: ELFConstants.programHeaderOffsetOffset) ?? 0)
        let programHeaderEntrySize = Int(readUInt16(bytes, at: ELFConstants.programHeaderEntrySizeOffset) ?? 0)
        let declaredProgramHeaderCount = readUInt16(bytes, at: ELFConstants.programHeaderCountOffset) ?? 0
        let sectionHeaderOffset = UInt64(readUInt32(bytes, at: ELFConstants.sectionHeaderOffsetOffset) ?? 0)
        let sectionHeaderEntrySize = Int(readUInt16(bytes, at: ELFConstants.sectionHeaderEntrySizeOffset) ?? 0)
        let declaredSectionHeaderCount = readUInt16(bytes, at: ELFConstants.sectionHeaderCountOffset) ?? 0

        // The program header table is checked first: it is what loading depends on.
        guard programHeaderEntrySize == ELFConstants.programHeaderSize || declaredProgramHeaderCount == 0 else {
            throw failure("unexpected program header entry size \(programHeaderEntrySize) (expected \(ELFConstants.programHeaderSize))")
        }
        let hasExtendedProgramHeaderCount = declaredProgramHeaderCount == ELFConstants.extendedProgramHeaderCount
        if !hasExtendedProgramHeaderCount {
            try checkTable(
                "program header table", offset: programHeaderOffset, count: Int(declaredProgramHeaderCount),
                entrySize: ELFConstants.programHeaderSize, fileSize: fileSize, path: path
            )
        }

        // Large counts overflow into section 0's header (sh_size for sections, sh_info for
        // program headers), so it must be readable before the counts are known.
        var sectionHeaderCount = 0
        var programHeaderCount = Int(declaredProgramHeaderCount)
        if sectionHeaderOffset != 0 {
            let sectionZeroEnd = sectionHeaderOffset + UInt64(ELFConstants.sectionHeaderSize)
            guard sectionZeroEnd <= UInt64(fileSize), let sectionZero = Int(exactly: sectionHeaderOffset) else {
                throw failure("truncated: section header table at offset \(AddressFormatting.hex(sectionHeaderOffset)) lies past end of file (\(fileSize) bytes)")
            }
            sectionHeaderCount = Int(declaredSectionHeaderCount)
            if declaredSectionHeaderCount == 0 {
                sectionHeaderCount = Int(readUInt32(bytes, at: sectionZero + ELFConstants.sectionSizeFieldOffset) ?? 0)
            }
            if hasExtendedProgramHeaderCount {
                programHeaderCount = Int(readUInt32(bytes, at: sectionZero + ELFConstants.sectionInfoFieldOffset) ?? 0)
            }
        }
        if hasExtendedProgramHeaderCount {
            try checkTable(
                "program header table", offset: programHeaderOffset, count: programHeaderCount,
                entrySize: ELFConstants.programHeaderSize, fileSize: fileSize, path: path
            )
        }
        guard programHeaderCount > 0 else {
            throw failure("no program headers; nothing to load")
        }

        if sectionHeaderCount > 0 {
            guard sectionHeaderEntrySize == ELFConstants.sectionHeaderSize else {
                throw failure("unexpected section header entry size \(sectionHeaderEntrySize) (expected \(ELFConstants.sectionHeaderSize))")
            }
            try checkTable(
                "section header table", offset: sectionHeaderOffset, count: sectionHeaderCount,
                entrySize: ELFConstants.sectionHeaderSize, fileSize: fileSize, path: path
            )
        }
        return ELFLayout(programHeaderCount: programHeaderCount, sectionHeaderCount: sectionHeaderCount)
    }

    private static func checkTable(
        _ name: String, offset: UInt64, count: Int, entrySize: Int, fileSize: Int, path: String
    ) throws(FirmwareError) {
        // Counts are at most 2^32 and entries 40 bytes, so this cannot overflow 64 bits.
        let end = offset + UInt64(count) * UInt64(entrySize)
        guard end <= UInt64(fileSize) else {
            throw FirmwareError(
                path: path,
                message: "truncated: \(name) (\(count) entries at offset \(AddressFormatting.hex(offset))) extends past end of file (\(fileSize) bytes)"
            )
        }
    }

    static func readUInt16(_ bytes: [UInt8], at offset: Int) -> UInt16? {
        guard offset >= 0, offset <= bytes.count - 2 else { return nil }
        return UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
    }

    static func readUInt32(_ bytes: [UInt8], at offset: Int) -> UInt32? {
        guard offset >= 0, offset <= bytes.count - 4 else { return nil }
        return (0..<4).reduce(0) { value, index in value | UInt32(bytes[offset + index]) << (8 * index) }
    }
}
