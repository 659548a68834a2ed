#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CortexM
import Emulation
import Firmware
import Peripherals
import Platforms

/// One emulated board: a CPU, its bus and memories, the console, and virtual time. Front ends
/// drive it through `run(limits:)`; nothing in here knows which front end is driving.
public final class Machine {
    public let platform: PlatformDescription
    public let firmware: FirmwareImage
    public let bus: Bus
    public let cpu: CortexM4
    public let console: Console
    public let semihosting: Semihosting
    /// Virtual-time events of the CPU's timers and the peripherals.
    public let scheduler = EventScheduler()
    /// The chip's peripherals (nil on a board that lists none), and where their accesses are
    /// reported (`--trace-mmio`, notes on unmodelled registers).
    public let peripherals: NRF52840Peripherals?
    public let mmioLog: MMIOLog
    private let configuration: MachineConfiguration
    /// Resets, flash stalls and UART logs the chip's system peripherals ask for.
    let chipSystem = ChipSystemState()
    /// Where firmware output is echoed on the host.
    public enum Echo: Sendable {
        case none
        /// The firmware's stdout to the host's stdout, its stderr to the host's stderr.
        case matchingStreams
        /// Everything to the host's stderr (keeps stdout free for a report).
        case standardError
    }

    public var echo = Echo.matchingStreams
    /// Called around every instruction when set (tracing); the CPU then runs one instruction
    /// at a time.
    public var observer: (any InstructionObserver)?

    private var expectations: [OutputPattern] = []
    private var expectationMatched: [Bool] = []
    private var failures: [OutputPattern] = []
    private var matchedFailure: OutputPattern?
    private var outputText = ""
    private var limits = RunLimits()
    private var timeoutCycles: UInt64?
    private var startInstructions: UInt64 = 0
    private var runStarted = ContinuousClock.now

