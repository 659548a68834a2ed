import XCTest
import Emulation
@testable import Peripherals

/// RNG: bytes from the seed at a fixed rate, bias correction slower, the VALRDY→STOP shortcut.
/// TEMP: DATARDY after 36 µs with the sensor's temperature in quarter degrees.
final class RNGAndTEMPTests: XCTestCase {
    private let rng: UInt32 = 0x4000_D000
    private let temp: UInt32 = 0x4000_C000

    private func bytes(seed: UInt64, count: Int, biasCorrection: Bool = false) -> [UInt32] {
        let rig = SystemPeripheralRig(["RNG"], seed: seed)
        if biasCorrection { rig.write(rng + 0x504, 1) }
        rig.write(rng + 0x000, 1)
        var values: [UInt32] = []
        let period = SystemPeripheralRig.microseconds(biasCorrection ? 120 : 30)
        for n in 1...count {
            rig.advance(to: UInt64(n) * period - 1)
            XCTAssertEqual(rig.read(rng + 0x100), 0, "not before its time")
            rig.advance(to: UInt64(n) * period)
            XCTAssertEqual(rig.read(rng + 0x100), 1, "VALRDY")
            rig.write(rng + 0x100, 0)
            values.append(rig.read(rng + 0x508))
        }
        return values
    }

    func testValuesComeFromTheSeed() {
        let first = bytes(seed: 1, count: 64)
        XCTAssertEqual(first, bytes(seed: 1, count: 64), "deterministic")
        XCTAssertNotEqual(first, bytes(seed: 2, count: 64))
        XCTAssertTrue(first.allSatisfy { $0 <= 0xFF })
        XCTAssertGreaterThan(Set(first).count, 40, "they vary")
        XCTAssertEqual(bytes(seed: 1, count: 4, biasCorrection: true), Array(first.prefix(4)), "the same sequence, slower")
    }

    func testShortcutStopsAfterOneValue() {
        let rig = SystemPeripheralRig(["RNG"])
        rig.write(rng + 0x200, 1)
        rig.write(rng + 0x304, 1)
        rig.write(rng + 0x000, 1)
        rig.advance(by: SystemPeripheralRig.microseconds(30))
        XCTAssertEqual(rig.lines[13], true)
        XCTAssertNil(rig.scheduler.nextDeadline, "stopped")
    }

    func testTemperatureInQuarterDegrees() {
        let rig = SystemPeripheralRig(["TEMP"])
        rig.write(temp + 0x000, 1)
        rig.advance(by: SystemPeripheralRig.microseconds(36) - 1)
        XCTAssertEqual(rig.read(temp + 0x100), 0)
        rig.advance(by: 1)
        XCTAssertEqual(rig.read(temp + 0x100), 1)
        XCTAssertEqual(rig.read(temp + 0x508), 100, "25 °C without a sensor")

        var asked: [UInt64] = []
        let cold = SystemPeripheralRig(["TEMP"]) { cycle in asked.append(cycle); return -10.3 }
        cold.advance(to: 1000)
        cold.write(temp + 0x000, 1)
        cold.advance(by: 10_000)
        XCTAssertEqual(Int32(bitPattern: cold.read(temp + 0x508)), -41, "-10.3 °C: -41 quarters, two's complement")
        XCTAssertEqual(asked, [1000 + SystemPeripheralRig.microseconds(36)], "the sensor at the conversion's instant")
    }
}
