import Sensors

/// The BMM150 magnetometer (I2C address 0x10 on the Nano 33 BLE Sense Rev2), fed by the
/// `mx…mz` channels (µT) of an IMU or `mag` stream.
///
/// After power-on the chip is suspended: every register reads 0 and only the power control
/// bit (0x4B bit 0) can be written; with it set, CHIP_ID 0x40 reads 0x32. Modelled: OP_MODE
/// (0x4C: normal at the data rate 2…30 Hz, forced = one measurement then sleep, sleep), the data
/// registers DATAX/Y (13 bits, 0x42–0x45), DATAZ (15 bits, 0x46/0x47) and RHALL (14 bits,
/// 0x48/0x49, data-ready in bit 0 of 0x48), soft reset (0x4B bits 7 and 1). Raw data must be
/// compensated with the trim registers (0x5D–0x71) by Bosch's formulas; this model's trims
/// (dig_x1 = dig_y1 = 0, dig_x2 = dig_y2 = −6, dig_xy1 = dig_xy2 = 0, dig_z1 = 4, dig_z2 = 6826,
/// dig_z3 = dig_z4 = 0, dig_xyz1 = RHALL = 8192) make the compensation linear: x and y at
/// 154/512 µT per LSB, z at 2048/6827 µT per LSB (about 0.3 µT, the part's resolution), so the
/// compensated output is the stream's value to within one LSB. Not modelled: repetitions and
/// their noise, self-test, interrupts and thresholds, overflow flags.
public final class BMM150: RegisterFileDevice {
    private let field: SensorFeed
    private var forcedIndex: Int64?

    static let xyMicroteslaPerLSB = 154.0 / 512
    static let zMicroteslaPerLSB = 2048.0 / 6827
    static let rhall: UInt16 = 8192

    public init(address: UInt8 = 0x10, clock: DeviceClock, field: SensorFeed) {
        self.field = field
        super.init(address: address, clock: clock)
    }

    private var poweredOn: Bool { registers[0x4B] & 1 != 0 }

    public override func resetRegisters() {
        registers[0x40] = 0x32
        registers[0x4C] = 0x06   // sleep, 10 Hz
        registers[0x51] = 0x00
        registers[0x52] = 0x00
        // Trims (see above).
        registers[0x5D] = 0
        registers[0x5E] = 0
        registers[0x64] = UInt8(bitPattern: -6)
        registers[0x65] = UInt8(bitPattern: -6)
        registers[0x68] = UInt8(6826 & 0xFF)
        registers[0x69] = UInt8(6826 >> 8)
        registers[0x6A] = 4
        registers[0x6C] = UInt8(BMM150.rhall & 0xFF)
        registers[0x6D] = UInt8(BMM150.rhall >> 8)
        forcedIndex = nil
    }

    var rate: SampleRate {
        let rates: [UInt64] = [10, 2, 6, 8, 15, 20, 25, 30]
        return SampleRate(hertz: rates[Int(registers[0x4C] >> 3 & 7)])
    }

    private var mode: UInt8 { registers[0x4C] >> 1 & 3 }

    public override func writeRegister(_ index: UInt8, _ value: UInt8) {
        if index == 0x4B {
            if value & 0x82 != 0 {
                powerOnReset()
                registers[0x4B] = value & 1
                return
            }
            registers[0x4B] = value & 0x87
            return
        }
        guard poweredOn, !(0x40...0x4A).contains(index) else { return }
        registers[Int(index)] = value
        if index == 0x4C && mode == 1 { forcedIndex = field.currentIndex(rate: rate) + 1 }
    }

    /// The sample the data registers hold, if any.
    private var availableIndex: Int64? {
        switch mode {
        case 0: return field.currentIndex(rate: rate)
        case 1:
            guard let forced = forcedIndex, field.currentIndex(rate: rate) >= forced else { return nil }
            registers[0x4C] |= 0x06   // done: back to sleep
            return forced
        default:
            return forcedIndex.flatMap { field.currentIndex(rate: rate) >= $0 ? $0 : nil }
        }
    }

    private func raw(_ channel: String, perLSB: Double, bits: Int) -> Int {
        guard let index = availableIndex, let c = field.channelIndex(channel) else { return 0 }
        let limit = Double(1 << (bits - 1))
        let value = (field.frame(at: index, rate: rate)[c] / perLSB).rounded()
        return Int(max(-limit, min(limit - 1, value.isFinite ? value : 0)))
    }

    public override func readRegister(_ index: UInt8) -> UInt8 {
        guard poweredOn else { return index == 0x4B ? registers[0x4B] : 0 }
        switch index {
        case 0x42, 0x43:
            let x = raw("mx", perLSB: BMM150.xyMicroteslaPerLSB, bits: 13)
            return index == 0x42 ? UInt8(truncatingIfNeeded: x << 3) : UInt8(truncatingIfNeeded: x >> 5)
        case 0x44, 0x45:
            let y = raw("my", perLSB: BMM150.xyMicroteslaPerLSB, bits: 13)
            return index == 0x44 ? UInt8(truncatingIfNeeded: y << 3) : UInt8(truncatingIfNeeded: y >> 5)
        case 0x46, 0x47:
            let z = raw("mz", perLSB: BMM150.zMicroteslaPerLSB, bits: 15)
            return index == 0x46 ? UInt8(truncatingIfNeeded: z << 1) : UInt8(truncatingIfNeeded: z >> 7)
        case 0x48:
            let ready: UInt8 = availableIndex == nil ? 0 : 1
            return UInt8(truncatingIfNeeded: BMM150.rhall << 2) | ready
        case 0x49:
            return UInt8(truncatingIfNeeded: BMM150.rhall >> 6)
        default:
            return registers[Int(index)]
        }
    }

    public override func powerOnReset() {
        super.powerOnReset()
        registers[0x4B] = 0
    }
}
