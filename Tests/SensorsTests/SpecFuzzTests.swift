import XCTest
@testable import Sensors

/// Random spec strings built from the syntax's own pieces: every one either works or is a
/// `SensorError`; none traps (a trap would end the test process).
final class SpecFuzzTests: XCTestCase {
    static let pieces = ["mic", "imu", "camera", "temperature", "=", ":", ",", ".", "@", "sine", "gesture", "pattern", "rest",
                         "ramp", "freq", "amp", "start", "loop", "rate", "snr", "sigma", "bias", "gz", "bits", "clip", "ppm",
                         "jitter", "dropout", "stuck-for", "pixel", "gamma", "size", "0", "-1", "1e999", "1e-300", "0.5",
                         "99999999999999999999", "10dB", "dps", "g", "kHz", "ms", "x", "96x96", "nan", "inf", "", "é", "/"]

    func testRandomSpecsNeverTrap() {
        var accepted = 0
        for trial in 0..<3000 {
            let random = CounterRandom(seed: UInt64(trial), path: "spec-fuzz")
            func text(_ salt: UInt64) -> String {
                let count = 1 + Int(random.bits(salt) % 9)
                return (0..<count).map { SpecFuzzTests.pieces[Int(random.bits(salt &+ UInt64($0) &+ 1) % UInt64(SpecFuzzTests.pieces.count))] }.joined()
            }
            do {
                let configuration = try SensorConfiguration.parse(sensors: ["mic=" + text(100), text(200)], noise: [text(300)], seed: text(400))
                try configuration.validate()
                accepted += 1
            } catch let error as SensorError {
                XCTAssertFalse(error.description.isEmpty)
                XCTAssertFalse(error.description.contains("\n"), error.description)
            } catch {
                XCTFail("unexpected error type: \(error)")
            }
            _ = SampleRate(parsing: text(500))
            _ = QuantityValue(parsing: text(600))
        }
        XCTAssertLessThan(accepted, 3000)
    }

    func testExtremeButValidValuesRender() throws {
        // Very low and very high device rates, long starts, huge gains: finite numbers out.
        for (spec, noise, rate) in [("mic=sine,freq=1Hz,start=1000000s", "mic:gain=1000,clip", "0.001Hz"),
                                    ("mic=white", "mic:snr=-200dB,jitter=1s,ppm=100000", "1MHz"),
                                    ("imu=rotation,rate=10000dps", "imu:drift=1000dps,spike=1,stuck=1,stuck-for=3600s", "1000kHz")] {
            var stream = try SensorConfiguration.parse(sensors: [spec], noise: [noise], seed: "1").stream(named: String(spec.prefix { $0 != "=" }),
                                                                                                        rate: SampleRate(parsing: rate))
            XCTAssertTrue(stream.read(from: 0, count: 64).values.allSatisfy(\.isFinite), spec)
        }
        let wav = try TestSupport.wav((0..<100).map { Double($0) / 100 }, rate: 48000)
        var slow = try SensorConfiguration.parse(sensors: ["mic=\(wav),loop"], noise: [], seed: nil).stream(named: "mic", rate: SampleRate(parsing: "0.5Hz"))
        XCTAssertTrue(slow.read(from: 0, count: 4).values.allSatisfy(\.isFinite))
    }
}
