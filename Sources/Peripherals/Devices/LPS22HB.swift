import Sensors

/// The LPS22HB barometer (I2C address 0x5C; WHO_AM_I 0x0F = 0xB1), fed by the `pressure`
/// (hPa) and `temperature` (°C) streams.
///
/// Modelled: CTRL_REG1 (ODR: one-shot/power-down, 1, 10, 25, 50, 75 Hz), CTRL_REG2 (ONE_SHOT,
/// cleared when the conversion is done — after 1/75 s, an assumption: the datasheet gives no
/// single figure —, IF_ADD_INC, SWRESET, BOOT), STATUS (P_DA, T_DA), PRESS_OUT_XL/L/H (24-bit,
/// 4096 LSB/hPa) and TEMP_OUT_L/H (100 LSB/°C), saturating. Not modelled: the low-pass filter,
/// FIFO, interrupts and thresholds, reference pressure and RPDS offset (storage only).
public final class LPS22HB: RegisterFileDevice {
    private let pressure: SensorFeed
    private let temperature: SensorFeed
    private var consumedPressure: Int64 = 0, consumedTemperature: Int64 = 0
    private var oneShotDone: UInt64?
    private var latched: (pressure: Double, temperature: Double)?

    public init(address: UInt8 = 0x5C, clock: DeviceClock, pressure: SensorFeed, temperature: SensorFeed) {
        self.pressure = pressure
        self.temperature = temperature
        super.init(address: address, clock: clock)
    }

    public override func resetRegisters() {
        registers[0x0F] = 0xB1
        registers[0x11] = 0x10   // CTRL_REG2: IF_ADD_INC
        oneShotDone = nil
        latched = nil
    }

    public override func decodePointer(_ byte: UInt8) -> (register: UInt8, increments: Bool) {
        (byte, registers[0x11] & 0x10 != 0)
    }

    var rate: SampleRate? {
        let rates: [UInt64] = [0, 1, 10, 25, 50, 75, 75, 75]
        let odr = rates[Int(registers[0x10] >> 4 & 7)]
        return odr == 0 ? nil : SampleRate(hertz: odr)
    }

    public override func writeRegister(_ index: UInt8, _ value: UInt8) {
        switch index {
        case 0x0F, 0x25...0x2C:
            return
        case 0x11:
            if value & 0x84 != 0 {
                powerOnReset()
                return
            }
            registers[0x11] = value
            if value & 1 != 0 && rate == nil {
                oneShotDone = clock.now() + clock.clockHz / 75
            }
        default:
            let before = rate
            registers[Int(index)] = value
            if let rate, rate != before {
                consumedPressure = pressure.currentIndex(rate: rate)
                consumedTemperature = consumedPressure
            }
        }
    }

    private func settleOneShot() {
        guard let done = oneShotDone, clock.now() >= done else { return }
        oneShotDone = nil
        registers[0x11] &= ~1
        let rate = SampleRate(hertz: 75)
        latched = (pressure.currentFrame(rate: rate)[0], temperature.currentFrame(rate: rate)[0])
        consumedPressure = -1
        consumedTemperature = -1
    }

    private var current: (index: Int64, pressure: Double, temperature: Double)? {
        settleOneShot()
        if let rate {
            let index = pressure.currentIndex(rate: rate)
            return (index, pressure.frame(at: index, rate: rate)[0], temperature.frame(at: index, rate: rate)[0])
        }
        return latched.map { (0, $0.pressure, $0.temperature) }
    }

    static func pressureCounts(_ hPa: Double) -> Int32 {
        let value = (hPa * 4096).rounded()
        return Int32(max(-8_388_608, min(8_388_607, value.isFinite ? value : 0)))
    }

    public override func readRegister(_ index: UInt8) -> UInt8 {
        switch index {
        case 0x11:
            settleOneShot()
            return registers[0x11]
        case 0x27:
            guard let now = current else { return 0 }
            return (now.index > consumedPressure ? 1 : 0) | (now.index > consumedTemperature ? 2 : 0)
        case 0x28...0x2A:
            guard let now = current else { return registers[Int(index)] }
            consumedPressure = now.index
            return UInt8(truncatingIfNeeded: LPS22HB.pressureCounts(now.pressure) >> (8 * Int32(index - 0x28)))
        case 0x2B, 0x2C:
            guard let now = current else { return registers[Int(index)] }
            consumedTemperature = now.index
            let counts = RegisterFileDevice.int16Saturating(now.temperature * 100)
            return index == 0x2B ? RegisterFileDevice.low(counts) : RegisterFileDevice.high(counts)
        default:
            return registers[Int(index)]
        }
    }
}
