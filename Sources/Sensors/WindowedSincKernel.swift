import Foundation

/// The interpolation kernel of the band-limited resampler: sinc(u) under a Kaiser window
/// (β = 9, about 90 dB of stopband attenuation) spanning ±32 zero crossings, tabulated at
/// 1/512 steps and linearly interpolated between entries (table error below -100 dB).
///
/// Why not libsamplerate: evaluating the kernel at any instant makes the stream random-access
/// (a device may pull any sample) and lets clock error and jitter move the sampling instants,
/// and the arithmetic is ours, so the same seed gives the same bytes on every machine.
struct WindowedSincKernel: Sendable {
    static let zeroCrossings = 32
    static let oversampling = 512
    static let beta = 9.0
    /// Cutoff as a fraction of the lower of the two Nyquist frequencies: the transition band
    /// (about 9% of the output rate wide for this window) ends just below Nyquist, so nothing
    /// above it aliases back by more than the stopband allows.
    static let rolloff = 0.9

    static let shared = WindowedSincKernel()

    private let table: [Double]

    private init() {
        let count = WindowedSincKernel.zeroCrossings * WindowedSincKernel.oversampling + 2
        let denominator = WindowedSincKernel.besselI0(WindowedSincKernel.beta)
        table = (0..<count).map { index in
            let u = Double(index) / Double(WindowedSincKernel.oversampling)
            let ratio = u / Double(WindowedSincKernel.zeroCrossings)
            guard ratio < 1 else { return 0 }
            let sinc = u == 0 ? 1 : sin(Double.pi * u) / (Double.pi * u)
            let window = WindowedSincKernel.besselI0(WindowedSincKernel.beta * (1 - ratio * ratio).squareRoot()) / denominator
            return sinc * window
        }
    }

    /// The kernel at distance `u` (in zero crossings); 0 beyond the span.
    @inline(__always)
    func value(_ u: Double) -> Double {
        let position = abs(u) * Double(WindowedSincKernel.oversampling)
        let index = Int(position)
        guard index < table.count - 1 else { return 0 }
        let fraction = position - Double(index)
        return table.withUnsafeBufferPointer { $0[index] + ($0[index + 1] - $0[index]) * fraction }
    }

    /// Modified Bessel function of the first kind, order 0 (power series; converges fast for β ≤ 20).
    static func besselI0(_ x: Double) -> Double {
        var sum = 1.0, term = 1.0
        let quarterSquare = x * x / 4
        for k in 1..<64 {
            term *= quarterSquare / Double(k * k)
            sum += term
            if term < sum * 1e-17 { break }
        }
        return sum
    }
}
