import Emulation

/// What a debugger has set in the core: breakpoints and watchpoints.
///
/// Both cost nothing in the executor's loop. A breakpoint replaces the pre-decoded instruction
/// at its address (in the decode cache, never in memory) with a stop; the slot is patched when
/// the breakpoint is set and again at every resume, so writes that dropped it meanwhile (the
/// debugger's own, `load`) do not lose it. Watchpoints route every data access through
/// `FastMemory`'s slow path while any exist (as the MPU does), where the access is checked; a hit
/// aborts the access before it happens (the instruction does not complete and the PC stays on
/// it, like a precise fault), which is what gdb expects on ARM, where watchpoints are
/// "non-steppable": gdb then steps the instruction with them removed.
public final class DebugHooks: AccessWatch {
    public enum WatchKind: Sendable, Equatable {
        case write, read, access
    }

    public struct Watchpoint: Sendable, Equatable {
        public var kind: WatchKind
        public var address: UInt32
        public var length: UInt32

        func overlaps(_ a: UInt32, _ size: UInt32) -> Bool {
            UInt64(a) < UInt64(address) + UInt64(length) && UInt64(address) < UInt64(a) + UInt64(size)
        }
    }

    /// Breakpoint addresses, with how many times each is set (a software and a hardware
    /// breakpoint may share one).
    var breakpoints: [UInt32: Int] = [:]
    var watchpoints: [Watchpoint] = []
    /// Set while one instruction runs with watchpoints ignored (resuming from a watchpoint stop).
    var watchpointsSuspended = false
    /// The access a watchpoint refused, until the executor turns it into a stop.
    var pendingHit: (watchpoint: Watchpoint, address: UInt32)?
    /// The last watchpoint hit reported to the debugger.
    public internal(set) var lastHit: (watchpoint: Watchpoint, address: UInt32)?
    /// DHCSR.C_DEBUGEN: a debugger is attached, so debug events (BKPT, breakpoints) halt the
    /// core instead of raising the DebugMonitor exception, as on silicon.
    var haltingDebug = false

    init() {}

    /// Called on the slow path for every data access while watchpoints exist. True when a
    /// watchpoint refuses the access (it is recorded for the stop that follows).
    @inline(never)
    public func refuses(_ address: UInt32, _ size: Int, write: Bool) -> Bool {
        guard !watchpointsSuspended else { return false }
        for watchpoint in watchpoints where watchpoint.overlaps(address, UInt32(size)) {
            switch watchpoint.kind {
            case .write where !write, .read where write: continue
            default: break
            }
            // gdb matches the reported address against the watched range.
            pendingHit = (watchpoint, max(address, watchpoint.address))
            return true
        }
        return false
    }

    /// What a breakpoint puts in the decode cache: a BKPT that stops the executor like the
    /// firmware's own (not counted, PC on it).
    static var stopInstruction: Instruction {
        var stop = Instruction(.bkpt, size: 2, imm: breakpointMarker)
        stop.opInITBlock = .bkpt
        return stop
    }

    /// The immediate of the BKPT a debugger breakpoint decodes to (no real BKPT has it).
    static let breakpointMarker: UInt32 = 0xDEB0_0000
}

extension CortexM4 {
    /// The debugger's hooks, created when a debugger first sets something.
    var hooks: DebugHooks {
        if let debugHooks { return debugHooks }
        let created = DebugHooks()
        debugHooks = created
        return created
    }

    // MARK: Breakpoints

    /// Sets a breakpoint at `address` (a halfword address in flash or RAM). False if no code can
    /// be there.
    public func insertBreakpoint(at address: UInt32) -> Bool {
        let address = address & ~1
        guard codeRegion(containing: address) != nil else { return false }
        hooks.breakpoints[address, default: 0] += 1
        applyBreakpoint(at: address)
        return true
    }

    /// Removes one use of the breakpoint at `address`. False if none was set there.
    @discardableResult
    public func removeBreakpoint(at address: UInt32) -> Bool {
        let address = address & ~1
        guard let debugHooks, let count = debugHooks.breakpoints[address] else { return false }
        debugHooks.breakpoints[address] = count > 1 ? count - 1 : nil
        if count == 1 { dropDecodedInstruction(at: address) }
        return true
    }

    public func hasBreakpoint(at address: UInt32) -> Bool {
        debugHooks?.breakpoints[address & ~1] != nil
    }

    public func removeAllBreakpointsAndWatchpoints() {
        guard let debugHooks else { return }
        let addresses = Array(debugHooks.breakpoints.keys)
        debugHooks.breakpoints = [:]
        for address in addresses { dropDecodedInstruction(at: address) }
        debugHooks.watchpoints = []
        watchpointsChanged()
    }

