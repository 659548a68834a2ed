/// Operation numbers the firmware passes in r0 with `BKPT 0xAB`, from Arm's "Semihosting for
/// AArch32 and AArch64" (versions 2 and 3). Only the operations tinyemu implements are listed;
/// anything else is reported as an unknown operation.
public enum SemihostingOperation: UInt32, Sendable, CaseIterable {
    case open = 0x01
    case close = 0x02
    case writeC = 0x03
    case write0 = 0x04
    case write = 0x05
    case read = 0x06
    case readC = 0x07
    case isError = 0x08
    case isTTY = 0x09
    case seek = 0x0A
    case flen = 0x0C
    case tmpnam = 0x0D
    case remove = 0x0E
    case rename = 0x0F
    case clock = 0x10
    case time = 0x11
    case system = 0x12
    case errno = 0x13
    case getCmdline = 0x15
    case heapInfo = 0x16
    case exit = 0x18
    case exitExtended = 0x20
    case elapsed = 0x30
    case tickFreq = 0x31

    /// The spec's name, used in diagnostics ("semihosting SYS_WRITE: ...").
    public var name: String {
        switch self {
        case .open: return "SYS_OPEN"
        case .close: return "SYS_CLOSE"
        case .writeC: return "SYS_WRITEC"
        case .write0: return "SYS_WRITE0"
        case .write: return "SYS_WRITE"
        case .read: return "SYS_READ"
        case .readC: return "SYS_READC"
        case .isError: return "SYS_ISERROR"
        case .isTTY: return "SYS_ISTTY"
        case .seek: return "SYS_SEEK"
        case .flen: return "SYS_FLEN"
        case .tmpnam: return "SYS_TMPNAM"
        case .remove: return "SYS_REMOVE"
        case .rename: return "SYS_RENAME"
        case .clock: return "SYS_CLOCK"
        case .time: return "SYS_TIME"
        case .system: return "SYS_SYSTEM"
        case .errno: return "SYS_ERRNO"
        case .getCmdline: return "SYS_GET_CMDLINE"
        case .heapInfo: return "SYS_HEAPINFO"
        case .exit: return "SYS_EXIT"
        case .exitExtended: return "SYS_EXIT_EXTENDED"
        case .elapsed: return "SYS_ELAPSED"
        case .tickFreq: return "SYS_TICKFREQ"
        }
    }
}
