import XCTest
@testable import Sensors

/// The band-limited resampler: in-band tones keep frequency and amplitude with low distortion,
/// out-of-band tones are removed instead of aliasing.
final class ResamplerTests: XCTestCase {
    private func tone(_ frequency: Double, rate: Double, seconds: Double, amplitude: Double = 0.5) -> [Float] {
        (0..<Int(rate * seconds)).map { Float(amplitude * sin(2 * Double.pi * frequency * Double($0) / rate)) }
    }

    /// Middle samples of a resampled tone (away from the edges, where the recording starts and stops).
    private func resample(_ samples: [Float], from sourceRate: Double, to rate: UInt64, count: Int, skip: Int) throws -> [Double] {
        let stream = try SensorStream(kind: SensorKind.named("mic"), source: AudioSource(samples: samples, sampleRate: sourceRate),
                                      rate: SampleRate(hertz: rate))
        return stream.clean(from: Int64(skip), count: count).channel(0)
    }

    func testDownsampledSineKeepsFrequencyAndAmplitude() throws {
        let out = try resample(tone(1000, rate: 48000, seconds: 0.3), from: 48000, to: 16000, count: 3200, skip: 400)
        let fit = TestSupport.sineFit(out, frequency: 1000, rate: 16000)
        XCTAssertEqual(fit.amplitude, 0.5, accuracy: 0.5 * 0.002)  // within 0.02 dB
        // THD+N relative to the tone: float input quantisation aside, nothing else.
        XCTAssertLessThan(TestSupport.decibels(fit.residualPower / (fit.amplitude * fit.amplitude / 2)), -80)
        // A 1.01 kHz fit is clearly worse: the frequency is exact.
        let detuned = TestSupport.sineFit(out, frequency: 1010, rate: 16000)
        XCTAssertGreaterThan(detuned.residualPower, 100 * fit.residualPower)
    }

    func testUpsampledSineIsClean() throws {
        let out = try resample(tone(440, rate: 8000, seconds: 0.5), from: 8000, to: 44100, count: 8820, skip: 4410)
        let fit = TestSupport.sineFit(out, frequency: 440, rate: 44100)
        XCTAssertEqual(fit.amplitude, 0.5, accuracy: 0.001)
        XCTAssertLessThan(TestSupport.decibels(fit.residualPower / 0.125), -80)
    }

    func testToneAboveTheOutputNyquistIsRemoved() throws {
        // 10 kHz at 48 kHz would alias to 6 kHz at 16 kHz; a band-limited resampler removes it.
        let out = try resample(tone(10000, rate: 48000, seconds: 0.3), from: 48000, to: 16000, count: 3200, skip: 400)
        let alias = TestSupport.sineFit(out, frequency: 6000, rate: 16000)
        XCTAssertLessThan(20 * log10(alias.amplitude / 0.5), -80, "stopband attenuation")
        XCTAssertLessThan(TestSupport.decibels(TestSupport.meanSquare(out) / 0.125), -80)
    }

    func testPassbandEdgeIsFlat() throws {
        // 6 kHz is 0.375 of a 16 kHz rate: inside the passband (below 0.405).
        let out = try resample(tone(6000, rate: 48000, seconds: 0.3), from: 48000, to: 16000, count: 3200, skip: 400)
        XCTAssertEqual(TestSupport.sineFit(out, frequency: 6000, rate: 16000).amplitude, 0.5, accuracy: 0.5 * 0.01)
    }

    func testLinearInterpolationWouldFailTheStopbandTest() throws {
        // The test above can fail: naive linear interpolation of the same tone aliases loudly.
        let input = tone(10000, rate: 48000, seconds: 0.1)
        let linear = (400..<1200).map { n -> Double in
            let position = Double(n) * 3
            let i = Int(position)
            return Double(input[i]) + (Double(input[i + 1]) - Double(input[i])) * (position - Double(i))
        }
        XCTAssertGreaterThan(20 * log10(TestSupport.sineFit(linear, frequency: 6000, rate: 16000).amplitude / 0.5), -10)
    }

    func testEndOfARecordingIsSilenceAndLoopingWraps() throws {
        let samples = tone(1000, rate: 16000, seconds: 0.1)  // 1600 samples, a whole number of periods
        let mic = try SensorKind.named("mic")
        let once = try SensorStream(kind: mic, source: AudioSource(samples: samples, sampleRate: 16000))
        XCTAssertEqual(once.playLength, 1600)
        XCTAssertEqual(once.clean(from: 1700, count: 100).channel(0).map(abs).max()!, 0, accuracy: 1e-12)
        let looped = try SensorStream(kind: mic, source: AudioSource(samples: samples, sampleRate: 16000), playback: Playback(loop: true))
        XCTAssertNil(looped.playLength)
        let first = looped.clean(from: 100, count: 50).channel(0), later = looped.clean(from: 1700, count: 50).channel(0)
        for (a, b) in zip(first, later) { XCTAssertEqual(a, b, accuracy: 1e-6) }
    }

    func testStartOffsetSkipsIntoTheSource() throws {
        let samples = (0..<1600).map { Float($0) / 1600 }  // a slow ramp
        let trace = SampledTrace(channels: [SensorChannel("temperature", .temperature)],
                                 times: (0..<1600).map { Double($0) / 100 }, values: samples.map(Double.init))
        let stream = try SensorStream(kind: SensorKind.named("temperature"), source: trace, playback: Playback(start: 4),
                                      rate: SampleRate(hertz: 1))
        XCTAssertEqual(stream.clean(from: 0, count: 1).values[0], 400.0 / 1600, accuracy: 1e-9)
    }
}
