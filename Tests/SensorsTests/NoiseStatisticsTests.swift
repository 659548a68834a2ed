import XCTest
@testable import Sensors

/// Each noise model does what it says, measured on rendered samples with fixed seeds.
final class NoiseStatisticsTests: XCTestCase {
    /// Renders `count` samples of `sensor` fed by `source` with noise `noise`, and the clean
    /// samples, on channel `channel`.
    private func render(_ sensor: String, _ source: String, noise: [String], seed: UInt64 = 7, rate: UInt64? = nil,
                        count: Int = 20000, channel: String? = nil) throws -> (noisy: [Double], clean: [Double]) {
        let configuration = try SensorConfiguration.parse(sensors: ["\(sensor)=\(source)"], noise: noise, seed: "\(seed)")
        var stream = try configuration.stream(named: sensor, rate: rate.map { SampleRate(hertz: $0) })
        let index = channel.flatMap { stream.kind.channelIndex($0) } ?? 0
        return (stream.read(from: 0, count: count).channel(index), stream.clean(from: 0, count: count).channel(index))
    }

    func testGaussianNoiseHasTheRequestedMeanAndSigma() throws {
        let (noisy, clean) = try render("temperature", "constant,value=20C", noise: ["temperature:sigma=0.5C"], count: 20000)
        let noise = zip(noisy, clean).map { $0 - $1 }
        // Standard error of the mean is 0.5/√20000 ≈ 0.0035; of σ about 0.0025.
        XCTAssertEqual(TestSupport.mean(noise), 0, accuracy: 0.012)
        XCTAssertEqual(TestSupport.standardDeviation(noise), 0.5, accuracy: 0.01)
        // Gaussian, not uniform: about 4.6% of samples beyond 2σ (uniform of the same σ has none).
        let tail = Double(noise.filter { abs($0) > 1.0 }.count) / Double(noise.count)
        XCTAssertEqual(tail, 0.0455, accuracy: 0.006)
    }

    func testTargetSNRIsAchievedWithinHalfADecibel() throws {
        for snr in [20.0, 10.0, 0.0, -5.0] {
            let (noisy, clean) = try render("mic", "sine,freq=1kHz,amp=0.5", noise: ["mic:snr=\(snr)dB"], count: 16000)
            let noise = zip(noisy, clean).map { $0 - $1 }
            let achieved = TestSupport.decibels(TestSupport.meanSquare(clean) / TestSupport.meanSquare(noise))
            XCTAssertEqual(achieved, snr, accuracy: 0.5, "snr=\(snr)dB")
        }
    }

    func testBackgroundMixIsAtTheRequestedSNR() throws {
        // A background recording of a 300 Hz hum with some noise on it.
        let background = (0..<8000).map { 0.3 * sin(2 * Double.pi * 300 * Double($0) / 8000) + 0.05 * sin(Double($0 * $0 % 977)) }
        let path = try TestSupport.wav(background, rate: 8000, named: "hum.wav")
        let (noisy, clean) = try render("mic", "sine,freq=1kHz,amp=0.5", noise: ["mic:mix=\(path)@6dB"], count: 16000)
        let added = zip(noisy, clean).map { $0 - $1 }
        XCTAssertEqual(TestSupport.decibels(TestSupport.meanSquare(clean) / TestSupport.meanSquare(added)), 6, accuracy: 0.5)
        // What was added is the hum (resampled to 16 kHz), not white noise.
        let hum = TestSupport.sineFit(added, frequency: 300, rate: 16000)
        XCTAssertGreaterThan(hum.amplitude * hum.amplitude / 2, 0.8 * TestSupport.meanSquare(added))
    }

    func testGainAndBiasPerChannel() throws {
        let configuration = try SensorConfiguration.parse(sensors: ["imu=rest,axis=z"], noise: ["imu:gain=1.02,bias.gz=0.5dps,bias=0.01g"], seed: nil)
        var stream = try configuration.stream(named: "imu")
        let frame = stream.frame(at: 10)
        let index = { stream.kind.channelIndex($0)! }
        XCTAssertEqual(frame[index("az")], 1.02 + 0.01, accuracy: 1e-12)
        XCTAssertEqual(frame[index("ax")], 0.01, accuracy: 1e-12)
        XCTAssertEqual(frame[index("gz")], 0.5, accuracy: 1e-12)
        XCTAssertEqual(frame[index("gx")], 0, accuracy: 1e-12)
        // Units convert: 0.1 rad/s is 5.7296 dps.
        let radians = try SensorConfiguration.parse(sensors: ["gyro=rest"], noise: ["gyro:bias.gx=0.1rad/s"], seed: nil)
        var gyro = try radians.stream(named: "gyro")
        XCTAssertEqual(gyro.frame(at: 0)[0], 5.729578, accuracy: 1e-6)
    }

    func testQuantisationUsesTheLevelsOfNBits() throws {
        let (noisy, _) = try render("mic", "sine,freq=440Hz,amp=0.9", noise: ["mic:bits=4"], count: 4000)
        let step = 2.0 / 16
        XCTAssertTrue(noisy.allSatisfy { abs(($0 / step).rounded() * step - $0) < 1e-12 }, "every value on the 4-bit grid")
        XCTAssertEqual(Set(noisy).count, 15)  // -0.875...+0.875: 15 of the 16 levels for a ±0.9 sine
        XCTAssertEqual(noisy.max()!, 0.875, accuracy: 1e-12)
    }

