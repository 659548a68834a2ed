/// How a stream's time maps onto its source: starting `start` seconds into it, and playing
/// once or looping. Looping wraps exactly at the source's duration.
public struct Playback: Sendable, Equatable {
    public var start: Double
    public var loop: Bool

    public init(start: Double = 0, loop: Bool = false) {
        self.start = start
        self.loop = loop
    }

    /// The source time for stream time `time`, and whether a finite source has run out.
    func sourceTime(_ time: Double, duration: Double?) -> (time: Double, ended: Bool) {
        let position = start + time
        guard let duration, duration > 0 else { return (position, false) }
        if loop {
            let wrapped = position - (position / duration).rounded(.down) * duration
            return (min(max(wrapped, 0), duration), false)
        }
        return (position, position >= duration)
    }
}
