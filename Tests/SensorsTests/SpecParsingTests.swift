import XCTest
@testable import Sensors

/// `--sensor`, `--noise` and `--seed` syntax, and every way they can be wrong.
final class SpecParsingTests: XCTestCase {
    private func expectError(sensors: [String] = ["mic=sine"], noise: [String] = [], seed: String? = nil, validate: Bool = true,
                             _ expected: String, line: UInt = #line) {
        XCTAssertThrowsError(try {
            let configuration = try SensorConfiguration.parse(sensors: sensors, noise: noise, seed: seed)
            if validate { try configuration.validate() }
        }(), line: line) { error in
            XCTAssertTrue(error is SensorError, line: line)
            XCTAssertTrue("\(error)".contains(expected), "expected '\(expected)' in: \(error)", line: line)
            XCTAssertFalse("\(error)".contains("\n"), line: line)
        }
    }

    func testTheIssuesExampleParses() throws {
        let wav = try TestSupport.wav([0.1, 0.2, 0.1, 0], rate: 16000, named: "speech.wav")
        let csv = try TestSupport.write("time,ax,ay,az,gx,gy,gz\n0,0,0,1,0,0,0\n0.01,0,0,1,0,0,0\n", named: "gesture.csv")
        let configuration = try SensorConfiguration.parse(sensors: ["mic=\(wav)", "imu=\(csv)"],
                                                          noise: ["mic:snr=10dB", "imu:gain=1.02,bias.gz=0.5dps"], seed: "7")
        try configuration.validate()
        XCTAssertEqual(configuration.seed, 7)
        XCTAssertEqual(configuration.sensors.map(\.name), ["mic", "imu"])
        XCTAssertEqual(configuration.noise[1].terms, [.init(key: "gain", channel: nil, value: "1.02"), .init(key: "bias", channel: "gz", value: "0.5dps")])
        let model = try NoiseModel(kind: SensorKind.named("imu"), specs: configuration.noise.filter { $0.sensor == "imu" })
        XCTAssertEqual(model.channels[5].bias, 0.5)
        XCTAssertEqual(model.channels[0].gain, 1.02)
    }

    func testSensorSpecOptions() throws {
        let spec = try SensorSpec.parse("mic=dir/speech.wav,loop,start=1.5s")
        XCTAssertEqual(spec.source, "dir/speech.wav")
        XCTAssertTrue(spec.isFile)
        XCTAssertEqual(spec.text, "mic=dir/speech.wav,loop,start=1.5s")
        XCTAssertFalse(try SensorSpec.parse("imu=gesture,shape=ring").isFile)
        XCTAssertEqual(try SensorConfiguration.parseSeed("0x10"), 16)
    }

    func testNegativeSNRIsValid() throws {
        let configuration = try SensorConfiguration.parse(sensors: ["mic=sine"], noise: ["mic:snr=-6dB"], seed: "1")
        XCTAssertNoThrow(try configuration.validate())
    }

    func testBadSensorSpecs() {
        expectError(sensors: ["mik=sine"], "unknown sensor 'mik' (known: mic, imu")
        expectError(sensors: ["mic"], "expected NAME=SOURCE")
        expectError(sensors: ["mic="], "no source")
        expectError(sensors: ["mic=sine", "mic=white"], "--sensor mic is given twice")
        expectError(sensors: ["mic=banjo"], "'banjo' is neither a file")
        expectError(sensors: ["imu=sine"], "generator of imu (rest, shake, rotation, gesture)")
        expectError(sensors: ["mic=sine,freq=loud"], "sensor mic: freq: expected frequencies")
        expectError(sensors: ["mic=sine,amp=2"], "sensor mic: amp: 2 is outside")
        expectError(sensors: ["mic=sine,colour=blue"], "sensor mic: unknown option 'colour'")
        expectError(sensors: ["mic=sine,loop=maybe"], "loop takes no value")
        expectError(sensors: ["imu=gesture,shape=star"], "shape: expected one of ring, wing, slope")
        expectError(sensors: ["mic=/nonexistent/speech.wav"], "/nonexistent/speech.wav: cannot read the file")
        expectError(sensors: ["imu=/tmp/x.wav"], "an audio recording cannot feed imu")
        expectError(sensors: ["mic=trace.xyz"], "unknown trace format '.xyz'")
        expectError(seed: "-1", "--seed: expected a whole number")
        expectError(seed: "seven", "--seed: expected a whole number")
    }

    func testBadNoiseSpecs() {
        expectError(noise: ["mic:wobble=3"], "noise mic: unknown noise model 'wobble' (known: gain, bias")
        expectError(noise: ["mic=snr=3dB"], "expected NAME:MODEL=VALUE")
        expectError(noise: ["imu:sigma=0.1"], "--noise imu: no --sensor imu")
        expectError(noise: ["mic:sigma=-0.1"], "noise mic: sigma: must not be negative, found '-0.1'")
        expectError(noise: ["mic:dropout=1.5"], "noise mic: dropout: 1.5 is out of range: expected a probability from 0 to 1")
        expectError(noise: ["mic:spike=-0.1"], "spike: -0.1 is out of range")
        expectError(noise: ["mic:snr=10"], "snr: expected decibels like 10dB")
        expectError(noise: ["mic:snr"], "snr: needs a value")
        expectError(noise: ["mic:bits=12.5"], "whole number of bits")
        expectError(noise: ["mic:bits=0"], "bits: 0 is out of range")
        expectError(noise: ["mic:jitter=fast"], "jitter: expected a time like 20us")
        expectError(noise: ["mic:ppm.audio=5"], "ppm applies to the whole sensor")
        expectError(noise: ["mic:mix=cafe.wav"], "expected FILE@SNR")
        expectError(noise: ["mic:mix=/nonexistent/cafe.wav@5dB"], "/nonexistent/cafe.wav: cannot read the file")
        expectError(sensors: ["imu=rest"], noise: ["imu:bias.gq=1"], "imu has no channel 'gq'")
        expectError(sensors: ["imu=rest"], noise: ["imu:bias.gz=0.5g"], "'0.5g' is not an angular rate")
        expectError(sensors: ["imu=rest"], noise: ["imu:bias=0.5hPa"], "no channel of imu is measured in 'hPa'")
        expectError(sensors: ["imu=rest"], noise: ["imu:mix=a.wav@3dB"], "mixes only into audio")
    }

