import Emulation

/// The host side of Arm semihosting: the CPU calls `handle` when firmware executes
/// `BKPT 0xAB` with the operation number in r0 and its parameter in r1.
///
/// Everything the guest sees is deterministic: time comes from the virtual cycle count, the
/// console from the run's `Console`, and host files only from the configured root (with no
/// root, nothing on the host is ever touched). Used from the CPU's thread only.
public final class Semihosting {
    let configuration: SemihostingConfiguration
    let console: Console
    let directory: SemihostingHostDirectory?
    var files = SemihostingHandleTable()
    /// What SYS_ERRNO reports: the guest errno of the most recent failed call (0 until one fails).
    var lastErrno: UInt32 = 0

    /// r0 for a failed call.
    static let failure = UInt32.max

    public init(configuration: SemihostingConfiguration, console: Console) {
        self.configuration = configuration
        self.console = console
        directory = configuration.root.map { SemihostingHostDirectory(path: $0) }
    }

    deinit { closeAll() }

    /// `cycles` is virtual time in CPU cycles since reset; `clockHz` the CPU clock.
    public func handle(operation: UInt32, parameter: UInt32, bus: Bus, cycles: UInt64, clockHz: UInt64) -> SemihostingOutcome {
        guard let op = SemihostingOperation(rawValue: operation) else {
            return .fault("unknown semihosting operation \(semihostingHex(operation, digits: 2))")
        }
        let memory = SemihostingGuestMemory(bus: bus, operation: op)
        do throws(SemihostingFault) {
            switch op {
            case .open: return try open(parameter, memory)
            case .close: return try close(parameter, memory)
            case .writeC: return try writeCharacter(parameter, memory)
            case .write0: return try writeString(parameter, memory)
            case .write: return try write(parameter, memory)
            case .read: return try read(parameter, memory)
            case .readC:
                // The spec defines no end-of-input value; -1 is what C's getchar() would say.
                guard let byte = console.input.read(upTo: 1).first else { return .result(Self.failure) }
                return .result(UInt32(byte))
            case .isError:
                let status = try memory.words(at: parameter, count: 1)[0]
                return .result(Int32(bitPattern: status) < 0 ? 1 : 0)
            case .isTTY: return try isTTY(parameter, memory)
            case .seek: return try seek(parameter, memory)
            case .flen: return try length(parameter, memory)
            case .tmpnam: return try temporaryName(parameter, memory)
            case .remove: return try remove(parameter, memory)
            case .rename: return try rename(parameter, memory)
            case .clock:
                guard clockHz > 0 else { return fail(GuestErrno.EINVAL) }
                // Kept below 2^31 so the guest's signed clock_t never reads as the -1 error.
                let centiseconds = cycles / clockHz * 100 + cycles % clockHz * 100 / clockHz
                return .result(UInt32(truncatingIfNeeded: centiseconds) & 0x7FFF_FFFF)
            case .time:
                let elapsed = clockHz > 0 ? cycles / clockHz : 0
                return .result(UInt32(truncatingIfNeeded: configuration.epochSeconds &+ elapsed))
            case .system:
                // Never run host commands on the firmware's behalf.
                return fail(GuestErrno.ENOSYS)
            case .errno:
                return .result(lastErrno)
            case .getCmdline: return try commandLine(parameter, memory)
            case .heapInfo:
                let block = try memory.words(at: parameter, count: 1)[0]
                let info = configuration.heapInfo
                try memory.store(words: [info.heapBase, info.heapLimit, info.stackBase, info.stackLimit],
                                 at: block, what: "heap information block")
                return .result(0)
            case .exit:
                // On AArch32 r1 is the reason code itself; the exit status is not transmitted.
                let reason = parameter
                let description = SemihostingExitReason.describe(reason)
                return .exit(code: reason == SemihostingExitReason.applicationExit ? 0 : 1, description: description)
            case .exitExtended:
                let block = try memory.words(at: parameter, count: 2)
                let (reason, subcode) = (block[0], block[1])
                if reason == SemihostingExitReason.applicationExit {
                    let status = Int32(bitPattern: subcode)
                    return .exit(code: status, description: "\(SemihostingExitReason.describe(reason)) with status \(status)")
                }
                return .exit(code: 1, description: "\(SemihostingExitReason.describe(reason)), subcode \(semihostingHex(subcode))")
            case .elapsed:
                try memory.store(words: [UInt32(truncatingIfNeeded: cycles), UInt32(truncatingIfNeeded: cycles >> 32)],
                                 at: parameter)
                return .result(0)
            case .tickFreq:
                // Ticks are CPU cycles. Kept below 0xFFFFFFFF, which would read as the -1 error.
                guard clockHz > 0 else { return fail(GuestErrno.EINVAL) }
                return .result(UInt32(min(clockHz, UInt64(UInt32.max - 1))))
            }
        } catch {
            return .fault(error.message)
        }
    }

    /// Closes every host file the guest left open and forgets all handles (end of run).
    public func closeAll() {
        for case .host(let fd) in files.removeAll() {
            _ = SemihostingHostIO.closeDescriptor(fd)
        }
    }

    /// Records `code` for SYS_ERRNO and returns -1.
    func fail(_ code: UInt32) -> SemihostingOutcome {
        lastErrno = code
        return .result(Self.failure)
    }

    // MARK: Console, command line

    private func writeCharacter(_ parameter: UInt32, _ memory: SemihostingGuestMemory) throws(SemihostingFault) -> SemihostingOutcome {
        let byte = try memory.bytes(at: parameter, count: 1, what: "character")
        console.write(byte, stream: .stdout)
        return .result(0)
    }

    /// The string is written as it is read, chunk by chunk, so a long one needs no long buffer
    /// and a string running off the end of memory still shows what was there before faulting.
    private func writeString(_ parameter: UInt32, _ memory: SemihostingGuestMemory) throws(SemihostingFault) -> SemihostingOutcome {
        var pending = [UInt8]()
        var address = parameter
        for _ in 0..<(UInt64(1) << 32) {
            guard let byte = memory.bus.read(address, size: 1) else {
                console.write(pending, stream: .stdout)
                throw memory.fault("string", at: parameter, "readable up to its terminating NUL")
            }
            if byte == 0 { break }
            pending.append(UInt8(byte))
            if pending.count == SemihostingGuestMemory.chunkSize {
                console.write(pending, stream: .stdout)
                pending.removeAll(keepingCapacity: true)
            }
            address &+= 1
        }
        console.write(pending, stream: .stdout)
        return .result(0)
    }

    private func commandLine(_ parameter: UInt32, _ memory: SemihostingGuestMemory) throws(SemihostingFault) -> SemihostingOutcome {
        let block = try memory.words(at: parameter, count: 2)
        let (buffer, size) = (block[0], block[1])
        let text = Array(configuration.commandLine.utf8)
        guard text.count < Int(size) else { return fail(GuestErrno.EINVAL) }
        try memory.store(bytes: text + [0], at: buffer, what: "command-line buffer")
        try memory.store(words: [UInt32(text.count)], at: parameter &+ 4)
        return .result(0)
    }
}
