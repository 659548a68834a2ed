import ArgumentParser
import Emulation
import Emulator
import Foundation
import GDBServer

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run firmware on a board until it exits, a limit is reached or its output decides.",
        discussion: """
            Exit status: the firmware's own status when it exits through semihosting; 0 when every \
            --expect-output matched; 1 when a --fail-output matched (or the firmware exited before every \
            --expect-output matched); 124 when --timeout or --max-instructions ended the run; 125 for bad \
            input or usage; 126 when the firmware locked up or hit something the emulator cannot continue from.
            """)

    @OptionGroup var target: FirmwareOptions

    @Option(name: .long, help: "Virtual-time limit, e.g. 500ms, 10s.")
    var timeout: String?

    @Option(name: .long, help: "Stop after exactly N instructions.")
    var maxInstructions: UInt64?

    @Option(name: .long, help: "Regular expression; the run succeeds as soon as all of them have matched the output. Repeatable.")
    var expectOutput: [String] = []

    @Option(name: .long, help: "Regular expression; the run fails as soon as one matches the output. Repeatable.")
    var failOutput: [String] = []

    @Option(name: .long, help: "Write the JSON report to FILE ('-' for stdout; the firmware's output then goes to stderr).")
    var report: String?

    @Flag(name: .long, help: "Write 0 for host_seconds and mips in the report, so reports are byte-identical.")
    var reproducible = false

    @Flag(name: .long, help: "Print instructions, cycles, virtual time, host time and MIPS on stderr.")
    var stats = false

    @Option(name: .long, help: "Write one line per executed instruction to FILE.")
    var trace: String?

    @Option(name: .long, help: "NAME@TIME[+DURATION] — press the board's button NAME at TIME of virtual time for DURATION (default 100ms), e.g. user@250ms. Repeatable.")
    var press: [String] = []

    @Option(name: .long, help: "Write one line per peripheral register access (cycle, PERIPHERAL.REGISTER, value) to FILE.")
    var traceMmio: String?

    @Option(name: .long, help: "Write the GPIO pins and the board's LEDs over virtual time to FILE as a Value Change Dump (GTKWave).")
    var vcd: String?

    @Flag(name: .long, help: "Do not echo the firmware's output (nor notes on unmodelled peripheral registers).")
    var quiet = false

    @Option(name: .long, help: "Host directory the firmware may open files under (semihosting).")
    var semihostingRoot: String?

    @Option(name: .long, help: "Initial stack pointer instead of the reset vector's.")
    var initialSp: String?

    @Option(name: .long, help: "Initial PC (with the Thumb bit) instead of the reset vector's.")
    var initialPc: String?

    @Option(name: .long, help: "ADDRESS:FILE — place a file's bytes in memory before reset. Repeatable.")
    var loadData: [String] = []

    @Option(name: .long, help: "ADDRESS:LENGTH:FILE — write that memory to FILE when the run ends. Repeatable.")
    var memoryDump: [String] = []

    @Option(name: .long, help: "FILE — flash and UICR kept across runs: used as the flash when it exists, written back when the run ends.")
    var flashImage: String?

    @Option(name: .long, help: "UART=FILE — every byte that UART transmits, raw, e.g. UARTE1=uart1.txt. Repeatable.")
    var uartLog: [String] = []

    @OptionGroup(title: "Sensors") var sensors: SensorOptions

    @Option(name: .long, help: "[HOST:]PORT — serve the GDB remote protocol there (host 127.0.0.1 unless named; port 0 picks one).")
    var gdb: String?

    @Flag(name: .long, help: "With --gdb: keep the CPU at reset until a debugger attaches and resumes it.")
    var waitForGdb = false

    @Argument(parsing: .postTerminator, help: "Arguments passed to the firmware (after --).")
    var firmwareArguments: [String] = []

    func run() throws {}

    /// Runs and returns the process exit status; bad input becomes one line and 125.
    mutating func execute() -> Int32 {
        do {
            return try runChecked()
        } catch let error as InputError {
            printError("tinyemu: \(error.description)")
            return ExitStatus.badInput
        } catch {
            printError("tinyemu: \(error)")
            return ExitStatus.badInput
        }
    }

    private func runChecked() throws -> Int32 {
        let endpoint = try gdb.map { text in
            guard let endpoint = GDBServer.parseEndpoint(text) else { throw InputError("--gdb: expected [HOST:]PORT, found '\(text)'") }
            return endpoint
        }
        if waitForGdb && endpoint == nil { throw InputError("--wait-for-gdb needs --gdb [HOST:]PORT") }
        let limits = try makeLimits()
        let platform = try target.loadPlatform()
        let firmware = try target.loadFirmware()
        let dumps = try memoryDump.map(parseDump)
        var configuration = MachineConfiguration(
            semihostingRoot: try checkedRoot(),
            commandLine: ([URL(fileURLWithPath: target.firmware).lastPathComponent] + firmwareArguments).joined(separator: " "))
        configuration.initialSP = try initialSp.map { try address($0, option: "--initial-sp") }
        configuration.initialPC = try initialPc.map { try address($0, option: "--initial-pc") }
        configuration.preloads = try loadData.map(parsePreload)
        configuration.sensors = try sensors.configuration()
        configuration.presses = try press.map(parsePress)
        configuration.flashImage = try flashImage.map(readFlashImage)

        let machine: Machine
        do {
            machine = try Machine(platform: platform, firmware: firmware, configuration: configuration,
                                  input: ConsoleInput(reader: readStandardInput))
        } catch {
            throw InputError(error.description)
        }
        // With the report on stdout, the firmware's output goes to stderr so stdout stays JSON.
        machine.echo = quiet ? .none : (report == "-" ? .standardError : .matchingStreams)

        if !quiet {
            machine.mmioLog.note = { printError("tinyemu: note: \($0)") }
        }
        var mmioTrace: OutputFile?
        if let traceMmio {
            guard let opened = OutputFile(path: traceMmio) else { throw InputError("--trace-mmio: cannot write '\(traceMmio)'") }
            mmioTrace = opened
            machine.mmioLog.trace = { opened.write(line: $0) }
        }
        defer { mmioTrace?.close() }
        let uartLogs = try openUARTLogs(machine)
        defer { for log in uartLogs.values { log.close() } }
        if !uartLogs.isEmpty {
            machine.uartOutput = { name, bytes in uartLogs[name]?.write(bytes) }
        }
        if !quiet, let flashImage, machine.flashImageDiffersFromFirmware {
            printError("tinyemu: note: flash comes from --flash-image '\(flashImage)', which differs from the firmware's flash contents (delete it to start from the firmware)")
        }
        var tracer: Tracer?
        if let trace {
            guard let opened = Tracer(path: trace) else { throw InputError("--trace: cannot write '\(trace)'") }
            tracer = opened
            machine.observer = opened
        }
        var waveform: VCDWriter?
        if let vcd {
            guard FileManager.default.createFile(atPath: vcd, contents: nil) else { throw InputError("--vcd: cannot write '\(vcd)'") }
            waveform = VCDWriter(machine: machine)
        }
        let outcome: RunOutcome
        if let endpoint {
            let server: GDBServer
            do {
                server = try GDBServer(host: endpoint.host, port: endpoint.port)
            } catch {
                throw InputError(error.description)
            }
            printError("tinyemu: gdb server listening on \(server.host):\(server.port)" + (waitForGdb ? ", waiting for a debugger" : ""))
            outcome = server.serve(DebugSession(machine: machine, limits: limits), waitForDebugger: waitForGdb)
        } else {
            outcome = machine.run(limits: limits)
        }
        tracer?.close()
        if let waveform, let vcd,
           !FileManager.default.createFile(atPath: vcd, contents: Data(waveform.dump(endingAt: outcome.virtualTimeNanoseconds).utf8)) {
            printError("tinyemu: --vcd: cannot write '\(vcd)'")
            return ExitStatus.badInput
        }

        if let flashImage {
            guard FileManager.default.createFile(atPath: flashImage, contents: Data(machine.flashImageContents())) else {
                printError("tinyemu: --flash-image: cannot write '\(flashImage)'")
                return ExitStatus.badInput
            }
        }

        for dump in dumps {
            guard let bytes = machine.bus.readBytes(dump.address, count: Int(dump.length)) else {
                printError("tinyemu: --memory-dump: \(dump.address.hexString) (+\(dump.length)) is not all memory")
                return ExitStatus.badInput
            }
            guard FileManager.default.createFile(atPath: dump.path, contents: Data(bytes)) else {
                printError("tinyemu: --memory-dump: cannot write '\(dump.path)'")
                return ExitStatus.badInput
            }
        }

        var status = outcome.exitStatus
        var message = outcome.message
        let unmatched = machine.unmatchedExpectations
        if outcome.reason == .exit && !unmatched.isEmpty {
            status = ExitStatus.failMatched
            message += "; never matched --expect-output " + unmatched.map { "'\($0)'" }.joined(separator: ", ")
        }
        if outcome.reason != .exit || status != outcome.exitStatus || !quiet && outcome.exitStatus != 0 {
            printError("tinyemu: \(message)")
        }
        if let report {
            var runReport = RunReport(machine: machine, outcome: outcome, reproducible: reproducible)
            runReport.message = message
            let text = runReport.json
            if report == "-" {
                FileHandle.standardOutput.write(Data(text.utf8))
            } else if !FileManager.default.createFile(atPath: report, contents: Data(text.utf8)) {
                printError("tinyemu: --report: cannot write '\(report)'")
                return ExitStatus.badInput
            }
        }
        if stats {
            printError(String(format: "instructions: %llu\ncycles: %llu\nvirtual time: %.6f s\nhost time: %.3f s\nMIPS: %.1f",
                              outcome.instructions, outcome.cycles, Double(outcome.virtualTimeNanoseconds) / 1e9,
                              outcome.hostSeconds, outcome.mips))
        }
        return status
    }

    /// `NAME@TIME[+DURATION]`.
    private func parsePress(_ text: String) throws -> ButtonPress {
        let expected = "expected NAME@TIME[+DURATION] like user@250ms or user@1s+500ms, found '\(text)'"
        let parts = text.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty else { throw InputError("--press: \(expected)") }
        let times = parts[1].split(separator: "+", maxSplits: 1, omittingEmptySubsequences: false)
        guard let at = ValueParsing.duration(String(times[0])),
              let duration = times.count == 2 ? ValueParsing.duration(String(times[1])) : 100_000_000, duration > 0 else {
            throw InputError("--press: \(expected)")
        }
        return ButtonPress(button: String(parts[0]), atNanoseconds: at, durationNanoseconds: duration)
    }

    private func makeLimits() throws -> RunLimits {
        var limits = RunLimits(maxInstructions: maxInstructions)
        if let timeout {
            guard let ns = ValueParsing.duration(timeout), ns > 0 else {
                throw InputError("--timeout: expected a duration like 500ms or 10s, found '\(timeout)'")
            }
            limits.timeoutNanoseconds = ns
        }
        limits.expectOutput = try expectOutput.map { try pattern($0, option: "--expect-output") }
        limits.failOutput = try failOutput.map { try pattern($0, option: "--fail-output") }
        return limits
    }

    private func pattern(_ source: String, option: String) throws -> OutputPattern {
        do {
            return try OutputPattern(source)
        } catch {
            throw InputError("\(option): invalid regular expression '\(source)'")
        }
    }

    private func address(_ text: String, option: String) throws -> UInt32 {
        guard let value = ValueParsing.number(text) else {
            throw InputError("\(option): expected an address like 0x20000000, found '\(text)'")
        }
        return value
    }

    private func checkedRoot() throws -> String? {
        guard let semihostingRoot else { return nil }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: semihostingRoot, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw InputError("--semihosting-root: '\(semihostingRoot)' is not a directory")
        }
        return semihostingRoot
    }

    private func parsePreload(_ text: String) throws -> (address: UInt32, bytes: [UInt8]) {
        guard let colon = text.firstIndex(of: ":") else {
            throw InputError("--load-data: expected ADDRESS:FILE, found '\(text)'")
        }
        let at = try address(String(text[..<colon]), option: "--load-data")
        let path = String(text[text.index(after: colon)...])
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError("--load-data: cannot read '\(path)'")
        }
        return (at, [UInt8](data))
    }

    /// The flash image's bytes when the file exists (nil: the run creates it).
    private func readFlashImage(_ path: String) throws -> FlashImage {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return FlashImage(path: path, contents: nil)
        }
        guard !isDirectory.boolValue, let data = FileManager.default.contents(atPath: path) else {
            throw InputError("--flash-image: cannot read '\(path)'")
        }
        return FlashImage(path: path, contents: [UInt8](data))
    }

    /// `--uart-log UART=FILE`, each opened for writing.
    private func openUARTLogs(_ machine: Machine) throws -> [String: OutputFile] {
        var logs: [String: OutputFile] = [:]
        for text in uartLog {
            guard let equals = text.firstIndex(of: "="), !text[text.index(after: equals)...].isEmpty else {
                throw InputError("--uart-log: expected UART=FILE (e.g. UARTE1=uart1.txt), found '\(text)'")
            }
            let name = text[..<equals].uppercased()
            let path = String(text[text.index(after: equals)...])
            guard machine.uartNames.contains(name) else {
                let known = machine.uartNames.isEmpty ? "none" : machine.uartNames.joined(separator: ", ")
                throw InputError("--uart-log: the board has no UART named '\(text[..<equals])' (its UARTs: \(known))")
            }
            guard logs[name] == nil else { throw InputError("--uart-log: \(name) is given twice") }
            guard let file = OutputFile(path: path) else { throw InputError("--uart-log: cannot write '\(path)'") }
            logs[name] = file
        }
        return logs
    }

    private func parseDump(_ text: String) throws -> (address: UInt32, length: UInt32, path: String) {
        let parts = text.split(separator: ":", maxSplits: 2).map(String.init)
        guard parts.count == 3, let at = ValueParsing.number(parts[0]), let length = ValueParsing.number(parts[1]),
              !parts[2].isEmpty, length <= 64 * 1024 * 1024 else {
            throw InputError("--memory-dump: expected ADDRESS:LENGTH:FILE (length up to 64M), found '\(text)'")
        }
        return (at, length, parts[2])
    }
}

/// Host standard input, read on demand when the firmware reads its console.
private func readStandardInput() -> [UInt8]? {
    let data = FileHandle.standardInput.availableData
    return data.isEmpty ? nil : [UInt8](data)
}
