import XCTest
@testable import Peripherals
import Platforms
import Sensors

/// The Nano 33 BLE Sense Rev2's chips: BMI270, BMM150 (with Bosch's compensation applied to
/// its trims), HS3003, and the nano33-rev2 board that swaps them in.
final class BMI270Tests: XCTestCase {
    func testIDRatesScalesAndDataReady() throws {
        let rig = try ChipRig()
        let chip = BMI270(clock: rig.clock, imu: try rig.feed("imu", ["imu=rotation,rate=-300dps,axis-of-rotation=y"]),
                          temperature: try rig.feed("temperature", ["temperature=constant,value=25C"]))
        XCTAssertEqual(ChipRig.readRegisters(chip, 0x00, count: 1), [0x24])
        ChipRig.writeRegister(chip, 0x59, 0x00)
        chip.begin(read: false)
        _ = chip.write(0x5E)
        for byte in 0..<64 { _ = chip.write(UInt8(byte)) }   // a burst into INIT_DATA stays on the port
        XCTAssertEqual(chip.pointer, 0x5E)
        ChipRig.writeRegister(chip, 0x59, 0x01)
        XCTAssertEqual(ChipRig.readRegisters(chip, 0x21, count: 1), [0x01], "INTERNAL_STATUS: init ok")
        ChipRig.writeRegister(chip, 0x41, 0x00)         // ±2 g
        ChipRig.writeRegister(chip, 0x43, 0x01)         // ±1000 dps
        ChipRig.writeRegister(chip, 0x7D, 0x0E)         // acc, gyr, temp on
        XCTAssertEqual(BMI270.rate(odr: 0x08), SampleRate(hertz: 100))
        XCTAssertEqual(BMI270.rate(odr: 0x01), SampleRate(numerator: 25, denominator: 32))
        XCTAssertEqual(ChipRig.readRegisters(chip, 0x03, count: 1)[0] & 0xC0, 0, "no new data yet")
        rig.cycle = 64_000_000
        XCTAssertEqual(ChipRig.readRegisters(chip, 0x03, count: 1)[0] & 0xC0, 0xC0, "drdy_acc, drdy_gyr")
        let data = ChipRig.readRegisters(chip, 0x0C, count: 12)
        XCTAssertEqual(ChipRig.readRegisters(chip, 0x03, count: 1)[0] & 0xC0, 0, "cleared by reading the data")
        XCTAssertEqual(ChipRig.int16(data, 8), Int16((-300 * 32.768).rounded()), "gy at 32.768 LSB/dps")
        let frame = try rig.feed("imu", ["imu=rotation,rate=-300dps,axis-of-rotation=y"]).frame(at: 100, rate: SampleRate(hertz: 100))
        XCTAssertEqual(ChipRig.int16(data, 0), RegisterFileDevice.int16Saturating(frame[0] * 16384), "ax at 16384 LSB/g")
        XCTAssertEqual(ChipRig.int16(ChipRig.readRegisters(chip, 0x22, count: 2), 0), 1024, "2 K above 23 °C at 512 LSB/K")
        ChipRig.writeRegister(chip, 0x7E, 0xB6)
        XCTAssertEqual(ChipRig.readRegisters(chip, 0x7D, count: 1), [0], "soft reset")
    }
}

final class BMM150Tests: XCTestCase {
    /// Bosch's floating-point compensation (BMM150 API), from the trim registers.
    private func compensate(_ r: [UInt8], x: Int16, y: Int16, z: Int16, rhall: UInt16) -> (Float, Float, Float) {
        func s8(_ i: Int) -> Float { Float(Int8(bitPattern: r[i])) }
        func s16(_ i: Int) -> Float { Float(Int16(bitPattern: UInt16(r[i]) | UInt16(r[i + 1]) << 8)) }
        func u16(_ i: Int) -> Float { Float(UInt16(r[i]) | UInt16(r[i + 1] & 0x7F) << 8) }
        let digX1 = s8(0x5D), digY1 = s8(0x5E), digZ4 = s16(0x62), digX2 = s8(0x64), digY2 = s8(0x65)
        let digZ2 = s16(0x68), digZ1 = u16(0x6A), digXYZ1 = u16(0x6C), digZ3 = s16(0x6E)
        let digXY2 = s8(0x70), digXY1 = Float(r[0x71])
        let h = Float(rhall)
        func xy(_ raw: Int16, _ d1: Float, _ d2: Float) -> Float {
            let r0 = digXYZ1 * 16384 / h - 16384
            let c1 = digXY2 * (r0 * r0 / 268_435_456)
            let c2 = c1 + r0 * digXY1 / 16384
            let c4 = Float(raw) * ((c2 + 256) * (d2 + 160))
            return (c4 / 8192 + d1 * 8) / 16
        }
        let z0 = Float(z) - digZ4, z1 = h - digXYZ1, z2 = digZ3 * z1
        let z4 = digZ2 + digZ1 * h / 32768
        let zOut = ((z0 * 131_072 - z2) / (z4 * 4)) / 16
        return (xy(x, digX1, digX2), xy(y, digY1, digY2), zOut)
    }

