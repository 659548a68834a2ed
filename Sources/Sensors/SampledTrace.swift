/// Scalar channels sampled at given instants (regular or not), from a CSV file or an Edge
/// Impulse JSON file, evaluated at any instant by linear interpolation between the two
/// neighbouring samples. Linear, not band-limited: IMU and environmental traces are slow
/// compared with their rates, and linear interpolation never overshoots a recorded value.
public struct SampledTrace: SignalSource {
    public let channels: [SensorChannel]
    /// Seconds from the first sample (which is at 0), strictly increasing.
    public let times: [Double]
    /// Interleaved: times.count × channels.count, canonical units.
    public let values: [Double]

    public init(channels: [SensorChannel], times: [Double], values: [Double]) {
        precondition(!times.isEmpty && values.count == times.count * channels.count)
        self.channels = channels
        let origin = times[0]
        self.times = times.map { $0 - origin }
        self.values = values
    }

    /// One play-through: up to the last sample plus one mean sample interval, so a loop
    /// puts the first sample one interval after the last.
    public var duration: Double? {
        guard times.count > 1 else { return 1 }
        return times[times.count - 1] * Double(times.count) / Double(times.count - 1)
    }

    public func meanSquare() -> [Double] {
        (0..<channels.count).map { c in
            stride(from: c, to: values.count, by: channels.count).reduce(0.0) { $0 + values[$1] * values[$1] } / Double(times.count)
        }
    }

    public func evaluate(at requested: [Double], outputRate: Double, looping: Bool, into output: inout [Double]) {
        let width = channels.count
        let last = times.count - 1
        output.reserveCapacity(output.count + requested.count * width)
        for time in requested {
            if looping, last > 0, let period = duration, time > times[last] {
                // Between the last sample and the first of the next play-through.
                let fraction = min(1, (time - times[last]) / (period - times[last]))
                for c in 0..<width {
                    output.append(values[last * width + c] + (values[c] - values[last * width + c]) * fraction)
                }
                continue
            }
            if !(time > 0) || last == 0 {
                output.append(contentsOf: values[0..<width])  // before the start (or NaN): hold the first
                continue
            }
            if time >= times[last] {
                output.append(contentsOf: values[last * width..<(last + 1) * width])
                continue
            }
            // The last sample at or before `time`.
            var low = 0, high = last
            while high - low > 1 {
                let middle = (low + high) / 2
                if times[middle] <= time { low = middle } else { high = middle }
            }
            let fraction = (time - times[low]) / (times[high] - times[low])
            for c in 0..<width {
                let a = values[low * width + c], b = values[high * width + c]
                output.append(a + (b - a) * fraction)
            }
        }
    }
}
