/// What SYS_HEAPINFO reports: where the C library may put its heap and initial stack.
public struct HeapInfo: Sendable, Equatable {
    public var heapBase: UInt32
    public var heapLimit: UInt32
    public var stackBase: UInt32
    public var stackLimit: UInt32

    public init(heapBase: UInt32, heapLimit: UInt32, stackBase: UInt32, stackLimit: UInt32) {
        self.heapBase = heapBase
        self.heapLimit = heapLimit
        self.stackBase = stackBase
        self.stackLimit = stackLimit
    }
}

/// The host resources a run grants the firmware through semihosting.
public struct SemihostingConfiguration: Sendable {
    /// Host directory the guest may open, create, remove and rename files under; nil means the
    /// guest gets no host file access at all (only the console and the features file).
    public var root: String?
    /// Returned by SYS_GET_CMDLINE, e.g. "firmware.elf arg1 arg2".
    public var commandLine: String
    public var heapInfo: HeapInfo
    /// SYS_TIME reports this plus the virtual seconds elapsed, so runs are reproducible.
    public var epochSeconds: UInt64

    public init(root: String? = nil, commandLine: String = "", heapInfo: HeapInfo, epochSeconds: UInt64 = 0) {
        self.root = root
        self.commandLine = commandLine
        self.heapInfo = heapInfo
        self.epochSeconds = epochSeconds
    }
}

/// What the CPU does after a semihosting call.
public enum SemihostingOutcome: Equatable, Sendable {
    /// Put the value in r0 and continue after the BKPT.
    case result(UInt32)
    /// The firmware asked to stop; `code` is the exit status to report.
    case exit(code: Int32, description: String)
    /// The call cannot be carried out (unknown operation, unreadable parameter block): stop the
    /// run with this diagnosis.
    case fault(String)
}
