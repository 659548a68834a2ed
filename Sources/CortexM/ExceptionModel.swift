import Emulation

/// Fault status bits (CFSR = UFSR:BFSR:MMFSR, HFSR).
enum FaultStatus {
    static let iaccviol: UInt32 = 1 << 0
    static let daccviol: UInt32 = 1 << 1
    static let mUnstkErr: UInt32 = 1 << 3
    static let mStkErr: UInt32 = 1 << 4
    static let mmarValid: UInt32 = 1 << 7
    static let ibusErr: UInt32 = 1 << 8
    static let preciseErr: UInt32 = 1 << 9
    static let unstkErr: UInt32 = 1 << 11
    static let stkErr: UInt32 = 1 << 12
    static let bfarValid: UInt32 = 1 << 15
    static let undefInstr: UInt32 = 1 << 16
    static let invState: UInt32 = 1 << 17
    static let invPC: UInt32 = 1 << 18
    static let noCP: UInt32 = 1 << 19
    static let unaligned: UInt32 = 1 << 24
    static let divByZero: UInt32 = 1 << 25
    static let hardVectorTable: UInt32 = 1 << 1
    static let hardForced: UInt32 = 1 << 30
}

extension CortexM4 {
    // MARK: Priorities

    /// The group priority of a priority value under AIRCR.PRIGROUP (sub-priority bits masked).
    func groupPriority(_ priority: Int) -> Int {
        guard priority >= 0 else { return priority }
        let subpriorityBits = Int(systemControl.priorityGrouping) + 1
        return priority & ~((1 << subpriorityBits) - 1) & 0xFF
    }

    /// The current execution priority: active exceptions, BASEPRI, PRIMASK and FAULTMASK.
    func executionPriority(ignoringPRIMASK: Bool = false) -> Int {
        var priority = 256
        for n in 1..<exceptions.count where exceptions.active[n] {
            priority = min(priority, groupPriority(exceptions.priority[n]))
        }
        if basepri != 0 { priority = min(priority, groupPriority(Int(basepri))) }
        if primask & 1 != 0 && !ignoringPRIMASK { priority = min(priority, 0) }
        if faultmask & 1 != 0 { priority = min(priority, -1) }
        return priority
    }

    var executionPriority: Int { executionPriority() }

    /// The pending, enabled exception that would be taken next: lowest group priority, then
    /// lowest sub-priority, then lowest number.
    func highestPendingException() -> Int? {
        var best: Int?
        for n in 1..<exceptions.count where exceptions.pending[n] && exceptions.enabled[n] {
            guard let current = best else {
                best = n
                continue
            }
            let (candidateGroup, bestGroup) = (groupPriority(exceptions.priority[n]), groupPriority(exceptions.priority[current]))
            if candidateGroup < bestGroup || (candidateGroup == bestGroup && exceptions.priority[n] < exceptions.priority[current]) {
                best = n
            }
        }
        return best
    }

    /// Drives external interrupt `irq`'s line (level-sensitive, as peripherals' interrupts
    /// are): high makes it pending, and it stays pending while high.
    public func setInterruptLine(_ irq: Int, high: Bool) {
        let number = ExceptionNumber.firstExternal + irq
        guard irq >= 0 && number < exceptions.count, exceptions.lineHigh[number] != high else { return }
        exceptions.lineHigh[number] = high
        if high { setPending(number) }
    }

    /// Makes an exception pending (NVIC, SysTick, ICSR, STIR) and asks the CPU to look.
    public func setPending(_ number: Int, _ pending: Bool = true) {
        guard number > 0 && number < exceptions.count else { return }
        if !pending && exceptions.lineHigh[number] { return }  // a high line keeps it pending
        // With SCR.SEVONPEND an exception becoming pending is a WFE wake-up event, even one
        // that is disabled or masked (a preempting one wakes the core anyway).
        if pending && !exceptions.pending[number] && systemControl.scr & 0x10 != 0 { eventRegister = true }
        exceptions.pending[number] = pending
        attention.pointee = true
    }

    /// Asks the CPU to re-evaluate pending exceptions before its next instruction (after
    /// changing masks or priorities from outside, e.g. a debugger or a test).
    public func attentionRaised() {
        attention.pointee = true
    }

    // MARK: Running with exceptions

