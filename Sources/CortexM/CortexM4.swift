import Emulation

/// The condition flags, kept as separate booleans: the representation that makes both the
/// flag-setting instructions and the condition checks cheapest.
struct Flags {
    var n = false, z = false, c = false, v = false
}

/// Special registers addressed by MRS/MSR (the SYSm field).
public enum SpecialRegister: UInt8, Sendable {
    case apsr = 0, iapsr = 1, eapsr = 2, xpsr = 3, ipsr = 5, epsr = 6, iepsr = 7
    case msp = 8, psp = 9, primask = 16, basepri = 17, basepriMax = 18, faultmask = 19, control = 20
}

/// A Cortex-M4 core: the ARMv7-M register file and a pre-decoding Thumb-2 interpreter.
public final class CortexM4 {
    public let bus: Bus
    public let clockHz: UInt64
    /// r0–r15; r13 is the active stack pointer, r15 the address of the next instruction.
    let r: UnsafeMutablePointer<UInt32>
    /// s0–s31 of the FPv4-SP unit as raw IEEE single bit patterns (d<n> is s<2n+1>:s<2n>).
    let s: UnsafeMutablePointer<UInt32>
    /// FPSCR, and whether FP instructions may skip the access and context checks (see
    /// `FloatingPointExecutor.swift`). Kept behind a pointer like the registers: a class
    /// property would cost a dynamic exclusivity check on every FP instruction.
    let fpState: UnsafeMutablePointer<UInt32>
    static let fpscrSlot = 0
    static let fpReadySlot = 1

    /// The floating-point status and control register.
    public var fpscr: UInt32 {
        get { fpState[CortexM4.fpscrSlot] }
        set { fpState[CortexM4.fpscrSlot] = newValue }
    }
    var flags = Flags()
    public var q = false
    /// GE[3:0] (DSP extension; kept so MSR/MRS round-trip).
    public var ge: UInt8 = 0
    /// ITSTATE as in EPSR bits: firstcond[3:0]:mask[3:0] in one byte.
    public var itState: UInt8 = 0
    /// The stack pointer not currently in r13 (PSP while MSP is active and vice versa).
    var inactiveSP: UInt32 = 0
    public var primask: UInt32 = 0
    public var faultmask: UInt32 = 0
    public var basepri: UInt32 = 0
    public private(set) var control: UInt32 = 0
    /// Bits of priority implemented (BASEPRI keeps only these top bits).
    public let priorityBits: Int

    public private(set) var instructions: UInt64 = 0
    public private(set) var cycles: UInt64 = 0

    public var semihosting: Semihosting?
    /// Set from outside (output matchers, the debugger) to end `run` after the current instruction.
    public var stopRequested = false

    /// Local exclusive monitor: the address LDREX tagged, if open.
    var exclusiveAddress: UInt32?

    /// Virtual time as peripherals see it, and the events they schedule in it.
    public let clock: VirtualClock
    public let scheduler: EventScheduler
    /// Exception state: pending/active flags and priorities, indexed by exception number.
    var exceptions: ExceptionTable
    /// Set by the system control space when a write may change which exception should run.
    let attention: UnsafeMutablePointer<Bool>
    /// The system control block, NVIC, SysTick and friends, mapped at 0xE000E000.
    public private(set) var systemControl: SystemControlSpace!
    /// Sleeping after WFI/WFE until something wakes the core.
    public internal(set) var isSleeping = false
    /// The event register of WFE/SEV.
    var eventRegister = false
    /// Whether the core went to sleep through WFE (which an event wakes) rather than WFI.
    var lastSleepWasWFE = false
    /// Stop with the fault instead of taking the exception (instruction tests, the fuzzer).
    public var haltsOnFaults = false
    /// Breakpoints and watchpoints of an attached debugger (Debugging.swift).
    var debugHooks: DebugHooks?

    let codeRegions: [CodeRegion]
    /// Keeps the regions `fast` points into alive (they may be stand-ins not in `codeRegions`).
    private let fastRegions: [CodeRegion]
    /// Read by the FP executor outside the loop; the loop copies it into a local. No dynamic
    /// exclusivity checks: nothing holds an access to it across a call.
    @exclusivity(unchecked) var fast: FastMemory
    /// Why the last FP instruction did not complete (read when the executor builds its stop).
    var floatingPointFault: FloatingPointFault = .undefined

