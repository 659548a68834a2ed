import Sensors

/// The LSM9DS1's accelerometer and gyroscope (I2C address 0x6B on the Nano 33 BLE Sense;
/// WHO_AM_I 0x0F = 0x68), fed by an IMU stream (`ax…az` in g, `gx…gz` in dps).
///
/// Modelled: CTRL_REG1_G (ODR_G, FS_G), CTRL_REG6_XL (ODR_XL, FS_XL), CTRL_REG8 (IF_ADD_INC,
/// SW_RESET, BOOT), STATUS_REG (0x17 and 0x27: XLDA, GDA, TDA), OUT_TEMP (16 LSB/°C, 0 at
/// 25 °C, from the `temperature` stream, 25 °C by default), OUT_X/Y/Z_G (0x18–0x1D) and
/// OUT_X/Y/Z_XL (0x28–0x2D) at the datasheet's sensitivities (0.061/0.122/0.244/0.732 mg/LSB
/// for ±2/4/8/16 g; 8.75/17.50/70 mdps/LSB for 245/500/2000 dps), saturating at the 16-bit
/// range. With the gyroscope on, both run at the gyroscope's ODR (14.9…952 Hz); with it off
/// the accelerometer runs at ODR_XL (10…952 Hz). Samples come from the stream at that rate:
/// the sample due at the current virtual time, read when firmware reads the output
/// registers; data-ready bits rise when a newer sample than the last one read is due.
/// FIFO basics: with CTRL_REG9.FIFO_EN and FIFO_CTRL.FMODE FIFO (001: stops when 32 samples
/// are stored) or continuous (110, and the mixed modes treated as continuous: the oldest
/// samples are overwritten, FIFO_SRC.OVRN set), FIFO_SRC counts unread samples (FSS) and
/// compares them with FTH; the output registers then return the oldest unread sample, which is
/// consumed when OUT_Z_H_XL (or, with the accelerometer off, OUT_Z_H_G) is read.
/// Not modelled: filters (BW, HPF), interrupts and interrupt generators, self-test,
/// sleep/low-power modes (data just follows ODR), BDU (a sample never tears: each read
/// returns the sample due at that instant, which changes only at ODR boundaries).
public final class LSM9DS1AccelGyro: RegisterFileDevice {
    private let imu: SensorFeed
    private let temperature: SensorFeed
    /// The index of the last sample read, per sensor, at the rate then in force.
    private var consumedAccel: Int64 = 0, consumedGyro: Int64 = 0, consumedTemperature: Int64 = 0
    private var rateAtConsumption: SampleRate?
    /// FIFO: the index of the last sample taken out (samples after it are queued), where
    /// collecting started, and whether samples were lost.
    private var fifoRead: Int64 = 0, fifoStart: Int64 = 0
    private var fifoOverrun = false

    public init(address: UInt8 = 0x6B, clock: DeviceClock, imu: SensorFeed, temperature: SensorFeed) {
        self.imu = imu
        self.temperature = temperature
        super.init(address: address, clock: clock)
    }

    static let whoAmI: UInt8 = 0x0F
    static let ctrlReg1G: UInt8 = 0x10
    static let statusReg: UInt8 = 0x17, statusReg2: UInt8 = 0x27
    static let ctrlReg6XL: UInt8 = 0x20
    static let ctrlReg8: UInt8 = 0x22

    public override func resetRegisters() {
        registers[0x0F] = 0x68          // WHO_AM_I
        registers[0x22] = 0x04          // CTRL_REG8: IF_ADD_INC
        registers[0x1F] = 0x38          // CTRL_REG5_XL: X, Y, Z enabled
        registers[0x1E] = 0x38          // CTRL_REG4: gyro X, Y, Z enabled
    }

    public override func decodePointer(_ byte: UInt8) -> (register: UInt8, increments: Bool) {
        (byte & 0x7F, registers[0x22] & 0x04 != 0)
    }

    /// The output data rate in force: the gyroscope's when it is on (both sensors then share
    /// it), else the accelerometer's; nil when both are powered down.
    var rate: SampleRate? {
        let gyroODR = Int(registers[0x10] >> 5)
        if gyroODR != 0 {
            let rates: [SampleRate] = [SampleRate(hertz: 1), SampleRate(numerator: 149, denominator: 10),
                                       SampleRate(numerator: 595, denominator: 10), SampleRate(hertz: 119),
                                       SampleRate(hertz: 238), SampleRate(hertz: 476), SampleRate(hertz: 952),
                                       SampleRate(hertz: 952)]
            return rates[gyroODR]
        }
        let accelODR = Int(registers[0x20] >> 5)
        guard accelODR != 0 else { return nil }
        let rates: [UInt64] = [1, 10, 50, 119, 238, 476, 952, 952]
        return SampleRate(hertz: rates[accelODR])
    }

    var gyroOn: Bool { registers[0x10] >> 5 != 0 }
    var accelOn: Bool { rate != nil }

