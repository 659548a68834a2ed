import Sensors

/// The HTS221 humidity and temperature sensor (I2C address 0x5F; WHO_AM_I 0x0F = 0xBC), fed
/// by the `humidity` (%RH) and `temperature` (°C) streams.
///
/// The chip reports raw counts and per-part calibration; software converts with the
/// datasheet's linear interpolation, T = T0 + (T_OUT − T0_OUT)·(T1 − T0)/(T1_OUT − T0_OUT)
/// (likewise for humidity). This model's calibration: T0 = 20 °C at T0_OUT = 0, T1 = 40 °C at
/// T1_OUT = 1250 (62.5 LSB/°C, the datasheet's 0.016 °C/LSB); H0 = 20 %RH at H0_T0_OUT = 0,
/// H1 = 80 %RH at H1_T0_OUT = 15000 (250 LSB/%RH, 0.004 %RH/LSB). The outputs are the inverse
/// (rounded, saturating at 16 bits), so the standard formula gives back the stream's values
/// to within one LSB.
///
/// Modelled: CTRL_REG1 (PD, BDU, ODR: one-shot, 1, 7, 12.5 Hz), CTRL_REG2 (ONE_SHOT, which
/// clears when the conversion is done — one conversion period of the 12.5 Hz rate — and
/// BOOT), STATUS_REG (T_DA, H_DA), HUMIDITY_OUT and TEMP_OUT, the calibration block
/// (0x30–0x3F). Sub-address bit 7 asks for auto-increment, as on the chip. Not modelled:
/// AV_CONF averaging (noise comes from the stream's noise settings), the heater, DRDY.
public final class HTS221: RegisterFileDevice {
    private let humidity: SensorFeed
    private let temperature: SensorFeed
    private var consumedTemperature: Int64 = 0, consumedHumidity: Int64 = 0
    /// A one-shot conversion's completion cycle and the values it produced.
    private var oneShotDone: UInt64?
    private var latched: (temperature: Double, humidity: Double)?

    static let t0 = 20.0, t1 = 40.0, t0Out = 0.0, t1Out = 1250.0
    static let h0 = 20.0, h1 = 80.0, h0Out = 0.0, h1Out = 15000.0

    public init(address: UInt8 = 0x5F, clock: DeviceClock, humidity: SensorFeed, temperature: SensorFeed) {
        self.humidity = humidity
        self.temperature = temperature
        super.init(address: address, clock: clock)
    }

    public override func resetRegisters() {
        registers[0x0F] = 0xBC
        registers[0x10] = 0x1B                          // AV_CONF
        registers[0x30] = UInt8(HTS221.h0 * 2)          // H0_rH_x2
        registers[0x31] = UInt8(HTS221.h1 * 2)          // H1_rH_x2
        let t0x8 = Int(HTS221.t0 * 8), t1x8 = Int(HTS221.t1 * 8)
        registers[0x32] = UInt8(t0x8 & 0xFF)            // T0_degC_x8
        registers[0x33] = UInt8(t1x8 & 0xFF)            // T1_degC_x8
        registers[0x35] = UInt8((t0x8 >> 8) & 3 | ((t1x8 >> 8) & 3) << 2)  // T1/T0 msb
        func put(_ value: Double, at register: Int) {
            let v = Int16(value)
            registers[register] = RegisterFileDevice.low(v)
            registers[register + 1] = RegisterFileDevice.high(v)
        }
        put(HTS221.h0Out, at: 0x36)   // H0_T0_OUT
        put(HTS221.h1Out, at: 0x3A)   // H1_T0_OUT
        put(HTS221.t0Out, at: 0x3C)   // T0_OUT
        put(HTS221.t1Out, at: 0x3E)   // T1_OUT
        oneShotDone = nil
        latched = nil
    }

    public override func decodePointer(_ byte: UInt8) -> (register: UInt8, increments: Bool) {
        (byte & 0x7F, byte & 0x80 != 0)
    }

    private var poweredUp: Bool { registers[0x20] & 0x80 != 0 }

    var rate: SampleRate? {
        switch registers[0x20] & 3 {
        case 1: SampleRate(hertz: 1)
        case 2: SampleRate(hertz: 7)
        case 3: SampleRate(numerator: 25, denominator: 2)
        default: nil
        }
    }

    public override func writeRegister(_ index: UInt8, _ value: UInt8) {
        switch index {
        case 0x0F, 0x27...0x2B, 0x30...0x3F:
            return
        case 0x21:
            if value & 0x80 != 0 {
                // BOOT reloads the calibration (it never changes here).
                registers[0x21] = value & 0x7F
                return
            }
            registers[0x21] = value
            if value & 1 != 0 && poweredUp {
                // One conversion takes a period of the fastest rate.
                oneShotDone = clock.now() + clock.clockHz * 2 / 25
            }
        default:
            let before = rate
            registers[Int(index)] = value
            if let rate, rate != before {
                consumedTemperature = temperature.currentIndex(rate: rate)
                consumedHumidity = consumedTemperature
            }
        }
    }

    /// Finishes a due one-shot conversion: latches the values and clears ONE_SHOT.
    private func settleOneShot() {
        guard let done = oneShotDone, clock.now() >= done else { return }
        oneShotDone = nil
        registers[0x21] &= ~1
        let rate = SampleRate(numerator: 25, denominator: 2)
        latched = (temperature.currentFrame(rate: rate)[0], humidity.currentFrame(rate: rate)[0])
        consumedTemperature = -1
        consumedHumidity = -1
    }

    private var current: (index: Int64, temperature: Double, humidity: Double)? {
        settleOneShot()
        guard poweredUp else { return nil }
        if let rate {
            let index = temperature.currentIndex(rate: rate)
            return (index, temperature.frame(at: index, rate: rate)[0], humidity.frame(at: index, rate: rate)[0])
        }
        return latched.map { (0, $0.temperature, $0.humidity) }
    }

    static func temperatureCounts(_ celsius: Double) -> Int16 {
        int16Saturating(t0Out + (celsius - t0) * (t1Out - t0Out) / (t1 - t0))
    }

    static func humidityCounts(_ percent: Double) -> Int16 {
        int16Saturating(h0Out + (percent - h0) * (h1Out - h0Out) / (h1 - h0))
    }

    public override func readRegister(_ index: UInt8) -> UInt8 {
        switch index {
        case 0x27:
            guard let now = current else { return 0 }
            return (now.index > consumedTemperature ? 1 : 0) | (now.index > consumedHumidity ? 2 : 0)
        case 0x21:
            settleOneShot()
            return registers[0x21]
        case 0x28, 0x29:
            guard let now = current else { return registers[Int(index)] }
            consumedHumidity = now.index
            let counts = HTS221.humidityCounts(now.humidity)
            return index == 0x28 ? RegisterFileDevice.low(counts) : RegisterFileDevice.high(counts)
        case 0x2A, 0x2B:
            guard let now = current else { return registers[Int(index)] }
            consumedTemperature = now.index
            let counts = HTS221.temperatureCounts(now.temperature)
            return index == 0x2A ? RegisterFileDevice.low(counts) : RegisterFileDevice.high(counts)
        default:
            return registers[Int(index)]
        }
    }
}
