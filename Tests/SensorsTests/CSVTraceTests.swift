import Foundation
import XCTest
@testable import Sensors

/// CSV traces: units, irregular timing, and every malformed input as one clear error.
final class CSVTraceTests: XCTestCase {
    private func expectError(_ text: String, _ fragments: [String], rate: SampleRate? = nil, file: StaticString = #filePath,
                             line: UInt = #line) {
        XCTAssertThrowsError(try CSVTrace.parse(Data(text.utf8), name: "t.csv", rate: rate), file: file, line: line) { error in
            let message = (error as? SensorError)?.description ?? "\(error)"
            for fragment in fragments {
                XCTAssertTrue(message.contains(fragment), "expected '\(fragment)' in: \(message)", file: file, line: line)
            }
            XCTAssertFalse(message.contains("\n"), file: file, line: line)
        }
    }

    func testUnitsConvertToCanonical() throws {
        let trace = try CSVTrace.parse(Data("""
            time[ms],ax[m/s2],gy(rad/s),mz[gauss],temperature[F],pressure[Pa],humidity
            0,9.80665,3.14159265358979,0.5,212,101325,40
            10,0,0,0,32,0,0
            """.utf8), name: "t.csv", rate: nil)
        XCTAssertEqual(trace.channels.map(\.name), ["ax", "gy", "mz", "temperature", "pressure", "humidity"])
        XCTAssertEqual(trace.times, [0, 0.01])
        let first = Array(trace.values[0..<6])
        let expected = [1.0, 180.0, 50.0, 100.0, 1013.25, 40.0]
        for (a, b) in zip(first, expected) { XCTAssertEqual(a, b, accuracy: 1e-9) }
        XCTAssertEqual(trace.values[9], 0, accuracy: 1e-12)  // 32 °F
        // And back, for device models that report in other units.
        XCTAssertEqual(PhysicalUnit.named("m/s2")!.fromCanonical(1), 9.80665, accuracy: 1e-12)
        XCTAssertEqual(PhysicalUnit.named("F", for: .temperature)!.fromCanonical(100), 212, accuracy: 1e-9)
    }

    func testIrregularSamplesAreInterpolatedLinearly() throws {
        let trace = try CSVTrace.parse(Data("t,temperature\n0,10\n0.1,20\n0.35,10\n1.0,36\n".utf8), name: "t.csv", rate: nil)
        var values: [Double] = []
        trace.evaluate(at: [0, 0.05, 0.1, 0.2, 0.35, 0.675, 1.0, 5.0, -1], outputRate: 10, looping: false, into: &values)
        let expected = [10, 15, 20, 16, 10, 23, 36, 36, 10.0]
        for (a, b) in zip(values, expected) { XCTAssertEqual(a, b, accuracy: 1e-9) }
    }

    func testRowsWithoutTimeUseTheGivenRate() throws {
        let trace = try CSVTrace.parse(Data("ax,ay,az\n0,0,1\n0,0,2\n0,0,3\n".utf8), name: "t.csv", rate: SampleRate(hertz: 50))
        XCTAssertEqual(trace.times, [0, 0.02, 0.04])
        expectError("ax,ay,az\n0,0,1\n", ["t.csv", "no time column", "rate=100Hz"])
    }

    func testFeedingASensorChecksTheRequiredColumns() throws {
        let path = try TestSupport.write("time,ax,ay,az,gx,gy\n0,0,0,1,0,0\n", named: "gesture.csv")
        XCTAssertThrowsError(try SensorConfiguration.parse(sensors: ["imu=\(path)"], noise: [], seed: nil).validate()) { error in
            XCTAssertTrue("\(error)".contains("gesture.csv: sensor imu needs a column gz"), "\(error)")
        }
        // The magnetometer is optional for imu and reads 0 when absent.
        let full = try TestSupport.write("time,ax,ay,az,gx,gy,gz\n0,0,0,1,0,0,5\n1,0,0,1,0,0,5\n", named: "ok.csv")
        var stream = try SensorConfiguration.parse(sensors: ["imu=\(full)"], noise: [], seed: nil).stream(named: "imu")
        XCTAssertEqual(stream.frame(at: 3), [0, 0, 1, 0, 0, 5, 0, 0, 0])
    }

    func testMalformedFilesNameTheLineAndColumn() {
        expectError("time,ax,ay\n0,1,2\n1,1\n", ["t.csv:3:", "expected 3 cells", "found 2"])
        expectError("time,ax,ay\n0,1,2\n1,1,abc\n", ["t.csv:3:3:", "'abc' is not a number", "column 'ay'"])
        expectError("time,ax,ay\n0,1,nan\n", ["t.csv:2:3:", "'nan'"])
        expectError("time,ax[furlongs]\n0,1\n", ["t.csv:1:", "column 2", "unknown unit 'furlongs'", "acceleration"])
        expectError("time[fortnights],ax\n0,1\n", ["t.csv:1:", "unknown time unit"])
        expectError("time,wobble\n0,1\n", ["t.csv:1:", "column 2 'wobble'", "unknown column"])
        expectError("time,ax,ax\n0,1,1\n", ["appears twice"])
        expectError("time,ax\n0,1\n0,2\n", ["t.csv:3:", "not after"])
        expectError("time,ax\n", ["no data rows"])
        expectError("", ["empty"])
        expectError("time\n0\n", ["no sensor columns"])
        XCTAssertThrowsError(try CSVTrace.parse(Data([0x74, 0xff, 0xfe, 0x0a]), name: "t.csv", rate: nil)) { error in
            XCTAssertTrue("\(error)".contains("not UTF-8"))
        }
        XCTAssertThrowsError(try CSVTrace.read(path: "/nonexistent/trace.csv", rate: nil)) { error in
            XCTAssertEqual("\(error)", "/nonexistent/trace.csv: cannot read the file")
        }
    }

    func testRandomCorruptionsGiveErrorsNotCrashes() {
        let good = Array("time[ms],ax[g],ay[g],az[g],gx[dps],gy[dps],gz[dps]\n0,0.01,0.02,1.0,0.1,0.2,0.3\n10,0.02,0.01,0.99,0.2,0.1,0.3\n20,0.0,0.0,1.01,0.0,0.0,0.0\n".utf8)
        var random = CounterRandom(seed: 1, path: "csv-corruption")
        var rejected = 0
        for trial in 0..<2000 {
            var bytes = good
            let edits = 1 + Int(random.bits(UInt64(trial * 16)) % 4)
            for edit in 0..<edits {
                let r = random.bits(UInt64(trial * 16 + edit + 1))
                let position = Int(r % UInt64(bytes.count))
                switch (r >> 32) % 3 {
                case 0: bytes[position] = UInt8(truncatingIfNeeded: r >> 40)
                case 1: bytes.remove(at: position)
                default: bytes.insert(UInt8(truncatingIfNeeded: r >> 48), at: position)
                }
            }
            do {
                let trace = try CSVTrace.parse(Data(bytes), name: "c.csv", rate: nil)
                XCTAssertTrue(trace.values.allSatisfy(\.isFinite))
            } catch let error as SensorError {
                rejected += 1
                XCTAssertTrue(error.description.hasPrefix("c.csv"), error.description)
                XCTAssertFalse(error.description.contains("\n"))
            } catch {
                XCTFail("unexpected error type: \(error)")
            }
            random = CounterRandom(seed: UInt64(trial), path: "csv-corruption")
        }
        XCTAssertGreaterThan(rejected, 500)
    }
}
