/// A camera as a device model sees it: frame n is due at n / rate seconds of virtual time and
/// shows the source frame current at that moment (sample and hold: frames are not blended),
/// with the camera's noise. A finite sequence that does not loop holds its last frame.
public struct FrameStream: Sendable {
    public let rate: SampleRate
    public let source: any FrameSource
    public let playback: Playback
    public let noise: CameraNoise
    /// Resize every frame to this (width, height); nil keeps the source's size.
    public let size: (width: Int, height: Int)?
    let seed: UInt64

    public init(source: any FrameSource, playback: Playback = Playback(), noise: CameraNoise = CameraNoise(),
                rate: SampleRate? = nil, size: (width: Int, height: Int)? = nil, seed: UInt64 = 0) {
        self.source = source
        self.playback = playback
        self.noise = noise
        self.rate = rate ?? source.frameRate
        self.size = size
        self.seed = seed
    }

    /// Frames in one play-through of a finite source that does not loop; nil when endless.
    public var playLength: Int64? {
        guard !playback.loop, let count = source.frameCount else { return nil }
        let seconds = Double(count) / source.frameRate.hertz - playback.start
        return max(0, SampleRate.clampedCount((seconds * rate.hertz).rounded(.up)))
    }

    public func cleanFrame(at index: Int64) -> Frame {
        let duration = source.frameCount.map { Double($0) / source.frameRate.hertz }
        let time = playback.sourceTime(rate.seconds(ofSample: index), duration: duration).time
        var sourceIndex = Int(SampleRate.clampedCount((time * source.frameRate.hertz + 1e-9).rounded(.down)))
        if let count = source.frameCount { sourceIndex = min(max(sourceIndex, 0), count - 1) }
        let frame = source.frame(sourceIndex)
        guard let size else { return frame }
        return frame.resized(width: size.width, height: size.height)
    }

    public func frame(at index: Int64) -> Frame {
        noise.apply(cleanFrame(at: index), index: index, seed: seed)
    }

    /// The frame due at `nanoseconds` of virtual time.
    public func frame(atNanoseconds nanoseconds: UInt64) -> Frame {
        frame(at: Int64(clamping: rate.sampleIndex(atNanoseconds: nanoseconds)))
    }

    /// The frame due at `cycles` of a CPU clocked at `clockHz`.
    public func frame(atCycle cycles: UInt64, clockHz: UInt64) -> Frame {
        frame(at: Int64(clamping: rate.sampleIndex(atCycle: cycles, clockHz: clockHz)))
    }
}
