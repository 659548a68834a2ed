import Foundation
import XCTest

/// The Nano 33 BLE Sense's sensors as firmware sees them, fed by the sensor engine: the
/// LSM9DS1 through TWIM (samples equal to the trace, or to the same trace with the same noise),
/// the PDM microphone (a checksum of what it captured equals the rendered stream's), and the
/// SAADC on an analog input.
final class NRF52SensorFirmwareTests: XCTestCase {
    private let trace = TinyEmuProcess.repositoryRoot.appendingPathComponent("SensorTraces/imu/ring.csv").path

    /// "S x y z" lines of the firmware's output.
    private func samples(_ output: String) -> [[Int]] {
        output.split(separator: "\n").filter { $0.hasPrefix("S ") }.map { $0.split(separator: " ").dropFirst().compactMap { Int($0) } }
    }

    /// ax, ay, az of a rendered CSV (time first), as LSM9DS1 counts at ±2 g (0.061 mg/LSB).
    private func accelerometerCounts(csv path: String) throws -> [[Int]] {
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").dropFirst()
        return lines.map { line in
            line.split(separator: ",").dropFirst().prefix(3).map { Int(max(-32768, min(32767, (Double($0)! / 0.061e-3).rounded()))) }
        }
    }

    /// Where `samples` occur in `expected` as a consecutive run.
    private func offsets(of samples: [[Int]], in expected: [[Int]]) -> [Int] {
        guard !samples.isEmpty, expected.count >= samples.count else { return [] }
        return (0...(expected.count - samples.count)).filter { Array(expected[$0..<$0 + samples.count]) == samples }
    }

