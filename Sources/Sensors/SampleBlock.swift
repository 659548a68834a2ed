/// Consecutive samples of a stream: `count` frames from sample `first`, each frame holding one
/// value per channel (canonical units), frame after frame.
public struct SampleBlock: Sendable, Equatable {
    public let channels: [SensorChannel]
    public let first: Int64
    public let values: [Double]

    public var count: Int { channels.isEmpty ? 0 : values.count / channels.count }

    public func value(frame: Int, channel: Int) -> Double { values[frame * channels.count + channel] }

    /// One channel's values.
    public func channel(_ index: Int) -> [Double] {
        stride(from: index, to: values.count, by: channels.count).map { values[$0] }
    }

    public func frame(_ index: Int) -> [Double] {
        Array(values[index * channels.count..<(index + 1) * channels.count])
    }
}
