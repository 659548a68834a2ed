/// A memory-mapped device. Offsets are relative to the peripheral's base address; `size` is 1, 2
/// or 4 bytes. Returning nil from a read, or false from a write, is a bus error.
public protocol Peripheral: AnyObject {
    var name: String { get }
    func read(offset: UInt32, size: Int) -> UInt32?
    func write(offset: UInt32, size: Int, value: UInt32) -> Bool
}

/// One peripheral placed on the bus.
public struct PeripheralMapping {
    public let base: UInt32
    public let size: UInt32
    public let peripheral: any Peripheral

    public func contains(_ address: UInt32) -> Bool { address &- base < size }
}
