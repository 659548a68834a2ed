/// Decoded audio: interleaved samples, full scale ±1, at the file's own rate.
public struct AudioClip: Sendable, Equatable {
    public let samples: [Float]
    public let channelCount: Int
    public let sampleRate: Int

    public init(samples: [Float], channelCount: Int, sampleRate: Int) {
        self.samples = samples
        self.channelCount = channelCount
        self.sampleRate = sampleRate
    }

    public var frameCount: Int { samples.count / max(channelCount, 1) }

    /// One channel, or the average of all of them (`nil`), as a mono signal.
    public func mono(channel: Int?) -> [Float] {
        if channelCount == 1 { return samples }
        return (0..<frameCount).map { frame in
            if let channel { return samples[frame * channelCount + channel] }
            var sum: Float = 0
            for c in 0..<channelCount { sum += samples[frame * channelCount + c] }
            return sum / Float(channelCount)
        }
    }
}