    public init(bus: Bus, clockHz: UInt64, priorityBits: Int = 3, irqCount: Int = 48,
                scheduler: EventScheduler = EventScheduler()) {
        self.bus = bus
        self.clockHz = clockHz
        self.priorityBits = priorityBits
        self.scheduler = scheduler
        clock = VirtualClock(hz: clockHz)
        exceptions = ExceptionTable(irqCount: irqCount)
        attention = .allocate(capacity: 1)
        attention.initialize(to: false)
        r = .allocate(capacity: 16)
        r.initialize(repeating: 0, count: 16)
        s = .allocate(capacity: 32)
        s.initialize(repeating: 0, count: 32)
        fpState = .allocate(capacity: 2)
        fpState.initialize(repeating: 0, count: 2)
        codeRegions = bus.regions.map(CodeRegion.init)
        // The fast paths need a RAM and a flash region; a bus without one gets an empty
        // stand-in that no address falls into.
        let ram = codeRegions.first { bus.region(containing: $0.base)?.kind == .ram } ?? CortexM4.emptyRegion()
        let flash = codeRegions.first { bus.region(containing: $0.base)?.kind != .ram } ?? CortexM4.emptyRegion()
        fastRegions = [ram, flash]
        fast = FastMemory(
            ramBase: ram.base, ramLimit: ram.size > 3 ? ram.size - 3 : 0, ram: ram.memory, ramMarks: ram.marks,
            ramCode: ram, flashBase: flash.base, flashLimit: flash.size > 3 ? flash.size - 3 : 0, flash: flash.memory,
            busReference: Unmanaged.passUnretained(bus), attention: attention, clockCycles: clock.storage)
        for (region, code) in zip(bus.regions, codeRegions) {
            region.onExternalWrite = { [unowned code] offset, count in code.invalidate(offset: offset, count: count) }
        }
        systemControl = SystemControlSpace(cpu: self)
        bus.map(systemControl, base: SystemControlSpace.base, size: SystemControlSpace.size)
        bus.map(DataWatchpointTrace(cpu: self), base: DataWatchpointTrace.base, size: DataWatchpointTrace.size)
    }

    deinit {
        r.deallocate()
        s.deallocate()
        fpState.deallocate()
        attention.deallocate()
    }

    /// MPU enabled or disabled: with it on, every access and fetch takes the checked slow path
    /// (data accesses also while a debugger has watchpoints).
    func protectionChanged() {
        guard let systemControl else { return }
        for region in codeRegions { region.fastFetchSize = systemControl.mpuEnabled ? 0 : region.size }
        if systemControl.mpuEnabled || bus.watch != nil {
            fast.protection = systemControl.mpuEnabled ? Unmanaged.passUnretained(systemControl) : nil
            fast.ramLimit = 0
            fast.flashLimit = 0
        } else {
            fast.protection = nil
            fast.ramLimit = fastRegions[0].size > 3 ? fastRegions[0].size - 3 : 0
            fast.flashLimit = fastRegions[1].size > 3 ? fastRegions[1].size - 3 : 0
        }
        attention.pointee = true
    }

    private static func emptyRegion() -> CodeRegion {
        CodeRegion(region: MemoryRegion(name: "none", kind: .ram, base: 0, size: 0))
    }

    // MARK: Registers

    public subscript(register index: Int) -> UInt32 {
        get { r[index] }
        set { r[index] = index == 15 ? newValue & ~1 : newValue }
    }

    /// s0–s31 as raw bit patterns.
    public subscript(floatRegister index: Int) -> UInt32 {
        get { s[index] }
        set { s[index] = newValue }
    }

    public var pc: UInt32 {
        get { r[15] }
        set { r[15] = newValue & ~1 }
    }

    public var sp: UInt32 {
        get { r[13] }
        set { r[13] = newValue }
    }

    /// True while SP_process is the active stack pointer (Thread mode with CONTROL.SPSEL).
    var processStackActive: Bool { control & 2 != 0 && exceptions.current == 0 }

