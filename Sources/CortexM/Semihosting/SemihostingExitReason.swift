/// The `ADP_Stopped_*` reason codes SYS_EXIT and SYS_EXIT_EXTENDED carry. Only
/// ApplicationExit means the program ended normally; the others are how run-time libraries
/// report aborts, so they are named in the run's diagnosis.
enum SemihostingExitReason {
    static let applicationExit: UInt32 = 0x20026

    private static let names: [UInt32: String] = [
        0x20000: "ADP_Stopped_BranchThroughZero",
        0x20001: "ADP_Stopped_UndefinedInstr",
        0x20002: "ADP_Stopped_SoftwareInterrupt",
        0x20003: "ADP_Stopped_PrefetchAbort",
        0x20004: "ADP_Stopped_DataAbort",
        0x20005: "ADP_Stopped_AddressException",
        0x20006: "ADP_Stopped_IRQ",
        0x20007: "ADP_Stopped_FIQ",
        0x20020: "ADP_Stopped_BreakPoint",
        0x20021: "ADP_Stopped_WatchPoint",
        0x20022: "ADP_Stopped_StepComplete",
        0x20023: "ADP_Stopped_RunTimeErrorUnknown",
        0x20024: "ADP_Stopped_InternalError",
        0x20025: "ADP_Stopped_UserInterruption",
        0x20026: "ADP_Stopped_ApplicationExit",
        0x20027: "ADP_Stopped_StackOverflow",
        0x20028: "ADP_Stopped_DivisionByZero",
        0x20029: "ADP_Stopped_OSSpecific",
    ]

    /// "ADP_Stopped_RunTimeErrorUnknown (0x20023)", or "unknown exit reason (0x12345)".
    static func describe(_ reason: UInt32) -> String {
        "\(names[reason] ?? "unknown exit reason") (\(semihostingHex(reason)))"
    }
}

/// "0x" followed by at least `digits` uppercase hex digits (named for this subsystem so it
/// cannot clash with helpers elsewhere in the module).
func semihostingHex(_ value: UInt32, digits: Int = 1) -> String {
    let text = String(value, radix: 16, uppercase: true)
    return "0x" + String(repeating: "0", count: max(0, digits - text.count)) + text
}
