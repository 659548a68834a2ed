import Foundation

/// A sensor as a device model sees it: samples at the device's own rate, addressed by sample
/// index (sample n is due at n / rate seconds of virtual time; `SampleRate` converts cycle
/// counts and nanoseconds to indices exactly), in the channels' canonical units, with the
/// sensor's noise applied.
///
/// Pull in any order: noise is drawn from counter-based generators keyed by the sample index,
/// so every sample's value depends only on the seed, the spec and its index. The two stages
/// with memory (drift, stuck) are recomputed from sample 0 when a read does not continue
/// where the previous one ended, so seeking gives the same values as reading straight through.
///
/// When a finite source is not looping it plays once (`playLength` samples) and then audio is
/// silent and scalar traces hold their last value; the noise stages keep running, as a real
/// sensor's would.
public struct SensorStream: Sendable {
    public let kind: SensorKind
    public let rate: SampleRate
    public let noise: NoiseModel
    public let playback: Playback
    public var channels: [SensorChannel] { kind.channels }
    let source: any SignalSource
    /// For each of the kind's channels, the source channel feeding it (nil: reads 0).
    let sourceIndex: [Int?]
    /// The clean signal's mean square per channel: what SNR targets are relative to.
    public let signalPower: [Double]
    /// Gaussian σ per channel: `sigma` and the σ an `snr` target implies, combined.
    let gaussianSigma: [Double]
    let background: Background?
    let randoms: Randoms
    var state: State

    struct Background: Sendable {
        let source: AudioSource
        let gain: Double
        let offset: Double
    }

    struct Randoms: Sendable {
        let jitter, dropout, stuck: CounterRandom
        let gaussian, drift, spike: [CounterRandom]
    }

    /// The memory of the drift and stuck stages, valid for continuing at sample `next`.
    struct State: Sendable {
        var next: Int64 = 0
        var walk: [Double]
        var stuckLeft = 0
        var held: [Double] = []
    }

    public init(kind: SensorKind, source: any SignalSource, playback: Playback = Playback(), noise: NoiseModel? = nil,
                rate: SampleRate? = nil, seed: UInt64 = 0) throws {
        self.kind = kind
        self.source = source
        self.playback = playback
        self.noise = noise ?? NoiseModel(kind: kind)
        self.rate = rate ?? kind.defaultRate
        let names = source.channels.map(\.name)
        sourceIndex = kind.channels.map { names.firstIndex(of: $0.name) }
        let power = source.meanSquare()
        signalPower = sourceIndex.map { $0.map { power[$0] } ?? 0 }
        let model = self.noise
        gaussianSigma = zip(model.channels, signalPower).map { channel, power in
            let snrSigma = channel.snrDB.map { (power / pow(10, $0 / 10)).squareRoot() } ?? 0
            return (channel.sigma * channel.sigma + snrSigma * snrSigma).squareRoot()
        }
        let name = kind.name
        func perChannel(_ stage: String) -> [CounterRandom] {
            kind.channels.map { CounterRandom(seed: seed, path: "\(name)/\(stage)/\($0.name)") }
        }
        randoms = Randoms(jitter: CounterRandom(seed: seed, path: "\(name)/jitter"),
                          dropout: CounterRandom(seed: seed, path: "\(name)/dropout"),
                          stuck: CounterRandom(seed: seed, path: "\(name)/stuck"),
                          gaussian: perChannel("gaussian"), drift: perChannel("drift"), spike: perChannel("spike"))
        if let mix = model.mix {
            let recording = try AudioSource(path: mix.path, channel: nil)
            let backgroundPower = recording.meanSquare()[0]
            guard backgroundPower > 0 else { throw SensorError("\(mix.path): the background recording is silent") }
            let gain = (signalPower[0] / (backgroundPower * pow(10, mix.snrDB / 10))).squareRoot()
            // Each seed starts the background at a different place in it.
            let offset = CounterRandom(seed: seed, path: "\(name)/mix").uniform(0) * (recording.duration ?? 0)
            background = Background(source: recording, gain: gain, offset: offset)
        } else {
            background = nil
        }
        state = State(walk: [Double](repeating: 0, count: kind.channels.count))
    }

    /// Samples in one play-through of a finite source that does not loop; nil when endless.
    public var playLength: Int64? {
        guard !playback.loop, let duration = source.duration else { return nil }
        return max(0, SampleRate.clampedCount(((duration - playback.start) * rate.hertz).rounded(.up)))
    }

    /// The source without any noise, at exact sampling instants: what a perfect sensor sees.
    public func clean(from first: Int64, count: Int) -> SampleBlock {
        let times = (0..<Int64(max(count, 0))).map { rate.seconds(ofSample: first + $0) }
        return SampleBlock(channels: channels, first: first, values: sourceValues(at: times))
    }

    /// `count` samples from sample `first`, with noise.
    public mutating func read(from first: Int64, count: Int) -> SampleBlock {
        let hasMemory = noise.stuck > 0 || noise.channels.contains { $0.drift > 0 }
        if hasMemory && first != state.next {
            state = State(walk: [Double](repeating: 0, count: channels.count))
            var position: Int64 = 0
            while position < first {
                let chunk = Int(min(4096, first - position))
                _ = produce(from: position, count: chunk)
                position += Int64(chunk)
            }
        }
        return SampleBlock(channels: channels, first: first, values: produce(from: first, count: max(count, 0)))
    }

