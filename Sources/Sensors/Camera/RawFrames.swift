import Foundation

/// Headerless frames back to back in one file, in a stated size and pixel format.
public enum RawFrames {
    public enum Format: String, Sendable, CaseIterable {
        case gray8, rgb565, rgb888

        var bytesPerPixel: Int { self == .gray8 ? 1 : self == .rgb565 ? 2 : 3 }
    }

    /// RGB565 is read big-endian (the byte order camera modules send).
    public static func parse(_ data: Data, name: String, width: Int, height: Int, format: Format) throws -> [Frame] {
        let frameBytes = width * height * format.bytesPerPixel
        guard !data.isEmpty, data.count % frameBytes == 0 else {
            throw SensorError("\(name): \(data.count) bytes is not a whole number of \(width)×\(height) \(format.rawValue) frames (\(frameBytes) bytes each)")
        }
        let bytes = [UInt8](data)
        return (0..<data.count / frameBytes).map { index in
            let base = index * frameBytes
            switch format {
            case .gray8:
                return Frame(width: width, height: height, channels: 1, bytes: Array(bytes[base..<base + frameBytes]))
            case .rgb888:
                return Frame(width: width, height: height, channels: 3, bytes: Array(bytes[base..<base + frameBytes]))
            case .rgb565:
                var pixels = [Float](repeating: 0, count: width * height * 3)
                for i in 0..<width * height {
                    let word = Int(bytes[base + 2 * i]) << 8 | Int(bytes[base + 2 * i + 1])
                    // Expand 5/6-bit fields to 0...255 by replicating their top bits.
                    let r = word >> 11, g = (word >> 5) & 0x3F, b = word & 0x1F
                    pixels[3 * i] = Float(r << 3 | r >> 2)
                    pixels[3 * i + 1] = Float(g << 2 | g >> 4)
                    pixels[3 * i + 2] = Float(b << 3 | b >> 2)
                }
                return Frame(width: width, height: height, channels: 3, pixels: pixels)
            }
        }
    }
}
