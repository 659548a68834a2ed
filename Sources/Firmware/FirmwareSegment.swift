/// A contiguous run of bytes to be placed in the emulated address space.
public struct FirmwareSegment: Equatable, Sendable {
    /// Physical (load) address of the first byte.
    public var address: UInt32
    /// The bytes to place. For ELF segments, zero-initialised memory (`.bss`) is included
    /// explicitly as trailing zero bytes, so loading never has to clear memory separately.
    public var data: [UInt8]

    public init(address: UInt32, data: [UInt8]) {
        self.address = address
        self.data = data
    }

    /// One past the last byte, widened so a segment ending exactly at 4 GiB is representable.
    public var endAddress: UInt64 { UInt64(address) + UInt64(data.count) }
}