    /// One frame (a value per channel) at sample `index`.
    public mutating func frame(at index: Int64) -> [Double] {
        read(from: index, count: 1).values
    }

    /// The frame due at `cycles` of a CPU clocked at `clockHz`.
    public mutating func frame(atCycle cycles: UInt64, clockHz: UInt64) -> [Double] {
        frame(at: Int64(clamping: rate.sampleIndex(atCycle: cycles, clockHz: clockHz)))
    }

    /// The frame due at `nanoseconds` of virtual time.
    public mutating func frame(atNanoseconds nanoseconds: UInt64) -> [Double] {
        frame(at: Int64(clamping: rate.sampleIndex(atNanoseconds: nanoseconds)))
    }

    /// Audio as the PCM samples a PDM or I2S peripheral delivers (first channel).
    public mutating func pcm16(from first: Int64, count: Int) -> [Int16] {
        PCM16.samples(read(from: first, count: count).channel(0))
    }

    // MARK: - The pipeline

    private func sourceValues(at times: [Double]) -> [Double] {
        var raw: [Double] = []
        let mapped = times.map { playback.sourceTime($0, duration: source.duration).time }
        source.evaluate(at: mapped, outputRate: rate.hertz, looping: playback.loop, into: &raw)
        let width = source.channels.count
        var values = [Double](repeating: 0, count: times.count * channels.count)
        for frame in 0..<times.count {
            for (c, index) in sourceIndex.enumerated() {
                if let index { values[frame * channels.count + c] = raw[frame * width + index] }
            }
        }
        return values
    }

    private mutating func produce(from first: Int64, count: Int) -> [Double] {
        let width = channels.count
        // The sensor's clock: a ppm error stretches time, jitter moves each instant.
        let stretch = 1 + noise.ppm * 1e-6
        let times = (0..<Int64(count)).map { offset -> Double in
            let n = first + offset
            var time = rate.seconds(ofSample: n) * stretch
            if noise.jitter > 0 { time += noise.jitter * randoms.jitter.gaussian(sample: n) }
            return time
        }
        var values = sourceValues(at: times)
        var backgroundValues: [Double] = []
        if let background {
            let shifted = times.map { $0 + background.offset }
            background.source.evaluate(at: shifted.map { Playback(loop: true).sourceTime($0, duration: background.source.duration).time },
                                       outputRate: rate.hertz, looping: true, into: &backgroundValues)
        }
        let stepDeviation = 1 / rate.hertz.squareRoot()
        let stuckLength = max(1, Int((noise.stuckFor * rate.hertz).rounded()))
        for frame in 0..<count {
            let n = first + Int64(frame)
            for c in 0..<width {
                let model = noise.channels[c]
                var y = values[frame * width + c] * model.gain + model.bias
                if model.drift > 0 {
                    state.walk[c] += model.drift * stepDeviation * randoms.drift[c].gaussian(sample: n)
                    y += state.walk[c]
                }
                if let background { y += background.gain * backgroundValues[frame] }
                if gaussianSigma[c] > 0 { y += gaussianSigma[c] * randoms.gaussian[c].gaussian(sample: n) }
                if model.spike > 0, randoms.spike[c].uniform(sample: n, lane: 0) < model.spike {
                    let size = model.spikeSize ?? model.fullScale / 2
                    y += randoms.spike[c].uniform(sample: n, lane: 1) < 0.5 ? -size : size
                }
                values[frame * width + c] = y
            }
            // Faults act on whole frames: a stuck sensor repeats its last frame, a lost frame reads 0.
            if noise.stuck > 0 {
                if state.stuckLeft > 0 {
                    state.stuckLeft -= 1
                    for c in 0..<width { values[frame * width + c] = state.held[c] }
                } else if randoms.stuck.uniform(sample: n, lane: 0) < noise.stuck {
                    state.held = Array(values[frame * width..<(frame + 1) * width])
                    state.stuckLeft = stuckLength - 1
                }
            }
            if noise.dropout > 0, randoms.dropout.uniform(sample: n, lane: 0) < noise.dropout {
                for c in 0..<width { values[frame * width + c] = 0 }
            }
            for c in 0..<width {
                values[frame * width + c] = SensorStream.convert(values[frame * width + c], noise.channels[c])
            }
        }
        state.next = first + Int64(count)
        return values
    }

    /// The converter: clipping, then quantisation to `bits` over ±full scale (which also
    /// saturates, as an ADC does).
    static func convert(_ value: Double, _ model: NoiseModel.Channel) -> Double {
        var y = value
        if let clip = model.clip {
            let limit = clip.isInfinite ? model.fullScale : clip
            y = min(max(y, -limit), limit)
        }
        if let bits = model.bits {
            let step = 2 * model.fullScale / pow(2, Double(bits))
            y = min(max((y / step).rounded(), -pow(2, Double(bits - 1))), pow(2, Double(bits - 1)) - 1) * step
        }
        return y
    }
}
