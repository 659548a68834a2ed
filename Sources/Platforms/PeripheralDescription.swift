/// A memory-mapped peripheral of the board. Kept as raw data for now: the models that give
/// `type` and `parameters` meaning come with the peripherals themselves.
public struct PeripheralDescription: Sendable, Equatable {
    public var name: String
    /// Model name, e.g. "nrf52-uarte".
    public var type: String
    public var base: UInt32
    /// Size of the register window, when the description gives one.
    public var size: UInt32?
    public var irq: Int?
    /// Model-specific settings, each value as written in the YAML.
    public var parameters: [String: String]

    public init(name: String, type: String, base: UInt32, size: UInt32? = nil, irq: Int? = nil, parameters: [String: String] = [:]) {
        self.name = name
        self.type = type
        self.base = base
        self.size = size
        self.irq = irq
        self.parameters = parameters
    }
}