    /// Performs any exception entry or return that is due before the next instruction, so a
    /// tracer or debugger stepping one instruction at a time sees each handler's first
    /// instruction as its own step. Returns a stop if the core locked up.
    public func settleBeforeStep() -> CPUStop? {
        if exceptions.current != 0 && pc & 0xF000_0000 == 0xF000_0000 {
            if let stop = exceptionReturn(pc | 1) { return stop }
        }
        if attention.pointee {
            attention.pointee = false
            return takePendingException()
        }
        return nil
    }

    /// Executes up to `budget` instructions, taking exceptions as they become due. Returns why
    /// it stopped; `.budgetExhausted` means exactly `budget` instructions ran.
    public func run(budget: UInt64) -> CPUStop {
        var remaining = budget
        while true {
            // A store asked the machine to act (AIRCR.SYSRESETREQ): hand over before going on.
            if stopRequested { return .stopRequested }
            if attention.pointee {
                attention.pointee = false
                if let stop = takePendingException() { return stop }
            }
            if isSleeping {
                guard wakeUpConditionHolds() else { return .sleeping }
                isSleeping = false
                continue
            }
            guard remaining > 0 else { return .budgetExhausted }
            let before = instructions
            let generation = scheduler.generation
            let stop = execute(budget: remaining)
            remaining -= instructions - before
            // A peripheral scheduled a new event: the machine must budget up to it.
            if scheduler.generation != generation && (stop == .attention || stop == .budgetExhausted) {
                attention.pointee = true
                return .attention
            }
            switch stop {
            case .budgetExhausted:
                continue
            case .attention:
                attention.pointee = true
            case .sleeping:
                // The wake-up check at the top of the loop also lets WFE through at once when
                // the event register is set.
                isSleeping = true
                attention.pointee = true
            case .spinning:
                let handler = Int(exceptions.current)
                if (ExceptionNumber.nmi...ExceptionNumber.usageFault).contains(handler) {
                    return lockup(because: "the \(ExceptionNumber.name(handler)) handler loops forever (B .)", at: pc)
                }
                // Waiting for an interrupt in a loop is a sleep: same result, no host time.
                lastSleepWasWFE = false
                isSleeping = true
                attention.pointee = true
            case .halted(let halt):
                if haltsOnFaults { return stop }
                if let stop = handleFault(halt) { return stop }
            default:
                return stop
            }
        }
    }

    /// WFI/WFE end when an exception becomes pending that could preempt (ignoring PRIMASK,
    /// which only stops it being taken), or, for WFE, when an event was signalled.
    func wakeUpConditionHolds() -> Bool {
        if lastSleepWasWFE && eventRegister {
            eventRegister = false
            return true
        }
        guard let pending = highestPendingException() else { return false }
        return groupPriority(exceptions.priority[pending]) < executionPriority(ignoringPRIMASK: true)
    }

    /// Takes the highest pending exception if it has the priority to preempt. A non-nil result
    /// means the core locked up.
    func takePendingException() -> CPUStop? {
        guard let next = highestPendingException(),
              groupPriority(exceptions.priority[next]) < executionPriority else { return nil }
        isSleeping = false
        return enterException(next, returnAddress: pc)
    }

