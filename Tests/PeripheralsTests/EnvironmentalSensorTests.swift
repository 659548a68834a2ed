import XCTest
@testable import Peripherals
import Sensors

/// HTS221, LPS22HB and APDS-9960 register behaviour against their streams.
final class HTS221Tests: XCTestCase {
    func testCalibrationInvertsToTheStreamsValues() throws {
        let rig = try ChipRig()
        let chip = HTS221(clock: rig.clock, humidity: try rig.feed("humidity", ["humidity=constant,value=37.5%RH"]),
                          temperature: try rig.feed("temperature", ["temperature=constant,value=-12.25C"]))
        XCTAssertEqual(ChipRig.readRegisters(chip, 0x0F, count: 1), [0xBC])
        let cal = ChipRig.readRegisters(chip, 0x30 | 0x80, count: 16)
        ChipRig.writeRegister(chip, 0x20, 0x81)
        rig.cycle = 64_000_000
        XCTAssertEqual(ChipRig.readRegisters(chip, 0x27, count: 1), [3])
        let out = ChipRig.readRegisters(chip, 0x28 | 0x80, count: 4)
        let t0 = Double(Int(cal[2]) | Int(cal[5] & 3) << 8) / 8, t1 = Double(Int(cal[3]) | Int(cal[5] >> 2 & 3) << 8) / 8
        let t0Out = Double(ChipRig.int16(cal, 12)), t1Out = Double(ChipRig.int16(cal, 14))
        let celsius = t0 + (Double(ChipRig.int16(out, 2)) - t0Out) * (t1 - t0) / (t1Out - t0Out)
        XCTAssertEqual(celsius, -12.25, accuracy: 0.016)
        let h0 = Double(cal[0]) / 2, h1 = Double(cal[1]) / 2
        let h0Out = Double(ChipRig.int16(cal, 6)), h1Out = Double(ChipRig.int16(cal, 10))
        XCTAssertEqual(h0 + (Double(ChipRig.int16(out, 0)) - h0Out) * (h1 - h0) / (h1Out - h0Out), 37.5, accuracy: 0.004)
        XCTAssertEqual(ChipRig.readRegisters(chip, 0x29, count: 1).count, 1)
        XCTAssertEqual(ChipRig.readRegisters(chip, 0x30, count: 2)[1], cal[0], "without bit 7 the pointer stays")
    }

    func testOneShotClearsWhenDone() throws {
        let rig = try ChipRig()
        let chip = HTS221(clock: rig.clock, humidity: try rig.feed("humidity"), temperature: try rig.feed("temperature"))
        ChipRig.writeRegister(chip, 0x20, 0x80)        // PD, one-shot mode
        ChipRig.writeRegister(chip, 0x21, 0x01)
        XCTAssertEqual(ChipRig.readRegisters(chip, 0x21, count: 1), [1])
        rig.cycle += 64_000_000 / 10
        XCTAssertEqual(ChipRig.readRegisters(chip, 0x21, count: 1), [0])
        XCTAssertEqual(ChipRig.readRegisters(chip, 0x27, count: 1), [3])
        XCTAssertEqual(ChipRig.int16(ChipRig.readRegisters(chip, 0xA8, count: 2), 0), HTS221.humidityCounts(50))
    }
}

final class LPS22HBTests: XCTestCase {
    func testPressureAndTemperatureScales() throws {
        let rig = try ChipRig()
        let chip = LPS22HB(clock: rig.clock, pressure: try rig.feed("pressure", ["pressure=constant,value=1100hPa"]),
                           temperature: try rig.feed("temperature", ["temperature=constant,value=-5C"]))
        XCTAssertEqual(ChipRig.readRegisters(chip, 0x0F, count: 1), [0xB1])
        ChipRig.writeRegister(chip, 0x10, 0x10)        // 1 Hz
        rig.cycle = 64_000_000
        XCTAssertEqual(ChipRig.readRegisters(chip, 0x27, count: 1), [3])
        let bytes = ChipRig.readRegisters(chip, 0x28, count: 5)
        XCTAssertEqual(Int(bytes[0]) | Int(bytes[1]) << 8 | Int(bytes[2]) << 16, 1100 * 4096)
        XCTAssertEqual(ChipRig.int16(bytes, 3), -500)
        XCTAssertEqual(LPS22HB.pressureCounts(5000), 8_388_607, "saturates at 24 bits")
    }
}

final class APDS9960Tests: XCTestCase {
    func testValidBitsAfterIntegrationAndGain() throws {
        let rig = try ChipRig()
        let chip = APDS9960(clock: rig.clock, light: try rig.feed("light", ["light=constant,value=100lux"]),
                            proximity: try rig.feed("proximity", ["proximity=constant,value=300"]))
        XCTAssertEqual(ChipRig.readRegisters(chip, 0x92, count: 1), [0xAB])
        ChipRig.writeRegister(chip, 0x81, 0xF6)        // 10 steps, 27.8 ms
        ChipRig.writeRegister(chip, 0x8F, 0x01)        // AGAIN 4×
        ChipRig.writeRegister(chip, 0x80, 0x07)
        rig.cycle += 64_000_000 * 278 / 100_000 * 10 - 1
        XCTAssertEqual(ChipRig.readRegisters(chip, 0x93, count: 1), [0x02], "proximity valid, ALS still integrating")
        rig.cycle += 1
        XCTAssertEqual(ChipRig.readRegisters(chip, 0x93, count: 1), [0x03])
        let data = ChipRig.readRegisters(chip, 0x94, count: 9)
        XCTAssertEqual(Int(data[0]) | Int(data[1]) << 8, 100 * 4 * 10)
        XCTAssertEqual(Int(data[2]) | Int(data[3]) << 8, 100 * 4 * 10 / 3)
        XCTAssertEqual(data[8], 255, "PDATA saturates at 255")
        ChipRig.writeRegister(chip, 0x8F, 0x03)        // 64×: clear saturates at 1025 × 10
        XCTAssertEqual(chip.clearCounts(), 10_250)
    }
}
