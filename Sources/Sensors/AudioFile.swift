import CSndFile
import Foundation

/// Reading and writing audio files through libsndfile: WAV, FLAC, AIFF, Ogg and the other
/// formats it knows, any rate, channel count and sample format.
public enum AudioFile {
    /// Refuse absurd headers (a corrupt file can claim billions of frames) before allocating.
    static let maximumSamples = 256 * 1024 * 1024
    static let maximumChannels = 64

    public static func read(path: String) throws -> AudioClip {
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw SensorError("\(path): cannot read the file")
        }
        var info = SF_INFO()
        guard let file = sf_open(path, Int32(SFM_READ), &info) else {
            throw SensorError("\(path): not an audio file libsndfile can read (\(String(cString: sf_strerror(nil))))")
        }
        defer { sf_close(file) }
        let channels = Int(info.channels), rate = Int(info.samplerate), frames = Int(info.frames)
        guard (1...maximumChannels).contains(channels) else {
            throw SensorError("\(path): unsupported channel count \(channels)")
        }
        guard (1...4_000_000).contains(rate) else {
            throw SensorError("\(path): unsupported sample rate \(rate) Hz")
        }
        guard frames > 0 else { throw SensorError("\(path): contains no audio") }
        guard frames <= maximumSamples / channels else {
            throw SensorError("\(path): too long (\(frames) frames; at most \(maximumSamples / channels))")
        }
        var samples = [Float](repeating: 0, count: frames * channels)
        let read = samples.withUnsafeMutableBufferPointer { sf_readf_float(file, $0.baseAddress, sf_count_t(frames)) }
        guard read > 0 else { throw SensorError("\(path): the audio data is unreadable (truncated or corrupt)") }
        if Int(read) < frames { samples.removeLast((frames - Int(read)) * channels) }
        // A corrupt float file can decode to NaN or infinities; refuse rather than propagate.
        guard samples.allSatisfy(\.isFinite) else { throw SensorError("\(path): the audio contains non-finite samples") }
        return AudioClip(samples: samples, channelCount: channels, sampleRate: rate)
    }

    /// Writes 16-bit PCM in the container the extension names (.wav, .flac, .aiff/.aif).
    public static func write(path: String, pcm: [Int16], channelCount: Int, sampleRate: Int) throws {
        let containers: [String: Int32] = ["wav": Int32(SF_FORMAT_WAV), "flac": Int32(SF_FORMAT_FLAC),
                                           "aiff": Int32(SF_FORMAT_AIFF), "aif": Int32(SF_FORMAT_AIFF)]
        let ext = URL(fileURLWithPath: path).pathExtension.lowercased()
        guard let container = containers[ext] else {
            throw SensorError("\(path): cannot write audio as '.\(ext)' (use .wav, .flac or .aiff)")
        }
        var info = SF_INFO()
        info.samplerate = Int32(sampleRate)
        info.channels = Int32(channelCount)
        info.format = container | Int32(SF_FORMAT_PCM_16)
        guard sf_format_check(&info) != 0 else {
            throw SensorError("\(path): libsndfile cannot write \(channelCount) channels at \(sampleRate) Hz as .\(ext)")
        }
        guard let file = sf_open(path, Int32(SFM_WRITE), &info) else {
            throw SensorError("\(path): cannot write (\(String(cString: sf_strerror(nil))))")
        }
        let frames = pcm.count / max(channelCount, 1)
        let written = pcm.withUnsafeBufferPointer { sf_writef_short(file, $0.baseAddress, sf_count_t(frames)) }
        sf_close(file)
        guard written == frames else { throw SensorError("\(path): short write") }
    }
}