    /// g per LSB for FS_XL (00 ±2 g, 01 ±16 g, 10 ±4 g, 11 ±8 g).
    var accelSensitivity: Double {
        [0.061e-3, 0.732e-3, 0.122e-3, 0.244e-3][Int(registers[0x20] >> 3 & 3)]
    }

    /// dps per LSB for FS_G (00 245 dps, 01 500 dps, 10 not available (read as 245), 11 2000 dps).
    var gyroSensitivity: Double {
        [8.75e-3, 17.50e-3, 8.75e-3, 70e-3][Int(registers[0x10] >> 3 & 3)]
    }

    private var currentIndex: Int64? {
        rate.map { imu.currentIndex(rate: $0) }
    }

    /// Re-bases the data-ready bookkeeping when the rate changes (a new ODR starts afresh: the
    /// first sample is ready one period after the change).
    private func rateChanged() {
        guard let rate else { return }
        let index = imu.currentIndex(rate: rate)
        consumedAccel = index
        consumedGyro = index
        consumedTemperature = index
        rateAtConsumption = rate
        restartFIFO()
    }

    private var fifoOn: Bool { registers[0x23] & 0x02 != 0 && registers[0x2E] >> 5 != 0 }
    private var fifoStopsWhenFull: Bool { registers[0x2E] >> 5 == 1 }

    private func restartFIFO() {
        let index = currentIndex ?? 0
        fifoRead = index
        fifoStart = index
        fifoOverrun = false
    }

    /// Unread samples in the FIFO (at most 32), dropping the oldest in continuous mode.
    private var fifoUnread: Int64 {
        guard fifoOn, let index = currentIndex else { return 0 }
        let newest = fifoStopsWhenFull ? min(index, fifoStart + 32) : index
        if newest - fifoRead > 32 {
            fifoRead = newest - 32
            fifoOverrun = true
        }
        return max(0, newest - fifoRead)
    }

    /// The sample the output registers show: the oldest unread in the FIFO, else the current.
    private var outputIndex: Int64? {
        guard let index = currentIndex else { return nil }
        guard fifoOn else { return index }
        return fifoUnread > 0 ? fifoRead + 1 : fifoRead
    }

    public override func writeRegister(_ index: UInt8, _ value: UInt8) {
        switch index {
        case 0x0F, 0x15...0x1D, 0x26...0x2D, 0x2F:
            return  // read-only
        case 0x22 where value & 0x81 != 0:
            // SW_RESET / BOOT: back to the power-on values.
            powerOnReset()
            return
        default:
            break
        }
        let before = rate
        registers[Int(index)] = value
        if rate != before { rateChanged() }
        if index == 0x23 || index == 0x2E { restartFIFO() }
    }

    private var status: UInt8 {
        guard let index = currentIndex else { return 0 }
        var bits: UInt8 = 0
        if accelOn && index > consumedAccel { bits |= 0x01 }
        if gyroOn && index > consumedGyro { bits |= 0x02 }
        if index > consumedTemperature { bits |= 0x04 }
        return bits
    }

    private func sample(_ channel: String, sensitivity: Double) -> Int16 {
        guard let rate, let index = outputIndex, let c = imu.channelIndex(channel) else { return 0 }
        let value = imu.frame(at: index, rate: rate)[c]
        return RegisterFileDevice.int16Saturating(value / sensitivity)
    }

    public override func readRegister(_ index: UInt8) -> UInt8 {
        switch index {
        case 0x17, 0x27:
            return status
        case 0x15, 0x16:
            // OUT_TEMP: 16 LSB/°C, 0 at 25 °C.
            consumedTemperature = currentIndex ?? consumedTemperature
            let celsius = temperature.currentFrame(rate: rate ?? SampleRate(hertz: 1))[0]
            let value = RegisterFileDevice.int16Saturating((celsius - 25) * 16)
            return index == 0x15 ? RegisterFileDevice.low(value) : RegisterFileDevice.high(value)
        case 0x18...0x1D:
            guard gyroOn else { return registers[Int(index)] }
            consumedGyro = currentIndex ?? consumedGyro
            let axis = ["gx", "gy", "gz"][Int(index - 0x18) / 2]
            let value = sample(axis, sensitivity: gyroSensitivity)
            if index == 0x1D && !accelOn && fifoUnread > 0 { fifoRead += 1 }
            return (index - 0x18) % 2 == 0 ? RegisterFileDevice.low(value) : RegisterFileDevice.high(value)
        case 0x28...0x2D:
            guard accelOn else { return registers[Int(index)] }
            consumedAccel = currentIndex ?? consumedAccel
            let axis = ["ax", "ay", "az"][Int(index - 0x28) / 2]
            let value = sample(axis, sensitivity: accelSensitivity)
            if index == 0x2D && fifoUnread > 0 { fifoRead += 1 }
            return (index - 0x28) % 2 == 0 ? RegisterFileDevice.low(value) : RegisterFileDevice.high(value)
        case 0x2F:
            // FIFO_SRC: FTH, OVRN, FSS.
            let unread = fifoUnread
            let threshold = Int64(registers[0x2E] & 0x1F)
            return (threshold > 0 && unread >= threshold ? 0x80 : 0) | (fifoOverrun ? 0x40 : 0) | UInt8(unread)
        default:
            return registers[Int(index)]
        }
    }
}

