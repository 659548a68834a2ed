/// GDB remote serial protocol framing: `$payload#cc`, where cc is the modulo-256 sum of the
/// payload bytes in two hex digits, acknowledged with `+` or `-`; 0x03 outside a packet is an
/// interrupt. Inside a frame `}` escapes the next byte (XOR 0x20) and `X*n` repeats X n-29 more
/// times (run-length encoding).
public enum GDBPacket {
    /// The largest packet accepted (and advertised as PacketSize): memory moves in big packets,
    /// and nothing a client sends can make the stub buffer more than this.
    public static let maximumSize = 0x4000 * 2

    public static func checksum<S: Sequence>(_ bytes: S) -> UInt8 where S.Element == UInt8 {
        bytes.reduce(0, &+)
    }

    /// `$payload#cc` with the bytes that would end or corrupt a frame escaped (`$ # } *`).
    public static func frame(_ payload: [UInt8]) -> [UInt8] {
        let escaped = escape(payload)
        return [UInt8(ascii: "$")] + escaped + [UInt8(ascii: "#")] + hexByte(checksum(escaped))
    }

    public static func frame(_ payload: String) -> [UInt8] { frame(Array(payload.utf8)) }

    /// Escapes `$`, `#`, `}` and `*` (binary data in replies: qXfer).
    public static func escape(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        for byte in bytes {
            switch byte {
            case 0x23, 0x24, 0x7D, 0x2A: out += [0x7D, byte ^ 0x20]
            default: out.append(byte)
            }
        }
        return out
    }

    /// Undoes `escape` (binary data in X and vFlashWrite packets). Nil if it ends in a lone `}`.
    public static func unescape<C: Collection>(_ bytes: C) -> [UInt8]? where C.Element == UInt8 {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var escaping = false
        for byte in bytes {
            if escaping {
                out.append(byte ^ 0x20)
                escaping = false
            } else if byte == 0x7D {
                escaping = true
            } else {
                out.append(byte)
            }
        }
        return escaping ? nil : out
    }

    /// Expands run-length encoding. Nil if malformed (a `*` with nothing before it, or a count
    /// outside 3...97, i.e. a count character outside ' '...'~' or one of `#` and `$`).
    public static func expandRunLength(_ bytes: [UInt8]) -> [UInt8]? {
        guard bytes.contains(0x2A) else { return bytes }
        var out: [UInt8] = []
        var i = 0
        var previousWasEscape = false
        while i < bytes.count {
            let byte = bytes[i]
            if byte == 0x2A && !previousWasEscape {
                guard let last = out.last, i + 1 < bytes.count else { return nil }
                let count = bytes[i + 1]
                guard (32...126).contains(count), count != 0x23, count != 0x24 else { return nil }
                out += [UInt8](repeating: last, count: Int(count) - 29)
                i += 2
                previousWasEscape = false
                continue
            }
            previousWasEscape = byte == 0x7D && !previousWasEscape
            out.append(byte)
            i += 1
        }
        return out
    }

    static let hexDigits = Array("0123456789abcdef".utf8)

    public static func hexByte(_ byte: UInt8) -> [UInt8] {
        [hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 15)]]
    }

    public static func hex(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes { out += hexByte(byte) }
        return String(decoding: out, as: UTF8.self)
    }

    public static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// Hex text to bytes; nil for an odd length or a non-hex character.
    public static func bytes<S: StringProtocol>(fromHex text: S) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard utf8.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count / 2)
        var i = 0
        while i < utf8.count {
            guard let high = hexValue(utf8[i]), let low = hexValue(utf8[i + 1]) else { return nil }
            out.append(high << 4 | low)
            i += 2
        }
        return out
    }

    /// A hex number of at most `maxDigits` digits (no prefix, no sign); nil otherwise.
    public static func number<S: StringProtocol>(_ text: S, maxDigits: Int = 8) -> UInt64? {
        guard !text.isEmpty, text.utf8.count <= maxDigits else { return nil }
        var value: UInt64 = 0
        for c in text.utf8 {
            guard let digit = hexValue(c) else { return nil }
            value = value << 4 | UInt64(digit)
        }
        return value
    }
}

/// Splits the byte stream from a client into packets, acknowledgements and interrupts.
public struct GDBPacketDecoder {
    public enum Item: Equatable, Sendable {
        /// A packet with a good checksum, run-length encoding expanded (escapes kept: only
        /// binary packets undo them).
        case packet([UInt8])
        /// A frame with a bad checksum (or malformed): to be answered with `-`.
        case corrupt
        case ack
        case nak
        /// 0x03 outside a packet (Ctrl-C).
        case interrupt
    }

    private enum State {
        case idle
        case payload
        case checksum1
        case checksum2(UInt8)
    }

    private var state = State.idle
    private var payload: [UInt8] = []
    private var tooLong = false

    public init() {}

    public mutating func feed<S: Sequence>(_ bytes: S) -> [Item] where S.Element == UInt8 {
        var items: [Item] = []
        for byte in bytes {
            if let item = feed(byte) { items.append(item) }
        }
        return items
    }

    public mutating func feed(_ byte: UInt8) -> Item? {
        switch state {
        case .idle:
            switch byte {
            case UInt8(ascii: "$"): startPacket()
            case UInt8(ascii: "+"): return .ack
            case UInt8(ascii: "-"): return .nak
            case 0x03: return .interrupt
            default: break  // noise between packets is ignored
            }
        case .payload:
            switch byte {
            case UInt8(ascii: "$"): startPacket()  // a new frame starts: the broken one is dropped
            case UInt8(ascii: "#"): state = .checksum1
            default:
                if payload.count < GDBPacket.maximumSize { payload.append(byte) } else { tooLong = true }
            }
        case .checksum1:
            guard let high = GDBPacket.hexValue(byte) else { return abandon(byte) }
            state = .checksum2(high)
        case .checksum2(let high):
            guard let low = GDBPacket.hexValue(byte) else { return abandon(byte) }
            state = .idle
            defer { payload = [] }
            guard !tooLong, high << 4 | low == GDBPacket.checksum(payload),
                  let expanded = GDBPacket.expandRunLength(payload), expanded.count <= GDBPacket.maximumSize * 2 else {
                return .corrupt
            }
            return .packet(expanded)
        }
        return nil
    }

    private mutating func startPacket() {
        state = .payload
        payload = []
        tooLong = false
    }

    /// A frame whose checksum is not hex: corrupt; a `$` in its place starts the next frame.
    private mutating func abandon(_ byte: UInt8) -> Item {
        payload = []
        state = .idle
        if byte == UInt8(ascii: "$") { startPacket() }
        return .corrupt
    }
}