    /// Turns a synchronous stop of the executor into the exception it is on silicon. Returns
    /// a stop when the run cannot go on (errors the emulator cannot model, or lockup).
    func handleFault(_ halt: CPUHalt) -> CPUStop? {
        switch halt.kind {
        case .supervisorCall:
            return synchronousException(ExceptionNumber.svCall, returnAddress: halt.pc &+ 2, status: 0, halt: halt)
        case .undefinedInstruction:
            return synchronousException(ExceptionNumber.usageFault, returnAddress: halt.pc, status: FaultStatus.undefInstr, halt: halt)
        case .invalidState:
            if exceptions.current != 0 && halt.pc & 0xF000_0000 == 0xF000_0000 {
                return exceptionReturn(halt.pc | 1)
            }
            return synchronousException(ExceptionNumber.usageFault, returnAddress: halt.pc, status: FaultStatus.invState, halt: halt)
        case .unalignedAccess:
            return synchronousException(ExceptionNumber.usageFault, returnAddress: halt.pc, status: FaultStatus.unaligned, halt: halt)
        case .divideByZero:
            return synchronousException(ExceptionNumber.usageFault, returnAddress: halt.pc, status: FaultStatus.divByZero, halt: halt)
        case .noCoprocessor:
            return synchronousException(ExceptionNumber.usageFault, returnAddress: halt.pc, status: FaultStatus.noCP, halt: halt)
        case .breakpoint:
            // With DEMCR.MON_EN a BKPT is a debug event for the DebugMonitor exception (its
            // handler steps over it); escalated to HardFault (HFSR.DEBUGEVT) if it cannot run.
            // Without the monitor the run stops; with a debugger attached (halting debug, which
            // takes precedence over the monitor) the core halts for it.
            guard systemControl.debugMonitorEnabled && !haltingDebugEnabled else { return .halted(halt) }
            systemControl.dfsr |= DebugMonitorBits.breakpoint
            let monitor = ExceptionNumber.debugMonitor
            if groupPriority(exceptions.priority[monitor]) < executionPriority {
                exceptions.pending[monitor] = false
                return enterException(monitor, returnAddress: halt.pc)
            }
            systemControl.hfsr |= DebugMonitorBits.debugEvent
            if executionPriority <= -1 { return lockup(because: "BKPT at \(halt.pc.hexString) with the DebugMonitor unable to run", at: halt.pc) }
            return enterException(ExceptionNumber.hardFault, returnAddress: halt.pc)
        case .memoryProtection:
            if halt.isInstructionFetch {
                return synchronousException(ExceptionNumber.memManage, returnAddress: halt.pc, status: FaultStatus.iaccviol, halt: halt)
            }
            systemControl.mmfar = halt.address ?? 0
            return synchronousException(ExceptionNumber.memManage, returnAddress: halt.pc,
                                        status: FaultStatus.daccviol | FaultStatus.mmarValid, halt: halt)
        case .busError:
            if let address = halt.address {
                if exceptions.current != 0 && address & 0xF000_0000 == 0xF000_0000 && halt.isInstructionFetch {
                    return exceptionReturn(address | 1)
                }
                if halt.isInstructionFetch {
                    // The default memory map makes Peripheral, Device and System space
                    // execute-never: fetching there is a MemManage fault, elsewhere a BusFault.
                    if (0x4000_0000..<0x6000_0000).contains(address) || address >= 0xA000_0000 {
                        return synchronousException(ExceptionNumber.memManage, returnAddress: halt.pc, status: FaultStatus.iaccviol, halt: halt)
                    }
                    return synchronousException(ExceptionNumber.busFault, returnAddress: halt.pc, status: FaultStatus.ibusErr, halt: halt)
                }
                systemControl.bfar = address
                return synchronousException(ExceptionNumber.busFault, returnAddress: halt.pc,
                                            status: FaultStatus.preciseErr | FaultStatus.bfarValid, halt: halt)
            }
            return synchronousException(ExceptionNumber.busFault, returnAddress: halt.pc, status: FaultStatus.preciseErr, halt: halt)
        default:
            return .halted(halt)
        }
    }

    /// A fault or SVC: taken at once if its priority allows, else escalated to HardFault;
    /// a fault that cannot be taken even as HardFault locks the core up.
    func synchronousException(_ number: Int, returnAddress: UInt32, status: UInt32, halt: CPUHalt) -> CPUStop? {
        var target = number
        systemControl.cfsr |= status
        let canTake = exceptions.enabled[number] && groupPriority(exceptions.priority[number]) < executionPriority
        if number != ExceptionNumber.hardFault && !canTake {
            target = ExceptionNumber.hardFault
            systemControl.hfsr |= FaultStatus.hardForced
        }
        if target == ExceptionNumber.hardFault && executionPriority <= -1 {
            return lockup(because: "\(ExceptionNumber.name(number)) while \(ExceptionNumber.name(Int(exceptions.current))) was running or faults were masked: \(halt.message)", at: halt.pc)
        }
        exceptions.pending[target] = false
        return enterException(target, returnAddress: returnAddress)
    }

