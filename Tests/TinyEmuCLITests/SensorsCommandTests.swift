import Foundation
import XCTest

/// `tinyemu sensors render` and the sensor options of `run`, as a user runs them.
final class SensorsCommandTests: XCTestCase {
    private func expectRejected(_ arguments: [String], mentioning fragment: String, line: UInt = #line) throws {
        let result = try TinyEmuProcess.run(arguments)
        XCTAssertEqual(result.status, 125, "\(arguments): \(result.stderr)", line: line)
        XCTAssertTrue(result.stderr.hasPrefix("tinyemu: "), result.stderr, line: line)
        XCTAssertTrue(result.stderr.contains(fragment), "expected '\(fragment)' in: \(result.stderr)", line: line)
        XCTAssertEqual(result.stderr.filter { $0 == "\n" }.count, 1, "one line: \(result.stderr)", line: line)
    }

    func testRenderIsByteIdenticalForTheSameSeed() throws {
        let directory = try TinyEmuProcess.temporaryDirectory()
        func render(seed: String, name: String) throws -> Data {
            let path = directory.appendingPathComponent(name).path
            let result = try TinyEmuProcess.run(["sensors", "render", "--sensor", "mic=pink,amp=0.2", "--noise", "mic:snr=3dB,bits=10,spike=0.001",
                                                 "--seed", seed, "--duration", "250ms", "--output", path])
            XCTAssertEqual(result.status, 0, result.stderr)
            return try Data(contentsOf: URL(fileURLWithPath: path))
        }
        let first = try render(seed: "7", name: "a.wav"), second = try render(seed: "7", name: "b.wav")
        XCTAssertEqual(first, second)
        XCTAssertEqual(first.count, 44 + 4000 * 2)  // 16-bit mono WAV, 0.25 s at 16 kHz
        XCTAssertNotEqual(first, try render(seed: "8", name: "c.wav"))
    }