    func testSampleRatesAndVirtualTime() throws {
        let rate = try XCTUnwrap(SampleRate(parsing: "12.5Hz"))
        XCTAssertEqual(rate, SampleRate(numerator: 25, denominator: 2))
        XCTAssertEqual(SampleRate(parsing: "16kHz"), SampleRate(hertz: 16000))
        XCTAssertNil(SampleRate(parsing: "0Hz"))
        XCTAssertNil(SampleRate(parsing: "fast"))
        // Exact fractions, e.g. the nRF52840 PDM's 1.032 MHz / 64.
        XCTAssertEqual(SampleRate(parsing: "500000/31Hz"), SampleRate(numerator: 500_000, denominator: 31))
        XCTAssertEqual(SampleRate(parsing: "16kHz/2"), SampleRate(hertz: 8000))
        XCTAssertNil(SampleRate(parsing: "500000/0Hz"))
        XCTAssertNil(SampleRate(parsing: "12.5/3Hz"), "a fraction of a fraction")
        XCTAssertNil(SampleRate(parsing: "1/"))
        // 16 kHz on a 64 MHz CPU: a sample every 4000 cycles, exactly.
        let mic = SampleRate(hertz: 16000)
        XCTAssertEqual(mic.sampleIndex(atCycle: 3999, clockHz: 64_000_000), 0)
        XCTAssertEqual(mic.sampleIndex(atCycle: 4000, clockHz: 64_000_000), 1)
        XCTAssertEqual(mic.sampleIndex(atCycle: 64_000_000 * 3600, clockHz: 64_000_000), 16000 * 3600)
        // 119 Hz after a day on a 48 MHz clock: no drift from accumulated rounding.
        XCTAssertEqual(SampleRate(hertz: 119).sampleIndex(atCycle: 48_000_000 * 86400, clockHz: 48_000_000), 119 * 86400)
        XCTAssertEqual(rate.nanoseconds(ofSample: 3), 240_000_000)
        XCTAssertEqual(rate.sampleIndex(atNanoseconds: 239_999_999), 2)
    }

    func testGenerators() throws {
        func frame(_ spec: String, at index: Int64) throws -> [Double] {
            var stream = try SensorConfiguration.parse(sensors: [spec], noise: [], seed: nil).stream(named: String(spec.prefix { $0 != "=" }))
            return stream.frame(at: index)
        }
        XCTAssertEqual(try frame("imu=rest,axis=-x", at: 5)[0...2], [-1, 0, 0])
        let spinning = try frame("imu=rotation,rate=90dps,axis-of-rotation=x", at: 119)  // 1 s: 90° about x
        XCTAssertEqual(spinning[3], 90)
        XCTAssertEqual(spinning[1], 1, accuracy: 1e-9)  // gravity moved from z to y
        XCTAssertEqual(try frame("temperature=ramp,from=20C,to=30C,over=10s", at: 5)[0], 25, accuracy: 1e-12)
        XCTAssertEqual(try frame("pressure=constant,value=1bar", at: 0)[0], 1000, accuracy: 1e-9)
        // A gesture moves and comes back to rest: accelerations average out over a period.
        var ring = try SensorConfiguration.parse(sensors: ["accel=gesture,shape=ring,period=2s"], noise: [], seed: nil).stream(named: "accel")
        let block = ring.read(from: 0, count: 238)
        XCTAssertGreaterThan(block.channel(1).map(abs).max()!, 0.1)
        XCTAssertEqual(TestSupport.mean(block.channel(1)), 0, accuracy: 0.01)
        // Chirp sweeps: early samples oscillate slower than late ones.
        var chirp = try SensorConfiguration.parse(sensors: ["mic=chirp,from=100Hz,to=4kHz,over=1s"], noise: [], seed: nil).stream(named: "mic")
        let sweep = chirp.read(from: 0, count: 16000).channel(0)
        func crossings(_ values: ArraySlice<Double>) -> Int { zip(values, values.dropFirst()).filter { $0 < 0 && $1 >= 0 }.count }
        XCTAssertLessThan(crossings(sweep[0..<1600]), crossings(sweep[14400..<16000]) / 10)
        // Pink noise has more power at low frequencies than white.
        var pink = try SensorConfiguration.parse(sensors: ["mic=pink,amp=0.1"], noise: [], seed: "1").stream(named: "mic")
        let p = pink.read(from: 0, count: 16000).channel(0)
        let lag1 = zip(p, p.dropFirst()).reduce(0) { $0 + $1.0 * $1.1 } / TestSupport.meanSquare(p) / 16000
        XCTAssertGreaterThan(lag1, 0.5)
    }
}
