#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CortexM
import Emulator

public struct GDBServerError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// A TCP listener for one gdb client at a time, driving a `DebugSession`: blocking sockets and
/// `poll()`, in the emulator's one thread. While the target runs, the server looks at the
/// sockets between bounded slices of execution (Ctrl-C, a client arriving); while it is halted,
/// the server waits for packets and nothing runs.
public final class GDBServer {
    public let host: String
    public let port: UInt16
    private let listener: Int32
    /// Where the server's own messages go (stderr); tests may silence it.
    public var log: (String) -> Void = { message in
        let line = Array("tinyemu: \(message)\n".utf8)
        _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    }

    /// Parses "[HOST:]PORT" (host 127.0.0.1 when absent; PORT 0 picks a free port).
    public static func parseEndpoint(_ text: String) -> (host: String, port: UInt16)? {
        var host = "127.0.0.1"
        var portText = Substring(text)
        if let colon = text.lastIndex(of: ":") {
            host = String(text[..<colon])
            portText = text[text.index(after: colon)...]
            if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
            guard !host.isEmpty else { return nil }
        }
        guard !portText.isEmpty, portText.allSatisfy(\.isASCII), let port = UInt16(portText) else { return nil }
        return (host, port)
    }

    /// Listens on host:port. Throws one line saying why not (port in use, unknown host...).
    public init(host: String, port: UInt16) throws(GDBServerError) {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        var info: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &info)
        guard status == 0, let first = info else {
            throw GDBServerError("--gdb: cannot listen on \(host):\(port): \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(info) }
        let fd = socket(first.pointee.ai_family, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw GDBServerError("--gdb: cannot create a socket: \(String(cString: strerror(errno)))") }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        guard bind(fd, first.pointee.ai_addr, first.pointee.ai_addrlen) == 0, listen(fd, 4) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw GDBServerError("--gdb: cannot listen on \(host):\(port): \(reason)")
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        listener = fd
        self.host = host
        self.port = GDBServer.localPort(fd) ?? port
    }

    deinit { sysClose(listener) }

    private static func localPort(_ fd: Int32) -> UInt16? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let ok = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) == 0 }
        }
        guard ok else { return nil }
        let family = Int32(storage.ss_family)
        return withUnsafePointer(to: storage) { pointer -> UInt16? in
            switch family {
            case AF_INET: return pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin_port) }
            case AF_INET6: return pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin6_port) }
            default: return nil
            }
        }
    }

    // MARK: Serving

    /// Runs the session to its end, serving debuggers: with `waitForDebugger` the target stays
    /// at reset until one attaches and resumes it; otherwise it runs at once and a debugger
    /// attaching halts it. Returns how the run ended.
    public func serve(_ session: DebugSession, waitForDebugger: Bool) -> RunOutcome {
        let stub = GDBStub(session: session)
        var client: Connection?
        if !waitForDebugger { session.resume(.continue) }

        while true {
            guard let connection = client else {
                // No debugger: run as a plain run would, accepting one when it comes.
                if session.isRunning {
                    switch session.advance() {
                    case .running: break
                    case .idle, .stopped: return session.endWithoutDebugger()
                    case .ended(let outcome): return outcome
                    }
                    if let accepted = accept(timeout: 0) {
                        client = accepted
                        session.halt(.attached)
                        session.debuggerAttached()
                    }
                } else if let accepted = accept(timeout: -1) {
                    client = accepted
                    session.debuggerAttached()
                }
                continue
            }

            if session.isRunning {
                let progress = session.advance()
                switch progress {
                case .running, .idle:
                    // Idle: nothing can happen until the debugger acts, so wait for it.
                    if connection.pending.isEmpty { waitForInput(connection, timeout: isIdle(progress) ? -1 : 0) }
                    if connection.isClosed {
                        client = dropped(session)
                        continue
                    }
                    if connection.takeInterrupt() {
                        session.halt(.interrupted)
                        connection.send(Array(stub.stopReply(.interrupted).utf8))
                    }
                case .stopped(let reason):
                    if case .fault(let message, _) = reason { connection.send(GDBStub.consoleOutput("tinyemu: " + message + "\n")) }
                    connection.send(Array(stub.stopReply(reason).utf8))
                case .ended(let outcome):
                    if outcome.reason != .exit { connection.send(GDBStub.consoleOutput("tinyemu: " + outcome.message + "\n")) }
                    connection.send(Array(GDBStub.exitReply(outcome).utf8))
                    connection.close()
                    return outcome
                }
                continue
            }

            // Halted: serve packets until one resumes the target.
            guard let packet = connection.nextPacket(whileWaiting: { self.refuseSecondClient() }) else {
                client = dropped(session)
                continue
            }
            let (replies, action) = stub.handle(packet)
            for reply in replies { connection.send(reply) }
            if packet == Array("QStartNoAckMode".utf8) { connection.acknowledges = false }
            switch action {
            case .none, .resumed: break
            case .detach:
                session.forgetDebugger()
                if !session.isRunning { session.resume(.continue) }
                connection.close()
                client = nil
                log("debugger detached; the firmware runs on")
            case .kill:
                connection.close()
                return session.kill()
            }
        }
    }

    private func dropped(_ session: DebugSession) -> Connection? {
        session.forgetDebugger()
        log("debugger connection closed; waiting for a new one on \(host):\(port)")
        return nil
    }

    /// Accepts a client if one is waiting (timeout 0), or waits for one (timeout -1).
    private func accept(timeout: Int32) -> Connection? {
        var fds = [pollfd(fd: listener, events: Int16(POLLIN), revents: 0)]
        guard poll(&fds, 1, timeout) > 0 else { return nil }
        let fd = sysAccept(listener)
        guard fd >= 0 else { return nil }
        log("debugger attached")
        let connection = Connection(fd: fd)
        connection.listenerFD = listener
        return connection
    }

    /// A second client while one is attached is turned away.
    private func refuseSecondClient() {
        let fd = sysAccept(listener)
        guard fd >= 0 else { return }
        sysClose(fd)
        log("refused a second debugger connection (one is already attached)")
    }

    /// Waits up to `timeout` ms (-1: forever) for the client to send something (or a second
    /// client to knock), and takes it in.
    private func waitForInput(_ connection: Connection, timeout: Int32) {
        var fds = [pollfd(fd: connection.fd, events: Int16(POLLIN), revents: 0),
                   pollfd(fd: listener, events: Int16(POLLIN), revents: 0)]
        guard poll(&fds, 2, timeout) > 0 else { return }
        // The client first: if it has gone, the newcomer is its successor, not a second client.
        if fds[0].revents != 0 { connection.receive() }
        if fds[1].revents & Int16(POLLIN) != 0 && !connection.isClosed { refuseSecondClient() }
    }

    private func isIdle(_ progress: DebugSession.Progress) -> Bool {
        if case .idle = progress { return true }
        return false
    }
}