    /// Exception entry: stack the basic frame, or the extended one with s0–s15 and FPSCR while
    /// CONTROL.FPCA says the context has FP state (8-byte aligned when CCR.STKALIGN), switch to
    /// Handler mode on MSP, and jump to the vector. With FPCCR.LSPEN the FP part is only
    /// reserved; the first FP instruction of the handler writes it (lazy stacking).
    func enterException(_ number: Int, returnAddress: UInt32) -> CPUStop? {
        let fromThread = exceptions.current == 0
        let onProcessStack = fromThread && control & 2 != 0
        let hasFloatingPointState = control & 4 != 0
        let alignTo8 = systemControl.ccr & (1 << 9) != 0
        let sp = r[13]
        let realign = alignTo8 && sp & 4 != 0
        let frameSize: UInt32 = hasFloatingPointState ? 0x68 : 0x20
        let frame = (sp &- frameSize) & (alignTo8 ? ~UInt32(7) : ~UInt32(3))
        let stackedPSR = (xpsr & ~UInt32(1 << 9)) | (realign ? 1 << 9 : 0)
        let words = [r[0], r[1], r[2], r[3], r[12], r[14], returnAddress & ~1, stackedPSR]
        var failure: StackingFailure?
        for (i, word) in words.enumerated() {
            failure = stackWrite(frame &+ UInt32(4 * i), word)
            if failure != nil { break }
        }
        if failure == nil && hasFloatingPointState {
            failure = stackFloatingPointState(frame: frame, fromThread: fromThread)
        }
        var target = number
        if let failure {
            // A derived exception: the frame could not be written (MPU: MSTKERR, bus: STKERR;
            // neither makes MMFAR or BFAR valid). The original exception stays pending; the
            // fault is taken instead, through the usual escalation, on the partly written frame.
            systemControl.cfsr |= failure.protection ? FaultStatus.mStkErr : FaultStatus.stkErr
            let derived = failure.protection ? ExceptionNumber.memManage : ExceptionNumber.busFault
            // Like any fault, it is taken if it can preempt what was running (QEMU agrees);
            // otherwise it escalates to HardFault, or the core locks up.
            let limit = executionPriority
            if exceptions.enabled[derived] && groupPriority(exceptions.priority[derived]) < limit {
                target = derived
            } else if -1 < limit {
                target = ExceptionNumber.hardFault
                systemControl.hfsr |= FaultStatus.hardForced
            } else {
                let what = failure.protection ? "MPU denies" : "bus error at"
                return lockup(because: "stacking for \(ExceptionNumber.name(number)) failed: \(what) \(failure.address.hexString) (SP \(sp.hexString))", at: returnAddress)
            }
            if target != number { exceptions.pending[number] = true }
        }
        r[13] = frame
        // Handler mode runs on MSP and starts without FP state of its own (CONTROL.FPCA = 0).
        setControl(control & ~(onProcessStack ? 6 : 4))
        let returnKind: UInt32 = fromThread ? (onProcessStack ? 0xD : 0x9) : 0x1
        r[14] = 0xFFFF_FFE0 | (hasFloatingPointState ? 0 : 0x10) | returnKind
        exceptions.pending[target] = false
        exceptions.active[target] = true
        exceptions.current = UInt32(target)
        itState = 0
        exclusiveAddress = nil
        eventRegister = true
        idle(cycles: 12)  // exception entry latency on a Cortex-M4 with zero-wait-state memory
        let vectorAddress = systemControl.vtor &+ UInt32(4 * target)
        guard let vector = bus.read(vectorAddress, size: 4) else {
            systemControl.hfsr |= FaultStatus.hardVectorTable
            return lockup(because: "vector table read for \(ExceptionNumber.name(target)) at \(vectorAddress.hexString) failed", at: returnAddress)
        }
        pc = vector
        if vector & 1 == 0 {
            let halt = CPUHalt(kind: .invalidState, pc: vector & ~1,
                               message: "vector of \(ExceptionNumber.name(target)) is \(vector.hexString) (Thumb bit clear)")
            return synchronousException(ExceptionNumber.usageFault, returnAddress: vector & ~1, status: FaultStatus.invState, halt: halt)
        }
        return nil
    }

    /// Why a word of an exception frame could not be written or read.
    struct StackingFailure: Error {
        var address: UInt32
        /// Refused by the MPU (MSTKERR/MUNSTKERR) rather than the bus (STKERR/UNSTKERR).
        var protection: Bool
    }

    /// One word of an exception frame, with the MPU's permission for the interrupted context.
    func stackWrite(_ address: UInt32, _ value: UInt32) -> StackingFailure? {
        if systemControl.mpuEnabled && !systemControl.mpuPermits(address, write: true, execute: false) {
            return StackingFailure(address: address, protection: true)
        }
        return bus.write(address, size: 4, value: value) ? nil : StackingFailure(address: address, protection: false)
    }

    /// One word of an exception frame on return, with the MPU's permission for the mode being
    /// returned to (already selected by the caller).
    func unstackRead(_ address: UInt32) -> Result<UInt32, StackingFailure> {
        if systemControl.mpuEnabled && !systemControl.mpuPermits(address, write: false, execute: false) {
            return .failure(StackingFailure(address: address, protection: true))
        }
        guard let value = bus.read(address, size: 4) else { return .failure(StackingFailure(address: address, protection: false)) }
        return .success(value)
    }

