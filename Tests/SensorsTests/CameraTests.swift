import Foundation
import XCTest
@testable import Sensors

/// Camera frames: formats, conversions, sequences and camera noise.
final class CameraTests: XCTestCase {
    private func grey(_ value: Float, width: Int = 64, height: Int = 64) -> Frame {
        Frame(width: width, height: height, channels: 1, pixels: [Float](repeating: value, count: width * height))
    }

    func testNetpbmFormats() throws {
        let p5 = try NetpbmImage.parse(Data("P5\n# a comment\n2 1\n255\n".utf8) + Data([10, 200]), name: "a.pgm")
        XCTAssertEqual(p5.gray8(), [10, 200])
        let p2 = try NetpbmImage.parse(Data("P2 2 2 15 0 15\n 5 10".utf8), name: "b.pgm")
        XCTAssertEqual(p2.gray8(), [0, 255, 85, 170])
        let p6 = try NetpbmImage.parse(Data("P6 1 1 65535\n".utf8) + Data([0xFF, 0xFF, 0x80, 0x00, 0x00, 0x00]), name: "c.ppm")
        XCTAssertEqual(p6.rgb888(), [255, 128, 0])
        XCTAssertEqual(try NetpbmImage.parse(NetpbmImage.encode(p6, colour: true), name: "d.ppm").rgb888(), [255, 128, 0])
    }

    func testMalformedNetpbmNamesTheProblem() {
        func expectError(_ data: Data, _ fragment: String, line: UInt = #line) {
            XCTAssertThrowsError(try NetpbmImage.parse(data, name: "x.pgm"), line: line) { error in
                XCTAssertTrue("\(error)".hasPrefix("x.pgm: "), "\(error)", line: line)
                XCTAssertTrue("\(error)".contains(fragment), "expected '\(fragment)' in \(error)", line: line)
            }
        }
        expectError(Data("GIF89a".utf8), "not a PGM/PPM")
        expectError(Data("P7 1 1 255\n".utf8), "unsupported Netpbm type 'P7'")
        expectError(Data("P5 0 1 255\n".utf8), "width")
        expectError(Data("P5 2 2 255\n".utf8) + Data([1, 2]), "truncated")
        expectError(Data("P2 2 1 15 3 16".utf8), "pixel 1: expected 0...15, found '16'")
        expectError(Data("P5 2 2".utf8), "truncated or malformed header")
    }