    func testClippingLimitsTheRange() throws {
        let (noisy, clean) = try render("mic", "sine,freq=440Hz,amp=0.9", noise: ["mic:clip=0.5"], count: 4000)
        XCTAssertEqual(noisy.max()!, 0.5, accuracy: 1e-12)
        XCTAssertEqual(noisy.min()!, -0.5, accuracy: 1e-12)
        for (y, x) in zip(noisy, clean) where abs(x) < 0.5 { XCTAssertEqual(y, x, accuracy: 1e-12) }
        // A bare `clip` is ±full scale, even when the full scale is set after it.
        let (accel, _) = try render("accel", "shake,freq=5Hz,amp=10g,shake-axis=x", noise: ["accel:clip,fullscale=8g"], count: 200)
        XCTAssertEqual(accel.max()!, 8, accuracy: 1e-12)
        XCTAssertEqual(accel.min()!, -8, accuracy: 1e-12)
    }

    func testDriftIsARandomWalkAtTheStatedRate() throws {
        // σ after t seconds = rate·√t: measured over 200 independent sensors (seeds) at t = 4 s.
        var finals: [Double] = []
        for seed in 0..<200 {
            let (noisy, _) = try render("gyro", "rest", noise: ["gyro:drift=0.1dps"], seed: UInt64(seed), rate: 100, count: 400)
            finals.append(noisy.last!)
        }
        XCTAssertEqual(TestSupport.mean(finals), 0, accuracy: 0.06)
        XCTAssertEqual(TestSupport.standardDeviation(finals), 0.1 * 2, accuracy: 0.025)
        // And it wanders slowly: neighbouring samples differ by far less than the walk.
        let (walk, _) = try render("gyro", "rest", noise: ["gyro:drift=0.1dps"], rate: 100, count: 400)
        let steps = zip(walk.dropFirst(), walk).map { $0 - $1 }
        XCTAssertEqual(TestSupport.standardDeviation(steps), 0.1 / 10, accuracy: 0.002)
    }

    func testDropoutsSpikesAndStuckSamples() throws {
        let (dropped, _) = try render("temperature", "constant,value=20C", noise: ["temperature:dropout=0.1"], count: 20000)
        XCTAssertEqual(Double(dropped.filter { $0 == 0 }.count) / 20000, 0.1, accuracy: 0.01)
        XCTAssertTrue(dropped.allSatisfy { $0 == 0 || $0 == 20 })

        let (spiky, _) = try render("temperature", "constant,value=20C", noise: ["temperature:spike=0.02,spike-size=10C"], count: 20000)
        XCTAssertEqual(Double(spiky.filter { $0 != 20 }.count) / 20000, 0.02, accuracy: 0.004)
        XCTAssertTrue(spiky.allSatisfy { $0 == 20 || $0 == 30 || $0 == 10 })

        // Stuck: runs of exactly stuck-for repeat one value of an otherwise changing signal.
        let (stuck, _) = try render("temperature", "ramp,from=0C,to=100C,over=100s", noise: ["temperature:stuck=0.01,stuck-for=100ms"],
                                    rate: 100, count: 10000)
        var runs: [Int] = [], run = 1
        for (a, b) in zip(stuck, stuck.dropFirst()) {
            if a == b { run += 1 } else { if run > 1 { runs.append(run) }; run = 1 }
        }
        XCTAssertGreaterThan(runs.count, 50)
        XCTAssertTrue(runs.allSatisfy { $0 % 10 == 0 }, "episodes last 10 samples (or back-to-back multiples): \(runs.prefix(20))")
    }

    func testClockErrorAndJitterMoveTheSamplingInstants() throws {
        // A 100 ppm fast clock: after 10 s a 1 Hz ramp is 1 ms ahead.
        let (fast, clean) = try render("temperature", "ramp,from=0C,to=1000C,over=1000s", noise: ["temperature:ppm=100"],
                                       rate: 1, count: 11)
        XCTAssertEqual(fast[10] - clean[10], 10 * 100e-6, accuracy: 1e-9)
        // Jitter of 10 ms on a 1 C/s ramp: errors of σ 0.01 C.
        let (jittered, exact) = try render("temperature", "ramp,from=0C,to=100000C,over=100000s", noise: ["temperature:jitter=10ms"],
                                           rate: 10, count: 5000)
        let errors = zip(jittered, exact).dropFirst().map { $0 - $1 }
        XCTAssertEqual(TestSupport.standardDeviation(Array(errors)), 0.01, accuracy: 0.0005)
    }

    func testStagesComposeInPhysicalOrder() throws {
        // Gain and bias come before the converter: bits quantises the biased, amplified value.
        let (noisy, _) = try render("temperature", "constant,value=10C", noise: ["temperature:bits=8,fullscale=128C,gain=2,bias=1C"], count: 1)
        XCTAssertEqual(noisy[0], 21, accuracy: 1e-12)  // 2·10 + 1 = 21, on the 1 °C grid
    }
}
