/// The processor core of a board and the NVIC facts firmware depends on.
public struct CPUDescription: Sendable, Equatable {
    /// "cortex-m4f" (with FPU) or "cortex-m4".
    public var core: String
    public var clockHz: UInt64
    /// Number of external interrupt lines (1...496).
    public var irqCount: Int
    /// Implemented NVIC priority bits (2...8).
    public var priorityBits: Int

    /// The cores a description may name.
    public static let supportedCores = ["cortex-m4f", "cortex-m4"]

    public init(core: String, clockHz: UInt64, irqCount: Int, priorityBits: Int) {
        self.core = core
        self.clockHz = clockHz
        self.irqCount = irqCount
        self.priorityBits = priorityBits
    }

    /// Whether the core has the single-precision FPU.
    public var hasFPU: Bool { core == "cortex-m4f" }
}
