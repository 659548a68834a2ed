/// One contiguous memory of the board's address map.
public struct MemoryRegionDescription: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case flash, ram, rom
    }

    public var name: String
    public var kind: Kind
    public var base: UInt32
    /// In bytes; never zero, and `base + size` never passes the 4 GiB address space.
    public var size: UInt32

    public init(name: String, kind: Kind, base: UInt32, size: UInt32) {
        self.name = name
        self.kind = kind
        self.base = base
        self.size = size
    }

    /// One past the last byte, as a 64-bit number because a region may end exactly at 4 GiB.
    public var end: UInt64 { UInt64(base) + UInt64(size) }

    public func contains(_ address: UInt32) -> Bool {
        address >= base && UInt64(address) < end
    }
}
