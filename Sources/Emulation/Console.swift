/// Where the firmware's text output goes: echoed to the host (unless quiet) and kept whole, so
/// front ends can match `--expect-output` patterns and put it in the report.
public final class Console {
    public enum Stream: Sendable { case stdout, stderr }

    public private(set) var captured: [UInt8] = []
    /// Called for every chunk the firmware writes; the front end echoes and matches here.
    public var sink: (([UInt8], Stream) -> Void)?
    /// Bytes the firmware reads as its standard input.
    public var input: ConsoleInput

    public init(input: ConsoleInput = ConsoleInput(bytes: [])) {
        self.input = input
    }

    public func write(_ bytes: [UInt8], stream: Stream = .stdout) {
        guard !bytes.isEmpty else { return }
        captured.append(contentsOf: bytes)
        sink?(bytes, stream)
    }

    public var text: String { String(decoding: captured, as: UTF8.self) }
}

/// Standard input for the firmware: a byte source read on demand (host stdin or a fixed buffer).
public struct ConsoleInput {
    private var buffer: [UInt8]
    private var position = 0
    private let readMore: (() -> [UInt8]?)?

    public init(bytes: [UInt8]) {
        buffer = bytes
        readMore = nil
    }

    /// `readMore` returns the next chunk, or nil at end of input.
    public init(reader: @escaping () -> [UInt8]?) {
        buffer = []
        readMore = reader
    }

    /// Up to `count` bytes; an empty result means end of input.
    public mutating func read(upTo count: Int) -> [UInt8] {
        if position >= buffer.count, let more = readMore?() {
            buffer = more
            position = 0
        }
        let n = min(count, buffer.count - position)
        guard n > 0 else { return [] }
        defer { position += n }
        return Array(buffer[position..<position + n])
    }
}
