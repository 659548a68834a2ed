/// A chip on an I2C bus, as the bus master (TWIM) talks to it: a START (or repeated START)
/// addressed to it, bytes written or read, then a STOP. The chip decides what an address byte
/// and each data byte mean (most sensors: the first written byte is a register pointer that
/// then advances as the chip defines).
public protocol I2CDevice: AnyObject {
    /// The 7-bit address the chip answers to.
    var address: UInt8 { get }
    /// A START or repeated START addressed to the chip; `read` is the R/W bit.
    func begin(read: Bool)
    /// The master writes a byte; the result is the chip's ACK (false: NACK).
    func write(_ byte: UInt8) -> Bool
    /// The master reads a byte (and acknowledges it: the chip moves on to the next one).
    func read() -> UInt8
    /// A STOP condition.
    func end()
    /// The chip lost power: back to its power-on state.
    func powerOnReset()
}

/// The wires of one I2C bus: the chips on them and what powers them. A TWIM reaches the chips
/// of the bus whose SDA/SCL pins its PSEL registers select (or that the board file binds to
/// it by name); a chip answers only while its supply and the bus pull-ups are on.
public final class I2CBus {
    public let name: String
    /// SDA and SCL as PSEL values (pin | port << 5), when the bus is found by its pins.
    public let sda: UInt32?
    public let scl: UInt32?
    public private(set) var devices: [(device: I2CDevice, powered: () -> Bool)] = []
    /// Whether each chip was powered when last looked at (a chip that lost power resets).
    private var wasPowered: [ObjectIdentifier: Bool] = [:]

    public init(name: String, sda: UInt32? = nil, scl: UInt32? = nil) {
        self.name = name
        self.sda = sda
        self.scl = scl
    }

    public func attach(_ device: I2CDevice, powered: @escaping () -> Bool = { true }) {
        devices.append((device, powered))
    }

    /// The chip that acknowledges `address` now, if any (a chip without power does not).
    public func device(at address: UInt8) -> I2CDevice? {
        for entry in devices where entry.device.address == address {
            let id = ObjectIdentifier(entry.device)
            let powered = entry.powered()
            if powered, wasPowered[id] == false { entry.device.powerOnReset() }
            wasPowered[id] = powered
            if powered { return entry.device }
        }
        return nil
    }
}
