import CortexM
import Emulation

/// A debugger's handle on a `Machine`: halting, stepping, breakpoints, watchpoints, register and
/// memory access, reset, flash programming. Independent of any protocol (the GDB stub drives it).
///
/// The target runs only inside `advance`, in bounded slices, so the front end can look for a
/// debugger's interrupt between them; while it is halted nothing runs and virtual time stands
/// still. A run goes through the same `Machine.runSlice` as without a debugger, so time, sleep,
/// peripherals, output matching and limits behave the same.
public final class DebugSession {
    public let machine: Machine
    public var cpu: CortexM4 { machine.cpu }

    public enum Resume: Equatable, Sendable {
        case `continue`
        /// One instruction (or the entry into an exception that is due).
        case step
        /// Step while the PC stays in [start, end) (gdb's range stepping).
        case range(UInt32, UInt32)
    }

    public enum StopReason: Equatable, Sendable {
        /// Halted for a debugger that has just attached (or before the first instruction).
        case attached
        /// The debugger interrupted the running target.
        case interrupted
        case stepped
        case breakpoint(hardware: Bool)
        /// A BKPT instruction in the firmware.
        case bkptInstruction
        case watchpoint(DebugHooks.WatchKind, address: UInt32)
        /// The core cannot continue (lockup, an instruction the emulator cannot execute...):
        /// halted there, with what a plain run would have said.
        case fault(String, illegalInstruction: Bool)
    }

    public enum Progress: Sendable {
        /// Still running: call `advance` again (after looking for an interrupt).
        case running
        /// Still running, but nothing can happen until the debugger does something: asleep with
        /// nothing to wake the core.
        case idle
        case stopped(StopReason)
        /// The run is over (the firmware exited, a limit or an output pattern decided).
        case ended(RunOutcome)
    }

    public private(set) var isRunning = false
    public private(set) var lastStop = StopReason.attached
    private var mode = Resume.continue
    /// The first instruction after a resume runs with the breakpoint at the PC suspended.
    private var resuming = false
    private var lastHalt: CPUHalt?
    private var softwareBreakpoints = Set<UInt32>()
    private var hardwareBreakpoints = Set<UInt32>()
    /// Bounds on what a debugger may set, so no client can exhaust memory.
    public static let maximumBreakpoints = 4096
    public static let maximumWatchpoints = 256
    /// Instructions per slice while continuing (about 4 ms of host time at full speed).
    public var sliceInstructions: UInt64 = 1 << 20

    public init(machine: Machine, limits: RunLimits) {
        self.machine = machine
        machine.begin(limits: limits)
    }

    // MARK: Running and halting

    public func resume(_ how: Resume) {
        cpu.reapplyBreakpoints()
        mode = how
        resuming = true
        isRunning = true
        lastHalt = nil
    }

    /// Stops a running target (a debugger's interrupt).
    public func halt(_ reason: StopReason = .interrupted) {
        guard isRunning else { return }
        isRunning = false
        settleExceptionReturn()
        lastStop = reason
    }

    /// Runs the target for about `hostBudget` of host time, or until it stops.
    public func advance(hostBudget: Duration = .milliseconds(10)) -> Progress {
        guard isRunning else { return .stopped(lastStop) }
        let deadline = ContinuousClock.now + hostBudget
        var iterations = 0
        while true {
            let result: Machine.SliceResult
            var progressed = false
            if resuming || mode != .continue {
                let before = (cpu.pc, cpu.instructions, cpu.currentException)
                if resuming {
                    // Past the breakpoint it stopped at, and past the access of the watchpoint
                    // it stopped at (gdb normally removes them itself first).
                    let watchpointStop = if case .watchpoint = lastStop { true } else { false }
                    result = cpu.withBreakpointSuspended(watchpoints: watchpointStop) {
                        machine.runSlice(maxInstructions: 1, stepping: true)
                    }
                } else {
                    result = machine.runSlice(maxInstructions: 1, stepping: true)
                }
                progressed = before != (cpu.pc, cpu.instructions, cpu.currentException)
                if progressed {
                    resuming = false
                    settleExceptionReturn()
                }
            } else {
                result = machine.runSlice(maxInstructions: sliceInstructions)
            }
            switch result {
            case .running: break
            case .ended(let end):
                isRunning = false
                return .ended(machine.finish(end))
            case .halted(let halt):
                return stop(stopReason(for: halt), halt: halt)
            case .asleepForever:
                return .idle
            }
            if progressed {
                switch mode {
                case .step: return stop(.stepped)
                case .range(let start, let end) where !(start..<end).contains(cpu.pc): return stop(.stepped)
                default: break
                }
            }
            iterations += 1
            if mode == .continue || iterations & 255 == 0, ContinuousClock.now >= deadline { return .running }
        }
    }

    private func stop(_ reason: StopReason, halt: CPUHalt? = nil) -> Progress {
        isRunning = false
        lastStop = reason
        lastHalt = halt
        settleExceptionReturn()
        return .stopped(reason)
    }

