/// A section of an ELF image, as described by its section header.
public struct FirmwareSection: Equatable, Sendable {
    /// What a section holds, derived from its type and flags.
    public enum Kind: String, Sendable {
        /// Executable instructions (SHF_EXECINSTR).
        case code
        /// Initialised writable data: stored in flash, copied to RAM at startup.
        case data
        /// Zero-initialised data (SHT_NOBITS): occupies RAM only.
        case bss
        /// Allocated, neither writable nor executable (constants, vector tables, ...).
        case readOnlyData
        /// Not allocated at run time (debug info, symbol tables, comments, ...).
        case other
    }

    public var name: String
    /// Run-time (virtual) address, `sh_addr`.
    public var address: UInt32
    public var size: UInt32
    /// Where the section's bytes are placed in the image (physical address). Differs from
    /// `address` for `.data`, which is loaded into flash and copied to RAM by startup code.
    public var loadAddress: UInt32
    public var kind: Kind
    /// Whether the section occupies memory at run time (SHF_ALLOC).
    public var isAllocated: Bool

    public init(name: String, address: UInt32, size: UInt32, loadAddress: UInt32, kind: Kind, isAllocated: Bool) {
        self.name = name
        self.address = address
        self.size = size
        self.loadAddress = loadAddress
        self.kind = kind
        self.isAllocated = isAllocated
    }
}
