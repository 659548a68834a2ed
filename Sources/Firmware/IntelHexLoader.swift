extension FirmwareLoader {
    /// Parses Intel HEX text (record types 00–05). Checksums are verified, an end-of-file
    /// record is required, and data records are merged into contiguous segments.
    public static func loadIntelHex(text: String, path: String) throws(FirmwareError) -> FirmwareImage {
        var parser = IntelHexParser(path: path)
        return try parser.parse(Array(text.utf8))
    }
}

/// Line-by-line Intel HEX decoder. Kept separate from the public entry point because it
/// carries state across records (the current base address, the runs of data seen so far).
struct IntelHexParser {
    /// Consecutive data records that follow on from each other, plus the line that began the
    /// run so overlaps can be reported against a line.
    private struct DataRun {
        var start: UInt64
        var bytes: [UInt8]
        var firstLine: Int
        var end: UInt64 { start + UInt64(bytes.count) }
    }

    private enum RecordType: UInt8 {
        case data = 0x00
        case endOfFile = 0x01
        case extendedSegmentAddress = 0x02
        case startSegmentAddress = 0x03
        case extendedLinearAddress = 0x04
        case startLinearAddress = 0x05
    }

    let path: String
    /// Added to each data record's 16-bit offset; set by record types 02 and 04.
    private var baseAddress: UInt64 = 0
    private var entry: UInt32?
    private var runs: [DataRun] = []
    /// Reused for every record to avoid an allocation per line.
    private var recordBytes: [UInt8] = []

    init(path: String) {
        self.path = path
        recordBytes.reserveCapacity(5 + 255)
    }

