import Foundation

/// PGM (grey) and PPM (colour) images, binary (P5, P6) and plain text (P2, P3), 8 or 16 bits.
public enum NetpbmImage {
    public static func parse(_ data: Data, name: String) throws -> Frame {
        let bytes = [UInt8](data)
        var position = 0
        func fail(_ what: String) -> SensorError { SensorError("\(name): \(what)") }
        /// The next whitespace-separated header token, skipping '#' comments.
        func token() throws -> String {
            while position < bytes.count {
                if bytes[position] == UInt8(ascii: "#") {
                    while position < bytes.count && bytes[position] != 0x0A { position += 1 }
                } else if [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) {
                    position += 1
                } else {
                    break
                }
            }
            let start = position
            while position < bytes.count, ![0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: "#")].contains(bytes[position]) { position += 1 }
            guard position > start, position - start < 32 else { throw fail("truncated or malformed header") }
            return String(decoding: bytes[start..<position], as: UTF8.self)
        }
        func number(_ what: String, _ range: ClosedRange<Int>) throws -> Int {
            let text = try token()
            guard let value = Int(text), range.contains(value) else {
                throw fail("\(what): expected \(range.lowerBound)...\(range.upperBound), found '\(text)'")
            }
            return value
        }
        guard bytes.count >= 2, bytes[0] == UInt8(ascii: "P") else { throw fail("not a PGM/PPM image (no 'P' magic)") }
        let magic = try token()
        guard ["P2", "P3", "P5", "P6"].contains(magic) else { throw fail("unsupported Netpbm type '\(magic)' (P2, P3, P5, P6)") }
        let width = try number("width", 1...16384), height = try number("height", 1...16384)
        let maxValue = try number("maximum value", 1...65535)
        let channels = magic == "P3" || magic == "P6" ? 3 : 1
        let count = width * height * channels
        guard count <= 64 * 1024 * 1024 else { throw fail("image too large") }
        var pixels = [Float](repeating: 0, count: count)
        let scale = 255 / Float(maxValue)
        if magic == "P2" || magic == "P3" {
            for i in 0..<count {
                let text = try token()
                guard let value = Int(text), (0...maxValue).contains(value) else {
                    throw fail("pixel \(i): expected 0...\(maxValue), found '\(text)'")
                }
                pixels[i] = Float(value) * scale
            }
        } else {
            position += 1  // the single whitespace byte after the maximum value
            let size = maxValue > 255 ? 2 : 1
            guard bytes.count - position >= count * size else {
                throw fail("truncated: \(count * size) bytes of pixels expected, \(max(0, bytes.count - position)) present")
            }
            for i in 0..<count {
                let value = size == 1 ? Int(bytes[position + i]) : Int(bytes[position + 2 * i]) << 8 | Int(bytes[position + 2 * i + 1])
                guard value <= maxValue else { throw fail("pixel \(i): \(value) exceeds the maximum value \(maxValue)") }
                pixels[i] = Float(value) * scale
            }
        }
        return Frame(width: width, height: height, channels: channels, pixels: pixels)
    }

    /// Binary PPM (`colour`) or PGM, 8 bits.
    public static func encode(_ frame: Frame, colour: Bool) -> Data {
        let header = "\(colour ? "P6" : "P5")\n\(frame.width) \(frame.height)\n255\n"
        return Data(header.utf8) + Data(colour ? frame.rgb888() : frame.gray8())
    }
}