/// The LSM9DS1's magnetometer (I2C address 0x1E on the Nano 33 BLE Sense; WHO_AM_I_M 0x0F =
/// 0x3D), fed by the `mx…mz` channels (µT) of an IMU or `mag` stream.
///
/// Modelled: CTRL_REG1_M (DO: 0.625…80 Hz; FAST_ODR is treated as 80 Hz), CTRL_REG2_M (FS:
/// ±4/8/12/16 gauss at 0.14/0.29/0.43/0.58 mgauss/LSB; SOFT_RST, REBOOT), CTRL_REG3_M (MD:
/// continuous, single conversion, power-down — the reset value is power-down), STATUS_REG_M
/// (ZYXDA and the per-axis bits), OUT_X/Y/Z_L/H_M (0x28–0x2D), saturating. The register
/// pointer always advances on multi-byte access (bit 7 of the sub-address is ignored).
/// Not modelled: offsets (OFFSET_*_REG_M are storage), interrupts, temperature compensation,
/// operating-mode noise differences.
public final class LSM9DS1Magnetometer: RegisterFileDevice {
    private let field: SensorFeed
    private var consumed: Int64 = 0
    /// A single conversion's sample index, while MD = single.
    private var singleIndex: Int64?

    public init(address: UInt8 = 0x1E, clock: DeviceClock, field: SensorFeed) {
        self.field = field
        super.init(address: address, clock: clock)
    }

    public override func resetRegisters() {
        registers[0x0F] = 0x3D
        registers[0x20] = 0x10      // CTRL_REG1_M: DO = 10 Hz
        registers[0x22] = 0x03      // CTRL_REG3_M: power-down
    }

    public override func decodePointer(_ byte: UInt8) -> (register: UInt8, increments: Bool) {
        (byte & 0x7F, true)
    }

    var rate: SampleRate {
        if registers[0x20] & 0x02 != 0 { return SampleRate(hertz: 80) }  // FAST_ODR: at least 80 Hz
        let rates = [SampleRate(numerator: 5, denominator: 8), SampleRate(numerator: 5, denominator: 4),
                     SampleRate(numerator: 5, denominator: 2), SampleRate(hertz: 5), SampleRate(hertz: 10),
                     SampleRate(hertz: 20), SampleRate(hertz: 40), SampleRate(hertz: 80)]
        return rates[Int(registers[0x20] >> 2 & 7)]
    }

    /// µT per LSB (1 gauss = 100 µT).
    var sensitivity: Double {
        [0.14e-3, 0.29e-3, 0.43e-3, 0.58e-3][Int(registers[0x21] >> 5 & 3)] * 100
    }

    private var mode: UInt8 { registers[0x22] & 3 }

    public override func writeRegister(_ index: UInt8, _ value: UInt8) {
        switch index {
        case 0x0F, 0x27...0x2D, 0x31:
            return
        case 0x21 where value & 0x0C != 0:
            powerOnReset()
            return
        default:
            break
        }
        let before = (rate, mode)
        registers[Int(index)] = value
        if index == 0x22 && value & 3 == 1 {
            // Single conversion: the next sample, after which the chip powers down.
            singleIndex = field.currentIndex(rate: rate) + 1
        }
        if before.0 != rate || before.1 != mode { consumed = field.currentIndex(rate: rate) }
    }

    /// The sample the output registers hold now, if any: the current one in continuous mode;
    /// after a single conversion, that conversion's (the chip then idles in power-down).
    private var availableIndex: Int64? {
        if mode == 0 { return field.currentIndex(rate: rate) }
        guard let single = singleIndex, field.currentIndex(rate: rate) >= single else { return nil }
        registers[0x22] |= 3
        return single
    }

    public override func readRegister(_ index: UInt8) -> UInt8 {
        switch index {
        case 0x27:
            guard let available = availableIndex, available > consumed else { return 0 }
            return 0x0F  // ZYXDA, ZDA, YDA, XDA
        case 0x28...0x2D:
            guard let available = availableIndex else { return registers[Int(index)] }
            consumed = available
            let axis = ["mx", "my", "mz"][Int(index - 0x28) / 2]
            guard let c = field.channelIndex(axis) else { return 0 }
            let value = RegisterFileDevice.int16Saturating(field.frame(at: available, rate: rate)[c] / sensitivity)
            registers[Int(index)] = (index - 0x28) % 2 == 0 ? RegisterFileDevice.low(value) : RegisterFileDevice.high(value)
            return registers[Int(index)]
        default:
            return registers[Int(index)]
        }
    }
}
