import XCTest
@testable import Sensors

/// The same inputs and seed give the same samples, however they are pulled.
final class DeterminismTests: XCTestCase {
    private let noise = ["imu:gain=1.02,bias.gz=0.5dps,drift=0.05dps,sigma=0.01g,spike=0.01,stuck=0.005,dropout=0.002,jitter=100us,ppm=30,bits=16"]

    private func stream(seed: String) throws -> SensorStream {
        try SensorConfiguration.parse(sensors: ["imu=gesture,shape=wing"], noise: noise, seed: seed).stream(named: "imu")
    }

    func testSameSeedGivesIdenticalSamples() throws {
        var a = try stream(seed: "7"), b = try stream(seed: "7")
        XCTAssertEqual(a.read(from: 0, count: 2000), b.read(from: 0, count: 2000))
    }

    func testDifferentSeedsDiffer() throws {
        var a = try stream(seed: "7"), b = try stream(seed: "8")
        XCTAssertNotEqual(a.read(from: 0, count: 100).values, b.read(from: 0, count: 100).values)
    }

    func testChunkingAndSeekingDoNotChangeTheSamples() throws {
        var whole = try stream(seed: "42")
        let reference = whole.read(from: 0, count: 1000).values
        var chunked = try stream(seed: "42")
        var pieces: [Double] = []
        for (start, size) in [(0, 1), (1, 99), (100, 400), (500, 500)] {
            pieces += chunked.read(from: Int64(start), count: size).values
        }
        XCTAssertEqual(pieces, reference)
        // Jumping ahead, then back, gives the same values as reading straight through.
        var seeking = try stream(seed: "42")
        let late = seeking.read(from: 700, count: 300).values
        let early = seeking.read(from: 0, count: 700).values
        XCTAssertEqual(early + late, reference)
    }

    func testEachChannelAndStageHasItsOwnNoise() throws {
        var stream = try SensorConfiguration.parse(sensors: ["accel=rest"], noise: ["accel:sigma=0.1g"], seed: "3").stream(named: "accel")
        let block = stream.read(from: 0, count: 500)
        XCTAssertNotEqual(block.channel(0), block.channel(1))
        let correlation = zip(block.channel(0), block.channel(1)).reduce(0) { $0 + $1.0 * $1.1 } / 500 / 0.01
        XCTAssertEqual(correlation, 0, accuracy: 0.15)
    }

    func testRandomNumbersAreFixedForever() {
        // Pinned values: a change to the generator (which would change every user's traces) fails here.
        let random = CounterRandom(seed: 7, path: "mic/gaussian/audio")
        XCTAssertEqual(random.bits(0), CounterRandom(seed: 7, path: "mic/gaussian/audio").bits(0))
        let pinned = (0..<3).map { random.bits($0) }
        XCTAssertEqual(pinned, DeterminismTests.pinnedBits, "\(pinned)")
        // Uniforms are uniform: mean 1/2, variance 1/12 over 100000 draws.
        let draws = (0..<100_000).map { random.uniform(UInt64($0)) }
        XCTAssertEqual(TestSupport.mean(draws), 0.5, accuracy: 0.003)
        XCTAssertEqual(TestSupport.standardDeviation(draws), (1.0 / 12).squareRoot(), accuracy: 0.002)
    }

    static let pinnedBits: [UInt64] = [2_908_532_582_131_727_186, 17_791_154_610_523_055_184, 9_387_339_952_207_793_823]
}