    /// Puts every breakpoint back in the decode cache (a write may have dropped one): called
    /// whenever the target resumes.
    public func reapplyBreakpoints() {
        guard let debugHooks else { return }
        for address in debugHooks.breakpoints.keys { applyBreakpoint(at: address) }
    }

    /// Runs `body` (one instruction) with the breakpoint at the PC out of the way, and the
    /// watchpoints too if `watchpoints`: how a debugger resumes from the place it stopped.
    public func withBreakpointSuspended<T>(watchpoints: Bool, _ body: () -> T) -> T {
        let address = pc
        guard let debugHooks, debugHooks.breakpoints[address] != nil || watchpoints else { return body() }
        let hasBreakpoint = debugHooks.breakpoints[address] != nil
        if hasBreakpoint { dropDecodedInstruction(at: address) }  // decoded afresh: the real instruction
        debugHooks.watchpointsSuspended = watchpoints
        defer {
            debugHooks.watchpointsSuspended = false
            if hasBreakpoint && debugHooks.breakpoints[address] != nil { applyBreakpoint(at: address) }
        }
        return body()
    }

    private func applyBreakpoint(at address: UInt32) {
        guard let region = codeRegion(containing: address) else { return }
        region.decoded[Int((address &- region.base) >> 1)] = DebugHooks.stopInstruction
    }

    private func dropDecodedInstruction(at address: UInt32) {
        guard let region = codeRegion(containing: address) else { return }
        region.invalidate(offset: address &- region.base, count: 2)
    }

    // MARK: Watchpoints

    /// Watches [address, address + length) for writes, reads or both.
    public func insertWatchpoint(_ kind: DebugHooks.WatchKind, address: UInt32, length: UInt32) {
        hooks.watchpoints.append(DebugHooks.Watchpoint(kind: kind, address: address, length: max(length, 1)))
        watchpointsChanged()
    }

    @discardableResult
    public func removeWatchpoint(_ kind: DebugHooks.WatchKind, address: UInt32, length: UInt32) -> Bool {
        let watchpoint = DebugHooks.Watchpoint(kind: kind, address: address, length: max(length, 1))
        guard let debugHooks, let index = debugHooks.watchpoints.firstIndex(of: watchpoint) else { return false }
        debugHooks.watchpoints.remove(at: index)
        watchpointsChanged()
        return true
    }

    public var watchpointCount: Int { debugHooks?.watchpoints.count ?? 0 }

    /// The watchpoint behind the last `.watchpoint` stop, and the address reported for it.
    public var lastWatchpointHit: (kind: DebugHooks.WatchKind, address: UInt32)? {
        debugHooks?.lastHit.map { ($0.watchpoint.kind, $0.address) }
    }

    /// With watchpoints, every data access takes the slow path (where they are checked);
    /// without, the fast paths come back (unless the MPU needs the slow path too).
    private func watchpointsChanged() {
        let active = !(debugHooks?.watchpoints.isEmpty ?? true)
        bus.watch = active ? hooks : nil
        protectionChanged()
    }

    /// Called by the executor's bus-fault path: a refused access that was a watchpoint hit
    /// becomes a stop for the debugger instead of a BusFault.
    func takeWatchpointHit(pc: UInt32) -> CPUStop? {
        guard let debugHooks, let hit = debugHooks.pendingHit else { return nil }
        debugHooks.pendingHit = nil
        debugHooks.lastHit = hit
        return .halted(CPUHalt(kind: .watchpoint, pc: pc,
                               message: "watchpoint on \(hit.watchpoint.address.hexString) hit by the instruction at \(pc.hexString)",
                               address: hit.address))
    }
}

extension CortexM4 {
    /// Halting debug (DHCSR.C_DEBUGEN): set while a debugger is attached.
    public var haltingDebugEnabled: Bool {
        get { debugHooks?.haltingDebug ?? false }
        set { hooks.haltingDebug = newValue }
    }

    /// The exception number the core is handling (IPSR), 0 in Thread mode.
    public var currentException: UInt32 { exceptions.current }

    /// Writes xPSR as a debugger does: the APSR flags and ITSTATE; the exception number and the
    /// Thumb bit are not the debugger's to change.
    public func writeXPSR(_ value: UInt32) {
        apsr = value
        itState = UInt8(truncatingIfNeeded: ((value >> 25) & 3) | ((value >> 8) & 0xFC))
    }

    /// Writes a special register as a debugger does (any mode; BASEPRI keeps its implemented
    /// bits), then lets the exception logic look at the change.
    public func debuggerWriteSpecial(_ register: SpecialRegister, _ value: UInt32) {
        switch register {
        case .msp: msp = value
        case .psp: psp = value
        case .primask: primask = value & 1
        case .basepri, .basepriMax: basepri = value & UInt32(0xFF << (8 - priorityBits)) & 0xFF
        case .faultmask: faultmask = value & 1
        case .control: setControl(value)
        default: apsr = value
        }
        attentionRaised()
    }
}
