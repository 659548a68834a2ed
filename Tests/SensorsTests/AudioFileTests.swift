import Foundation
import XCTest
@testable import Sensors

/// Audio through libsndfile: formats, channels, and corrupt files.
final class AudioFileTests: XCTestCase {
    func testWAVRoundTripAndFLAC() throws {
        let samples = (0..<800).map { 0.5 * sin(2 * Double.pi * Double($0) / 80) }
        for ext in ["wav", "flac", "aiff"] {
            let path = try TestSupport.temporaryDirectory().appendingPathComponent("t.\(ext)").path
            try AudioFile.write(path: path, pcm: PCM16.samples(samples), channelCount: 1, sampleRate: 22050)
            let clip = try AudioFile.read(path: path)
            XCTAssertEqual(clip.sampleRate, 22050, ext)
            XCTAssertEqual(clip.frameCount, 800, ext)
            XCTAssertEqual(PCM16.samples(clip.samples.map(Double.init)), PCM16.samples(samples), ext)
        }
    }

    func testStereoIsMixedDownOrOneChannelChosen() throws {
        let path = try TestSupport.temporaryDirectory().appendingPathComponent("s.wav").path
        try AudioFile.write(path: path, pcm: [1000, 3000, 1000, 3000], channelCount: 2, sampleRate: 8000)
        XCTAssertEqual(try AudioSource(path: path, channel: nil).samples[0], 2000.0 / 32768, accuracy: 1e-7)
        XCTAssertEqual(try AudioSource(path: path, channel: 1).samples[0], 3000.0 / 32768, accuracy: 1e-7)
        XCTAssertThrowsError(try AudioSource(path: path, channel: 2)) { error in
            XCTAssertTrue("\(error)".contains("no channel 2"), "\(error)")
        }
    }

    func testMissingAndCorruptFiles() throws {
        XCTAssertThrowsError(try AudioFile.read(path: "/nonexistent/speech.wav")) { error in
            XCTAssertEqual("\(error)", "/nonexistent/speech.wav: cannot read the file")
        }
        let text = try TestSupport.write("this is not audio", named: "fake.wav")
        XCTAssertThrowsError(try AudioFile.read(path: text)) { error in
            XCTAssertTrue("\(error)".hasPrefix("\(text): not an audio file"), "\(error)")
        }
        let empty = try TestSupport.write(Data(), named: "empty.wav")
        XCTAssertThrowsError(try AudioFile.read(path: empty))
    }

    func testRandomCorruptionsGiveErrorsNotCrashes() throws {
        let path = try TestSupport.wav((0..<400).map { 0.3 * sin(Double($0) / 5) }, rate: 16000)
        let good = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let directory = try TestSupport.temporaryDirectory()
        var rejected = 0
        for trial in 0..<300 {
            let random = CounterRandom(seed: UInt64(trial), path: "wav-corruption")
            var bytes = good
            // Corrupt the header mostly: that is where a parser can be misled.
            for edit in 0..<(1 + Int(random.bits(0) % 4)) {
                let r = random.bits(UInt64(edit + 1))
                let position = Int(r % UInt64((r >> 60) == 0 ? bytes.count : 64))
                bytes[position] = UInt8(truncatingIfNeeded: r >> 40)
            }
            if random.bits(9) % 4 == 0 { bytes.removeLast(Int(random.bits(10) % UInt64(bytes.count))) }
            let file = directory.appendingPathComponent("c\(trial).wav")
            try Data(bytes).write(to: file)
            do {
                let clip = try AudioFile.read(path: file.path)
                XCTAssertTrue(clip.samples.allSatisfy(\.isFinite))
                XCTAssertGreaterThan(clip.frameCount, 0)
            } catch let error as SensorError {
                rejected += 1
                XCTAssertTrue(error.description.hasPrefix(file.path + ": "), error.description)
                XCTAssertFalse(error.description.contains("\n"))
            }
        }
        XCTAssertGreaterThan(rejected, 30)
    }

    func testPCM16Conversion() {
        XCTAssertEqual(PCM16.samples([0, 0.5, -1, 1, 2, -2, .nan]), [0, 16384, -32768, 32767, 32767, -32768, 0])
    }
}
