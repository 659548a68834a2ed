import Foundation
import XCTest
@testable import Sensors

/// The Edge Impulse data-acquisition format.
final class EdgeImpulseJSONTests: XCTestCase {
    static let imu = """
        {"protected": {"ver": "v1", "alg": "none", "iat": 1603914126},
         "signature": "0000000000000000000000000000000000000000000000000000000000000000",
         "payload": {"device_name": "ac:87:a3:0a:2d:1b", "device_type": "DISCO-L475VG-IOT01A", "interval_ms": 10,
                     "sensors": [{"name": "accX", "units": "m/s2"}, {"name": "accY", "units": "m/s2"}, {"name": "accZ", "units": "m/s2"},
                                 {"name": "gyrX", "units": "deg/s"}, {"name": "gyrY", "units": "deg/s"}, {"name": "gyrZ", "units": "rad/s"}],
                     "values": [[-9.80665, 0.0, 0.5, 1, 2, 0.5], [0, 9.80665, 0.5, 3, 4, 1]]}}
        """

    func testIMUValuesAndUnits() throws {
        let source = try EdgeImpulseJSON.parse(Data(EdgeImpulseJSONTests.imu.utf8), name: "g.json")
        XCTAssertEqual(source.channels.map(\.name), ["ax", "ay", "az", "gx", "gy", "gz"])
        var values: [Double] = []
        source.evaluate(at: [0, 0.005, 0.01], outputRate: 100, looping: false, into: &values)
        XCTAssertEqual(values[0], -1, accuracy: 1e-12)
        XCTAssertEqual(values[5], 0.5 * 180 / Double.pi, accuracy: 1e-9)
        XCTAssertEqual(values[6], -0.5, accuracy: 1e-12)  // halfway between the two rows
        XCTAssertEqual(values[13], 1, accuracy: 1e-12)
        XCTAssertEqual(source.duration!, 0.02, accuracy: 1e-12)
    }

    func testAudioIsARecordingAtTheIntervalsRate() throws {
        let samples = (0..<1600).map { Int(10000 * sin(2 * Double.pi * 500 * Double($0) / 16000)) }
        let json = """
            {"protected": {"ver": "v1", "alg": "HS256"}, "signature": "x",
             "payload": {"device_type": "MOBILE_CLIENT", "interval_ms": 0.0625, "sensors": [{"name": "audio", "units": "wav"}],
                         "values": [\(samples.map(String.init).joined(separator: ","))]}}
            """
        let source = try EdgeImpulseJSON.parse(Data(json.utf8), name: "a.json")
        let audio = try XCTUnwrap(source as? AudioSource)
        XCTAssertEqual(audio.sampleRate, 16000)
        XCTAssertEqual(Double(audio.samples[4]), 10000.0 / 32768 * sin(2 * Double.pi * 500 * 4 / 16000), accuracy: 1e-4)
    }

    func testMalformedFilesNameTheKey() {
        func expectError(_ json: String, _ fragment: String, line: UInt = #line) {
            XCTAssertThrowsError(try EdgeImpulseJSON.parse(Data(json.utf8), name: "e.json"), line: line) { error in
                XCTAssertTrue("\(error)".hasPrefix("e.json: "), "\(error)", line: line)
                XCTAssertTrue("\(error)".contains(fragment), "expected '\(fragment)' in \(error)", line: line)
            }
        }
        expectError("{\"payload\": ", "not valid JSON")
        expectError("[1, 2]", "JSON object")
        expectError("{}", "payload: missing")
        expectError(#"{"payload": {"interval_ms": -1}}"#, "payload.interval_ms")
        expectError(#"{"payload": {"interval_ms": 10, "sensors": []}}"#, "payload.sensors")
        expectError(#"{"payload": {"interval_ms": 10, "sensors": [{"name": "flux", "units": "T"}]}}"#, "payload.sensors[0].name: unknown sensor 'flux'")
        expectError(#"{"payload": {"interval_ms": 10, "sensors": [{"name": "accX", "units": "furlong/s2"}]}}"#, "payload.sensors[0].units: unknown unit")
        expectError(#"{"payload": {"interval_ms": 10, "sensors": [{"name": "accX", "units": "g"}, {"name": "accY", "units": "g"}], "values": [[1, 2], [3]]}}"#,
                    "payload.values[1]: expected 2 numbers, found 1")
        expectError(#"{"payload": {"interval_ms": 10, "sensors": [{"name": "accX", "units": "g"}], "values": [1, "x"]}}"#,
                    "payload.values[1][0]: expected a number")
    }

    func testRandomCorruptionsGiveErrorsNotCrashes() {
        let good = Array(EdgeImpulseJSONTests.imu.utf8)
        var parsed = 0
        for trial in 0..<1500 {
            let random = CounterRandom(seed: UInt64(trial), path: "json-corruption")
            var bytes = good
            for edit in 0..<(1 + Int(random.bits(0) % 3)) {
                let r = random.bits(UInt64(edit + 1))
                let position = Int(r % UInt64(bytes.count))
                if (r >> 32) % 2 == 0 { bytes[position] = UInt8(truncatingIfNeeded: r >> 40) } else { bytes.remove(at: position) }
            }
            do {
                _ = try EdgeImpulseJSON.parse(Data(bytes), name: "c.json")
                parsed += 1
            } catch let error as SensorError {
                XCTAssertTrue(error.description.hasPrefix("c.json: "), error.description)
                XCTAssertFalse(error.description.contains("\n"), error.description)
            } catch {
                XCTFail("unexpected error type: \(error)")
            }
        }
        XCTAssertLessThan(parsed, 1500)
    }
}
