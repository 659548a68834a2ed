import CortexM
import Emulation
import Emulator

/// The GDB remote protocol's commands over a `DebugSession`: each packet from the client
/// becomes replies and, for resume, detach and kill, an action for the server loop. No packet
/// reaches memory or registers without its address, length and number being checked.
public final class GDBStub {
    public let session: DebugSession

    public enum Action: Equatable {
        /// Replies only (the target stays halted).
        case none
        /// The target runs; its stop reply comes when it stops.
        case resumed
        /// Reply sent; the client detaches and the target runs on without it.
        case detach
        /// The client killed the run.
        case kill
    }

    /// Largest memory transfer in one `m` reply, hex-encoded within the advertised PacketSize.
    public static let maximumMemoryRead = 0x2000
    public static let packetSize = 0x4000

    public init(session: DebugSession) {
        self.session = session
    }

    // MARK: Stop replies

    /// `T` packet for a stop: the signal, PC and SP, the thread, and why (swbreak, hwbreak, watch).
    public func stopReply(_ reason: DebugSession.StopReason) -> String {
        let signal: UInt8
        var extra = ""
        switch reason {
        case .interrupted: signal = 2
        case .attached, .stepped, .bkptInstruction: signal = 5
        case .breakpoint(let hardware):
            signal = 5
            extra = hardware ? "hwbreak:;" : "swbreak:;"
        case .watchpoint(let kind, let address):
            signal = 5
            let name = switch kind {
            case .write: "watch"
            case .read: "rwatch"
            case .access: "awatch"
            }
            extra = "\(name):\(String(address, radix: 16));"
        case .fault(_, let illegal): signal = illegal ? 4 : 11
        }
        let pc = registerHex(GDBRegisters.pc), sp = registerHex(GDBRegisters.sp)
        return "T" + GDBPacket.hex([signal]) + "0d:\(sp);0f:\(pc);thread:1;" + extra
    }

    /// The `W` packet for the end of a run (exit status in one byte).
    public static func exitReply(_ outcome: RunOutcome) -> String {
        "W" + GDBPacket.hex([UInt8(truncatingIfNeeded: outcome.exitStatus)])
    }

    /// Console text for the client (`O` packet), shown by gdb as it arrives.
    public static func consoleOutput(_ text: String) -> [UInt8] {
        Array(("O" + GDBPacket.hex(Array(text.utf8))).utf8)
    }

    // MARK: Packets