    public init(platform: PlatformDescription, firmware: FirmwareImage, configuration: MachineConfiguration = .init(),
                input: ConsoleInput = ConsoleInput(bytes: [])) throws(MachineError) {
        self.platform = platform
        self.firmware = firmware
        bus = Bus()
        for region in platform.memory {
            let kind: MemoryRegion.Kind = switch region.kind {
            case .flash: .flash
            case .ram: .ram
            case .rom: .rom
            }
            bus.add(MemoryRegion(name: region.name, kind: kind, base: region.base, size: region.size))
        }
        let areas = platform.memory.map { MemoryArea(name: $0.name, base: $0.base, size: $0.size) }
        do {
            try firmware.validate(against: areas)
        } catch {
            throw MachineError(error.description)
        }
        // With an existing --flash-image, the image is the flash: the firmware fills RAM only.
        var firmwareFlash: [(address: UInt32, bytes: [UInt8])] = []
        for segment in firmware.segments where !segment.data.isEmpty {
            guard let region = bus.region(containing: segment.address, count: UInt32(segment.data.count)) else { continue }
            if configuration.flashImage?.contents != nil && region.kind == .flash {
                firmwareFlash.append((segment.address, segment.data))
                continue
            }
            region.store(segment.data, at: segment.address)
        }
        var flashImageUICR: [UInt8]?
        if let image = configuration.flashImage,
           let stored = try Machine.storeFlashImage(image, bus: bus, platform: platform, firmwareFlash: firmwareFlash) {
            flashImageUICR = stored.uicr
            chipSystem.flashImageDiffersFromFirmware = stored.differs
        }
        for preload in configuration.preloads where !preload.bytes.isEmpty {
            guard let region = bus.region(containing: preload.address, count: UInt32(clamping: preload.bytes.count)) else {
                throw MachineError("data of \(preload.bytes.count) bytes at \(preload.address.hexString) does not fit in any memory region of \(platform.name)")
            }
            region.store(preload.bytes, at: preload.address)
        }
        console = Console(input: input)
        cpu = CortexM4(bus: bus, clockHz: platform.cpu.clockHz, priorityBits: platform.cpu.priorityBits,
                       irqCount: platform.cpu.irqCount, scheduler: scheduler)
        self.configuration = configuration

        let (sp, pc) = try Machine.resetVector(bus: bus, platform: platform, firmware: firmware, configuration: configuration)
        cpu.reset(sp: sp, pc: pc)
        let heapInfo = Machine.heapInfo(platform: platform, firmware: firmware, stackTop: sp)
        semihosting = Semihosting(
            configuration: SemihostingConfiguration(root: configuration.semihostingRoot,
                                                    commandLine: configuration.commandLine, heapInfo: heapInfo),
            console: console)
        cpu.semihosting = semihosting
        bus.map(InstrumentationTrace(cpu: cpu, console: console), base: InstrumentationTrace.base, size: InstrumentationTrace.size)
        let log = MMIOLog()
        mmioLog = log
        let core = cpu
        scheduler.onSchedule = { core.attentionRaised() }
        let board = console
        let context = PeripheralContext(
            scheduler: scheduler, clockHz: platform.cpu.clockHz, now: { core.clock.cycles }, bus: bus, log: log,
            setLine: { irq, high in core.setInterruptLine(irq, high: high) })
        do {
            let chip = try NRF52840Peripherals(descriptions: platform.peripherals, console: platform.console, bus: bus,
                                               context: context, consoleOutput: { bytes in board.write(bytes, stream: .stdout) })
            try chip.attachDevices(platform.devices, sensors: configuration.sensors)
            peripherals = chip.blocks.isEmpty ? nil : chip
        } catch {
            throw MachineError("\(platform.name): \(error.description)")
        }
        if let pins = peripherals?.context.pins, let led = platform.leds.first(where: { !pins.exists($0.pin) }) {
            throw MachineError("\(platform.name): LED '\(led.name)' is on \(led.pin), a pin the chip's GPIO ports do not have")
        }
        try Machine.wireButtons(platform: platform, presses: configuration.presses, pins: peripherals?.context.pins,
                                scheduler: scheduler, clockHz: platform.cpu.clockHz)
        for description in platform.peripherals where description.type == "arm-vsi" {
            let source: VirtualStreamingInterface.Source?
            do {
                source = try StreamingSources.make(parameters: description.parameters, sensors: configuration.sensors)
            } catch let error as MachineError {
                throw MachineError("\(description.name): \(error.description)")
            } catch {
                throw MachineError("\(description.name): \(error)")
            }
            let vsi = VirtualStreamingInterface(name: description.name, irq: description.irq, source: source, context: context)
            bus.map(vsi, base: description.base, size: VirtualStreamingInterface.size)
        }
        console.sink = { [unowned self] bytes, stream in self.consoleWrote(bytes, stream) }
        try connectChipSystem(context, configuration: configuration)
        if let flashImageUICR, !flashImageUICR.isEmpty { peripherals?.loadUICR(flashImageUICR) }
    }

    /// Buttons hold their pins at the released level; each `--press` drives the pressed level
    /// from its start to its end in virtual time.
    private static func wireButtons(platform: PlatformDescription, presses: [ButtonPress], pins: GPIOPins?,
                                    scheduler: EventScheduler, clockHz: UInt64) throws(MachineError) {
        guard !platform.buttons.isEmpty || !presses.isEmpty else { return }
        guard let pins else { throw MachineError("\(platform.name): buttons need the chip's GPIO ports") }
        for button in platform.buttons {
            guard pins.exists(button.pin) else {
                throw MachineError("\(platform.name): button '\(button.name)' is on \(button.pin), a pin the chip's GPIO ports do not have")
            }
            pins.drive(button.pin, high: button.activeLow)
        }
        func cycles(_ ns: UInt64) -> UInt64 {
            let (high, low) = ns.multipliedFullWidth(by: clockHz)
            return UInt64(1_000_000_000).dividingFullWidth((high, low)).quotient
        }
        for press in presses {
            guard let button = platform.buttons.first(where: { $0.name == press.button }) else {
                let known = platform.buttons.map(\.name).joined(separator: ", ")
                throw MachineError("--press \(press.button): \(platform.name) has no such button" + (known.isEmpty ? " (it has none)" : " (it has \(known))"))
            }
            let down = scheduler.register { _ in pins.drive(button.pin, high: !button.activeLow) }
            let up = scheduler.register { _ in pins.drive(button.pin, high: button.activeLow) }
            scheduler.schedule(down, at: cycles(press.atNanoseconds))
            scheduler.schedule(up, at: cycles(press.atNanoseconds &+ press.durationNanoseconds))
        }
    }

