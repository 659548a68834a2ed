import XCTest
@testable import Peripherals
import Platforms
import Sensors

/// SAADC: the result formula, saturation, differential mode, oversampling and events.
final class SAADCTests: XCTestCase {
    private let saadc: UInt32 = 0x4000_7000
    private let input = DeviceDescription(name: "sensor", type: "analog", bus: "SAADC", address: 0,
                                          parameters: ["sensor": "temperature", "volts-per-unit": "0.01"])

    private func rig(_ celsius: String = "45C") throws -> ChipRig {
        try ChipRig(devices: [input], sensors: SensorConfiguration.parse(sensors: ["temperature=constant,value=\(celsius)"], noise: [], seed: nil))
    }

    private func sample(_ rig: ChipRig, count: UInt32 = 1) {
        rig.write(saadc + 0x62C, 0x2000_0000)
        rig.write(saadc + 0x630, count)
        rig.write(saadc + 0x000, 1)
        rig.write(saadc + 0x004, 1)
        rig.advance(by: 64 * 1000)
    }

    private func result(_ rig: ChipRig, _ n: Int = 0) -> Int16 {
        let bytes = rig.bus.readBytes(0x2000_0000 + UInt32(2 * n), count: 2) ?? [0, 0]
        return Int16(bitPattern: UInt16(bytes[0]) | UInt16(bytes[1]) << 8)
    }

    func testResultIsVoltageTimesGainOverReference() throws {
        let rig = try rig()
        rig.write(saadc + 0x500, 1)
        rig.write(saadc + 0x510, 1)                    // AIN0: 0.45 V
        rig.write(saadc + 0x518, 0x5 << 8)             // gain 1, internal 0.6 V, TACQ 3 µs
        rig.write(saadc + 0x5F0, 3)                    // 14 bits
        sample(rig)
        XCTAssertEqual(result(rig), Int16((0.45 / 0.6 * 16384).rounded()))
        XCTAssertEqual(rig.read(saadc + 0x104), 1, "END")
        XCTAssertEqual(rig.read(saadc + 0x10C), 1, "RESULTDONE")
        rig.write(saadc + 0x518, 0x5 << 8 | 1 << 12)   // VDD/4 reference
        rig.write(saadc + 0x5F0, 0)                    // 8 bits
        sample(rig)
        XCTAssertEqual(result(rig), Int16((0.45 / (3.3 / 4) * 256).rounded()))
    }

    func testSaturationDifferentialAndOversampling() throws {
        let rig = try rig("150C")                       // 1.5 V
        rig.write(saadc + 0x500, 1)
        rig.write(saadc + 0x510, 1)
        rig.write(saadc + 0x518, 0x7 << 8)             // gain 4: far above full scale
        rig.write(saadc + 0x5F0, 1)                    // 10 bits
        sample(rig)
        XCTAssertEqual(result(rig), 1023, "saturates")
        rig.write(saadc + 0x514, 9)                    // PSELN = VDD
        rig.write(saadc + 0x518, 0x0 << 8 | 1 << 20)   // gain 1/6, differential
        sample(rig)
        XCTAssertEqual(result(rig), Int16(((1.5 - 3.3) / 6 / 0.6 * 512).rounded()), "differential: 2^(10-1)")
        rig.write(saadc + 0x518, 0x0 << 8)
        rig.write(saadc + 0x5F4, 2)                    // 4× oversampling
        rig.write(saadc + 0x62C, 0x2000_0000)
        rig.write(saadc + 0x630, 1)
        rig.write(saadc + 0x000, 1)
        for _ in 0..<3 {
            rig.write(saadc + 0x004, 1)
            rig.advance(by: 64 * 100)
        }
        XCTAssertEqual(rig.read(saadc + 0x634), 0, "three of four conversions: no result yet")
        rig.write(saadc + 0x004, 1)
        rig.advance(by: 64 * 100)
        XCTAssertEqual(rig.read(saadc + 0x634), 1, "the fourth completes the average")
        rig.write(saadc + 0x00C, 1)
        rig.advance(by: 64 * 100)
        XCTAssertEqual(rig.read(saadc + 0x110), 1, "CALIBRATEDONE")
    }
}
