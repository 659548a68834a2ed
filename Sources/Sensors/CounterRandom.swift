import Foundation

/// The engine's only source of randomness: a counter-based generator. Value number `counter`
/// of a stream is a pure function of its key and the counter (SplitMix64's output function
/// applied twice), so sample n's noise is the same whether a device pulls samples one at a
/// time, in blocks, or seeks — and no generator state has to be carried or copied.
///
/// Keys come from the run's one `--seed` and a path naming the use ("imu/gaussian/gz"), so
/// every sensor, noise stage and channel draws from its own independent stream.
public struct CounterRandom: Sendable, Equatable {
    public let key: UInt64

    public init(seed: UInt64, path: String) {
        key = CounterRandom.mix(seed &+ CounterRandom.mix(CounterRandom.fnv1a(path)))
    }

    /// 64 random bits for `counter`.
    @inline(__always)
    public func bits(_ counter: UInt64) -> UInt64 {
        CounterRandom.mix(CounterRandom.mix(counter &* 0x9E37_79B9_7F4A_7C15 &+ key) ^ key)
    }

    /// Uniform in the open interval (0, 1): never 0, so logarithms are safe.
    @inline(__always)
    public func uniform(_ counter: UInt64) -> Double {
        (Double(bits(counter) >> 11) + 0.5) * 0x1p-53
    }

    /// Uniform for sample `index`, lane 0...7: a sample may need several independent draws.
    @inline(__always)
    public func uniform(sample index: Int64, lane: UInt64) -> Double {
        uniform(UInt64(bitPattern: index) &* 8 &+ lane)
    }

    /// Standard normal for sample `index` (Box–Muller on lanes 6 and 7, cosine branch only, so
    /// each sample's value depends on nothing but its own index).
    @inline(__always)
    public func gaussian(sample index: Int64) -> Double {
        let u1 = uniform(sample: index, lane: 6), u2 = uniform(sample: index, lane: 7)
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    @inline(__always)
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}
