/// A block of plain memory (flash or RAM) backed by one contiguous host buffer, so the CPU can
/// reach it through a raw pointer without going through the bus.
public final class MemoryRegion {
    public enum Kind: String, Sendable { case flash, ram, rom }

    public let name: String
    public let kind: Kind
    public let base: UInt32
    public let size: UInt32
    /// Zero-filled (RAM) or 0xFF-filled (erased flash) at creation.
    public let bytes: UnsafeMutableRawPointer
    /// Called after a write that did not come from the CPU's own fast path (loader, debugger,
    /// semihosting, DMA), with the offset and length written, so cached decodes can be dropped.
    public var onExternalWrite: ((UInt32, UInt32) -> Void)?
    /// Takes the CPU's writes to memory it cannot write directly (flash, through the chip's
    /// flash controller): offset, size and value; false makes the access fail (a bus fault).
    public var programmer: ((_ offset: UInt32, _ size: Int, _ value: UInt32) -> Bool)?

    public var isWritableByCPU: Bool { kind == .ram }
    public var end: UInt64 { UInt64(base) + UInt64(size) }

    public init(name: String, kind: Kind, base: UInt32, size: UInt32) {
        self.name = name
        self.kind = kind
        self.base = base
        self.size = size
        bytes = UnsafeMutableRawPointer.allocate(byteCount: Int(max(size, 4)), alignment: 16)
        bytes.initializeMemory(as: UInt8.self, repeating: kind == .flash ? 0xFF : 0, count: Int(max(size, 4)))
    }

    deinit { bytes.deallocate() }

    @inline(__always)
    public func contains(_ address: UInt32, count: UInt32 = 1) -> Bool {
        let offset = address &- base
        return offset < size && size - offset >= count
    }

    /// Copies `data` in at `address`, bypassing CPU permissions (firmware loading, flash programming).
    public func store(_ data: [UInt8], at address: UInt32) {
        precondition(contains(address, count: UInt32(data.count)) || data.isEmpty)
        let offset = address &- base
        data.withUnsafeBytes { raw in
            if let source = raw.baseAddress { (bytes + Int(offset)).copyMemory(from: source, byteCount: raw.count) }
        }
        onExternalWrite?(offset, UInt32(data.count))
    }

    public func fetch(_ address: UInt32, count: Int) -> [UInt8] {
        precondition(contains(address, count: UInt32(count)))
        let offset = Int(address &- base)
        return Array(UnsafeRawBufferPointer(start: bytes + offset, count: count))
    }
}
