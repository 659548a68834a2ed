import XCTest
@testable import GDBServer

final class PacketCodecTests: XCTestCase {
    private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    func testChecksumAndFraming() {
        XCTAssertEqual(GDBPacket.checksum(bytes("OK")), 0x9A)
        XCTAssertEqual(GDBPacket.frame("OK"), bytes("$OK#9a"))
        XCTAssertEqual(GDBPacket.frame(""), bytes("$#00"))
        // $ # } * are escaped in replies, and the checksum covers the escaped bytes.
        XCTAssertEqual(GDBPacket.frame([0x24, 0x23, 0x7D, 0x2A, 0x41]), bytes("$}\u{04}}\u{03}}]}\u{0A}A#") + GDBPacket.hexByte(GDBPacket.checksum(bytes("}\u{04}}\u{03}}]}\u{0A}A"))))
    }

    func testEscapeRoundTripsEveryByte() {
        let all = (0...255).map { UInt8($0) }
        let escaped = GDBPacket.escape(all)
        XCTAssertFalse(escaped.contains(0x24) || escaped.contains(0x23) || escaped.contains(0x2A))
        XCTAssertEqual(GDBPacket.unescape(escaped), all)
        XCTAssertNil(GDBPacket.unescape(bytes("ab}")))
    }

    func testRunLengthExpansion() {
        XCTAssertEqual(GDBPacket.expandRunLength(bytes("0* ")), bytes("0000"))
        XCTAssertEqual(GDBPacket.expandRunLength(bytes("a*\"b")), bytes("aaaaaab"))    // '"' is 34: 5 more
        XCTAssertEqual(GDBPacket.expandRunLength(bytes("x*~")).map(\.count), 1 + 97)
        XCTAssertNil(GDBPacket.expandRunLength(bytes("* ")))       // nothing to repeat
        XCTAssertNil(GDBPacket.expandRunLength(bytes("a*")))       // no count
        XCTAssertNil(GDBPacket.expandRunLength(bytes("a*\u{1F}")))  // count below ' '
        XCTAssertNil(GDBPacket.expandRunLength(bytes("a*#")))
        XCTAssertNil(GDBPacket.expandRunLength(bytes("a*$")))
        XCTAssertEqual(GDBPacket.expandRunLength(bytes("plain")), bytes("plain"))
    }

    func testHexAndNumbers() {
        XCTAssertEqual(GDBPacket.hex([0x00, 0xAB, 0xFF]), "00abff")
        XCTAssertEqual(GDBPacket.bytes(fromHex: "00AbfF"), [0x00, 0xAB, 0xFF])
        XCTAssertNil(GDBPacket.bytes(fromHex: "abc"))
        XCTAssertNil(GDBPacket.bytes(fromHex: "zz"))
        XCTAssertEqual(GDBPacket.number("20000000"), 0x2000_0000)
        XCTAssertNil(GDBPacket.number("123456789"))    // more than 32 bits
        XCTAssertNil(GDBPacket.number(""))
        XCTAssertNil(GDBPacket.number("-1"))
        XCTAssertNil(GDBPacket.number("0x10"))
    }

    func testDecoderSplitsPacketsAcksAndInterrupts() {
        var decoder = GDBPacketDecoder()
        XCTAssertEqual(decoder.feed(bytes("+$qC#b4-") + [0x03] + bytes("noise$g#67")),
                       [.ack, .packet(bytes("qC")), .nak, .interrupt, .packet(bytes("g"))])
    }

    func testDecoderAcrossChunksAndRestarts() {
        var decoder = GDBPacketDecoder()
        XCTAssertEqual(decoder.feed(bytes("$q")), [])
        XCTAssertEqual(decoder.feed(bytes("C#b")), [])
        XCTAssertEqual(decoder.feed(bytes("4")), [.packet(bytes("qC"))])
        // A '$' inside a frame drops the broken one and starts again.
        XCTAssertEqual(decoder.feed(bytes("$m0,4$qC#b4")), [.packet(bytes("qC"))])
        // 0x03 inside a packet is data, not an interrupt.
        XCTAssertEqual(decoder.feed(bytes("$a") + [0x03] + bytes("#64")), [.packet([0x61, 0x03])])
    }

    func testDecoderRejectsBadChecksumsAndOversizedPackets() {
        var decoder = GDBPacketDecoder()
        XCTAssertEqual(decoder.feed(bytes("$qC#00")), [.corrupt])
        XCTAssertEqual(decoder.feed(bytes("$qC#zz")), [.corrupt])
        XCTAssertEqual(decoder.feed(bytes("$qC#b$qC#b4")), [.corrupt, .packet(bytes("qC"))])
        let huge = [UInt8](repeating: 0x61, count: GDBPacket.maximumSize + 10)
        let sum = GDBPacket.hex([GDBPacket.checksum(huge)])
        XCTAssertEqual(decoder.feed(bytes("$") + huge + bytes("#" + sum)), [.corrupt])
        XCTAssertEqual(decoder.feed(bytes("$* #") + GDBPacket.hexByte(GDBPacket.checksum(bytes("* ")))), [.corrupt])
        XCTAssertEqual(decoder.feed(bytes("$qC#b4")), [.packet(bytes("qC"))])
    }

    func testEndpoints() {
        XCTAssertEqual(GDBServer.parseEndpoint("3333")?.host, "127.0.0.1")
        XCTAssertEqual(GDBServer.parseEndpoint("3333")?.port, 3333)
        XCTAssertEqual(GDBServer.parseEndpoint("0.0.0.0:1234")?.host, "0.0.0.0")
        XCTAssertEqual(GDBServer.parseEndpoint("[::1]:1234")?.host, "::1")
        XCTAssertEqual(GDBServer.parseEndpoint("localhost:0")?.port, 0)
        XCTAssertNil(GDBServer.parseEndpoint("70000"))
        XCTAssertNil(GDBServer.parseEndpoint(":80"))
        XCTAssertNil(GDBServer.parseEndpoint("host:"))
        XCTAssertNil(GDBServer.parseEndpoint("-1"))
    }
}