    /// Exception return through an EXC_RETURN value loaded into PC in Handler mode.
    func exceptionReturn(_ excReturn: UInt32) -> CPUStop? {
        let returning = Int(exceptions.current)
        let kind = excReturn & 0xF
        let toThread = kind == 0x9 || kind == 0xD
        let fromProcess = kind == 0xD
        let otherActive = exceptions.activeCount > 1
        let valid = excReturn | 0x1F == 0xFFFF_FFFF && (kind == 0x1 || toThread) && exceptions.active[returning]
            && (toThread ? !otherActive || systemControl.ccr & 1 != 0 : otherActive)
        guard valid else {
            let halt = CPUHalt(kind: .invalidState, pc: pc, message: "invalid EXC_RETURN \(excReturn.hexString) from \(ExceptionNumber.name(returning))")
            return synchronousException(ExceptionNumber.usageFault, returnAddress: pc, status: FaultStatus.invPC, halt: halt)
        }
        exceptions.active[returning] = false
        if exceptions.lineHigh[returning] { exceptions.pending[returning] = true }
        if returning != ExceptionNumber.nmi { faultmask = 0 }
        // Select the stack the frame is on, and the mode to return to (whose privilege the
        // MPU applies to the unstacking).
        if fromProcess {
            setControl(control | 2)
        }
        if toThread { exceptions.current = 0 }
        let frame = r[13]
        let hasFloatingPointState = excReturn & 0x10 == 0
        var words: [UInt32] = []
        for i in 0..<8 {
            switch unstackRead(frame &+ UInt32(4 * i)) {
            case .success(let word): words.append(word)
            case .failure(let failure): return unstackingLockup(failure, frame: frame)
            }
        }
        if hasFloatingPointState, let failure = unstackFloatingPointState(frame: frame) {
            return unstackingLockup(failure, frame: frame)
        }
        for (i, reg) in [0, 1, 2, 3, 12, 14].enumerated() { r[reg] = words[i] }
        let stackedPSR = words[7]
        r[13] = frame &+ (hasFloatingPointState ? 0x68 : 0x20) &+ (stackedPSR & (1 << 9) != 0 ? 4 : 0)
        setControl(hasFloatingPointState ? control | 4 : control & ~4)
        apsr = stackedPSR
        itState = UInt8(((stackedPSR >> 25) & 3) | ((stackedPSR >> 8) & 0xFC))
        exceptions.current = toThread ? 0 : stackedPSR & 0x1FF
        pc = words[6]
        exclusiveAddress = nil
        eventRegister = true
        attention.pointee = true  // tail-chain into anything pending
        idle(cycles: 10)
        if stackedPSR & (1 << 24) == 0 {
            let halt = CPUHalt(kind: .invalidState, pc: pc, message: "returned to \(pc.hexString) with the stacked Thumb bit clear")
            return synchronousException(ExceptionNumber.usageFault, returnAddress: pc, status: FaultStatus.invState, halt: halt)
        }
        if toThread && systemControl.scr & 2 != 0 {  // SLEEPONEXIT
            isSleeping = true
            lastSleepWasWFE = false
        }
        return nil
    }

    /// An exception return that cannot read its frame. The derived fault (UNSTKERR, MUNSTKERR)
    /// is recorded, but not taken: the core stops with the diagnosis.
    private func unstackingLockup(_ failure: StackingFailure, frame: UInt32) -> CPUStop {
        systemControl.cfsr |= failure.protection ? FaultStatus.mUnstkErr : FaultStatus.unstkErr
        let what = failure.protection ? "MPU denies" : "bus error at"
        return lockup(because: "unstacking the frame at \(frame.hexString) failed: \(what) \(failure.address.hexString)", at: pc)
    }

