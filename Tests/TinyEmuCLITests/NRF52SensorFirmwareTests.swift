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
}