    func testPNGRoundTripAndCorruption() throws {
        let directory = try TestSupport.temporaryDirectory()
        let colour = Frame(width: 3, height: 2, channels: 3, bytes: [255, 0, 0, 0, 255, 0, 0, 0, 255, 1, 2, 3, 100, 150, 200, 9, 9, 9])
        for frame in [colour, grey(77, width: 5, height: 3)] {
            let path = directory.appendingPathComponent("f\(frame.channels).png").path
            try PNGImage.write(frame, to: path)
            XCTAssertEqual(try PNGImage.read(path: path), frame)
        }
        let good = [UInt8](try Data(contentsOf: directory.appendingPathComponent("f3.png")))
        var rejected = 0
        for trial in 0..<300 {
            let random = CounterRandom(seed: UInt64(trial), path: "png-corruption")
            var bytes = good
            for edit in 0..<(1 + Int(random.bits(0) % 3)) {
                let r = random.bits(UInt64(edit + 1))
                bytes[Int(r % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: r >> 40)
            }
            if random.bits(7) % 3 == 0 { bytes.removeLast(Int(random.bits(8) % UInt64(bytes.count))) }
            let path = directory.appendingPathComponent("c\(trial).png").path
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            do {
                _ = try PNGImage.read(path: path)
            } catch let error as SensorError {
                rejected += 1
                XCTAssertTrue(error.description.hasPrefix(path + ": "), error.description)
            }
        }
        XCTAssertGreaterThan(rejected, 100)
    }

    func testRandomNetpbmCorruptionsGiveErrorsNotCrashes() {
        let good = [UInt8](NetpbmImage.encode(grey(100, width: 8, height: 8), colour: false))
        for trial in 0..<1000 {
            let random = CounterRandom(seed: UInt64(trial), path: "pgm-corruption")
            var bytes = good
            let r = random.bits(1)
            let position = Int(r % 16)  // the header
            bytes[position] = UInt8(truncatingIfNeeded: r >> 40)
            if random.bits(2) % 2 == 0 { bytes.removeLast(Int(random.bits(3) % UInt64(bytes.count))) }
            do {
                let frame = try NetpbmImage.parse(Data(bytes), name: "c.pgm")
                XCTAssertTrue(frame.pixels.allSatisfy { (0...255).contains($0) })
            } catch {
                XCTAssertTrue("\(error)".hasPrefix("c.pgm: "), "\(error)")
            }
        }
    }

    func testPixelFormats() throws {
        let frame = Frame(width: 4, height: 1, channels: 3, bytes: [255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255])
        XCTAssertEqual(frame.rgb565(), [0xF800, 0x07E0, 0x001F, 0xFFFF])
        XCTAssertEqual(frame.rgb565Bytes(bigEndian: true).prefix(2), [0xF8, 0x00])
        XCTAssertEqual(frame.gray8(), [76, 150, 29, 255])
        let raw = try RawFrames.parse(Data(frame.rgb565Bytes(bigEndian: true) + frame.rgb565Bytes(bigEndian: true)), name: "r.raw",
                                      width: 4, height: 1, format: .rgb565)
        XCTAssertEqual(raw.count, 2)
        XCTAssertEqual(raw[1].rgb888(), frame.rgb888())
        XCTAssertThrowsError(try RawFrames.parse(Data([1, 2, 3]), name: "r.raw", width: 2, height: 1, format: .gray8)) { error in
            XCTAssertTrue("\(error)".contains("r.raw: 3 bytes is not a whole number of 2×1 gray8 frames"))
        }
        let shrunk = Frame(width: 4, height: 2, channels: 1, bytes: [0, 100, 200, 200, 0, 100, 0, 0]).resized(width: 2, height: 1)
        XCTAssertEqual(shrunk.pixels, [50, 100])
    }

    func testCameraNoiseStatistics() throws {
        let noise = try CameraNoise(specs: [NoiseSpec.parse("camera:pixel=8")])
        let frame = noise.apply(grey(128, width: 100, height: 100), index: 3, seed: 1)
        let values = frame.pixels.map(Double.init)
        XCTAssertEqual(TestSupport.mean(values), 128, accuracy: 0.3)
        XCTAssertEqual(TestSupport.standardDeviation(values), 8, accuracy: 0.25)
        XCTAssertNotEqual(noise.apply(grey(128), index: 4, seed: 1), noise.apply(grey(128), index: 3, seed: 1), "new noise every frame")
        XCTAssertEqual(noise.apply(grey(128), index: 3, seed: 1), noise.apply(grey(128), index: 3, seed: 1))

        let exposure = try CameraNoise(specs: [NoiseSpec.parse("camera:brightness=0.1,contrast=0.5,gamma=2")])
        let v = exposure.apply(grey(100, width: 1, height: 1), index: 0, seed: 0).pixels[0]
        let expected = 255 * pow(((100 + 25.5 - 127.5) * 0.5 + 127.5) / 255, 2)
        XCTAssertEqual(Double(v), expected, accuracy: 1e-3)

        let dead = try CameraNoise(specs: [NoiseSpec.parse("camera:dead=0.05")])
        let a = dead.apply(grey(200, width: 100, height: 100), index: 0, seed: 9), b = dead.apply(grey(200, width: 100, height: 100), index: 1, seed: 9)
        XCTAssertEqual(Double(a.pixels.filter { $0 == 0 }.count) / 10000, 0.05, accuracy: 0.008)
        XCTAssertEqual(a, b, "dead pixels stay dead in the same places")

        var checker = [Float](repeating: 0, count: 64 * 64)
        for i in checker.indices where (i % 64 / 4 + i / 64 / 4) % 2 == 0 { checker[i] = 255 }
        let sharp = Frame(width: 64, height: 64, channels: 1, pixels: checker)
        let soft = try CameraNoise(specs: [NoiseSpec.parse("camera:blur=2")]).apply(sharp, index: 0, seed: 0)
        XCTAssertEqual(TestSupport.mean(soft.pixels.map(Double.init)), TestSupport.mean(checker.map(Double.init)), accuracy: 1)
        XCTAssertLessThan(TestSupport.standardDeviation(soft.pixels.map(Double.init)), 0.5 * TestSupport.standardDeviation(checker.map(Double.init)))
    }

    func testSequencesAtTheDeviceRate() throws {
        let directory = try TestSupport.temporaryDirectory()
        for index in 0..<3 {
            try NetpbmImage.encode(grey(Float(index * 100), width: 4, height: 4), colour: false)
                .write(to: directory.appendingPathComponent("f\(index).pgm"))
        }
        let configuration = try SensorConfiguration.parse(sensors: ["camera=\(directory.path)/,fps=5"], noise: [], seed: nil)
        try configuration.validate()
        let stream = try configuration.frameStream(rate: SampleRate(hertz: 10))
        XCTAssertEqual((0..<8).map { stream.cleanFrame(at: $0).gray8()[0] }, [0, 0, 100, 100, 200, 200, 200, 200])
        XCTAssertEqual(stream.playLength, 6)
        let looped = try SensorConfiguration.parse(sensors: ["camera=\(directory.path)/,fps=5,loop"], noise: [], seed: nil).frameStream(rate: SampleRate(hertz: 5))
        XCTAssertEqual((0..<5).map { looped.cleanFrame(at: $0).gray8()[0] }, [0, 100, 200, 0, 100])
        // 5 fps on a 64 MHz CPU: frame 2 is due at cycle 25,600,000.
        XCTAssertEqual(looped.frame(atCycle: 25_600_000, clockHz: 64_000_000).gray8()[0], 200)

        try NetpbmImage.encode(grey(0, width: 5, height: 4), colour: false).write(to: directory.appendingPathComponent("f9.pgm"))
        XCTAssertThrowsError(try SensorConfiguration.parse(sensors: ["camera=\(directory.path)"], noise: [], seed: nil).validate()) { error in
            XCTAssertTrue("\(error)".contains("f9.pgm: 5×4, but f0.pgm is 4×4"), "\(error)")
        }
    }

    func testCameraSpecErrors() {
        func expectError(_ sensor: String, _ noise: [String] = [], _ fragment: String, line: UInt = #line) {
            XCTAssertThrowsError(try SensorConfiguration.parse(sensors: [sensor], noise: noise, seed: nil).validate(), line: line) { error in
                XCTAssertTrue("\(error)".contains(fragment), "expected '\(fragment)' in \(error)", line: line)
            }
        }
        expectError("camera=pattern", ["camera:snr=10dB"], "not a camera noise model")
        expectError("camera=pattern", ["camera:pixel=-1"], "pixel: -1 is out of range")
        expectError("camera=pattern", ["camera:gamma=0"], "gamma: 0 is out of range")
        expectError("mic=sine", ["mic:blur=2"], "a camera noise model; mic takes")
        expectError("camera=pattern,kind=zebra", [], "kind: expected one of bars, checker, gradient, box")
        expectError("camera=pattern,size=96", [], "size: expected WIDTHxHEIGHT")
        expectError("camera=frames.raw", [], "frames.raw: cannot read the file")
        expectError("camera=\((try? TestSupport.write("# notes", named: "notes.md")) ?? "missing.md")", [], "unknown frame format '.md'")
    }
}
