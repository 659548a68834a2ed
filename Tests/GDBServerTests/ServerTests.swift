#if canImport(Glibc)
import Glibc
#endif
import XCTest
import Emulator
@testable import GDBServer

/// The server over real sockets, in this process: one client at a time, a second refused,
/// a dropped connection survived, `k` ending the run.
final class ServerTests: XCTestCase {
    /// A minimal blocking client.
    final class Client {
        let fd: Int32
        private var buffer: [UInt8] = []

        init?(port: UInt16) {
            fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = port.bigEndian
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            var timeout = timeval(tv_sec: 10, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard connected == 0 else { close(fd); return nil }
        }

        deinit { close(fd) }

        func send(_ bytes: [UInt8]) {
            _ = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        }

        /// Next byte, or nil at end of stream / timeout.
        func byte() -> UInt8? {
            if buffer.isEmpty {
                var chunk = [UInt8](repeating: 0, count: 4096)
                let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                guard n > 0 else { return nil }
                buffer = Array(chunk[0..<n])
            }
            return buffer.removeFirst()
        }

        /// Sends a packet and returns the reply's payload (after its '+').
        func ask(_ payload: String) -> String? {
            send(GDBPacket.frame(payload))
            guard byte() == UInt8(ascii: "+") else { return nil }
            return reply()
        }

        func reply() -> String? {
            while let b = byte(), b != UInt8(ascii: "$") {}
            var payload: [UInt8] = []
            while let b = byte() {
                if b == UInt8(ascii: "#") {
                    _ = byte(); _ = byte()
                    send([UInt8(ascii: "+")])
                    return String(decoding: payload, as: UTF8.self)
                }
                payload.append(b)
            }
            return nil
        }
    }

    final class Box: @unchecked Sendable {
        var outcome: RunOutcome?
    }

    func testOneClientAtATimeDroppedConnectionsAndKill() throws {
        let machine = try StubTests.machine()
        machine.echo = .none
        let session = DebugSession(machine: machine, limits: RunLimits())
        let server = try GDBServer(host: "127.0.0.1", port: 0)
        let result = Box()
        server.log = { _ in }
        XCTAssertNotEqual(server.port, 0)
        let done = expectation(description: "serve returned")
        let unsafeServer = UnsafeTransfer(server), unsafeSession = UnsafeTransfer(session)
        Thread.detachNewThread {
            result.outcome = unsafeServer.value.serve(unsafeSession.value, waitForDebugger: true)
            done.fulfill()
        }

        let first = try XCTUnwrap(Client(port: server.port))
        XCTAssertEqual(first.ask("qAttached"), "1")
        // A second client is closed at once.
        let second = try XCTUnwrap(Client(port: server.port))
        XCTAssertNil(second.byte())
        XCTAssertEqual(first.ask("Z0,e,2"), "OK")
        XCTAssertEqual(first.ask("c")?.contains("swbreak"), true)
        // Bad checksum: '-'; then a good one is answered.
        first.send(Array("$qC#00".utf8))
        XCTAssertEqual(first.byte(), UInt8(ascii: "-"))
        XCTAssertEqual(first.ask("qC"), "QC1")
        // Ctrl-C while running.
        XCTAssertEqual(first.ask("z0,e,2"), "OK")
        first.send(GDBPacket.frame("c"))
        XCTAssertEqual(first.byte(), UInt8(ascii: "+"))
        usleep(20_000)
        first.send([0x03])
        XCTAssertEqual(first.reply()?.hasPrefix("T02"), true)
        // Dropped mid-packet; the breakpoint goes with it; a new client finds the target halted.
        XCTAssertEqual(first.ask("Z0,e,2"), "OK")
        first.send(Array("$m0,".utf8))
        close(first.fd)
        let third = try XCTUnwrap(Client(port: server.port))
        XCTAssertEqual(third.ask("?")?.hasPrefix("T02"), true)
        third.send(GDBPacket.frame("k"))
        XCTAssertEqual(third.byte(), UInt8(ascii: "+"))
        wait(for: [done], timeout: 30)
        XCTAssertEqual(result.outcome?.reason, .killed)
        XCTAssertEqual(result.outcome?.exitStatus, 137)
    }

    func testPortInUseIsAnError() throws {
        let server = try GDBServer(host: "127.0.0.1", port: 0)
        XCTAssertThrowsError(try GDBServer(host: "127.0.0.1", port: server.port)) { error in
            XCTAssertTrue("\(error)".contains("cannot listen on 127.0.0.1:\(server.port)"), "\(error)")
        }
        XCTAssertThrowsError(try GDBServer(host: "no.such.host.invalid", port: 0))
    }
}

struct UnsafeTransfer<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
