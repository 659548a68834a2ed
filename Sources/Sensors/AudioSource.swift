import Foundation

/// A recorded mono signal at its own rate, evaluated at any instant through the windowed-sinc
/// kernel: a band-limited resampler to whatever rate the device pulls at.
public struct AudioSource: SignalSource {
    public let samples: [Float]
    public let sampleRate: Double
    public let channels: [SensorChannel]

    public init(samples: [Float], sampleRate: Double, channel: SensorChannel = SensorChannel("audio", .audio)) {
        self.samples = samples
        self.sampleRate = sampleRate
        self.channels = [channel]
    }

    public init(path: String, channel: Int?) throws {
        let clip = try AudioFile.read(path: path)
        if let channel, !(0..<clip.channelCount).contains(channel) {
            throw SensorError("\(path): no channel \(channel) (the file has \(clip.channelCount), numbered from 0)")
        }
        self.init(samples: clip.mono(channel: channel), sampleRate: Double(clip.sampleRate))
    }

    public var duration: Double? { Double(samples.count) / sampleRate }

    public func meanSquare() -> [Double] {
        [samples.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(max(samples.count, 1))]
    }

    public func evaluate(at times: [Double], outputRate: Double, looping: Bool, into values: inout [Double]) {
        let kernel = WindowedSincKernel.shared
        // Downsampling lowers the cutoff to the output's Nyquist frequency; upsampling keeps
        // the source's. `scale` also keeps the kernel's DC gain at 1.
        let scale = min(1, outputRate / sampleRate) * WindowedSincKernel.rolloff
        // A looping source pulled far below its rate would need taps spanning many loops;
        // beyond two loops the extra terms only refine an average, so the span is capped.
        let reach = min(Double(WindowedSincKernel.zeroCrossings) / scale, looping ? Double(samples.count) * 2 + 64 : .infinity)
        let count = samples.count
        values.reserveCapacity(values.count + times.count)
        samples.withUnsafeBufferPointer { data in
            for time in times {
                let position = time * sampleRate
                guard position.isFinite, abs(position) < 1e15 else { values.append(0); continue }
                // Outside the recording is silence, unless it loops. Bounds are clamped while
                // still floating-point, so no extreme rate can overflow the conversion.
                let lowest = looping ? -1e15 : 0, highest = looping ? 1e15 : Double(count - 1)
                let first = Int(min(max((position - reach).rounded(.up), lowest), highest + 1))
                let last = Int(max(min((position + reach).rounded(.down), highest), lowest - 1))
                var sum = 0.0
                var k = first
                while k <= last {
                    var index = k
                    if looping {
                        index = k % count
                        if index < 0 { index += count }
                    }
                    sum += Double(data[index]) * kernel.value((position - Double(k)) * scale)
                    k += 1
                }
                values.append(sum * scale)
            }
        }
    }
}
