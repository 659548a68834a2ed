import Foundation

/// Turns a `camera=…` spec into a frame stream: an image (PGM, PPM, PNG), a raw file of
/// frames, a folder of images played in name order, or the `pattern` generator.
/// Options: `fps=5Hz` (the source's frame rate), `size=96x96` (resize), `loop`, `start`;
/// raw files also `width`, `height`, `format=gray8|rgb565|rgb888`; `pattern` takes
/// `kind=bars|checker|gradient|box`, `size` and `colour`.
public enum CameraLoader {
    static let imageExtensions: Set<String> = ["pgm", "ppm", "pnm", "png"]

    public static func stream(_ spec: SensorSpec, noise: [NoiseSpec], rate: SampleRate?, seed: UInt64) throws -> FrameStream {
        var options = SpecOptions(context: "sensor camera", entries: spec.options.map { ($0.key, $0.value) })
        let playback = Playback(start: try options.quantity("start", .time, default: 0, range: 0...1e9), loop: try options.flag("loop"))
        var frameRate = SampleRate(hertz: 5)
        if let text = try options.string("fps") {
            guard let parsed = SampleRate(parsing: text.hasSuffix("Hz") ? text : text + "Hz") else {
                throw SensorError("sensor camera: fps: expected frames per second like 5 or 12.5, found '\(text)'")
            }
            frameRate = parsed
        }
        let size = try options.string("size").map { try parseSize($0) }
        let source: any FrameSource
        if spec.isFile {
            source = FrameSequence(frames: try loadFrames(spec.source, options: &options), frameRate: frameRate)
        } else {
            guard spec.source == "pattern" else {
                throw SensorError("sensor camera: '\(spec.source)' is neither a file (paths contain '/' or '.') nor a generator of camera (pattern)")
            }
            let kind = try options.choice("kind", TestPattern.kinds, default: "bars")
            let colour = try options.flag("colour")
            let dimensions = size ?? (96, 96)
            source = TestPattern(kind: kind, width: dimensions.width, height: dimensions.height, colour: colour, frameRate: frameRate)
        }
        try options.finish()
        return FrameStream(source: source, playback: playback, noise: try CameraNoise(specs: noise), rate: rate, size: size, seed: seed)
    }

    static func parseSize(_ text: String) throws -> (width: Int, height: Int) {
        let parts = text.split(separator: "x").compactMap { Int($0) }
        guard parts.count == 2, (1...4096).contains(parts[0]), (1...4096).contains(parts[1]) else {
            throw SensorError("sensor camera: size: expected WIDTHxHEIGHT like 96x96, found '\(text)'")
        }
        return (parts[0], parts[1])
    }

    static func loadFrames(_ path: String, options: inout SpecOptions) throws -> [Frame] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw SensorError("\(path): cannot read the file")
        }
        if isDirectory.boolValue {
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [])
                .filter { imageExtensions.contains(URL(fileURLWithPath: $0).pathExtension.lowercased()) }.sorted()
            guard !names.isEmpty else { throw SensorError("\(path): no .pgm, .ppm or .png images in the folder") }
            let frames = try names.map { try image(URL(fileURLWithPath: path).appendingPathComponent($0).path) }
            if let odd = frames.firstIndex(where: { $0.width != frames[0].width || $0.height != frames[0].height }) {
                throw SensorError("\(path)/\(names[odd]): \(frames[odd].width)×\(frames[odd].height), but \(names[0]) is \(frames[0].width)×\(frames[0].height) (give size=WxH to resize all)")
            }
            return frames
        }
        let ext = URL(fileURLWithPath: path).pathExtension.lowercased()
        if imageExtensions.contains(ext) { return [try image(path)] }
        if ["raw", "bin", "yuv", "rgb"].contains(ext) {
            guard let widthText = try options.string("width"), let width = Int(widthText), (1...4096).contains(width),
                  let heightText = try options.string("height"), let height = Int(heightText), (1...4096).contains(height) else {
                throw SensorError("\(path): raw frames need width=W,height=H (1...4096) and format=gray8|rgb565|rgb888")
            }
            let format = RawFrames.Format(rawValue: try options.choice("format", RawFrames.Format.allCases.map(\.rawValue), default: "gray8"))!
            guard let data = FileManager.default.contents(atPath: path) else { throw SensorError("\(path): cannot read the file") }
            return try RawFrames.parse(data, name: path, width: width, height: height, format: format)
        }
        throw SensorError("\(path): unknown frame format '.\(ext)' (.pgm, .ppm, .png, .raw, or a folder of images)")
    }

    static func image(_ path: String) throws -> Frame {
        if URL(fileURLWithPath: path).pathExtension.lowercased() == "png" { return try PNGImage.read(path: path) }
        guard let data = FileManager.default.contents(atPath: path) else { throw SensorError("\(path): cannot read the file") }
        return try NetpbmImage.parse(data, name: path)
    }
}