    /// SP and PC as silicon takes them from the vector table at address 0, unless overridden;
    /// images without a usable vector table start at their ELF entry with SP at the top of RAM.
    static func resetVector(bus: Bus, platform: PlatformDescription, firmware: FirmwareImage,
                            configuration: MachineConfiguration) throws(MachineError) -> (UInt32, UInt32) {
        let ramTop = platform.memory.first { $0.kind == .ram }.map { UInt32(truncatingIfNeeded: $0.end) } ?? 0
        let vectorSP = bus.read(0, size: 4)
        let vectorPC = bus.read(4, size: 4)
        let vectorIsUsable = vectorPC.map { $0 & 1 == 1 && bus.region(containing: $0 & ~1) != nil } ?? false
        let pc: UInt32
        if let override = configuration.initialPC {
            pc = override
        } else if vectorIsUsable, let vectorPC {
            pc = vectorPC
        } else if let entry = firmware.entry {
            pc = entry
        } else {
            throw MachineError("\(firmware.path): no reset vector at address 0x00000000 and no entry point; give --initial-pc")
        }
        let sp = configuration.initialSP ?? (vectorIsUsable ? vectorSP ?? ramTop : ramTop)
        return (sp, pc)
    }

    /// Heap from the end of the image's RAM contents up to 64 KiB below the initial stack.
    static func heapInfo(platform: PlatformDescription, firmware: FirmwareImage, stackTop: UInt32) -> HeapInfo {
        guard let ram = platform.memory.first(where: { $0.kind == .ram && $0.contains(stackTop &- 1) })
            ?? platform.memory.first(where: { $0.kind == .ram }) else {
            return HeapInfo(heapBase: 0, heapLimit: 0, stackBase: 0, stackLimit: 0)
        }
        let imageEnd = firmware.segments
            .filter { ram.contains($0.address) }
            .map { UInt32(truncatingIfNeeded: $0.endAddress) }
            .max() ?? ram.base
        let heapBase = (imageEnd + 7) & ~7
        let stackLimit = stackTop >= heapBase + 0x1_0000 ? stackTop - 0x1_0000 : heapBase
        return HeapInfo(heapBase: heapBase, heapLimit: stackLimit, stackBase: stackTop, stackLimit: stackLimit)
    }

    // MARK: Running

    public var virtualTimeNanoseconds: UInt64 {
        nanoseconds(atCycle: cpu.cycles)
    }

    /// Virtual time at a CPU cycle, in whole nanoseconds.
    func nanoseconds(atCycle cycle: UInt64) -> UInt64 {
        let (high, low) = cycle.multipliedFullWidth(by: 1_000_000_000)
        guard high < cpu.clockHz else { return UInt64.max }
        return cpu.clockHz.dividingFullWidth((high, low)).quotient
    }

    func cycles(forNanoseconds ns: UInt64) -> UInt64 {
        let (high, low) = ns.multipliedFullWidth(by: cpu.clockHz)
        guard high < 1_000_000_000 else { return UInt64.max }
        return (1_000_000_000 as UInt64).dividingFullWidth((high, low)).quotient
    }