// Free functions, so the socket calls do not clash with methods of the same name.
private func sysAccept(_ fd: Int32) -> Int32 { accept(fd, nil, nil) }
private func sysClose(_ fd: Int32) { _ = close(fd) }
private func sysSend(_ fd: Int32, _ pointer: UnsafeRawPointer?, _ count: Int) -> Int {
    #if canImport(Glibc)
    return send(fd, pointer, count, Int32(MSG_NOSIGNAL))
    #else
    return send(fd, pointer, count, 0)
    #endif
}

/// One client connection: its byte stream decoded into packets, acknowledgements handled.
final class Connection {
    let fd: Int32
    private var decoder = GDBPacketDecoder()
    /// Decoded items not handled yet (packets that arrived while the target ran).
    var pending: [GDBPacketDecoder.Item] = []
    private(set) var isClosed = false
    /// Until QStartNoAckMode, every packet is acknowledged and a NAK'd reply is sent again.
    var acknowledges = true
    private var lastSent: [UInt8] = []
    private var resends = 0
    /// Bound on what a client can make the stub hold (packets queued while the target runs).
    static let maximumPending = 64

    init(fd: Int32) {
        self.fd = fd
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    deinit { close() }

    func close() {
        guard !isClosed else { return }
        isClosed = true
        sysClose(fd)
    }

    /// Reads everything that has arrived (without blocking), so that a client that has gone is
    /// seen as gone; end of stream or an error closes.
    func receive() {
        var buffer = [UInt8](repeating: 0, count: 65536)
        for _ in 0..<64 {
            guard !isClosed else { return }
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
                close()
                return
            }
            guard n > 0 else { return }
            take(buffer[0..<n])
        }
    }

    private func take(_ bytes: ArraySlice<UInt8>) {
        for item in decoder.feed(bytes) {
            switch item {
            case .ack: resends = 0
            case .nak:
                // Send the last packet again (a few times at most).
                if acknowledges && !lastSent.isEmpty && resends < 8 {
                    resends += 1
                    write(lastSent)
                }
            case .corrupt:
                if acknowledges { write([UInt8(ascii: "-")]) }
            case .packet:
                if acknowledges { write([UInt8(ascii: "+")]) }
                if pending.count < Connection.maximumPending { pending.append(item) } else { close() }
            case .interrupt:
                pending.append(item)
            }
        }
    }

    /// Removes a pending Ctrl-C, if any (packets stay queued).
    func takeInterrupt() -> Bool {
        guard let index = pending.firstIndex(of: .interrupt) else { return false }
        pending.remove(at: index)
        return true
    }

    /// The next packet, waiting for it; nil when the connection is gone. Interrupts while halted
    /// mean nothing and are dropped. `idle` runs when something other than our client knocks.
    func nextPacket(whileWaiting idle: () -> Void) -> [UInt8]? {
        while !isClosed {
            while let item = pending.first {
                pending.removeFirst()
                if case .packet(let payload) = item { return payload }
            }
            var fds = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0)]
            fds.append(pollfd(fd: listenerFD, events: Int16(POLLIN), revents: 0))
            guard poll(&fds, nfds_t(fds.count), -1) > 0 else { continue }
            if fds[0].revents != 0 { receive() }
            if fds[1].revents & Int16(POLLIN) != 0 && !isClosed { idle() }
        }
        return nil
    }

    /// The listening socket, polled alongside so a second client is refused at once.
    var listenerFD: Int32 = -1

    /// Frames and sends a reply.
    func send(_ payload: [UInt8]) {
        let frame = GDBPacket.frame(payload)
        lastSent = frame
        resends = 0
        write(frame)
    }

    /// Writes everything, waiting up to 10 s for a client that does not read; then gives up on it.
    private func write(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count && !isClosed {
            let n = bytes[offset...].withUnsafeBytes { sysSend(fd, $0.baseAddress, $0.count) }
            if n > 0 {
                offset += n
                continue
            }
            if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) {
                var fds = [pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)]
                if poll(&fds, 1, 10_000) > 0 { continue }
            }
            close()
        }
    }
}
