/// The on-disk formats a firmware image can be loaded from.
public enum FirmwareFormat: String, Sendable, CaseIterable {
    case elf
    case intelHex = "ihex"
    case binary = "bin"
}

/// A loaded firmware image: what to place where, plus whatever metadata the format carries.
public struct FirmwareImage: Equatable, Sendable {
    public var path: String
    public var format: FirmwareFormat
    /// Sorted by address and non-overlapping.
    public var segments: [FirmwareSegment]
    /// ELF `e_entry` (Thumb bit as stored), or the Intel HEX start address record; nil for raw binaries.
    public var entry: UInt32?
    /// Empty for Intel HEX and raw binaries.
    public var symbols: SymbolTable
    /// Empty for Intel HEX and raw binaries.
    public var sections: [FirmwareSection]

    public init(
        path: String,
        format: FirmwareFormat,
        segments: [FirmwareSegment],
        entry: UInt32? = nil,
        symbols: SymbolTable = SymbolTable([]),
        sections: [FirmwareSection] = []
    ) {
        self.path = path
        self.format = format
        self.segments = segments
        self.entry = entry
        self.symbols = symbols
        self.sections = sections
    }

    /// Total number of bytes across all segments.
    public var byteCount: Int { segments.reduce(0) { $0 + $1.data.count } }
}
