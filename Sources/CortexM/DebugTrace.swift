import Emulation

/// DWT at 0xE0001000: the cycle counter firmware uses to time inference (CTRL, CYCCNT), with
/// CYCCNT derived from virtual time while CTRL.CYCCNTENA and DEMCR.TRCENA are set.
public final class DataWatchpointTrace: Peripheral {
    public static let base: UInt32 = 0xE000_1000
    public static let size: UInt32 = 0x1000
    public let name = "DWT"

    unowned let cpu: CortexM4
    private var control: UInt32 = 0
    /// CYCCNT at `referenceCycle`, while counting.
    private var countAtReference: UInt32 = 0
    private var referenceCycle: UInt64 = 0

    /// NUMCOMP = 4 comparators, no trace/profiling counters packet support beyond CYCCNT.
    private static let controlFixedBits: UInt32 = 4 << 28

    init(cpu: CortexM4) { self.cpu = cpu }

    private var counting: Bool { control & 1 != 0 && cpu.systemControl.traceEnabled }

    private var cycleCount: UInt32 {
        counting ? countAtReference &+ UInt32(truncatingIfNeeded: cpu.clock.cycles &- referenceCycle) : countAtReference
    }

    public func read(offset: UInt32, size: Int) -> UInt32? {
        guard cpu.isPrivileged else { return nil }
        switch offset & ~3 {
        case 0x000: return DataWatchpointTrace.controlFixedBits | control
        case 0x004: return cycleCount
        case 0xFB0...0xFFC: return 0  // lock and ID registers
        default: return 0
        }
    }

    public func write(offset: UInt32, size: Int, value: UInt32) -> Bool {
        guard cpu.isPrivileged else { return false }
        switch offset & ~3 {
        case 0x000:
            countAtReference = cycleCount
            referenceCycle = cpu.clock.cycles
            control = value & 0x1
        case 0x004:
            countAtReference = value
            referenceCycle = cpu.clock.cycles
        default: break
        }
        return true
    }
}

/// ITM at 0xE0000000: stimulus port 0 carries `ITM_SendChar` text, which joins the console.
public final class InstrumentationTrace: Peripheral {
    public static let base: UInt32 = 0xE000_0000
    public static let size: UInt32 = 0x1000
    public let name = "ITM"

    unowned let cpu: CortexM4
    let console: Console
    private var traceEnable: UInt32 = 0
    private var traceControl: UInt32 = 0

    public init(cpu: CortexM4, console: Console) {
        self.cpu = cpu
        self.console = console
    }

    public func read(offset: UInt32, size: Int) -> UInt32? {
        switch offset & ~3 {
        case 0x000..<0x080: return 1  // stimulus ports: always ready (FIFOREADY)
        case 0xE00: return traceEnable
        case 0xE80: return traceControl
        default: return 0
        }
    }

    public func write(offset: UInt32, size: Int, value: UInt32) -> Bool {
        switch offset & ~3 {
        case 0x000:
            // Port 0 when ITM and the port are enabled (TCR.ITMENA, TER bit 0), with TRCENA.
            if traceControl & 1 != 0 && traceEnable & 1 != 0 && cpu.systemControl.traceEnabled {
                let bytes = (0..<size).map { UInt8(truncatingIfNeeded: value >> (8 * UInt32($0))) }
                console.write(bytes)
            }
        case 0xE00: if cpu.isPrivileged { traceEnable = value }
        case 0xE80: if cpu.isPrivileged { traceControl = value & 0x00FF_FF1F }
        default: break
        }
        return true
    }
}
