import Sensors

/// The Renesas HS3003 humidity and temperature sensor (I2C address 0x44 on the Nano 33 BLE
/// Sense Rev2), fed by the `humidity` and `temperature` streams. It has no registers: a write
/// of its address (no data) requests a measurement, a read returns four bytes — humidity
/// (14 bits, the top two bits of the first byte the status: 00 valid, 01 stale) and
/// temperature (14 bits, left-aligned). RH = H / (2^14 − 1) · 100 %, T = T / (2^14 − 1) · 165 − 40 °C.
/// The measurement takes 33.9 ms here (14-bit humidity and temperature: an assumption from the
/// datasheet's conversion times); reading before that returns the previous values marked stale.
/// Not modelled: the programming mode (resolution settings and the ID there), the alarm pins.
public final class HS3003: I2CDevice {
    public let address: UInt8
    private let clock: DeviceClock
    private let humidity: SensorFeed
    private let temperature: SensorFeed
    private var measurementDone: UInt64?
    private var values: (humidity: UInt16, temperature: UInt16) = (0, 0)
    private var fresh = false
    private var readPosition = 0
    private var bytes: [UInt8] = [0, 0, 0, 0]

    /// 33.9 ms in cycles of a `clockHz` clock.
    static func measurementCycles(_ clockHz: UInt64) -> UInt64 { clockHz * 339 / 10_000 }

    public init(address: UInt8 = 0x44, clock: DeviceClock, humidity: SensorFeed, temperature: SensorFeed) {
        self.address = address
        self.clock = clock
        self.humidity = humidity
        self.temperature = temperature
    }

    static func counts(_ fraction: Double) -> UInt16 {
        UInt16(max(0, min(16383, (fraction * 16383).rounded())))
    }

    private func settle() {
        guard let done = measurementDone, clock.now() >= done else { return }
        measurementDone = nil
        values = (HS3003.counts(humidity.currentFrame(rate: humidity.defaultRate)[0] / 100),
                  HS3003.counts((temperature.currentFrame(rate: temperature.defaultRate)[0] + 40) / 165))
        fresh = true
    }

    public func begin(read: Bool) {
        settle()
        if read {
            let status: UInt16 = fresh ? 0 : 1
            bytes = [UInt8(truncatingIfNeeded: status << 6 | values.humidity >> 8), UInt8(truncatingIfNeeded: values.humidity),
                     UInt8(truncatingIfNeeded: values.temperature >> 6), UInt8(truncatingIfNeeded: values.temperature << 2)]
            readPosition = 0
            fresh = false
        } else {
            // A measurement request is the address alone.
            measurementDone = clock.now() + HS3003.measurementCycles(clock.clockHz)
        }
    }

    public func write(_ byte: UInt8) -> Bool { true }

    public func read() -> UInt8 {
        defer { readPosition += 1 }
        return readPosition < bytes.count ? bytes[readPosition] : 0xFF
    }

    public func end() {}

    public func powerOnReset() {
        measurementDone = nil
        values = (0, 0)
        fresh = false
    }
}