    /// Runs until the firmware exits, a limit is reached or an output pattern decides.
    public func run(limits: RunLimits) -> RunOutcome {
        begin(limits: limits)
        while true {
            switch runSlice() {
            case .running: continue
            case .ended(let end): return finish(end)
            case .halted(let halt): return finish(ending(for: halt))
            case .asleepForever: return finish(Machine.asleepForeverEnding(at: describe(cpu.pc)))
            }
        }
    }

    /// How a run ended, before the figures are added.
    public struct RunEnd: Sendable {
        public var reason: RunOutcome.Reason
        public var code: Int32?
        public var message: String

        public init(reason: RunOutcome.Reason, code: Int32? = nil, message: String) {
            self.reason = reason
            self.code = code
            self.message = message
        }
    }

    /// What one slice of a run came to.
    public enum SliceResult {
        /// Go on: call `runSlice` again.
        case running
        /// The run is over (exit, limit, output decided).
        case ended(RunEnd)
        /// The CPU cannot continue: a fault it could not take, an instruction the emulator cannot
        /// execute, a BKPT, or a debugger's breakpoint or watchpoint. A plain run ends with it.
        case halted(CPUHalt)
        /// The core sleeps with nothing that could ever wake it. A plain run ends with it.
        case asleepForever
    }

    /// Starts a run: `runSlice` until it is no longer `.running`, then `finish`.
    public func begin(limits: RunLimits) {
        expectations = limits.expectOutput
        expectationMatched = Array(repeating: false, count: expectations.count)
        failures = limits.failOutput
        matchedFailure = nil
        outputText = ""
        self.limits = limits
        runStarted = ContinuousClock.now
        timeoutCycles = limits.timeoutNanoseconds.map(cycles(forNanoseconds:))
        startInstructions = cpu.instructions
    }

    /// Runs one slice: at most `maxInstructions` instructions, up to the next scheduled event.
    /// With `stepping`, an exception entry (or return) that is due happens first and, when it
    /// moves the PC, is the whole slice; otherwise one instruction runs.
    public func runSlice(maxInstructions: UInt64 = 1 << 24, stepping: Bool = false) -> SliceResult {
        if let (reason, message) = decideByOutput() { return .ended(RunEnd(reason: reason, message: message)) }
        if chipSystem.hasWork || chipSystem.flashBusyUntil > cpu.cycles { serviceChipSystem(timeoutCycles: timeoutCycles) }
        var budget = max(1, maxInstructions)
        if let max = limits.maxInstructions {
            let done = cpu.instructions - startInstructions
            if done >= max {
                return .ended(RunEnd(reason: .instructionLimit, message: "instruction limit of \(max) reached"))
            }
            budget = min(budget, max - done)
        }
        if let timeoutCycles {
            if cpu.cycles >= timeoutCycles {
                return .ended(RunEnd(reason: .timeout, message: "virtual-time limit of \(formatDuration(limits.timeoutNanoseconds ?? 0)) reached"))
            }
            budget = min(budget, Machine.budget(toReach: timeoutCycles, from: cpu.cycles))
        }
        if let deadline = scheduler.nextDeadline {
            if deadline <= cpu.cycles {
                scheduler.fireDue(now: cpu.cycles)
                return .running
            }
            budget = min(budget, Machine.budget(toReach: deadline, from: cpu.cycles))
        }
        if observer != nil || stepping {
            budget = 1
            let (pc, exception) = (cpu.pc, cpu.currentException)
            if case .halted(let halt)? = cpu.settleBeforeStep() {
                if stepping { return .halted(halt) }
                return .ended(RunEnd(reason: .lockup, message: halt.message + "\n" + lockupDiagnosis()))
            }
            if stepping && (cpu.pc != pc || cpu.currentException != exception) { return .running }
            observer?.willExecute(self)
        }
        let stop = cpu.run(budget: budget)
        // A debugger's breakpoint or watchpoint stops before the instruction: nothing to trace.
        if let observer, !isDebuggerStop(stop) { observer.didExecute(self, stop: stop) }
        scheduler.fireDue(now: cpu.cycles)
        switch stop {
        case .budgetExhausted, .attention, .spinning:
            return .running
        case .stopRequested:
            cpu.stopRequested = false
            if let (reason, message) = decideByOutput() { return .ended(RunEnd(reason: reason, message: message)) }
            if cpu.systemControl.resetRequested { systemReset(reason: .softReset) }
            return .running
        case .exit(let status, let description):
            return .ended(RunEnd(reason: .exit, code: status, message: "firmware exited with status \(status) (\(description))"))
        case .sleeping:
            // Asleep: jump the clock to the next event (or the timeout) instead of spinning.
            // Peripherals that pause in sleep (WDT) hear of it first.
            peripherals?.context.system.cpuSleepChanged(asleep: true, at: cpu.cycles)
            let wake = [scheduler.nextDeadline, timeoutCycles].compactMap { $0 }.min()
            guard let wake else { return .asleepForever }
            cpu.idle(cycles: wake - min(wake, cpu.cycles))
            peripherals?.context.system.cpuSleepChanged(asleep: false, at: cpu.cycles)
            scheduler.fireDue(now: cpu.cycles)
            return .running
        case .halted(let halt):
            return .halted(halt)
        }
    }

