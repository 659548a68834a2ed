import XCTest
@testable import Peripherals
import Sensors

/// The LSM9DS1's accelerometer/gyroscope and magnetometer: IDs, scales, saturation, rates and
/// data-ready bits, against streams.
final class LSM9DS1Tests: XCTestCase {
    func testAccelerometerScalesSaturatesAndSignalsNewData() throws {
        let rig = try ChipRig()
        let chip = LSM9DS1AccelGyro(clock: rig.clock, imu: try rig.feed("imu", ["imu=shake,freq=2Hz,amp=3g"]),
                                    temperature: try rig.feed("temperature"))
        XCTAssertEqual(ChipRig.readRegisters(chip, 0x0F, count: 1), [0x68])
        XCTAssertEqual(ChipRig.readRegisters(chip, 0x17, count: 1), [0], "powered down: no data")
        ChipRig.writeRegister(chip, 0x20, 0x60)       // 119 Hz, ±2 g
        XCTAssertEqual(ChipRig.readRegisters(chip, 0x17, count: 1)[0] & 1, 0, "no sample yet")
        rig.cycle = 64_000_000 / 119 + 1              // one period later
        XCTAssertEqual(ChipRig.readRegisters(chip, 0x17, count: 1)[0] & 1, 1, "XLDA")
        let expected = try rig.feed("imu", ["imu=shake,freq=2Hz,amp=3g"]).frame(at: 1, rate: SampleRate(hertz: 119))
        let bytes = ChipRig.readRegisters(chip, 0x28, count: 6)
        XCTAssertEqual(ChipRig.int16(bytes, 4), Int16((expected[2] / 0.061e-3).rounded()), "z: 1 g at 0.061 mg/LSB")
        XCTAssertEqual(ChipRig.readRegisters(chip, 0x27, count: 1)[0] & 1, 0, "read: XLDA clears")
        // At ±2 g a 3 g shake saturates somewhere in the cycle; at ±16 g it does not.
        var extremes = Set<Int16>()
        for n in 2..<120 {
            rig.cycle = UInt64(n) * 64_000_000 / 119 + 1
            extremes.insert(ChipRig.int16(ChipRig.readRegisters(chip, 0x28, count: 2), 0))
        }
        XCTAssertTrue(extremes.contains(32767) && extremes.contains(-32768), "saturates at the 16-bit range")
        ChipRig.writeRegister(chip, 0x20, 0x60 | 0x08)  // FS_XL = 01: ±16 g
        XCTAssertEqual(chip.accelSensitivity, 0.732e-3)
    }

    func testGyroscopeSetsTheSharedRateAndMagnetometerWakesByMode() throws {
        let rig = try ChipRig()
        let chip = LSM9DS1AccelGyro(clock: rig.clock, imu: try rig.feed("imu", ["imu=rotation,rate=100dps,axis-of-rotation=z"]),
                                    temperature: try rig.feed("temperature", ["temperature=constant,value=30C"]))
        ChipRig.writeRegister(chip, 0x10, 0x98)        // ODR_G 238 Hz (100), FS_G 2000 dps (11)
        XCTAssertEqual(chip.rate, SampleRate(hertz: 238), "the gyroscope's ODR drives both")
        rig.cycle = 64_000_000
        let gyro = ChipRig.readRegisters(chip, 0x18, count: 6)
        XCTAssertEqual(ChipRig.int16(gyro, 4), Int16((100 / 70e-3).rounded()), "100 dps at 70 mdps/LSB")
        XCTAssertEqual(ChipRig.int16(ChipRig.readRegisters(chip, 0x15, count: 2), 0), 80, "OUT_TEMP: 16 LSB/°C above 25 °C")
        ChipRig.writeRegister(chip, 0x22, 0x01)        // SW_RESET
        XCTAssertEqual(ChipRig.readRegisters(chip, 0x10, count: 1), [0], "reset")

        let mag = LSM9DS1Magnetometer(clock: rig.clock, field: try rig.feed("imu"))
        XCTAssertEqual(ChipRig.readRegisters(mag, 0x0F, count: 1), [0x3D])
        XCTAssertEqual(ChipRig.readRegisters(mag, 0x27, count: 1), [0], "power-down after reset")
        ChipRig.writeRegister(mag, 0x22, 0x00)         // continuous
        rig.cycle += 64_000_000 / 5
        XCTAssertEqual(ChipRig.readRegisters(mag, 0x27, count: 1)[0] & 0x08, 0x08, "ZYXDA")
        let field = ChipRig.readRegisters(mag, 0x28, count: 6)
        // The rest generator's field: 22, 5, −42 µT; ±4 gauss at 0.14 mgauss (0.014 µT) per LSB.
        XCTAssertEqual(ChipRig.int16(field, 0), Int16((22 / 0.014).rounded()))
        XCTAssertEqual(ChipRig.int16(field, 4), Int16((-42 / 0.014).rounded()))
    }

    func testFIFOQueuesSamplesInContinuousAndFIFOModes() throws {
        let rig = try ChipRig()
        let spec = ["imu=shake,freq=3Hz,amp=0.5g"]
        let chip = LSM9DS1AccelGyro(clock: rig.clock, imu: try rig.feed("imu", spec), temperature: try rig.feed("temperature"))
        let reference = try rig.feed("imu", spec)
        let rate = SampleRate(hertz: 119)
        ChipRig.writeRegister(chip, 0x20, 0x60)          // 119 Hz, ±2 g
        ChipRig.writeRegister(chip, 0x23, 0x02)          // CTRL_REG9: FIFO_EN
        ChipRig.writeRegister(chip, 0x2E, 0xC0 | 10)     // continuous, FTH 10
        rig.cycle = 12 * 64_000_000 / 119 + 1
        XCTAssertEqual(ChipRig.readRegisters(chip, 0x2F, count: 1), [0x80 | 12], "12 unread, above the threshold")
        let oldest = ChipRig.readRegisters(chip, 0x28, count: 6)
        XCTAssertEqual(ChipRig.int16(oldest, 0), Int16((reference.frame(at: 1, rate: rate)[0] / 0.061e-3).rounded()), "the oldest first")
        XCTAssertEqual(ChipRig.readRegisters(chip, 0x2F, count: 1), [0x80 | 11])
        rig.cycle = 60 * 64_000_000 / 119 + 1
        XCTAssertEqual(ChipRig.readRegisters(chip, 0x2F, count: 1), [0x80 | 0x40 | 32], "full, older samples overwritten")
        let next = ChipRig.readRegisters(chip, 0x28, count: 6)
        XCTAssertEqual(ChipRig.int16(next, 0), Int16((reference.frame(at: 29, rate: rate)[0] / 0.061e-3).rounded()), "60 − 32 + 1")

        ChipRig.writeRegister(chip, 0x2E, 0x20)          // FIFO mode: stops when full
        let start = Int64(60)
        rig.cycle = 100 * 64_000_000 / 119 + 1
        XCTAssertEqual(ChipRig.readRegisters(chip, 0x2F, count: 1), [32], "stopped at 32, no overrun")
        let first = ChipRig.readRegisters(chip, 0x28, count: 6)
        XCTAssertEqual(ChipRig.int16(first, 0), Int16((reference.frame(at: start + 1, rate: rate)[0] / 0.061e-3).rounded()))
        ChipRig.writeRegister(chip, 0x2E, 0x00)          // bypass
        XCTAssertEqual(ChipRig.readRegisters(chip, 0x2F, count: 1), [0])
    }
}
