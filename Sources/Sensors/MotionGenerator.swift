import Foundation

/// Synthesised IMU motion on all nine channels (ax…az in g, gx…gz in dps, mx…mz in µT):
///
/// - `rest`: still, gravity on `axis` (`z` = flat face up, `-z` face down, `x`, `-y`, …).
/// - `shake`: rest plus a sinusoidal acceleration of `amp` at `freq` along `shake-axis`, with
///   the wrist's matching wobble on the gyroscope.
/// - `rotation`: turning at `rate` about `axis-of-rotation`; gravity and the magnetic field
///   rotate in the body frame accordingly.
/// - `gesture`: a hand tracing `shape` (`ring`, `wing`, `slope` — the Magic Wand gestures) of
///   size `size` metres in the vertical y–z plane in the first 75% of each `period`, then
///   moving back to where it started.
///   Accelerations are the path's second derivative plus gravity; the gyroscope follows the
///   path's velocity. Plausible rather than biomechanically exact.
public struct MotionGenerator: SignalSource {
    public enum Motion: Sendable, Equatable {
        case rest
        case shake(frequency: Double, amplitude: Double, axis: Int)
        case rotation(rate: Double, axis: Int)
        case gesture(shape: String, period: Double, size: Double)
    }

    public static let names = ["rest", "shake", "rotation", "gesture"]
    public static let shapes = ["ring", "wing", "slope"]

    public let motion: Motion
    /// Gravity's direction in the body frame at rest: axis index 0...2 and sign.
    public let gravityAxis: Int
    public let gravitySign: Double
    public let channels: [SensorChannel] = ["ax", "ay", "az", "gx", "gy", "gz", "mx", "my", "mz"].compactMap(SensorChannel.named)

    /// A mid-latitude Earth field in the body frame at rest (µT): north-ish and downward.
    static let earthField = (22.0, 5.0, -42.0)
    static let standardGravity = 9.80665

    public init(motion: Motion, gravityAxis: Int = 2, gravitySign: Double = 1) {
        self.motion = motion
        self.gravityAxis = gravityAxis
        self.gravitySign = gravitySign
    }

    init(name: String, options: inout SpecOptions) throws {
        let axes = ["x", "y", "z", "-x", "-y", "-z"]
        let gravity = try options.choice("axis", axes, default: "z")
        let gravityAxis = axes.firstIndex(of: gravity)! % 3
        let sign: Double = gravity.hasPrefix("-") ? -1 : 1
        let motion: Motion
        switch name {
        case "shake":
            motion = .shake(frequency: try options.quantity("freq", .frequency, default: 5, range: 0.01...1000),
                            amplitude: try options.quantity("amp", .acceleration, default: 1, range: 0...64),
                            axis: ["x", "y", "z"].firstIndex(of: try options.choice("shake-axis", ["x", "y", "z"], default: "x"))!)
        case "rotation":
            motion = .rotation(rate: try options.quantity("rate", .angularRate, default: 90, range: -10000...10000),
                               axis: ["x", "y", "z"].firstIndex(of: try options.choice("axis-of-rotation", ["x", "y", "z"], default: "x"))!)
        case "gesture":
            motion = .gesture(shape: try options.choice("shape", MotionGenerator.shapes, default: "ring"),
                              period: try options.quantity("period", .time, default: 2, range: 0.1...3600),
                              size: try options.quantity("size", .ratio, default: 0.15, range: 0.001...10))
        default:
            motion = .rest
        }
        self.init(motion: motion, gravityAxis: gravityAxis, gravitySign: sign)
    }

    public var duration: Double? { nil }

    public func meanSquare() -> [Double] {
        // Sampled over 10 s at 1 kHz: generators have no file to measure.
        var values: [Double] = []
        evaluate(at: (0..<10_000).map { Double($0) / 1000 }, outputRate: 1000, looping: false, into: &values)
        return (0..<9).map { c in stride(from: c, to: values.count, by: 9).reduce(0.0) { $0 + values[$1] * values[$1] } / 10_000 }
    }