    private func isDebuggerStop(_ stop: CPUStop) -> Bool {
        guard case .halted(let halt) = stop else { return false }
        return halt.kind == .watchpoint || (halt.kind == .breakpoint && cpu.hasBreakpoint(at: halt.pc))
    }

    /// How a plain run ends when the CPU halts.
    public func ending(for halt: CPUHalt) -> RunEnd {
        let reason: RunOutcome.Reason
        switch halt.kind {
        case .semihosting, .noCoprocessor: reason = .error
        default: reason = .lockup
        }
        var message = halt.message + " [\(describe(halt.pc))]"
        if halt.kind == .lockup { message += "\n" + lockupDiagnosis() }
        return RunEnd(reason: reason, message: message)
    }

    static func asleepForeverEnding(at place: String) -> RunEnd {
        RunEnd(reason: .lockup, message: "the core sleeps (WFI/WFE) with nothing that could ever wake it, at \(place)")
    }

    /// Ends a run begun with `begin`: closes the firmware's host files and adds the figures.
    public func finish(_ end: RunEnd) -> RunOutcome {
        semihosting.closeAll()
        let elapsed = ContinuousClock.now - runStarted
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return RunOutcome(reason: end.reason, code: end.code, message: end.message,
                          instructions: cpu.instructions - startInstructions, cycles: cpu.cycles,
                          virtualTimeNanoseconds: virtualTimeNanoseconds, hostSeconds: seconds)
    }

    /// Budget for a slice that should end at `deadline`: an instruction takes 1 to 17 cycles, so
    /// aim below it and close in; the run reaches the deadline within one instruction.
    static func budget(toReach deadline: UInt64, from now: UInt64) -> UInt64 {
        let remaining = deadline &- now
        return max(1, remaining > 4096 ? remaining / 4 : remaining / 17)
    }

    /// A system reset (AIRCR.SYSRESETREQ, the watchdog): the core, its system registers and the
    /// peripherals reset, POWER.RESETREAS records why; RAM and flash keep their contents, as on
    /// the nRF52840 for these resets. The run continues from the reset vector.
    func systemReset(reason: SystemHooks.ResetReason) {
        guard let (sp, pc) = try? Machine.resetVector(bus: bus, platform: platform, firmware: firmware, configuration: configuration) else { return }
        cpu.reset(sp: sp, pc: pc)
        peripherals?.reset(reason: reason)
    }

