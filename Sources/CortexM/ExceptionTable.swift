/// Exception numbers of the ARMv7-M exception model; external interrupt n is 16 + n.
public enum ExceptionNumber {
    public static let reset = 1
    public static let nmi = 2
    public static let hardFault = 3
    public static let memManage = 4
    public static let busFault = 5
    public static let usageFault = 6
    public static let svCall = 11
    public static let debugMonitor = 12
    public static let pendSV = 14
    public static let sysTick = 15
    public static let firstExternal = 16

    public static func name(_ number: Int) -> String {
        switch number {
        case 0: return "Thread mode"
        case reset: return "Reset"
        case nmi: return "NMI"
        case hardFault: return "HardFault"
        case memManage: return "MemManage"
        case busFault: return "BusFault"
        case usageFault: return "UsageFault"
        case svCall: return "SVCall"
        case debugMonitor: return "DebugMonitor"
        case pendSV: return "PendSV"
        case sysTick: return "SysTick"
        default: return number >= firstExternal ? "IRQ \(number - firstExternal)" : "reserved \(number)"
        }
    }
}

/// Pending and active state and priorities of every exception, indexed by exception number.
struct ExceptionTable {
    let count: Int
    var pending: [Bool]
    var active: [Bool]
    /// Priority as programmed (8-bit, upper bits implemented); fixed negative ones for
    /// Reset, NMI and HardFault.
    var priority: [Int]
    /// NVIC enable bits for external interrupts; system exceptions are always enabled except
    /// the configurable faults (SHCSR).
    var enabled: [Bool]
    /// IPSR: the exception being handled, 0 in Thread mode.
    var current: UInt32 = 0
    /// Level of each external interrupt's line as peripherals drive it: while a line is high
    /// its interrupt is pending again after its handler returns or software clears it.
    var lineHigh: [Bool]

    init(irqCount: Int) {
        count = ExceptionNumber.firstExternal + irqCount
        pending = Array(repeating: false, count: count)
        active = Array(repeating: false, count: count)
        priority = Array(repeating: 0, count: count)
        enabled = Array(repeating: false, count: count)
        lineHigh = Array(repeating: false, count: count)
        reset()
    }

    mutating func reset() {
        for i in 0..<count {
            pending[i] = false
            active[i] = false
            lineHigh[i] = false
            priority[i] = 0
            enabled[i] = i < ExceptionNumber.firstExternal
        }
        priority[ExceptionNumber.reset] = -3
        priority[ExceptionNumber.nmi] = -2
        priority[ExceptionNumber.hardFault] = -1
        for fault in [ExceptionNumber.memManage, ExceptionNumber.busFault, ExceptionNumber.usageFault] {
            enabled[fault] = false
        }
        current = 0
    }

    var activeCount: Int { active.reduce(0) { $0 + ($1 ? 1 : 0) } }
}