    /// The FP part of an extended frame (s0–s15 at +0x20, FPSCR at +0x60): written now, or with
    /// FPCCR.LSPEN only reserved, FPCAR pointing at it and FPCCR recording who may take the
    /// faults a later lazy save could raise.
    private func stackFloatingPointState(frame: UInt32, fromThread: Bool) -> StackingFailure? {
        let area = frame &+ 0x20
        let scs = systemControl!
        if scs.fpccr & FPCCRBits.lazyStacking != 0 {
            let priority = executionPriority
            func ready(_ exception: Int) -> Bool {
                exceptions.enabled[exception] && groupPriority(exceptions.priority[exception]) < priority
            }
            var fpccr = scs.fpccr & ~(FPCCRBits.user | FPCCRBits.thread | FPCCRBits.hardFaultReady
                | FPCCRBits.memManageReady | FPCCRBits.busFaultReady | FPCCRBits.monitorReady)
            fpccr |= FPCCRBits.lazyStateActive
            if !isPrivileged { fpccr |= FPCCRBits.user }
            if fromThread { fpccr |= FPCCRBits.thread }
            if priority > -1 { fpccr |= FPCCRBits.hardFaultReady }
            if ready(ExceptionNumber.memManage) { fpccr |= FPCCRBits.memManageReady }
            if ready(ExceptionNumber.busFault) { fpccr |= FPCCRBits.busFaultReady }
            scs.fpccr = fpccr
            scs.fpcar = area
            return nil
        }
        for i in 0..<17 {
            if let failure = stackWrite(area &+ UInt32(4 * i), i < 16 ? s[i] : fpscr) { return failure }
        }
        idle(cycles: 17)
        return nil
    }

    /// Restores s0–s15 and FPSCR from an extended frame, unless a lazy save never happened
    /// (FPCCR.LSPACT still set): then the registers still hold that state.
    private func unstackFloatingPointState(frame: UInt32) -> StackingFailure? {
        if systemControl.fpccr & FPCCRBits.lazyStateActive != 0 {
            systemControl.fpccr &= ~FPCCRBits.lazyStateActive
            return nil
        }
        let area = frame &+ 0x20
        for i in 0..<17 {
            switch unstackRead(area &+ UInt32(4 * i)) {
            case .success(let value): if i < 16 { s[i] = value } else { fpscr = value & CortexM4.fpscrWritableBits }
            case .failure(let failure): return failure
            }
        }
        idle(cycles: 17)
        return nil
    }

    /// The core stops for good: a fault it could not take. The report decodes the fault state.
    func lockup(because reason: String, at pc: UInt32) -> CPUStop {
        .halted(CPUHalt(kind: .lockup, pc: pc, message: "lockup: \(reason)"))
    }

    /// Fault status registers in words, for a diagnosis.
    public var faultStatusDescription: String {
        let names: [(UInt32, String)] = [
            (FaultStatus.iaccviol, "IACCVIOL"), (FaultStatus.daccviol, "DACCVIOL"),
            (FaultStatus.mUnstkErr, "MUNSTKERR (MPU refused unstacking)"), (FaultStatus.mStkErr, "MSTKERR (MPU refused stacking)"),
            (FaultStatus.mmarValid, "MMARVALID"),
            (FaultStatus.ibusErr, "IBUSERR (instruction fetch bus error)"), (FaultStatus.preciseErr, "PRECISERR (precise data bus error)"),
            (FaultStatus.unstkErr, "UNSTKERR"), (FaultStatus.stkErr, "STKERR (stacking failed)"), (FaultStatus.bfarValid, "BFARVALID"),
            (FaultStatus.undefInstr, "UNDEFINSTR (undefined instruction)"), (FaultStatus.invState, "INVSTATE (Thumb bit clear)"),
            (FaultStatus.invPC, "INVPC (bad EXC_RETURN)"), (FaultStatus.noCP, "NOCP (coprocessor access disabled)"),
            (FaultStatus.unaligned, "UNALIGNED"), (FaultStatus.divByZero, "DIVBYZERO"),
        ]
        let cfsr = systemControl.cfsr, hfsr = systemControl.hfsr
        var parts = ["CFSR=\(cfsr.hexString)"]
        parts += names.filter { cfsr & $0.0 != 0 }.map(\.1)
        parts.append("HFSR=\(hfsr.hexString)")
        if hfsr & FaultStatus.hardForced != 0 { parts.append("FORCED (escalated to HardFault)") }
        if hfsr & FaultStatus.hardVectorTable != 0 { parts.append("VECTTBL") }
        if hfsr & DebugMonitorBits.debugEvent != 0 { parts.append("DEBUGEVT (BKPT with the DebugMonitor unable to run)") }
        if cfsr & FaultStatus.bfarValid != 0 { parts.append("BFAR=\(systemControl.bfar.hexString)") }
        return parts.joined(separator: " ")
    }
}
