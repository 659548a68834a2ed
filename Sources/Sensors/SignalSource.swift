/// A clean signal — a recording or a generator — evaluated at arbitrary times. Times are
/// seconds of source time; a stream maps its virtual time onto them (start offset, looping,
/// clock error, jitter) before asking.
public protocol SignalSource: Sendable {
    /// The channels delivered, in order; `evaluate` writes them interleaved.
    var channels: [SensorChannel] { get }
    /// Length of one play-through in seconds; nil for an endless generator.
    var duration: Double? { get }
    /// Writes `times.count × channels.count` values, frame by frame. With `looping`, the
    /// source continues periodically past its ends (times are already wrapped into
    /// 0..<duration); without, audio is silent outside its recording and scalar traces hold
    /// their first and last values. `outputRate` is the rate the values are taken at, so a
    /// recording can be band-limited for it.
    func evaluate(at times: [Double], outputRate: Double, looping: Bool, into values: inout [Double])
    /// Mean square of each channel over one play-through: the signal power SNR targets refer to.
    func meanSquare() -> [Double]
}
