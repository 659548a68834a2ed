import CPNG
import Foundation

/// PNG through libpng's simplified API (which catches libpng's errors itself, so a corrupt
/// file is an error message, never a longjmp through Swift).
public enum PNGImage {
    // png.h's format macros are expressions Swift does not import: PNG_FORMAT_GRAY is 0,
    // PNG_FORMAT_FLAG_COLOR (and PNG_FORMAT_RGB) 2.
    static let formatGray: UInt32 = 0
    static let formatRGB: UInt32 = 2

    public static func read(path: String) throws -> Frame {
        var image = png_image()
        image.version = UInt32(PNG_IMAGE_VERSION)
        guard png_image_begin_read_from_file(&image, path) != 0 else {
            throw SensorError("\(path): not a PNG libpng can read (\(message(&image)))")
        }
        defer { png_image_free(&image) }
        let width = Int(image.width), height = Int(image.height)
        guard (1...16384).contains(width), (1...16384).contains(height) else {
            throw SensorError("\(path): unsupported PNG size \(width)×\(height)")
        }
        let colour = image.format & formatRGB != 0
        image.format = colour ? formatRGB : formatGray
        let channels = colour ? 3 : 1
        var bytes = [UInt8](repeating: 0, count: width * height * channels)
        let ok = bytes.withUnsafeMutableBytes { png_image_finish_read(&image, nil, $0.baseAddress, 0, nil) }
        guard ok != 0 else { throw SensorError("\(path): corrupt PNG (\(message(&image)))") }
        return Frame(width: width, height: height, channels: channels, bytes: bytes)
    }

    public static func write(_ frame: Frame, to path: String) throws {
        var image = png_image()
        image.version = UInt32(PNG_IMAGE_VERSION)
        image.width = UInt32(frame.width)
        image.height = UInt32(frame.height)
        image.format = frame.channels == 1 ? formatGray : formatRGB
        let bytes = frame.channels == 1 ? frame.gray8() : frame.rgb888()
        let ok = bytes.withUnsafeBytes { png_image_write_to_file(&image, path, 0, $0.baseAddress, 0, nil) }
        guard ok != 0 else { throw SensorError("\(path): cannot write PNG (\(message(&image)))") }
    }

    private static func message(_ image: inout png_image) -> String {
        withUnsafeBytes(of: &image.message) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
    }
}
