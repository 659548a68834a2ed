/// How a run ended, with the figures the report and `--stats` show.
public struct RunOutcome: Sendable {
    public enum Reason: String, Sendable {
        case exit
        case expectMatched = "expect-matched"
        case failMatched = "fail-matched"
        case timeout
        case instructionLimit = "instruction-limit"
        case lockup
        case error
        /// A debugger killed the run (`kill` in gdb).
        case killed
    }

    public var reason: Reason
    /// The firmware's exit status (for `exit`), else nil.
    public var code: Int32?
    public var message: String
    public var instructions: UInt64
    public var cycles: UInt64
    public var virtualTimeNanoseconds: UInt64
    public var hostSeconds: Double

    public var mips: Double { hostSeconds > 0 ? Double(instructions) / hostSeconds / 1e6 : 0 }

    /// The documented exit status of `tinyemu run`.
    public var exitStatus: Int32 {
        switch reason {
        case .exit: return code ?? 0
        case .expectMatched: return 0
        case .failMatched: return 1
        case .timeout, .instructionLimit: return 124
        case .lockup, .error: return 126
        case .killed: return 137
        }
    }
}