    /// Handles one packet from a client while the target is halted. Returns the replies to
    /// send, in order, and what the server loop does next.
    public func handle(_ packet: [UInt8]) -> (replies: [[UInt8]], action: Action) {
        guard let first = packet.first else { return ([[]], .none) }
        // Binary packets first: their payload is not text.
        switch first {
        case UInt8(ascii: "X"): return ([reply(writeBinary(packet))], .none)
        case UInt8(ascii: "v") where packet.starts(with: Array("vFlashWrite:".utf8)):
            return ([reply(flashWrite(packet))], .none)
        default: break
        }
        let text = String(decoding: packet, as: UTF8.self)
        let body = text.dropFirst()
        switch first {
        case UInt8(ascii: "?"): return ([reply(stopReply(session.lastStop))], .none)
        case UInt8(ascii: "g"): return ([reply(GDBRegisters.all.indices.map(registerHex).joined())], .none)
        case UInt8(ascii: "G"): return ([reply(writeAllRegisters(body))], .none)
        case UInt8(ascii: "p"): return ([reply(readRegister(body))], .none)
        case UInt8(ascii: "P"): return ([reply(writeRegister(body))], .none)
        case UInt8(ascii: "m"): return ([reply(readMemory(body))], .none)
        case UInt8(ascii: "M"): return ([reply(writeMemory(body))], .none)
        case UInt8(ascii: "c"), UInt8(ascii: "s"):
            return resume(first == UInt8(ascii: "c") ? .continue : .step, address: body.isEmpty ? nil : body)
        case UInt8(ascii: "C"), UInt8(ascii: "S"):
            // The signal is ignored (there are no signals to deliver to firmware).
            let parts = body.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false)
            guard let signal = parts.first, GDBPacket.number(signal, maxDigits: 2) != nil else { return ([reply("E01")], .none) }
            return resume(first == UInt8(ascii: "C") ? .continue : .step, address: parts.count > 1 ? parts[1] : nil)
        case UInt8(ascii: "Z"), UInt8(ascii: "z"): return ([reply(breakpoint(insert: first == UInt8(ascii: "Z"), body))], .none)
        case UInt8(ascii: "D"): return ([reply("OK")], .detach)
        case UInt8(ascii: "k"): return ([], .kill)
        case UInt8(ascii: "H"), UInt8(ascii: "T"): return ([reply("OK")], .none)
        case UInt8(ascii: "q"), UInt8(ascii: "Q"): return query(text)
        case UInt8(ascii: "v"): return verbose(text)
        default: return ([[]], .none)  // unsupported: the empty reply
        }
    }

    private func reply(_ text: String) -> [UInt8] { Array(text.utf8) }
    private func reply(_ bytes: [UInt8]) -> [UInt8] { bytes }

    private func resume<S: StringProtocol>(_ how: DebugSession.Resume, address: S?) -> ([[UInt8]], Action) {
        if let address {
            guard let value = GDBPacket.number(address) else { return ([reply("E01")], .none) }
            session.write(.core(15), UInt32(value))
        }
        session.resume(how)
        return ([], .resumed)
    }

    // MARK: Registers

    private func registerBytes(_ n: Int) -> [UInt8] {
        let entry = GDBRegisters.all[n]
        var value = UInt64(session.read(entry.register))
        if entry.size == 8, case .single(let s) = entry.register {
            value |= UInt64(session.read(.single(s + 1))) << 32
        }
        return (0..<entry.size).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) }
    }

    private func registerHex(_ n: Int) -> String { GDBPacket.hex(registerBytes(n)) }

    private func setRegister(_ n: Int, _ bytes: ArraySlice<UInt8>) {
        let entry = GDBRegisters.all[n]
        var value: UInt64 = 0
        for (i, byte) in bytes.enumerated() { value |= UInt64(byte) << (8 * UInt64(i)) }
        session.write(entry.register, UInt32(truncatingIfNeeded: value))
        if entry.size == 8, case .single(let s) = entry.register {
            session.write(.single(s + 1), UInt32(truncatingIfNeeded: value >> 32))
        }
    }

    private func readRegister<S: StringProtocol>(_ body: S) -> String {
        guard let n = GDBPacket.number(body, maxDigits: 4), n < GDBRegisters.all.count else { return "E01" }
        return registerHex(Int(n))
    }

    private func writeRegister<S: StringProtocol>(_ body: S) -> String {
        let parts = body.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, let n = GDBPacket.number(parts[0], maxDigits: 4), n < GDBRegisters.all.count,
              let bytes = GDBPacket.bytes(fromHex: parts[1]), bytes.count == GDBRegisters.all[Int(n)].size else { return "E01" }
        setRegister(Int(n), bytes[...])
        return "OK"
    }

    private func writeAllRegisters<S: StringProtocol>(_ body: S) -> String {
        guard let bytes = GDBPacket.bytes(fromHex: body) else { return "E01" }
        let total = GDBRegisters.all.reduce(0) { $0 + $1.size }
        guard bytes.count == total else { return "E01" }
        var offset = 0
        for (n, entry) in GDBRegisters.all.enumerated() {
            setRegister(n, bytes[offset..<offset + entry.size])
            offset += entry.size
        }
        return "OK"
    }

    // MARK: Memory

    /// "ADDR,LEN" → (address, length), both hex; the address must fit in 32 bits.
    static func addressAndLength<S: StringProtocol>(_ text: S) -> (UInt32, Int)? {
        let parts = text.split(separator: ",", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, let address = GDBPacket.number(parts[0]), let length = GDBPacket.number(parts[1]) else { return nil }
        return (UInt32(address), Int(length))
    }

    private func readMemory<S: StringProtocol>(_ body: S) -> String {
        guard let (address, length) = GDBStub.addressAndLength(body) else { return "E01" }
        if length == 0 { return "" }
        let bytes = session.readMemory(address, count: min(length, GDBStub.maximumMemoryRead))
        return bytes.isEmpty ? "E01" : GDBPacket.hex(bytes)
    }

    private func writeMemory<S: StringProtocol>(_ body: S) -> String {
        let parts = body.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, let (address, length) = GDBStub.addressAndLength(parts[0]),
              let bytes = GDBPacket.bytes(fromHex: parts[1]), bytes.count == length else { return "E01" }
        return session.writeMemory(address, bytes) ? "OK" : "E01"
    }

    /// X ADDR,LEN:binary
    private func writeBinary(_ packet: [UInt8]) -> String {
        guard let colon = packet.firstIndex(of: UInt8(ascii: ":")),
              let (address, length) = GDBStub.addressAndLength(String(decoding: packet[1..<colon], as: UTF8.self)),
              let bytes = GDBPacket.unescape(packet[(colon + 1)...]), bytes.count == length else { return "E01" }
        if length == 0 { return "OK" }  // gdb probes for X support with an empty write
        return session.writeMemory(address, bytes) ? "OK" : "E01"
    }

    /// qCRC:ADDR,LEN: gdb's CRC-32 (polynomial 0x04C11DB7, most significant bit first, initial
    /// value 0xFFFFFFFF, no final inversion) of memory, for `compare-sections`.
    private func crc<S: StringProtocol>(_ body: S) -> String {
        guard let (address, length) = GDBStub.addressAndLength(body), length <= GDBStub.maximumChecksummed else { return "E01" }
        let bytes = session.readMemory(address, count: length)
        guard bytes.count == length else { return "E01" }
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte) << 24
            for _ in 0..<8 { crc = crc & 0x8000_0000 != 0 ? (crc << 1) ^ 0x04C1_1DB7 : crc << 1 }
        }
        return "C" + String(crc, radix: 16)
    }

    /// Largest range qCRC checksums (more than any board's flash).
    static let maximumChecksummed = 64 << 20

    // MARK: Flash

    private func flashWrite(_ packet: [UInt8]) -> String {
        // vFlashWrite:ADDR:binary
        let prefix = "vFlashWrite:".utf8.count
        guard let colon = packet[prefix...].firstIndex(of: UInt8(ascii: ":")),
              let address = GDBPacket.number(String(decoding: packet[prefix..<colon], as: UTF8.self)),
              let bytes = GDBPacket.unescape(packet[(colon + 1)...]) else { return "E01" }
        return session.programFlash(UInt32(address), bytes) ? "OK" : "E01"
    }

    // MARK: Breakpoints and watchpoints

    /// Z/z TYPE,ADDR,KIND (KIND: the instruction size for breakpoints, the length for
    /// watchpoints; target-side conditions after ';' are not supported and ignored).
    private func breakpoint<S: StringProtocol>(insert: Bool, _ body: S) -> String {
        let fields = body.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false)[0]
            .split(separator: ",", omittingEmptySubsequences: false)
        guard fields.count == 3, let type = GDBPacket.number(fields[0], maxDigits: 1),
              let address = GDBPacket.number(fields[1]), let kind = GDBPacket.number(fields[2]) else { return "E01" }
        let a = UInt32(address)
        switch type {
        case 0, 1:
            guard [2, 3, 4].contains(kind) else { return "E01" }
            let hardware = type == 1
            let done = insert ? session.insertBreakpoint(at: a, hardware: hardware) : session.removeBreakpoint(at: a, hardware: hardware)
            return done || !insert ? "OK" : "E01"
        case 2, 3, 4:
            guard kind > 0, kind <= 0x1_0000_0000 - UInt64(a) else { return "E01" }
            let watch: DebugHooks.WatchKind = type == 2 ? .write : (type == 3 ? .read : .access)
            if insert { return session.insertWatchpoint(watch, address: a, length: UInt32(kind)) ? "OK" : "E01" }
            _ = session.removeWatchpoint(watch, address: a, length: UInt32(kind))
            return "OK"
        default:
            return ""
        }
    }

    // MARK: Queries

    private func query(_ text: String) -> ([[UInt8]], Action) {
        if text.hasPrefix("qSupported") {
            return ([reply("PacketSize=\(String(GDBStub.packetSize, radix: 16));qXfer:features:read+;qXfer:memory-map:read+;"
                           + "swbreak+;hwbreak+;vContSupported+;QStartNoAckMode+")], .none)
        }
        if text.hasPrefix("qXfer:features:read:") {
            return ([transfer(text.dropFirst("qXfer:features:read:".count), annex: "target.xml", GDBRegisters.targetXML)], .none)
        }
        if text.hasPrefix("qXfer:memory-map:read:") {
            let xml = GDBRegisters.memoryMapXML(session.memoryRegions)
            return ([transfer(text.dropFirst("qXfer:memory-map:read:".count), annex: "", xml)], .none)
        }
        if text.hasPrefix("qRcmd,") {
            guard let command = GDBPacket.bytes(fromHex: text.dropFirst("qRcmd,".count)) else { return ([reply("E01")], .none) }
            let output = monitor(String(decoding: command, as: UTF8.self))
            return (output.isEmpty ? [reply("OK")] : [GDBStub.consoleOutput(output), reply("OK")], .none)
        }
        if text.hasPrefix("qCRC:") { return ([reply(crc(text.dropFirst("qCRC:".count)))], .none) }
        switch text {
        case "qAttached": return ([reply("1")], .none)
        case "qC": return ([reply("QC1")], .none)
        case "qfThreadInfo": return ([reply("m1")], .none)
        case "qsThreadInfo": return ([reply("l")], .none)
        case "qSymbol::": return ([reply("OK")], .none)
        case "QStartNoAckMode": return ([reply("OK")], .none)
        default: return ([[]], .none)
        }
    }

    /// qXfer read: "ANNEX:OFFSET,LENGTH" → "m" + data (more follows) or "l" + data (the end).
    private func transfer(_ arguments: Substring, annex: String, _ document: String) -> [UInt8] {
        guard let colon = arguments.lastIndex(of: ":"), arguments[..<colon] == annex,
              let (offset, length) = GDBStub.addressAndLength(arguments[arguments.index(after: colon)...]) else { return reply("E00") }
        let data = Array(document.utf8)
        let start = min(Int(offset), data.count)
        let end = min(start + min(length, GDBStub.packetSize / 2), data.count)
        return [UInt8(ascii: end < data.count ? "m" : "l")] + data[start..<end]
    }

    private func verbose(_ text: String) -> ([[UInt8]], Action) {
        if text == "vCont?" { return ([reply("vCont;c;C;s;S;t;r")], .none) }
        if text.hasPrefix("vCont;") { return vCont(text.dropFirst("vCont;".count)) }
        if text.hasPrefix("vFlashErase:") {
            guard let (address, length) = GDBStub.addressAndLength(text.dropFirst("vFlashErase:".count)) else { return ([reply("E01")], .none) }
            return ([reply(session.eraseFlash(address, length: length) ? "OK" : "E01")], .none)
        }
        if text == "vFlashDone" { return ([reply("OK")], .none) }
        if text.hasPrefix("vKill") { return ([reply("OK")], .kill) }
        return ([[]], .none)  // vMustReplyEmpty and everything unsupported
    }

    /// vCont;ACTION[:THREAD][;ACTION[:THREAD]]...: the first action for our one thread (or for
    /// all threads) applies.
    private func vCont(_ actions: Substring) -> ([[UInt8]], Action) {
        for action in actions.split(separator: ";", omittingEmptySubsequences: false) {
            let parts = action.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            if parts.count == 2, !["1", "-1", "p1.1", "p1.-1", "p-1.-1"].contains(parts[1]) { continue }
            let verb = parts[0]
            switch verb.first {
            case "c", "C": return resume(.continue, address: nil as Substring?)
            case "s", "S": return resume(.step, address: nil as Substring?)
            case "r":
                guard let (start, end) = GDBStub.addressAndLength(verb.dropFirst()) else { return ([reply("E01")], .none) }
                return resume(.range(start, UInt32(truncatingIfNeeded: end)), address: nil as Substring?)
            case "t":
                // Already halted (vCont is only handled while halted): report where.
                return ([reply(stopReply(.interrupted))], .none)
            default:
                return ([reply("E01")], .none)
            }
        }
        return ([reply("E01")], .none)
    }

    // MARK: Monitor commands

    /// `monitor` commands. Returns the text to show.
    public func monitor(_ command: String) -> String {
        let words = command.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init)
        switch words {
        case ["help"], []:
            return """
                tinyemu monitor commands:
                  reset, reset halt   reset the core and system registers from the vector table; stay halted
                  stats               instructions, cycles and virtual time so far
                  help                this text

                """
        case ["reset"], ["reset", "halt"], ["reset", "init"]:
            session.reset()
            let pc = session.read(.core(15))
            return "reset: core halted at \(session.machine.describe(pc))\n"
                + "(gdb shows the registers it had: 'maintenance flush register-cache' reads them again)\n"
        case ["stats"], ["info"]:
            return session.statistics
        default:
            return "tinyemu: unknown monitor command '\(command)' (try 'monitor help')\n"
        }
    }
}
