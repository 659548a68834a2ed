import Foundation

/// What `tinyemu sensors render` does: renders a sensor's clean and noisy samples for a
/// duration at a device rate, and writes them as audio (libsndfile), CSV, and a plot.
public struct SensorRender {
    /// Refuse renders that would not fit in memory comfortably.
    public static let maximumSamples: Int64 = 50_000_000

    public let stream: SensorStream
    public let clean: SampleBlock
    public let noisy: SampleBlock

    /// `seconds` nil: one play-through of a finite source (an endless one needs a duration).
    public init(configuration: SensorConfiguration, sensor: String, rate: SampleRate?, seconds: Double?) throws {
        var stream = try configuration.stream(named: sensor, rate: rate)
        let count: Int64
        if let seconds {
            count = stream.rate.sampleCount(seconds: seconds)
        } else if let length = stream.playLength {
            count = length
        } else {
            throw SensorError("sensor \(sensor): the source is endless (a generator or a loop); give a duration")
        }
        guard count > 0 else { throw SensorError("sensor \(sensor): nothing to render (0 samples)") }
        guard count <= SensorRender.maximumSamples else {
            throw SensorError("sensor \(sensor): \(count) samples is too many to render (at most \(SensorRender.maximumSamples))")
        }
        clean = stream.clean(from: 0, count: Int(count))
        noisy = stream.read(from: 0, count: Int(count))
        self.stream = stream
    }

    /// Writes `block` to `path` by its extension: .csv for any sensor; .wav, .flac, .aiff as
    /// 16-bit PCM (what the firmware sees) for audio sensors.
    public func write(_ block: SampleBlock, to path: String) throws {
        let ext = URL(fileURLWithPath: path).pathExtension.lowercased()
        if ext == "csv" {
            try TraceCSVWriter.write(block, rate: stream.rate, to: path)
            return
        }
        guard ["wav", "flac", "aiff", "aif"].contains(ext) else {
            throw SensorError("\(path): unknown output format '.\(ext)' (use .csv, or .wav/.flac/.aiff for audio)")
        }
        guard stream.kind.isAudio else {
            throw SensorError("\(path): \(stream.kind.name) is not audio; write it as .csv")
        }
        guard stream.rate.denominator == 1, stream.rate.numerator <= 4_000_000 else {
            throw SensorError("\(path): audio files need a whole number of hertz, not \(stream.rate)")
        }
        try AudioFile.write(path: path, pcm: PCM16.samples(block.channel(0)), channelCount: 1, sampleRate: Int(stream.rate.numerator))
    }

    public func plot(title: String) -> String {
        ComparisonPlot.svg(clean: clean, noisy: noisy, rate: stream.rate, title: title)
    }
}
