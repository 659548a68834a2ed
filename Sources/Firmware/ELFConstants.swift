/// ELF32 facts needed to validate a file before handing it to libelf (values from the
/// System V ABI and the ARM ELF supplement).
enum ELFConstants {
    static let magic: [UInt8] = [0x7F, 0x45, 0x4C, 0x46]  // "\x7fELF"
    static let addressSpaceSize: UInt64 = 1 << 32

    // e_ident indices and values.
    static let classIndex = 4
    static let dataIndex = 5
    static let versionIndex = 6
    static let class32: UInt8 = 1
    static let class64: UInt8 = 2
    static let littleEndian: UInt8 = 1
    static let bigEndian: UInt8 = 2
    static let currentVersion: UInt8 = 1

    // ELF32 layout.
    static let headerSize = 52
    static let programHeaderSize = 32
    static let sectionHeaderSize = 40
    static let symbolSize = 16

    // ELF32 header field offsets.
    static let typeOffset = 16
    static let machineOffset = 18
    static let programHeaderOffsetOffset = 28
    static let sectionHeaderOffsetOffset = 32
    static let programHeaderEntrySizeOffset = 42
    static let programHeaderCountOffset = 44
    static let sectionHeaderEntrySizeOffset = 46
    static let sectionHeaderCountOffset = 48

    // ELF32 section header field offsets (for reading section 0's extended counts).
    static let sectionSizeFieldOffset = 20
    static let sectionInfoFieldOffset = 28

    /// e_phnum value meaning "the real count is in section 0's sh_info".
    static let extendedProgramHeaderCount: UInt16 = 0xFFFF

    static let executableType: UInt16 = 2  // ET_EXEC
    static let armMachine: UInt16 = 40     // EM_ARM

    // Program header types and section header types/flags.
    static let loadSegment: UInt32 = 1      // PT_LOAD
    static let symbolTableSection: UInt32 = 2  // SHT_SYMTAB
    static let noBitsSection: UInt32 = 8    // SHT_NOBITS
    static let nullSection: UInt32 = 0      // SHT_NULL
    static let writeFlag: UInt64 = 0x1      // SHF_WRITE
    static let allocFlag: UInt64 = 0x2      // SHF_ALLOC
    static let executeFlag: UInt64 = 0x4    // SHF_EXECINSTR

    // Symbol types (low nibble of st_info) and special section indices.
    static let symbolNoType: UInt8 = 0
    static let symbolObject: UInt8 = 1
    static let symbolFunction: UInt8 = 2
    static let undefinedSection: UInt16 = 0

    static func typeName(_ type: UInt16) -> String {
        switch type {
        case 0: "NONE"
        case 1: "REL (relocatable object)"
        case 2: "EXEC"
        case 3: "DYN (shared object or position-independent executable)"
        case 4: "CORE"
        default: "unknown"
        }
    }

    /// Names for machines a misdirected file is likely to be built for.
    static func machineName(_ machine: UInt16) -> String {
        switch machine {
        case 0: "none"
        case 2: "SPARC"
        case 3: "x86 (i386)"
        case 8: "MIPS"
        case 20: "PowerPC"
        case 21: "PowerPC64"
        case 40: "ARM"
        case 42: "SuperH"
        case 50: "IA-64"
        case 62: "x86-64"
        case 83: "AVR"
        case 94: "Xtensa"
        case 105: "MSP430"
        case 183: "AArch64"
        case 243: "RISC-V"
        case 247: "BPF"
        case 258: "LoongArch"
        default: "unknown"
        }
    }
}