    /// What a firmware developer needs after a lockup: the fault status in words, the stacked
    /// frame of the last exception, and a backtrace from return addresses found on the stack.
    public func lockupDiagnosis() -> String {
        var lines = ["  fault status: " + cpu.faultStatusDescription]
        let sp = cpu.sp
        if let frame = bus.readBytes(sp, count: 32) {
            let words = (0..<8).map { i in (0..<4).reduce(UInt32(0)) { $0 | UInt32(frame[i * 4 + $1]) << (8 * UInt32($1)) } }
            let names = ["r0", "r1", "r2", "r3", "r12", "lr", "pc", "xpsr"]
            lines.append("  stacked frame at \(sp.hexString): " + zip(names, words).map { "\($0)=\($1.hexString)" }.joined(separator: " "))
            lines.append("  stacked pc: \(describe(words[6])), stacked lr: \(describe(words[5] & ~1))")
        }
        lines.append("  backtrace (return addresses on the stack): " + backtrace(from: sp).map(describe).joined(separator: " <- "))
        return lines.joined(separator: "\n")
    }

    /// Code addresses found on the stack just after a BL: a heuristic that needs no frame
    /// pointers or unwind tables.
    func backtrace(from sp: UInt32, limit: Int = 12) -> [UInt32] {
        var result: [UInt32] = []
        var address = sp
        let top = platform.memory.first { $0.kind == .ram && $0.contains(sp) }.map { UInt32(truncatingIfNeeded: $0.end) } ?? sp
        while address < top && result.count < limit {
            if let word = bus.read(address, size: 4), word & 1 == 1, firmware.symbols.lookup(word & ~1)?.symbol.isFunction == true,
               let before = bus.read((word & ~1) &- 4, size: 4), before & 0xD000_F800 == 0xD000_F000 {
                result.append((word & ~1) &- 4)
            }
            address &+= 4
        }
        return result
    }

    /// Patterns that have not matched yet, for the message when a run ends without them.
    public var unmatchedExpectations: [String] {
        zip(expectations, expectationMatched).filter { !$0.1 }.map(\.0.source)
    }

    /// "main+0x1c (0x000001d4)" for an address.
    public func describe(_ address: UInt32) -> String {
        if firmware.symbols.lookup(address) != nil {
            return "\(firmware.symbols.describe(address)) (\(address.hexString))"
        }
        return address.hexString
    }

    // MARK: Console output

    private func consoleWrote(_ bytes: [UInt8], _ stream: Console.Stream) {
        if echo != .none {
            let descriptor: Int32 = echo == .matchingStreams && stream == .stdout ? 1 : 2
            bytes.withUnsafeBufferPointer { buffer in
                var done = 0
                while done < buffer.count {
                    let n = write(descriptor, buffer.baseAddress! + done, buffer.count - done)
                    if n <= 0 { break }
                    done += n
                }
            }
        }
        guard !expectations.isEmpty || !failures.isEmpty else { return }
        outputText += String(decoding: bytes, as: UTF8.self)
        if let failure = failures.first(where: { $0.matches(outputText) }) {
            matchedFailure = failure
            cpu.stopRequested = true
            return
        }
        for i in expectations.indices where !expectationMatched[i] && expectations[i].matches(outputText) {
            expectationMatched[i] = true
        }
        if !expectations.isEmpty && !expectationMatched.contains(false) { cpu.stopRequested = true }
    }

    private func decideByOutput() -> (RunOutcome.Reason, String)? {
        if let matchedFailure { return (.failMatched, "output matched --fail-output '\(matchedFailure.source)'") }
        if !expectations.isEmpty && !expectationMatched.contains(false) {
            return (.expectMatched, "output matched every --expect-output pattern")
        }
        return nil
    }
}

/// Watches execution one instruction at a time (tracing, later the debugger).
public protocol InstructionObserver: AnyObject {
    func willExecute(_ machine: Machine)
    func didExecute(_ machine: Machine, stop: CPUStop)
}

func formatDuration(_ ns: UInt64) -> String {
    if ns % 1_000_000_000 == 0 { return "\(ns / 1_000_000_000)s" }
    if ns % 1_000_000 == 0 { return "\(ns / 1_000_000)ms" }
    if ns % 1_000 == 0 { return "\(ns / 1_000)us" }
    return "\(ns)ns"
}
