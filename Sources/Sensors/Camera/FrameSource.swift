/// Clean camera frames: recorded (a sequence of images at a frame rate) or synthesised.
public protocol FrameSource: Sendable {
    /// Frames in one play-through; nil for an endless generator.
    var frameCount: Int? { get }
    /// The source's own frames per second.
    var frameRate: SampleRate { get }
    /// Frame `index` (0..<frameCount for recordings; any index for generators).
    func frame(_ index: Int) -> Frame
}

/// Images played in order at a frame rate: one file, a raw file of several frames, or a folder.
public struct FrameSequence: FrameSource {
    public let frames: [Frame]
    public let frameRate: SampleRate

    public init(frames: [Frame], frameRate: SampleRate) {
        precondition(!frames.isEmpty)
        self.frames = frames
        self.frameRate = frameRate
    }

    public var frameCount: Int? { frames.count }

    public func frame(_ index: Int) -> Frame { frames[min(max(index, 0), frames.count - 1)] }
}

/// Camera test patterns: `bars` (eight vertical colour bars), `checker` (8-pixel squares),
/// `gradient` (dark to light, left to right), `box` (a bright square crossing a dark scene
/// once a second: a moving "object").
public struct TestPattern: FrameSource {
    public static let kinds = ["bars", "checker", "gradient", "box"]

    public let kind: String
    public let width: Int
    public let height: Int
    public let colour: Bool
    public let frameRate: SampleRate

    public init(kind: String, width: Int, height: Int, colour: Bool, frameRate: SampleRate) {
        self.kind = kind
        self.width = width
        self.height = height
        self.colour = colour
        self.frameRate = frameRate
    }

    public var frameCount: Int? { nil }

    public func frame(_ index: Int) -> Frame {
        let channels = colour ? 3 : 1
        var pixels = [Float](repeating: 0, count: width * height * channels)
        let bars: [[Float]] = [[255, 255, 255], [255, 255, 0], [0, 255, 255], [0, 255, 0], [255, 0, 255], [255, 0, 0], [0, 0, 255], [0, 0, 0]]
        let seconds = frameRate.seconds(ofSample: Int64(index))
        let boxSize = max(1, min(width, height) / 4)
        let boxX = Int((seconds - seconds.rounded(.down)) * Double(width + boxSize)) - boxSize
        for y in 0..<height {
            for x in 0..<width {
                var rgb: [Float]
                switch kind {
                case "bars": rgb = bars[min(7, x * 8 / width)]
                case "checker": rgb = (x / 8 + y / 8) % 2 == 0 ? [255, 255, 255] : [0, 0, 0]
                case "gradient": let v = Float(x) * 255 / Float(max(width - 1, 1)); rgb = [v, v, v]
                default:
                    let inside = x >= boxX && x < boxX + boxSize && y >= (height - boxSize) / 2 && y < (height + boxSize) / 2
                    rgb = inside ? [230, 200, 60] : [40, 40, 50]
                }
                let base = (y * width + x) * channels
                if colour {
                    pixels[base] = rgb[0]; pixels[base + 1] = rgb[1]; pixels[base + 2] = rgb[2]
                } else {
                    pixels[base] = 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2]
                }
            }
        }
        return Frame(width: width, height: height, channels: channels, pixels: pixels)
    }
}
