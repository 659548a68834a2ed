import Sensors

/// The APDS-9960 proximity, ambient light and colour sensor (I2C address 0x39; ID 0x92 =
/// 0xAB), fed by the `light` (lux) and `proximity` (counts) streams.
///
/// Modelled: ENABLE (PON, AEN, PEN), ATIME (integration 2.78 ms × (256 − ATIME)), CONTROL
/// (AGAIN 1/4/16/64×), STATUS (AVALID once an integration has completed since AEN, PVALID
/// once a proximity cycle — taken as 2.78 ms — has completed since PEN), CDATA/RDATA/GDATA/
/// BDATA and PDATA. The light conversion is this model's choice, not a datasheet figure:
/// clear = lux × AGAIN × (256 − ATIME) (one count per lux per 2.78 ms step at 1×), saturating
/// at min(65535, 1025 × (256 − ATIME)); the stream has no colour, so red, green and blue each
/// read a third of clear (white light). PDATA is the proximity stream's value, 0…255.
/// Not modelled: the gesture engine (GSTATUS and GFLVL read 0, the FIFO is empty), wait
/// time, interrupts and persistence, proximity gain, LED drive and offsets (storage only).
public final class APDS9960: RegisterFileDevice {
    private let light: SensorFeed
    private let proximity: SensorFeed
    private var alsEnabledAt: UInt64?
    private var proximityEnabledAt: UInt64?

    public init(address: UInt8 = 0x39, clock: DeviceClock, light: SensorFeed, proximity: SensorFeed) {
        self.light = light
        self.proximity = proximity
        super.init(address: address, clock: clock)
    }

    public override func resetRegisters() {
        registers[0x81] = 0xFF   // ATIME
        registers[0x83] = 0xFF   // WTIME
        registers[0x8D] = 0x60   // CONFIG1
        registers[0x8E] = 0x40   // PPULSE
        registers[0x90] = 0x01   // CONFIG2
        registers[0x92] = 0xAB   // ID
        registers[0xA6] = 0x40   // GPULSE
        alsEnabledAt = nil
        proximityEnabledAt = nil
    }

    private var integrationSteps: UInt64 { 256 - UInt64(registers[0x81]) }

    /// Cycles of one 2.78 ms step.
    private var stepCycles: UInt64 { clock.clockHz * 278 / 100_000 }

    public override func writeRegister(_ index: UInt8, _ value: UInt8) {
        switch index {
        case 0x92, 0x93...0x9C, 0xAE, 0xAF, 0xFC...0xFF:
            return
        case 0x80:
            let now = clock.now()
            let powered = value & 1 != 0
            alsEnabledAt = powered && value & 2 != 0 ? (registers[0x80] & 3 == 3 ? alsEnabledAt : now) : nil
            proximityEnabledAt = powered && value & 4 != 0 ? (registers[0x80] & 5 == 5 ? proximityEnabledAt : now) : nil
            registers[0x80] = value
        default:
            registers[Int(index)] = value
        }
    }

    private var alsValid: Bool {
        guard let start = alsEnabledAt else { return false }
        return clock.now() >= start + integrationSteps * stepCycles
    }

    private var proximityValid: Bool {
        guard let start = proximityEnabledAt else { return false }
        return clock.now() >= start + stepCycles
    }

    func clearCounts() -> UInt16 {
        let lux = max(0, light.currentFrame(rate: light.defaultRate)[0])
        let gain = [1.0, 4, 16, 64][Int(registers[0x8F] & 3)]
        let limit = Double(min(65535, 1025 * integrationSteps))
        return UInt16(min(limit, (lux * gain * Double(integrationSteps)).rounded()))
    }

    public override func readRegister(_ index: UInt8) -> UInt8 {
        switch index {
        case 0x93:
            return (alsValid ? 0x01 : 0) | (proximityValid ? 0x02 : 0)
        case 0x94...0x9B:
            guard alsValid else { return 0 }
            let clear = clearCounts()
            let value = index < 0x96 ? clear : clear / 3
            return index % 2 == 0 ? UInt8(value & 0xFF) : UInt8(value >> 8)
        case 0x9C:
            guard proximityValid else { return 0 }
            let counts = proximity.currentFrame(rate: proximity.defaultRate)[0]
            return UInt8(max(0, min(255, counts.isFinite ? counts.rounded() : 0)))
        case 0xAE, 0xAF:
            return 0
        default:
            return registers[Int(index)]
        }
    }
}
