/// One camera frame: `width × height` pixels of 1 (grey) or 3 (red, green, blue) channels,
/// as Float in 0...255 so exposure changes and noise work without rounding at each step.
public struct Frame: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public let channels: Int
    public var pixels: [Float]

    public init(width: Int, height: Int, channels: Int, pixels: [Float]) {
        precondition(channels == 1 || channels == 3)
        precondition(pixels.count == width * height * channels)
        self.width = width
        self.height = height
        self.channels = channels
        self.pixels = pixels
    }

    public init(width: Int, height: Int, channels: Int, bytes: [UInt8]) {
        self.init(width: width, height: height, channels: channels, pixels: bytes.map(Float.init))
    }

    @inline(__always)
    static func byte(_ value: Float) -> UInt8 { UInt8(max(0, min(255, value.rounded()))) }

    /// 8-bit grey, one byte per pixel; colour is reduced with the Rec. 601 luma weights.
    public func gray8() -> [UInt8] {
        guard channels == 3 else { return pixels.map(Frame.byte) }
        return (0..<width * height).map { i in
            Frame.byte(0.299 * pixels[3 * i] + 0.587 * pixels[3 * i + 1] + 0.114 * pixels[3 * i + 2])
        }
    }

    /// 8-bit red, green, blue per pixel; grey is replicated.
    public func rgb888() -> [UInt8] {
        guard channels == 1 else { return pixels.map(Frame.byte) }
        return pixels.flatMap { [Frame.byte($0), Frame.byte($0), Frame.byte($0)] }
    }

    /// RGB565 words (red in the top 5 bits), the format of OV7670-class camera modules.
    public func rgb565() -> [UInt16] {
        let rgb = rgb888()
        return (0..<width * height).map { i -> UInt16 in
            let red = UInt16(rgb[3 * i] >> 3), green = UInt16(rgb[3 * i + 1] >> 2), blue = UInt16(rgb[3 * i + 2] >> 3)
            return red << 11 | green << 5 | blue
        }
    }

    /// RGB565 as bytes in the order a camera streams them over DMA (big- or little-endian).
    public func rgb565Bytes(bigEndian: Bool) -> [UInt8] {
        rgb565().flatMap { bigEndian ? [UInt8($0 >> 8), UInt8($0 & 0xFF)] : [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
    }

    /// Resized by area averaging (each output pixel averages the input pixels it covers), so
    /// shrinking does not alias; enlarging repeats pixels.
    public func resized(width newWidth: Int, height newHeight: Int) -> Frame {
        guard newWidth != width || newHeight != height else { return self }
        var out = [Float](repeating: 0, count: newWidth * newHeight * channels)
        for y in 0..<newHeight {
            let y0 = y * height / newHeight, y1 = max(y0 + 1, (y + 1) * height / newHeight)
            for x in 0..<newWidth {
                let x0 = x * width / newWidth, x1 = max(x0 + 1, (x + 1) * width / newWidth)
                let count = Float((y1 - y0) * (x1 - x0))
                for c in 0..<channels {
                    var sum: Float = 0
                    for sy in y0..<y1 { for sx in x0..<x1 { sum += pixels[(sy * width + sx) * channels + c] } }
                    out[(y * newWidth + x) * channels + c] = sum / count
                }
            }
        }
        return Frame(width: newWidth, height: newHeight, channels: channels, pixels: out)
    }
}
