import Sensors

/// The BMI270 accelerometer and gyroscope (I2C address 0x68 on the Nano 33 BLE Sense Rev2;
/// CHIP_ID 0x00 = 0x24), fed by an IMU stream (`ax…az` in g, `gx…gz` in dps).
///
/// Modelled: PWR_CTRL (acc_en, gyr_en, temp_en), ACC_CONF/GYR_CONF output data rates
/// (ODR field 1…13: 25/32 Hz · 2^(odr−1)), ACC_RANGE (±2/4/8/16 g: 16384/8192/4096/2048 LSB/g),
/// GYR_RANGE (±2000/1000/500/250/125 dps: 16.384 · 2^range LSB/dps), DATA_8…DATA_19
/// (0x0C–0x17, saturating), STATUS drdy_acc/drdy_gyr (cleared when the data are read),
/// TEMPERATURE (0 = 23 °C, 512 LSB/K), the initialisation handshake (INIT_CTRL = 1 after the
/// configuration file was written to INIT_DATA makes INTERNAL_STATUS read 1, "init ok" — the
/// file's contents are not checked), CMD soft reset (0xB6). INIT_DATA and FIFO_DATA are ports:
/// the register pointer stays on them. Not modelled: the feature engine (step counter, gesture
/// and any-motion interrupts), FIFO, filter and performance modes, auxiliary interface.
public final class BMI270: RegisterFileDevice {
    private let imu: SensorFeed
    private let temperature: SensorFeed
    private var consumedAccel: Int64 = 0, consumedGyro: Int64 = 0

    public init(address: UInt8 = 0x68, clock: DeviceClock, imu: SensorFeed, temperature: SensorFeed) {
        self.imu = imu
        self.temperature = temperature
        super.init(address: address, clock: clock)
    }

    public override func resetRegisters() {
        registers[0x00] = 0x24   // CHIP_ID
        registers[0x03] = 0x10   // STATUS: cmd_rdy
        registers[0x40] = 0xA8   // ACC_CONF: 100 Hz
        registers[0x41] = 0x02   // ACC_RANGE: ±8 g
        registers[0x42] = 0xA9   // GYR_CONF: 200 Hz
        registers[0x43] = 0x00   // GYR_RANGE: ±2000 dps
        registers[0x7C] = 0x03   // PWR_CONF: advanced power save
    }

    public override func next(after index: UInt8) -> UInt8 {
        index == 0x5E || index == 0x26 ? index : index &+ 1
    }

    /// ODR field value n: 25/32 Hz · 2^(n−1) (8 → 100 Hz).
    static func rate(odr: UInt8) -> SampleRate {
        let n = max(1, min(13, Int(odr & 0xF)))
        return n >= 6 ? SampleRate(hertz: 25 << UInt64(n - 6)) : SampleRate(numerator: 25, denominator: 32 >> UInt64(n - 1))
    }

    var accelRate: SampleRate { BMI270.rate(odr: registers[0x40]) }
    var gyroRate: SampleRate { BMI270.rate(odr: registers[0x42]) }
    var accelOn: Bool { registers[0x7D] & 0x04 != 0 }
    var gyroOn: Bool { registers[0x7D] & 0x02 != 0 }

    /// LSB per g and per dps.
    var accelScale: Double { 16384 / Double(1 << Int(registers[0x41] & 3)) }
    var gyroScale: Double { 16.384 * Double(1 << Int(min(registers[0x43] & 7, 4))) }

    public override func writeRegister(_ index: UInt8, _ value: UInt8) {
        switch index {
        case 0x00...0x23, 0x26:
            return
        case 0x59:
            registers[0x59] = value
            if value & 1 != 0 { registers[0x21] = 0x01 }   // INTERNAL_STATUS: init ok
        case 0x7E where value == 0xB6:
            powerOnReset()
        case 0x7D:
            let before = (accelOn, gyroOn)
            registers[0x7D] = value
            if !before.0 && accelOn { consumedAccel = imu.currentIndex(rate: accelRate) }
            if !before.1 && gyroOn { consumedGyro = imu.currentIndex(rate: gyroRate) }
        case 0x40, 0x42:
            registers[Int(index)] = value
            consumedAccel = imu.currentIndex(rate: accelRate)
            consumedGyro = imu.currentIndex(rate: gyroRate)
        default:
            registers[Int(index)] = value
        }
    }

    private func axis(_ channel: String, rate: SampleRate, scale: Double) -> Int16 {
        guard let c = imu.channelIndex(channel) else { return 0 }
        return RegisterFileDevice.int16Saturating(imu.currentFrame(rate: rate)[c] * scale)
    }

    public override func readRegister(_ index: UInt8) -> UInt8 {
        switch index {
        case 0x03:
            var status: UInt8 = 0x10
            if accelOn && imu.currentIndex(rate: accelRate) > consumedAccel { status |= 0x80 }
            if gyroOn && imu.currentIndex(rate: gyroRate) > consumedGyro { status |= 0x40 }
            return status
        case 0x0C...0x11:
            guard accelOn else { return 0 }
            consumedAccel = imu.currentIndex(rate: accelRate)
            let value = axis(["ax", "ay", "az"][Int(index - 0x0C) / 2], rate: accelRate, scale: accelScale)
            return (index - 0x0C) % 2 == 0 ? RegisterFileDevice.low(value) : RegisterFileDevice.high(value)
        case 0x12...0x17:
            guard gyroOn else { return 0 }
            consumedGyro = imu.currentIndex(rate: gyroRate)
            let value = axis(["gx", "gy", "gz"][Int(index - 0x12) / 2], rate: gyroRate, scale: gyroScale)
            return (index - 0x12) % 2 == 0 ? RegisterFileDevice.low(value) : RegisterFileDevice.high(value)
        case 0x22, 0x23:
            guard registers[0x7D] & 0x08 != 0 else { return index == 0x22 ? 0x00 : 0x80 }  // 0x8000: invalid
            let celsius = temperature.currentFrame(rate: temperature.defaultRate)[0]
            let value = RegisterFileDevice.int16Saturating((celsius - 23) * 512)
            return index == 0x22 ? RegisterFileDevice.low(value) : RegisterFileDevice.high(value)
        default:
            return registers[Int(index)]
        }
    }
}