    func testRenderWritesCSVCleanTraceAndPlot() throws {
        let directory = try TinyEmuProcess.temporaryDirectory()
        let csv = directory.appendingPathComponent("imu.csv").path, clean = directory.appendingPathComponent("clean.csv").path
        let svg = directory.appendingPathComponent("imu.svg").path
        let result = try TinyEmuProcess.run(["sensors", "render", "--sensor", "imu=rest,axis=z", "--noise", "imu:bias.gz=0.5dps",
                                             "--rate", "100Hz", "--duration", "1s", "-o", csv, "--clean", clean, "--plot", svg])
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.count, 101)
        XCTAssertEqual(lines[0], "time[s],ax[g],ay[g],az[g],gx[dps],gy[dps],gz[dps],mx[uT],my[uT],mz[uT]")
        XCTAssertEqual(lines[1], "0.0,0.0,0.0,1.0,0.0,0.0,0.5,22.0,5.0,-42.0")
        XCTAssertTrue(try String(contentsOfFile: clean, encoding: .utf8).contains("\n0.01,0.0,0.0,1.0,0.0,0.0,0.0,"))
        XCTAssertTrue(try String(contentsOfFile: svg, encoding: .utf8).hasPrefix("<svg"))
        // What render writes, the CSV reader reads back.
        let again = try TinyEmuProcess.run(["sensors", "render", "--sensor", "imu=\(csv)", "--rate", "100Hz", "-o",
                                            directory.appendingPathComponent("again.csv").path])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertEqual(try String(contentsOfFile: directory.appendingPathComponent("again.csv").path, encoding: .utf8),
                       try String(contentsOfFile: csv, encoding: .utf8))
    }

    func testRenderCameraFrames() throws {
        let directory = try TinyEmuProcess.temporaryDirectory()
        let raw = directory.appendingPathComponent("frames.rgb565").path, sheet = directory.appendingPathComponent("sheet.png").path
        let result = try TinyEmuProcess.run(["sensors", "render", "--sensor", "camera=pattern,kind=box,colour,size=32x24",
                                             "--noise", "camera:pixel=5,gamma=1.3", "--seed", "2", "--duration", "1s",
                                             "-o", raw, "--clean", directory.appendingPathComponent("clean.pgm").path, "--plot", sheet])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: raw)).count, 5 * 32 * 24 * 2)
        XCTAssertTrue(FileManager.default.fileExists(atPath: directory.appendingPathComponent("clean-0004.pgm").path))
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: sheet)).prefix(4), Data([0x89, 0x50, 0x4E, 0x47]))
    }

    func testListsSensorsAndNoiseModels() throws {
        let result = try TinyEmuProcess.run(["sensors"])
        XCTAssertEqual(result.status, 0)
        XCTAssertTrue(result.stdout.contains("mic "))
        XCTAssertTrue(result.stdout.contains("snr "))
    }

    func testBadSensorInputIsOneLineAnd125() throws {
        let directory = try TinyEmuProcess.temporaryDirectory()
        let out = directory.appendingPathComponent("o.wav").path
        try expectRejected(["sensors", "render", "--sensor", "mik=sine", "--duration", "1s", "-o", out], mentioning: "unknown sensor 'mik'")
        try expectRejected(["sensors", "render", "--sensor", "mic=sine", "--noise", "mic:wobble=1", "--duration", "1s", "-o", out],
                           mentioning: "unknown noise model 'wobble'")
        try expectRejected(["sensors", "render", "--sensor", "mic=sine", "--noise", "mic:sigma=-1", "--duration", "1s", "-o", out],
                           mentioning: "must not be negative")
        try expectRejected(["sensors", "render", "--sensor", "mic=sine", "--noise", "mic:dropout=2", "--duration", "1s", "-o", out],
                           mentioning: "probability")
        try expectRejected(["sensors", "render", "--sensor", "mic=/nonexistent/speech.wav", "-o", out], mentioning: "cannot read")
        let corrupt = directory.appendingPathComponent("corrupt.wav")
        try Data("RIFF\u{10}\0\0\0WAVEfmt garbage".utf8).write(to: corrupt)
        try expectRejected(["sensors", "render", "--sensor", "mic=\(corrupt.path)", "-o", out], mentioning: "corrupt.wav: ")
        let csv = directory.appendingPathComponent("bad.csv")
        try Data("time,ax,ay,az\n0,0,0,1\n0.1,0,zero,1\n".utf8).write(to: csv)
        try expectRejected(["sensors", "render", "--sensor", "accel=\(csv.path)", "-o", out], mentioning: "bad.csv:3:3: 'zero' is not a number")
        try Data("time,ax,ay\n0,0,0\n".utf8).write(to: csv)
        try expectRejected(["sensors", "render", "--sensor", "accel=\(csv.path)", "-o", out], mentioning: "bad.csv: sensor accel needs a column az")
        try Data("time,ax[furlong/s2],ay,az\n0,0,0,1\n".utf8).write(to: csv)
        try expectRejected(["sensors", "render", "--sensor", "accel=\(csv.path)", "-o", out], mentioning: "bad.csv:1: column 2 'ax[furlong/s2]': unknown unit")
        try expectRejected(["sensors", "render", "--sensor", "mic=sine", "-o", out], mentioning: "give a duration")
        try expectRejected(["sensors", "render", "--sensor", "imu=rest", "--duration", "1s", "-o", out], mentioning: "imu is not audio")
        try expectRejected(["sensors", "render", "--sensor", "mic=sine", "--duration", "1s", "--seed", "x", "-o", out], mentioning: "--seed")
    }

    func testRunAcceptsAndValidatesSensors() throws {
        let hello = try TinyEmuProcess.firmware("newlib/hello.elf")
        let ok = try TinyEmuProcess.run(["run", hello, "--platform", "nano33", "--sensor", "mic=sine,freq=1kHz",
                                         "--sensor", "imu=gesture,shape=ring", "--noise", "mic:snr=10dB",
                                         "--noise", "imu:gain=1.02,bias.gz=0.5dps", "--seed", "7"])
        XCTAssertEqual(ok.status, 0, ok.stderr)
        try expectRejected(["run", hello, "--platform", "nano33", "--sensor", "imu=gesture", "--noise", "imu:bias.gz=0.5g"],
                           mentioning: "not an angular rate")
        try expectRejected(["run", hello, "--platform", "nano33", "--noise", "mic:snr=10dB"], mentioning: "no --sensor mic")
    }
}