    mutating func parse(_ text: [UInt8]) throws(FirmwareError) -> FirmwareImage {
        var lineNumber = 0
        var lineStart = 0
        var sawEndOfFile = false
        while lineStart < text.count, !sawEndOfFile {
            lineNumber += 1
            var lineEnd = lineStart
            while lineEnd < text.count, text[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
            let nextLine = lineEnd + 1
            // Tolerate \r\n line ends, trailing blanks, and a UTF-8 byte order mark on line 1.
            var start = lineStart
            if lineNumber == 1, text[start..<lineEnd].starts(with: [0xEF, 0xBB, 0xBF]) { start += 3 }
            while start < lineEnd, Self.isBlank(text[start]) { start += 1 }
            while lineEnd > start, Self.isBlank(text[lineEnd - 1]) { lineEnd -= 1 }
            if start < lineEnd {
                sawEndOfFile = try parseRecord(text, from: start, to: lineEnd, line: lineNumber)
            }
            lineStart = nextLine
        }
        guard sawEndOfFile else {
            throw FirmwareError(path: path, message: "missing end-of-file record (type 01)")
        }
        return FirmwareImage(path: path, format: .intelHex, segments: try mergedSegments(), entry: entry)
    }

    /// Decodes one record; returns true for the end-of-file record.
    private mutating func parseRecord(_ text: [UInt8], from start: Int, to end: Int, line: Int) throws(FirmwareError) -> Bool {
        guard text[start] == UInt8(ascii: ":") else {
            throw error(line, "expected ':' at start of record, found \(Self.quote(text[start]))")
        }
        recordBytes.removeAll(keepingCapacity: true)
        var index = start + 1
        while index < end {
            guard let high = Self.hexDigitValue(text[index]) else {
                throw error(line, "invalid hex digit \(Self.quote(text[index])) at column \(index - start + 1)")
            }
            guard index + 1 < end else {
                throw error(line, "odd number of hex digits in record")
            }
            guard let low = Self.hexDigitValue(text[index + 1]) else {
                throw error(line, "invalid hex digit \(Self.quote(text[index + 1])) at column \(index + 1 - start + 1)")
            }
            recordBytes.append(high << 4 | low)
            index += 2
        }
        // Byte count, 16-bit offset, type, payload, checksum.
        guard recordBytes.count >= 5 else {
            throw error(line, "record too short (\(recordBytes.count) bytes; at least 5 needed)")
        }
        let payloadCount = Int(recordBytes[0])
        guard recordBytes.count == payloadCount + 5 else {
            throw error(line, "record length mismatch: byte count says \(payloadCount) data bytes, record has \(recordBytes.count - 5)")
        }
        var sum: UInt8 = 0
        for byte in recordBytes.dropLast() { sum &+= byte }
        let expectedChecksum = 0 &- sum
        let foundChecksum = recordBytes[recordBytes.count - 1]
        guard expectedChecksum == foundChecksum else {
            throw error(line, "bad checksum (expected \(AddressFormatting.hexByte(expectedChecksum)), found \(AddressFormatting.hexByte(foundChecksum)))")
        }

        let offset = UInt64(recordBytes[1]) << 8 | UInt64(recordBytes[2])
        guard let type = RecordType(rawValue: recordBytes[3]) else {
            throw error(line, "unknown record type \(AddressFormatting.hexByte(recordBytes[3]))")
        }
        let payload = recordBytes[4..<(4 + payloadCount)]
        switch type {
        case .data:
            try addData(payload, at: baseAddress + offset, line: line)
        case .endOfFile:
            guard payloadCount == 0 else { throw error(line, "end-of-file record must have no data") }
            return true
        case .extendedSegmentAddress:
            baseAddress = UInt64(try bigEndianValue(payload, expectedCount: 2, type: type, line: line)) << 4
        case .extendedLinearAddress:
            baseAddress = UInt64(try bigEndianValue(payload, expectedCount: 2, type: type, line: line)) << 16
        case .startSegmentAddress:
            let codeSegmentAndOffset = try bigEndianValue(payload, expectedCount: 4, type: type, line: line)
            // CS:IP real-mode style: linear address = CS * 16 + IP (wraps like the hardware would).
            entry = (codeSegmentAndOffset >> 16) &* 16 &+ (codeSegmentAndOffset & 0xFFFF)
        case .startLinearAddress:
            entry = try bigEndianValue(payload, expectedCount: 4, type: type, line: line)
        }
        return false
    }

    private mutating func addData(_ payload: ArraySlice<UInt8>, at address: UInt64, line: Int) throws(FirmwareError) {
        guard !payload.isEmpty else { return }
        guard address + UInt64(payload.count) <= ELFConstants.addressSpaceSize else {
            throw error(line, "data record at \(AddressFormatting.hexWide(address)) extends past the 4 GiB address space")
        }
        // Records are almost always in ascending order, so usually this extends the last run.
        if let last = runs.last, last.end == address {
            runs[runs.count - 1].bytes.append(contentsOf: payload)
        } else {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(4096)
            bytes.append(contentsOf: payload)
            runs.append(DataRun(start: address, bytes: bytes, firstLine: line))
        }
    }

    /// Sorts runs, rejects overlaps, and joins runs that touch into single segments.
    private mutating func mergedSegments() throws(FirmwareError) -> [FirmwareSegment] {
        guard !runs.isEmpty else {
            throw FirmwareError(path: path, message: "no data records")
        }
        let sorted = runs.sorted { $0.start < $1.start }
        runs = []
        var merged: [DataRun] = []
        merged.reserveCapacity(sorted.count)
        for run in sorted {
            guard let last = merged.last else {
                merged.append(run)
                continue
            }
            if run.start < last.end {
                // Report against whichever record appears later in the file.
                let (earlier, later) = run.firstLine < last.firstLine ? (run, last) : (last, run)
                throw error(
                    later.firstLine,
                    "overlapping data: \(Self.describe(later)) overlaps \(Self.describe(earlier)) from line \(earlier.firstLine)"
                )
            }
            if run.start == last.end {
                merged[merged.count - 1].bytes.append(contentsOf: run.bytes)
            } else {
                merged.append(run)
            }
        }
        // All ends were checked against 4 GiB above, so every start fits in 32 bits.
        return merged.map { FirmwareSegment(address: UInt32(truncatingIfNeeded: $0.start), data: $0.bytes) }
    }

    private func bigEndianValue(_ payload: ArraySlice<UInt8>, expectedCount: Int, type: RecordType, line: Int) throws(FirmwareError) -> UInt32 {
        guard payload.count == expectedCount else {
            throw error(line, "record type \(AddressFormatting.hexByte(type.rawValue)) must have \(expectedCount) data bytes, has \(payload.count)")
        }
        return payload.reduce(0) { $0 << 8 | UInt32($1) }
    }

    private func error(_ line: Int, _ message: String) -> FirmwareError {
        FirmwareError(path: path, line: line, message: message)
    }

    private static func describe(_ run: DataRun) -> String {
        AddressFormatting.range(start: run.start, count: UInt64(run.bytes.count))
    }

    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
    }

    /// Shows a character from the file safely inside a one-line message.
    private static func quote(_ byte: UInt8) -> String {
        if byte >= 0x21, byte < 0x7F { return "'\(Character(UnicodeScalar(byte)))'" }
        return "byte \(AddressFormatting.hexByte(byte))"
    }

    static func hexDigitValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