    func testSuspendedUntilPoweredAndCompensationGivesMicrotesla() throws {
        let rig = try ChipRig()
        let chip = BMM150(clock: rig.clock, field: try rig.feed("imu"))
        XCTAssertEqual(ChipRig.readRegisters(chip, 0x40, count: 1), [0], "suspended: CHIP_ID reads 0")
        ChipRig.writeRegister(chip, 0x4B, 0x01)
        XCTAssertEqual(ChipRig.readRegisters(chip, 0x40, count: 1), [0x32])
        ChipRig.writeRegister(chip, 0x4C, 0x00)         // normal mode, 10 Hz
        rig.cycle = 64_000_000
        let trims = ChipRig.readRegisters(chip, 0x00, count: 0x72)
        let data = ChipRig.readRegisters(chip, 0x42, count: 8)
        XCTAssertEqual(data[6] & 1, 1, "data ready")
        let x = Int16(bitPattern: UInt16(data[0]) | UInt16(data[1]) << 8) >> 3
        let y = Int16(bitPattern: UInt16(data[2]) | UInt16(data[3]) << 8) >> 3
        let z = Int16(bitPattern: UInt16(data[4]) | UInt16(data[5]) << 8) >> 1
        let rhall = (UInt16(data[6]) | UInt16(data[7]) << 8) >> 2
        let (mx, my, mz) = compensate(trims, x: x, y: y, z: z, rhall: rhall)
        // The rest generator's field: 22, 5, −42 µT.
        XCTAssertEqual(mx, 22, accuracy: 0.31)
        XCTAssertEqual(my, 5, accuracy: 0.31)
        XCTAssertEqual(mz, -42, accuracy: 0.31)
    }
}

final class HS3003Tests: XCTestCase {
    func testMeasurementRequestThenFreshThenStale() throws {
        let rig = try ChipRig()
        let chip = HS3003(clock: rig.clock, humidity: try rig.feed("humidity", ["humidity=constant,value=42%RH"]),
                          temperature: try rig.feed("temperature", ["temperature=constant,value=19C"]))
        chip.begin(read: false)                          // measurement request
        chip.end()
        rig.cycle = 64_000_000 / 10
        chip.begin(read: true)
        let bytes = (0..<4).map { _ in chip.read() }
        XCTAssertEqual(bytes[0] >> 6, 0, "valid")
        let humidity = Double(UInt16(bytes[0] & 0x3F) << 8 | UInt16(bytes[1])) / 16383 * 100
        let celsius = Double((UInt16(bytes[2]) << 8 | UInt16(bytes[3])) >> 2) / 16383 * 165 - 40
        XCTAssertEqual(humidity, 42, accuracy: 0.01)
        XCTAssertEqual(celsius, 19, accuracy: 0.02)
        chip.begin(read: true)
        XCTAssertEqual(chip.read() >> 6, 1, "read again without a request: stale")
    }

    func testRev2BoardSwapsTheChips() throws {
        let board = try XCTUnwrap(PlatformCatalog.builtin(named: "nano33-rev2"))
        XCTAssertEqual(Set(board.devices.map(\.type)), ["bmi270", "bmm150", "hs3003", "lps22hb", "apds9960", "mp34dt06"])
        let rig = try ChipRig(devices: board.devices)
        XCTAssertNotNil(rig.chip)
    }
}