    private func runIMU(_ extra: [String]) throws -> [[Int]] {
        let elf = try TinyEmuProcess.firmware("nrf52/twim_imu.elf")
        let result = try TinyEmuProcess.run(["run", elf, "--platform", "nano33", "--timeout", "10s", "--sensor", "imu=\(trace)"] + extra)
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("PASS twim_imu"), result.stdout)
        return samples(result.stdout)
    }

    private func render(_ extra: [String], in directory: URL) throws -> (noisy: [[Int]], clean: [[Int]]) {
        let noisy = directory.appendingPathComponent("noisy.csv").path, clean = directory.appendingPathComponent("clean.csv").path
        let result = try TinyEmuProcess.run(["sensors", "render", "--sensor", "imu=\(trace)", "--rate", "119Hz", "--duration", "2s",
                                             "-o", noisy, "--clean", clean] + extra)
        XCTAssertEqual(result.status, 0, result.stderr)
        return (try accelerometerCounts(csv: noisy), try accelerometerCounts(csv: clean))
    }

    func testTWIMReadsAccelerometerSamplesEqualToTheTrace() throws {
        let got = try runIMU([])
        XCTAssertEqual(got.count, 40)
        let directory = try TinyEmuProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let expected = try render([], in: directory).clean
        let found = offsets(of: got, in: expected)
        XCTAssertEqual(found.count, 1, "the 40 samples are consecutive samples of the trace at 119 Hz: \(got.prefix(3))")
        XCTAssertLessThan(found.first ?? 99, 20, "and they start within the firmware's first moments")
        XCTAssertGreaterThan(Set(got.map { $0[1] }).count, 10, "the trace moves")
    }

    func testTWIMAccelerometerNoiseIsTheConfiguredNoise() throws {
        let noise = ["--noise", "imu:sigma=0.02g", "--seed", "5"]
        let got = try runIMU(noise)
        let directory = try TinyEmuProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let rendered = try render(noise, in: directory)
        let found = offsets(of: got, in: rendered.noisy)
        XCTAssertEqual(found.count, 1, "the firmware reads the noisy stream the renderer writes, sample for sample")
        guard let start = found.first else { return }
        XCTAssertTrue(offsets(of: got, in: rendered.clean).isEmpty, "noise changes the samples")
        let differences = zip(got, rendered.clean[start...]).flatMap { sample, clean in zip(sample, clean).map { Double($0 - $1) } }
        let sigma = (differences.map { $0 * $0 }.reduce(0, +) / Double(differences.count)).squareRoot()
        // 0.02 g at 0.061 mg/LSB is 328 LSB; 120 differences estimate it within about ±20 %.
        XCTAssertEqual(sigma, 0.02 / 0.061e-3, accuracy: 0.2 * 0.02 / 0.061e-3, "σ of the differences")
        let otherSeed = try runIMU(["--noise", "imu:sigma=0.02g", "--seed", "6"])
        XCTAssertNotEqual(otherSeed, got, "another seed, other noise")
    }

    // MARK: PDM

    /// FNV-1a over the samples' little-endian bytes, as pdm_capture.c computes it.
    private func fnv(_ samples: ArraySlice<Int16>) -> UInt32 {
        var hash: UInt32 = 2_166_136_261
        for sample in samples {
            let bits = UInt16(bitPattern: sample)
            hash = (hash ^ UInt32(bits & 0xFF)) &* 16_777_619
            hash = (hash ^ UInt32(bits >> 8)) &* 16_777_619
        }
        return hash
    }

    /// A rendered audio CSV as the PCM a PDM peripheral delivers, after a gain: ×32768,
    /// rounded, saturated.
    private func pcm(csv path: String, gain: Double) throws -> [Int16] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").dropFirst().map { line in
            let value = Double(line.split(separator: ",")[1])! * gain * 32768
            return Int16(max(-32768, min(32767, value.rounded())))
        }
    }

    func testPDMCaptureEqualsTheRenderedMicrophoneStream() throws {
        let wav = TinyEmuProcess.repositoryRoot.appendingPathComponent("SensorTraces/keywords/yes.wav").path
        let elf = try TinyEmuProcess.firmware("nrf52/pdm_capture.elf")
        let noise = ["--noise", "mic:snr=20dB", "--seed", "11"]
        let result = try TinyEmuProcess.run(["run", elf, "--platform", "nano33", "--timeout", "10s", "--sensor", "mic=\(wav)"] + noise)
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("PASS pdm_capture"), result.stdout)
        let directory = try TinyEmuProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let csv = directory.appendingPathComponent("mic.csv").path
        let render = try TinyEmuProcess.run(["sensors", "render", "--sensor", "mic=\(wav)", "--rate", "16kHz", "-o", csv] + noise)
        XCTAssertEqual(render.status, 0, render.stderr)
        for (label, gain) in [("PDM 0dB", 1.0), ("PDM 20dB", 10.0)] {
            let line = try XCTUnwrap(result.stdout.split(separator: "\n").first { $0.hasPrefix(label + " ") })
            let fields = Dictionary(uniqueKeysWithValues: line.split(separator: " ").dropFirst(2).map {
                let pair = $0.split(separator: "=", maxSplits: 1)
                return (String(pair[0]), String(pair[1]))
            })
            let count = try XCTUnwrap(Int(fields["n"] ?? ""))
            let first = (fields["first"] ?? "").split(separator: ",").compactMap { Int16($0) }
            let stream = try pcm(csv: csv, gain: gain)
            // Where the capture starts: the offsets whose first samples and checksum agree.
            let matches = (0...(stream.count - count)).filter { start in
                stream[start..<start + first.count].elementsEqual(first)
                    && String(format: "%08x", fnv(stream[start..<start + count])) == fields["fnv"]
            }
            XCTAssertEqual(matches.count, 1, "\(label): the captured samples are the stream's at 16 kHz (\(line))")
        }
    }

    // MARK: SAADC

    func testSAADCConvertsAnAnalogInputFedByASensorStream() throws {
        let elf = try TinyEmuProcess.firmware("nrf52/saadc.elf")
        let directory = try TinyEmuProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let board = directory.appendingPathComponent("analog.yaml")
        try """
        name: nano33-analog
        extends: nano33
        devices:
          - { name: light-sensor, type: analog, bus: SAADC, address: 2, parameters: { sensor: light, volts-per-unit: 0.001 } }

        """.write(to: board, atomically: true, encoding: .utf8)
        let result = try TinyEmuProcess.run(["run", elf, "--platform", board.path, "--timeout", "5s",
                                             "--sensor", "light=constant,value=1500lux"])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        // 1.5 V × (1/6) / 0.6 V × 4096 = 1706.7.
        XCTAssertTrue(result.stdout.contains("AIN2 1707\n"), result.stdout)
        let unwired = try TinyEmuProcess.run(["run", elf, "--platform", "nano33", "--timeout", "5s"])
        XCTAssertEqual(unwired.status, 0, unwired.stdout + unwired.stderr)
        XCTAssertTrue(unwired.stdout.contains("AIN2 0\n"), "nothing is wired to A0 on the plain board: \(unwired.stdout)")
    }

    func testABadDeviceEntryIsOneLineAndStatus125() throws {
        let elf = try TinyEmuProcess.firmware("nrf52/saadc.elf")
        let directory = try TinyEmuProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let board = directory.appendingPathComponent("bad.yaml")
        try """
        name: nano33-bad
        extends: nano33
        devices:
          - { name: gadget, type: flux-capacitor, bus: i2c, address: 0x22 }

        """.write(to: board, atomically: true, encoding: .utf8)
        let result = try TinyEmuProcess.run(["run", elf, "--platform", board.path])
        XCTAssertEqual(result.status, 125)
        XCTAssertTrue(result.stderr.hasPrefix("tinyemu: "), result.stderr)
        XCTAssertTrue(result.stderr.contains("device gadget: unknown type 'flux-capacitor'"), result.stderr)
        XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr)
    }

    // MARK: Environmental sensors

    private func environment(_ sensors: [String]) throws -> [String: Int] {
        let elf = try TinyEmuProcess.firmware("nrf52/twim_env.elf")
        let result = try TinyEmuProcess.run(["run", elf, "--platform", "nano33", "--timeout", "5s"] + sensors.flatMap { ["--sensor", $0] })
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        let line = result.stdout.split(separator: "\n").first { $0.hasPrefix("ENV ") } ?? ""
        return Dictionary(uniqueKeysWithValues: line.split(separator: " ").dropFirst().map {
            let pair = $0.split(separator: "=")
            return (String(pair[0]), Int(pair[1]) ?? Int.min)
        })
    }

    func testEnvironmentalSensorsDefaultToARoomAtRest() throws {
        let values = try environment([])
        XCTAssertEqual(Double(values["T"] ?? 0), 25_000, accuracy: 16, "HTS221: 25 °C within one LSB (0.016 °C)")
        XCTAssertEqual(values["H"], 50_000, "HTS221: 50 %RH")
        XCTAssertEqual(values["P"], 101_325, "LPS22HB: 1013.25 hPa")
        XCTAssertEqual(values["PT"], 2500, "LPS22HB: 25 °C")
        XCTAssertEqual(values["C"], 300 * 37, "APDS-9960: 300 lux over 37 integration steps at 1×")
        XCTAssertEqual(values["PROX"], 0)
    }

    func testEnvironmentalSensorsFollowTheirStreams() throws {
        let values = try environment(["temperature=constant,value=21.5C", "humidity=constant,value=63%RH",
                                      "pressure=constant,value=990hPa", "light=constant,value=200lux",
                                      "proximity=constant,value=42"])
        XCTAssertEqual(Double(values["T"] ?? 0), 21_500, accuracy: 16)
        XCTAssertEqual(values["H"], 63_000)
        XCTAssertEqual(values["P"], 99_000)
        XCTAssertEqual(values["PT"], 2150)
        XCTAssertEqual(values["C"], 200 * 37)
        XCTAssertEqual(values["R"], 200 * 37 / 3)
        XCTAssertEqual(values["PROX"], 42)
    }

    func testRev2BoardSensors() throws {
        let elf = try TinyEmuProcess.firmware("nrf52/twim_rev2.elf")
        let result = try TinyEmuProcess.run(["run", elf, "--platform", "nano33-rev2", "--timeout", "5s"])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("PASS twim_rev2"), result.stdout)
        let rev1 = try TinyEmuProcess.run(["run", elf, "--platform", "nano33", "--timeout", "5s"])
        XCTAssertEqual(rev1.status, 1, "no BMI270 on the first revision: \(rev1.stdout)")
        XCTAssertTrue(rev1.stdout.contains("FAIL twim_rev2: BMI270 CHIP_ID"), rev1.stdout)
    }

    func testLegacyTWIReachesTheSameSensors() throws {
        let elf = try TinyEmuProcess.firmware("nrf52/twi_legacy.elf")
        let result = try TinyEmuProcess.run(["run", elf, "--platform", "nano33", "--timeout", "5s"])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("PASS twi_legacy"), result.stdout)
    }

    // MARK: Microphone and IMU together

    /// The issue's "done" check: a firmware sampling the microphone through PDM and the IMU
    /// through TWIM, with interrupts and sleep, fed by traces with noise; its output is the
    /// same for the same settings and changes exactly where the noise settings change.
    func testMicrophoneAndIMUTogetherFollowTheNoiseSettingsExactly() throws {
        let elf = try TinyEmuProcess.firmware("nrf52/sense.elf")
        let wav = TinyEmuProcess.repositoryRoot.appendingPathComponent("SensorTraces/keywords/yes.wav").path
        func run(_ noise: [String]) throws -> (imu: [[Int]], mic: String) {
            let result = try TinyEmuProcess.run(["run", elf, "--platform", "nano33", "--timeout", "5s",
                                                 "--sensor", "imu=\(trace)", "--sensor", "mic=\(wav)"] + noise)
            XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
            let mic = result.stdout.split(separator: "\n").first { $0.hasPrefix("MIC ") }.map(String.init) ?? ""
            return (samples(result.stdout), mic)
        }
        let base = ["--noise", "imu:sigma=0.01g", "--noise", "mic:snr=10dB", "--seed", "1"]
        let first = try run(base), again = try run(base)
        XCTAssertEqual(first.imu.count, 20)
        XCTAssertEqual(first.imu, again.imu, "same settings, same samples")
        XCTAssertEqual(first.mic, again.mic)
        let otherSeed = try run(["--noise", "imu:sigma=0.01g", "--noise", "mic:snr=10dB", "--seed", "2"])
        XCTAssertNotEqual(otherSeed.imu, first.imu)
        XCTAssertNotEqual(otherSeed.mic, first.mic)
        let quieterMic = try run(["--noise", "imu:sigma=0.01g", "--noise", "mic:snr=30dB", "--seed", "1"])
        XCTAssertEqual(quieterMic.imu, first.imu, "the microphone's noise leaves the IMU alone")
        XCTAssertNotEqual(quieterMic.mic, first.mic)
        let directory = try TinyEmuProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let rendered = try render(["--noise", "imu:sigma=0.01g", "--seed", "1"], in: directory)
        XCTAssertEqual(offsets(of: first.imu, in: rendered.noisy).count, 1, "the IMU samples are the noisy stream's")
    }
}
