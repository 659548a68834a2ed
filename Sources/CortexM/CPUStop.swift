/// Why `CortexM4.run` returned.
public enum CPUStop: Equatable, Sendable {
    /// The instruction budget ran out; the CPU can simply be run again.
    case budgetExhausted
    /// The firmware exited through semihosting.
    case exit(code: Int32, description: String)
    /// Someone (e.g. an output matcher) asked the CPU to stop after the current instruction.
    case stopRequested
    /// WFI/WFE with nothing to wake the core: the machine decides how time moves on.
    case sleeping
    /// The CPU cannot continue: what happened, and where.
    case halted(CPUHalt)
    /// Internal to the CPU: `B .` executed; it becomes a sleep or, in a fault handler, the end.
    case spinning
    /// Internal to the CPU: the executor stopped early so the exception logic can look at a
    /// change (a pended interrupt, a mask register write). `run(budget:)` never returns it.
    case attention
}

/// A condition the core cannot continue from (until the exception model exists, every fault
/// ends the run with this precise description).
public struct CPUHalt: Equatable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        case undefinedInstruction = "undefined instruction"
        case busError = "bus error"
        case unalignedAccess = "unaligned access"
        case invalidState = "invalid state"
        case breakpoint = "breakpoint"
        /// A debugger's watchpoint refused the access (the instruction did not complete).
        case watchpoint = "watchpoint"
        case supervisorCall = "supervisor call"
        case semihosting = "semihosting error"
        case divideByZero = "divide by zero"
        case memoryProtection = "MPU violation"
        case noCoprocessor = "coprocessor instruction"
        case lockup = "lockup"
    }

    public var kind: Kind
    /// Address of the instruction that stopped.
    public var pc: UInt32
    public var message: String
    /// The data address of a bus error, or the fetch address of an instruction-fetch error.
    public var address: UInt32?
    public var isInstructionFetch = false

    public init(kind: Kind, pc: UInt32, message: String, address: UInt32? = nil, isInstructionFetch: Bool = false) {
        self.kind = kind
        self.pc = pc
        self.message = message
        self.address = address
        self.isInstructionFetch = isInstructionFetch
    }

    public var description: String { message }
}
