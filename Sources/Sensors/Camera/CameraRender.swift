import Foundation

/// What `tinyemu sensors render` does for the camera: renders frames at a frame rate, writes
/// them as images or as the raw bytes a camera peripheral delivers, and a contact sheet of
/// clean frames above noisy ones.
public struct CameraRender {
    public static let maximumFrames = 10_000

    public let stream: FrameStream
    public let count: Int

    public init(configuration: SensorConfiguration, rate: SampleRate?, seconds: Double?) throws {
        stream = try configuration.frameStream(rate: rate)
        let frames: Int64
        if let seconds {
            frames = stream.rate.sampleCount(seconds: seconds)
        } else if let length = stream.playLength {
            frames = length
        } else {
            throw SensorError("sensor camera: the source is endless (a generator or a loop); give a duration")
        }
        guard frames > 0 else { throw SensorError("sensor camera: nothing to render (0 frames)") }
        guard frames <= CameraRender.maximumFrames else {
            throw SensorError("sensor camera: \(frames) frames is too many to render (at most \(CameraRender.maximumFrames))")
        }
        count = Int(frames)
    }

    /// By extension: `.pgm`, `.ppm`, `.png` write one image per frame (NAME-0000.EXT, …);
    /// `.gray8`, `.rgb565` (big-endian) and `.rgb888` write every frame back to back, as the
    /// camera peripheral delivers them.
    public func write(clean: Bool, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let ext = url.pathExtension.lowercased()
        let frames = (0..<count).map { clean ? stream.cleanFrame(at: Int64($0)) : stream.frame(at: Int64($0)) }
        switch ext {
        case "gray8", "rgb565", "rgb888":
            let bytes = frames.flatMap { ext == "gray8" ? $0.gray8() : ext == "rgb888" ? $0.rgb888() : $0.rgb565Bytes(bigEndian: true) }
            guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else { throw SensorError("\(path): cannot write") }
        case "pgm", "ppm", "png":
            let stem = url.deletingPathExtension().path
            for (index, frame) in frames.enumerated() {
                try CameraRender.writeImage(frame, to: stem + String(format: "-%04d.", index) + ext)
            }
        default:
            throw SensorError("\(path): unknown frame output '.\(ext)' (.pgm, .ppm, .png, or raw .gray8, .rgb565, .rgb888)")
        }
    }

    /// Up to four frames spread over the render: clean in the top row, with noise below.
    public func writeContactSheet(to path: String) throws {
        let picks = Array(Set((0..<min(4, count)).map { $0 * count / min(4, count) })).sorted()
        let clean = picks.map { stream.cleanFrame(at: Int64($0)) }, noisy = picks.map { stream.frame(at: Int64($0)) }
        let (w, h, c) = (clean[0].width, clean[0].height, clean[0].channels)
        let gap = 4
        let sheetWidth = picks.count * w + (picks.count - 1) * gap, sheetHeight = 2 * h + gap
        var pixels = [Float](repeating: 255, count: sheetWidth * sheetHeight * c)
        for (row, frames) in [clean, noisy].enumerated() {
            for (column, frame) in frames.enumerated() {
                for y in 0..<h { for x in 0..<w { for ch in 0..<c {
                    pixels[((row * (h + gap) + y) * sheetWidth + column * (w + gap) + x) * c + ch] = frame.pixels[(y * w + x) * c + ch]
                } } }
            }
        }
        try CameraRender.writeImage(Frame(width: sheetWidth, height: sheetHeight, channels: c, pixels: pixels), to: path)
    }

    static func writeImage(_ frame: Frame, to path: String) throws {
        let ext = URL(fileURLWithPath: path).pathExtension.lowercased()
        switch ext {
        case "png": try PNGImage.write(frame, to: path)
        case "pgm", "ppm":
            guard FileManager.default.createFile(atPath: path, contents: NetpbmImage.encode(frame, colour: ext == "ppm")) else {
                throw SensorError("\(path): cannot write")
            }
        default: throw SensorError("\(path): unknown image format '.\(ext)' (.png, .pgm, .ppm)")
        }
    }
}