    private func stopReason(for halt: CPUHalt) -> StopReason {
        switch halt.kind {
        case .breakpoint:
            if cpu.hasBreakpoint(at: halt.pc) {
                return .breakpoint(hardware: hardwareBreakpoints.contains(halt.pc) && !softwareBreakpoints.contains(halt.pc))
            }
            return .bkptInstruction
        case .watchpoint:
            let hit = cpu.lastWatchpointHit
            return .watchpoint(hit?.kind ?? .access, address: hit?.address ?? halt.address ?? 0)
        case .undefinedInstruction, .noCoprocessor:
            return .fault(machine.ending(for: halt).message, illegalInstruction: true)
        default:
            return .fault(machine.ending(for: halt).message, illegalInstruction: false)
        }
    }

    /// A slice can end on a branch to an EXC_RETURN value, before the return itself: finish it,
    /// so a debugger never sees the PC at 0xFFFFFFFx.
    private func settleExceptionReturn() {
        guard cpu.currentException != 0 && cpu.pc >= 0xF000_0000 else { return }
        _ = cpu.settleBeforeStep()
    }

    // MARK: Ending

    /// Ends the run because the debugger killed it.
    public func kill() -> RunOutcome {
        isRunning = false
        return machine.finish(Machine.RunEnd(reason: .killed, message: "killed by the debugger"))
    }

    /// Ends the run as a plain run would at the current stop (no debugger left to show it to):
    /// a fault or BKPT ends it, sleeping with nothing to wake the core ends it.
    public func endWithoutDebugger() -> RunOutcome {
        isRunning = false
        if let lastHalt {
            return machine.finish(machine.ending(for: lastHalt))
        }
        return machine.finish(Machine.asleepForeverEnding(at: machine.describe(cpu.pc)))
    }

    /// A debugger attached: debug events (BKPT, breakpoints) halt the core from now on instead
    /// of raising the DebugMonitor exception (halting debug, DHCSR.C_DEBUGEN).
    public func debuggerAttached() {
        cpu.haltingDebugEnabled = true
    }

    /// The debugger went away (detach or a dropped connection): its breakpoints and watchpoints
    /// go, and debug events are the firmware's again.
    public func forgetDebugger() {
        cpu.haltingDebugEnabled = false
        cpu.removeAllBreakpointsAndWatchpoints()
        softwareBreakpoints = []
        hardwareBreakpoints = []
    }

    // MARK: Registers

    public enum Register: Hashable, Sendable {
        /// r0–r15 (13 = the active SP, 15 = PC).
        case core(Int)
        case xpsr, msp, psp, primask, basepri, faultmask, control
        /// s0–s31, raw bits.
        case single(Int)
        case fpscr
    }

    public func read(_ register: Register) -> UInt32 {
        switch register {
        case .core(let n): return (0..<16).contains(n) ? cpu[register: n] : 0
        case .xpsr: return cpu.xpsr
        case .msp: return cpu.msp
        case .psp: return cpu.psp
        case .primask: return cpu.primask
        case .basepri: return cpu.basepri
        case .faultmask: return cpu.faultmask
        case .control: return cpu.control
        case .single(let n): return (0..<32).contains(n) ? cpu[floatRegister: n] : 0
        case .fpscr: return cpu.fpscr
        }
    }

    public func write(_ register: Register, _ value: UInt32) {
        switch register {
        case .core(13): cpu.sp = value & ~3
        case .core(let n) where (0..<16).contains(n): cpu[register: n] = value
        case .core: break
        case .xpsr: cpu.writeXPSR(value)
        case .msp: cpu.debuggerWriteSpecial(.msp, value)
        case .psp: cpu.debuggerWriteSpecial(.psp, value)
        case .primask: cpu.debuggerWriteSpecial(.primask, value)
        case .basepri: cpu.debuggerWriteSpecial(.basepri, value)
        case .faultmask: cpu.debuggerWriteSpecial(.faultmask, value)
        case .control: cpu.debuggerWriteSpecial(.control, value)
        case .single(let n) where (0..<32).contains(n): cpu[floatRegister: n] = value
        case .single: break
        case .fpscr: cpu.fpscr = value
        }
    }

    // MARK: Memory

    /// Reads up to `count` bytes from `address` as a debugger sees memory: flash, RAM and ROM
    /// directly, peripherals through the bus (word accesses where aligned). Stops at the first
    /// byte that cannot be read, so the result may be shorter (empty if nothing is readable).
    public func readMemory(_ address: UInt32, count: Int) -> [UInt8] {
        var result: [UInt8] = []
        var at = UInt64(address)
        let end = min(UInt64(address) + UInt64(max(count, 0)), 1 << 32)
        while at < end {
            let a = UInt32(at)
            if let region = machine.bus.region(containing: a) {
                let n = Int(min(end, region.end) - at)
                result += region.fetch(a, count: n)
                at += UInt64(n)
                continue
            }
            let size = a & 3 == 0 && end - at >= 4 ? 4 : (a & 1 == 0 && end - at >= 2 ? 2 : 1)
            guard let value = machine.bus.read(a, size: size) else { break }
            for i in 0..<size { result.append(UInt8(truncatingIfNeeded: value >> (8 * UInt32(i)))) }
            at += UInt64(size)
        }
        return result
    }

