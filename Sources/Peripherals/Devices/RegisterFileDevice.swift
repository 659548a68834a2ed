/// The common shape of I2C sensor chips: 256 byte-wide registers behind a register pointer.
/// The first byte written after the address sets the pointer; further written bytes go to
/// the registers; reads return registers. After each byte the pointer advances when the
/// chip's rule says so (`autoIncrement`). Subclasses give registers their meaning through
/// `readRegister`/`writeRegister` and the reset values.
open class RegisterFileDevice: I2CDevice {
    public let address: UInt8
    public let clock: DeviceClock
    public var registers = [UInt8](repeating: 0, count: 256)
    /// The register pointer.
    public var pointer: UInt8 = 0
    /// Whether the next written byte is the register pointer.
    private var expectingPointer = false
    /// Whether the pointer advances after this access (set by the chip when the pointer is written).
    public var incrementing = true

    public init(address: UInt8, clock: DeviceClock) {
        self.address = address
        self.clock = clock
        resetRegisters()
    }

    /// Power-on register values.
    open func resetRegisters() {}

    /// Called when firmware writes the pointer byte: returns the register index and whether
    /// the pointer advances (for chips where bit 7 of the sub-address asks for it).
    open func decodePointer(_ byte: UInt8) -> (register: UInt8, increments: Bool) {
        (byte, true)
    }

    /// What a read of register `index` returns (default: the stored byte).
    open func readRegister(_ index: UInt8) -> UInt8 { registers[Int(index)] }

    /// A write of register `index` (default: stored unless the register is read-only).
    open func writeRegister(_ index: UInt8, _ value: UInt8) { registers[Int(index)] = value }

    /// The register after `index` in an auto-incremented access (chips wrap within blocks).
    open func next(after index: UInt8) -> UInt8 { index &+ 1 }

    // MARK: I2CDevice

    public func begin(read: Bool) {
        if !read { expectingPointer = true }
    }

    public func write(_ byte: UInt8) -> Bool {
        if expectingPointer {
            expectingPointer = false
            let decoded = decodePointer(byte)
            pointer = decoded.register
            incrementing = decoded.increments
            return true
        }
        writeRegister(pointer, byte)
        if incrementing { pointer = next(after: pointer) }
        return true
    }

    public func read() -> UInt8 {
        let value = readRegister(pointer)
        if incrementing { pointer = next(after: pointer) }
        return value
    }

    public func end() {}

    open func powerOnReset() {
        registers = [UInt8](repeating: 0, count: 256)
        pointer = 0
        incrementing = true
        resetRegisters()
    }

    // MARK: Helpers for subclasses

    /// A signed value as the two bytes a chip's OUT_L/OUT_H registers hold, saturating at the
    /// 16-bit range as the chips' converters do.
    public static func int16Saturating(_ value: Double) -> Int16 {
        guard value.isFinite else { return value > 0 ? .max : (value < 0 ? .min : 0) }
        return Int16(max(-32768, min(32767, value.rounded())))
    }

    public static func low(_ value: Int16) -> UInt8 { UInt8(truncatingIfNeeded: value) }
    public static func high(_ value: Int16) -> UInt8 { UInt8(truncatingIfNeeded: value >> 8) }
}

/// Virtual time as a device sees it: the current CPU cycle and the CPU clock.
public struct DeviceClock {
    public let now: () -> UInt64
    public let clockHz: UInt64

    public init(now: @escaping () -> UInt64, clockHz: UInt64) {
        self.now = now
        self.clockHz = clockHz
    }
}