    public func evaluate(at times: [Double], outputRate: Double, looping: Bool, into values: inout [Double]) {
        for time in times {
            var accel = [0.0, 0.0, 0.0], gyro = [0.0, 0.0, 0.0]
            var gravity = [0.0, 0.0, 0.0], field = [MotionGenerator.earthField.0, MotionGenerator.earthField.1, MotionGenerator.earthField.2]
            gravity[gravityAxis] = gravitySign
            switch motion {
            case .rest:
                break
            case .shake(let frequency, let amplitude, let axis):
                let phase = 2 * Double.pi * (frequency * time).truncatingRemainder(dividingBy: 1)
                accel[axis] = amplitude * sin(phase)
                // The wrist turns a little with each stroke: 30 dps per g of shaking.
                gyro[(axis + 1) % 3] = 30 * amplitude * cos(phase)
            case .rotation(let rate, let axis):
                gyro[axis] = rate
                let angle = (rate * time).truncatingRemainder(dividingBy: 360) * Double.pi / 180
                gravity = MotionGenerator.rotate(gravity, about: axis, by: -angle)
                field = MotionGenerator.rotate(field, about: axis, by: -angle)
            case .gesture(let shape, let period, let size):
                let (acceleration, velocity) = gestureKinematics(shape: shape, period: period, size: size, time: time)
                accel[1] = acceleration.0 / MotionGenerator.standardGravity
                accel[2] = acceleration.1 / MotionGenerator.standardGravity
                // A hand moving sideways yaws, moving up and down pitches: 150 dps per m/s.
                gyro[2] = 150 * velocity.0
                gyro[0] = -150 * velocity.1
            }
            values.append(contentsOf: [accel[0] + gravity[0], accel[1] + gravity[1], accel[2] + gravity[2]])
            values.append(contentsOf: gyro)
            values.append(contentsOf: field)
        }
    }

    static func rotate(_ v: [Double], about axis: Int, by angle: Double) -> [Double] {
        let (i, j) = ((axis + 1) % 3, (axis + 2) % 3)
        var out = v
        out[i] = v[i] * cos(angle) - v[j] * sin(angle)
        out[j] = v[i] * sin(angle) + v[j] * cos(angle)
        return out
    }

    /// Acceleration and velocity (m/s², m/s) in the y–z plane, by central differences of the
    /// position; differences of an analytic path, so nothing accumulates.
    func gestureKinematics(shape: String, period: Double, size: Double, time: Double) -> ((Double, Double), (Double, Double)) {
        let h = 1e-3
        let p0 = gesturePosition(shape, period, size, time - h), p1 = gesturePosition(shape, period, size, time)
        let p2 = gesturePosition(shape, period, size, time + h)
        let acceleration = ((p2.0 - 2 * p1.0 + p0.0) / (h * h), (p2.1 - 2 * p1.1 + p0.1) / (h * h))
        let velocity = ((p2.0 - p0.0) / (2 * h), (p2.1 - p0.1) / (2 * h))
        return (acceleration, velocity)
    }

    /// The hand's position (m): tracing the shape in the first 75% of each period, then
    /// returning to the start, every stroke eased from rest to rest, so the path is smooth
    /// and periodic (its second derivative has no jumps that would read as huge accelerations).
    func gesturePosition(_ shape: String, _ period: Double, _ size: Double, _ time: Double) -> (Double, Double) {
        let cycle = time / period - (time / period).rounded(.down)
        // Smootherstep: velocity and acceleration are both zero at each end of a stroke.
        func ease(_ u: Double) -> Double { u * u * u * (u * (6 * u - 15) + 10) }
        if shape == "ring" {
            let angle = 2 * Double.pi * ease(min(cycle / 0.75, 1))
            return (size * sin(angle), size * (1 - cos(angle)))
        }
        let corners: [(Double, Double)] = shape == "wing"
            ? [(-1, 1), (-0.5, -1), (0, 0.3), (0.5, -1), (1, 1)]
            : [(-1, 1), (0.3, -1), (1, -1)]
        let a: (Double, Double), b: (Double, Double), u: Double
        if cycle < 0.75 {
            let position = cycle / 0.75 * Double(corners.count - 1)
            let index = min(Int(position), corners.count - 2)
            (a, b, u) = (corners[index], corners[index + 1], position - Double(index))
        } else {
            (a, b, u) = (corners[corners.count - 1], corners[0], (cycle - 0.75) / 0.25)
        }
        let eased = ease(u)
        return (size * (a.0 + (b.0 - a.0) * eased), size * (a.1 + (b.1 - a.1) * eased))
    }
}
