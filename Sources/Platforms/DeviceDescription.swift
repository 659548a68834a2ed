/// An external chip wired to the board (a sensor on I2C, a microphone on PDM, ...). Kept as raw
/// data for now: the device models come later.
public struct DeviceDescription: Sendable, Equatable {
    public var name: String
    /// Model name, e.g. "lsm9ds1".
    public var type: String
    /// Name of the peripheral the device hangs off, if any.
    public var bus: String?
    /// Address on that bus (an I2C address, a chip select), if any.
    public var address: UInt32?
    /// Model-specific settings, each value as written in the YAML.
    public var parameters: [String: String]

    public init(name: String, type: String, bus: String? = nil, address: UInt32? = nil, parameters: [String: String] = [:]) {
        self.name = name
        self.type = type
        self.bus = bus
        self.address = address
        self.parameters = parameters
    }
}