    public var msp: UInt32 {
        get { processStackActive ? inactiveSP : r[13] }
        set { if processStackActive { inactiveSP = newValue & ~3 } else { r[13] = newValue & ~3 } }
    }

    public var psp: UInt32 {
        get { processStackActive ? r[13] : inactiveSP }
        set { if processStackActive { r[13] = newValue & ~3 } else { inactiveSP = newValue & ~3 } }
    }

    public func setControl(_ value: UInt32) {
        let newValue = value & 0x7
        if (newValue ^ control) & 2 != 0 { swap(&r[13], &inactiveSP) }
        control = newValue
        floatingPointContextChanged()
    }

    /// APSR (N Z C V Q and GE) as it reads in xPSR.
    public var apsr: UInt32 {
        get {
            (flags.n ? 1 << 31 : 0) | (flags.z ? 1 << 30 : 0) | (flags.c ? 1 << 29 : 0) | (flags.v ? 1 << 28 : 0)
                | (q ? 1 << 27 : 0) | (UInt32(ge) << 16)
        }
        set {
            flags = Flags(n: newValue & (1 << 31) != 0, z: newValue & (1 << 30) != 0,
                          c: newValue & (1 << 29) != 0, v: newValue & (1 << 28) != 0)
            q = newValue & (1 << 27) != 0
            ge = UInt8((newValue >> 16) & 15)
        }
    }

    /// xPSR: APSR, the exception number (0 in Thread mode), the Thumb bit and ITSTATE.
    public var xpsr: UInt32 {
        let it = UInt32(itState)
        return apsr | (1 << 24) | ((it & 3) << 25) | ((it >> 2) << 10) | exceptions.current
    }

    /// Resets the register file as silicon does, with SP and PC supplied by the caller.
    public func reset(sp: UInt32, pc: UInt32) {
        for i in 0..<16 { r[i] = 0 }
        for i in 0..<32 { s[i] = 0 }
        fpscr = 0
        floatingPointContextChanged()
        r[14] = 0xFFFF_FFFF
        control = 0
        inactiveSP = 0
        r[13] = sp & ~3
        r[15] = pc & ~1
        flags = Flags()
        q = false
        ge = 0
        itState = 0
        primask = 0
        faultmask = 0
        basepri = 0
        exclusiveAddress = nil
        stopRequested = false
        exceptions.reset()
        isSleeping = false
        eventRegister = false
        attention.pointee = true
        systemControl?.reset()
    }

    /// MRS: unprivileged code reads the stack pointers and mask registers as zero.
    func readSpecial(_ sysm: UInt8) -> UInt32 {
        if !isPrivileged && sysm >= SpecialRegister.msp.rawValue && sysm != SpecialRegister.control.rawValue { return 0 }
        switch SpecialRegister(rawValue: sysm) {
        case .apsr, .eapsr: return apsr & 0xF80F_0000  // EPSR reads as zero
        case .iapsr, .xpsr: return (apsr & 0xF80F_0000) | exceptions.current
        case .ipsr, .iepsr: return exceptions.current
        case .epsr: return 0
        case .msp: return msp
        case .psp: return psp
        case .primask: return primask
        case .basepri, .basepriMax: return basepri
        case .faultmask: return faultmask
        case .control: return control
        case nil: return 0
        }
    }

    /// Privileged execution: Handler mode, or Thread mode with CONTROL.nPRIV clear.
    var isPrivileged: Bool { exceptions.current != 0 || control & 1 == 0 }

