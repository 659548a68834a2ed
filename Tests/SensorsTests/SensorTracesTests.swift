import Foundation
import XCTest
@testable import Sensors

/// The committed example traces load, and mean what their README says.
final class SensorTracesTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("SensorTraces")

    private func path(_ relative: String) -> String { SensorTracesTests.root.appendingPathComponent(relative).path }

    func testKeywordsAreOneSecondAt16kHzAndNotSilent() throws {
        for word in ["yes", "no", "up", "down", "left", "right", "on", "off", "stop", "go"] {
            let clip = try AudioFile.read(path: path("keywords/\(word).wav"))
            XCTAssertEqual(clip.sampleRate, 16000, word)
            XCTAssertEqual(clip.frameCount, 16000, word)
            XCTAssertGreaterThan(TestSupport.meanSquare(clip.samples.map(Double.init)), 1e-4, word)
        }
    }

    func testEdgeImpulseGestureMatchesItsCSV() throws {
        let csv = try CSVTrace.read(path: path("imu/ring.csv"), rate: nil)
        let json = try XCTUnwrap(try EdgeImpulseJSON.read(path: path("imu/ring.json")) as? SampledTrace)
        XCTAssertEqual(json.times.count, csv.times.count)
        // The JSON has six decimals of m/s² and dps.
        for row in stride(from: 0, to: csv.times.count, by: 17) {
            for c in 0..<6 {
                XCTAssertEqual(json.values[row * 6 + c], csv.values[row * 9 + c], accuracy: 1e-6)
            }
        }
    }

    func testEveryTraceFeedsItsSensor() throws {
        let specs = ["mic=\(path("background/hum.wav"))", "imu=\(path("imu/wing.csv"))", "temperature=\(path("environment/temperature.csv"))",
                     "camera=\(path("camera/box"))/"]
        let configuration = try SensorConfiguration.parse(sensors: specs, noise: ["camera:pixel=2"], seed: "1")
        try configuration.validate()
        var temperature = try configuration.stream(named: "temperature")
        XCTAssertEqual(temperature.frame(at: 0)[0], 19, accuracy: 0.3)
        XCTAssertEqual(temperature.frame(at: 599)[0], 23, accuracy: 0.3)
        XCTAssertEqual(try configuration.frameStream().playLength, 5)
        XCTAssertEqual(try CameraLoader.image(path("camera/checker.png")).width, 96)
    }
}
