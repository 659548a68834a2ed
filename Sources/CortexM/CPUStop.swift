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
}

/// A condition the core cannot continue from (until the exception model exists, every fault
/// ends the run with this precise description).
public struct CPUHalt: Equatable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        case undefinedInstruction = "undefined instruction"
        case unsupportedInstruction = "unsupported instruction"
        case busError = "bus error"
        case unalignedAccess = "unaligned access"
        case invalidState = "invalid state"
        case breakpoint = "breakpoint"
        case supervisorCall = "supervisor call"
        case semihosting = "semihosting error"
    }

    public var kind: Kind
    /// Address of the instruction that stopped.
    public var pc: UInt32
    public var message: String

    public var description: String { message }
}