    /// Writes bytes as a debugger does: RAM and flash directly (decoded instructions there are
    /// dropped), peripherals through the bus. False if any byte could not be written (those
    /// before it were).
    public func writeMemory(_ address: UInt32, _ bytes: [UInt8]) -> Bool {
        guard UInt64(address) + UInt64(bytes.count) <= 1 << 32 else { return false }
        var index = 0
        while index < bytes.count {
            let a = address &+ UInt32(index)
            if let region = machine.bus.region(containing: a) {
                guard region.kind != .rom else { return false }
                let n = min(bytes.count - index, Int(region.end - UInt64(a)))
                region.store(Array(bytes[index..<index + n]), at: a)
                index += n
                continue
            }
            let remaining = bytes.count - index
            let size = a & 3 == 0 && remaining >= 4 ? 4 : (a & 1 == 0 && remaining >= 2 ? 2 : 1)
            var value: UInt32 = 0
            for i in 0..<size { value |= UInt32(bytes[index + i]) << (8 * UInt32(i)) }
            guard machine.bus.write(a, size: size, value: value) else { return false }
            index += size
        }
        return true
    }

    /// The flash region holding all of [address, address + length), if any.
    private func flashRegion(_ address: UInt32, _ length: Int) -> MemoryRegion? {
        guard let region = machine.bus.region(containing: address, count: UInt32(clamping: max(length, 1))),
              region.kind == .flash else { return nil }
        return region
    }

    /// Erases flash (to 0xFF). False unless the whole range is flash.
    public func eraseFlash(_ address: UInt32, length: Int) -> Bool {
        guard length >= 0, let region = flashRegion(address, length) else { return false }
        if length > 0 { region.store([UInt8](repeating: 0xFF, count: length), at: address) }
        return true
    }

    /// Programs flash. False unless the whole range is flash.
    public func programFlash(_ address: UInt32, _ bytes: [UInt8]) -> Bool {
        guard let region = flashRegion(address, bytes.count) else { return false }
        region.store(bytes, at: address)
        return true
    }

    /// The board's memory, for the debugger's memory map.
    public var memoryRegions: [(kind: MemoryRegion.Kind, base: UInt32, size: UInt32)] {
        machine.bus.regions.map { ($0.kind, $0.base, $0.size) }
    }

    // MARK: Breakpoints and watchpoints

    public func insertBreakpoint(at address: UInt32, hardware: Bool) -> Bool {
        let address = address & ~1
        if hardware ? hardwareBreakpoints.contains(address) : softwareBreakpoints.contains(address) { return true }
        guard softwareBreakpoints.count + hardwareBreakpoints.count < DebugSession.maximumBreakpoints,
              cpu.insertBreakpoint(at: address) else { return false }
        if hardware { hardwareBreakpoints.insert(address) } else { softwareBreakpoints.insert(address) }
        return true
    }

    public func removeBreakpoint(at address: UInt32, hardware: Bool) -> Bool {
        let address = address & ~1
        guard (hardware ? hardwareBreakpoints.remove(address) : softwareBreakpoints.remove(address)) != nil else { return false }
        cpu.removeBreakpoint(at: address)
        return true
    }

    public func insertWatchpoint(_ kind: DebugHooks.WatchKind, address: UInt32, length: UInt32) -> Bool {
        guard cpu.watchpointCount < DebugSession.maximumWatchpoints, length > 0 else { return false }
        cpu.insertWatchpoint(kind, address: address, length: length)
        return true
    }

    public func removeWatchpoint(_ kind: DebugHooks.WatchKind, address: UInt32, length: UInt32) -> Bool {
        cpu.removeWatchpoint(kind, address: address, length: length)
    }

    // MARK: Monitor commands

    /// A system reset as SYSRESETREQ makes it (the core, system registers and peripherals; RAM
    /// and flash keep their contents, virtual time goes on); the target stays halted.
    public func reset() {
        machine.systemReset(reason: .softReset)
        isRunning = false
        resuming = false
        lastHalt = nil
        lastStop = .attached
    }

    /// Instructions, cycles and virtual time so far.
    public var statistics: String {
        let ns = machine.virtualTimeNanoseconds
        let seconds = ns / 1_000_000_000, fraction = ns % 1_000_000_000
        let fractionText = String(fraction).leftPadded(to: 9)
        return "instructions: \(cpu.instructions)\ncycles: \(cpu.cycles)\n"
            + "virtual time: \(seconds).\(fractionText) s (\(ns) ns at \(cpu.clockHz) Hz)\n"
    }
}

extension String {
    func leftPadded(to width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