    /// MSR: unprivileged code may write only the APSR; other writes are ignored.
    func writeSpecial(_ sysm: UInt8, mask: UInt32, value: UInt32) {
        guard isPrivileged || sysm < SpecialRegister.msp.rawValue else { return }
        let priorityMask = UInt32(0xFF << (8 - priorityBits)) & 0xFF
        switch SpecialRegister(rawValue: sysm) {
        case .apsr, .iapsr, .eapsr, .xpsr:
            if mask & 2 != 0 {
                flags = Flags(n: value & (1 << 31) != 0, z: value & (1 << 30) != 0,
                              c: value & (1 << 29) != 0, v: value & (1 << 28) != 0)
                q = value & (1 << 27) != 0
            }
            if mask & 1 != 0 { ge = UInt8((value >> 16) & 15) }
        case .msp: msp = value
        case .psp: psp = value
        case .primask: primask = value & 1
        case .basepri: basepri = value & priorityMask
        case .basepriMax:
            let v = value & priorityMask
            if v != 0 && (v < basepri || basepri == 0) { basepri = v }
        case .faultmask: faultmask = value & 1
        case .control:
            // SPSEL can only change in Thread mode (Handler mode always uses MSP).
            let spsel = exceptions.current == 0 ? value & 2 : control & 2
            setControl((value & 1) | spsel | (value & 4))
        default: break
        }
    }

    /// Cycle count including the part of the current `run` executed so far.
    func accountTime(instructions executed: UInt64, extraCycles: UInt64) {
        instructions &+= executed
        cycles &+= executed &+ extraCycles
        clock.cycles = cycles
    }

    /// The code region containing `address`, if any.
    func codeRegion(containing address: UInt32) -> CodeRegion? {
        for region in codeRegions where address &- region.base < region.size { return region }
        return nil
    }

    /// Decodes the instruction at `address` in `region` and caches it.
    @inline(never)
    func decode(at address: UInt32, in region: CodeRegion) -> Instruction? {
        let offset = address &- region.base
        let hw1 = region.memory.loadUnaligned(fromByteOffset: Int(offset), as: UInt16.self)
        var instruction: Instruction
        if ThumbDecoder.isWide(hw1) {
            guard offset &+ 4 <= region.size else { return nil }
            let hw2 = region.memory.loadUnaligned(fromByteOffset: Int(offset) + 2, as: UInt16.self)
            instruction = ThumbDecoder.decode(hw1, hw2, pc: address)
        } else {
            instruction = ThumbDecoder.decode(hw1, 0, pc: address)
        }
        if instruction.op == .undecoded { instruction.op = .undefined }
        if instruction.op == .b && instruction.imm == address { instruction.op = .branchToSelf }
        switch instruction.op {
        case .cbz, .cbnz, .bcond, .it, .cps: instruction.opInITBlock = .notPermittedInITBlock
        default: instruction.opInITBlock = instruction.size == 2 ? instruction.op.withoutFlags : instruction.op
        }
        switch instruction.op {
        case .b, .branchToSelf, .bl, .bx, .blx, .ldrPC, .movPC, .addPC, .tbb, .tbh:
            instruction.flags |= Instruction.flagWritesPC
        case .ldmia, .ldmdb:
            if instruction.imm & 0x8000 != 0 { instruction.flags |= Instruction.flagWritesPC }
        default: break
        }
        region.decoded[Int(offset >> 1)] = instruction
        // Mark every page the encoding touches: a store to either half must invalidate it.
        region.marks[Int(offset >> FastMemory.markShift)] = 1
        region.marks[Int((offset + UInt32(instruction.size) - 1) >> FastMemory.markShift)] = 1
        return instruction
    }

    /// Decodes without caching (for disassembly and tracing).
    public func encoding(at address: UInt32) -> (UInt16, UInt16)? {
        guard let lo = bus.read(address, size: 2) else { return nil }
        let hi = bus.read(address &+ 2, size: 2) ?? 0
        return (UInt16(lo), UInt16(hi))
    }
}

extension CortexM4 {
    /// Lets virtual time pass without executing instructions (a sleeping core).
    public func idle(cycles idleCycles: UInt64) {
        cycles &+= idleCycles
        clock.cycles = cycles
    }

    /// Registers as the report and the debugger name them.
    public var registerSnapshot: [(String, UInt32)] {
        var result: [(String, UInt32)] = (0..<13).map { ("r\($0)", r[$0]) }
        result += [("sp", r[13]), ("lr", r[14]), ("pc", r[15]), ("xpsr", xpsr), ("msp", msp), ("psp", psp),
                   ("primask", primask), ("basepri", basepri), ("faultmask", faultmask), ("control", control)]
        return result
    }
}
