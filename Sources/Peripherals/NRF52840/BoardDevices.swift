import Platforms
import Sensors

/// The board's external chips (`devices:` in the board file) wired to the chip's peripherals:
/// I2C sensors on a TWIM bus, the PDM microphone, analog inputs of the SAADC. Each device
/// reads its sensor stream (`parameters: { sensor: imu }`) from the run's sensor
/// configuration, or a default source when the run gives none.
extension NRF52840Peripherals {
    /// Creates the devices and attaches them; a bad entry is one line naming it.
    public func attachDevices(_ descriptions: [DeviceDescription], sensors: SensorConfiguration) throws(PeripheralError) {
        let clock = DeviceClock(now: context.now, clockHz: context.clockHz)
        var buses: [String: I2CBus] = [:]
        for description in descriptions {
            do {
                try attach(description, sensors: sensors, clock: clock, buses: &buses)
            } catch let error as PeripheralError {
                throw error
            } catch {
                throw PeripheralError("device \(description.name): \(error)")
            }
        }
        for block in blocks.values {
            guard let master = block as? I2CBusMaster else { continue }
            master.buses = buses.keys.sorted().compactMap { buses[$0] }.filter { bus in
                bus.sda != nil || bus.name == master.name
            }
        }
    }

    private func attach(_ description: DeviceDescription, sensors: SensorConfiguration, clock: DeviceClock,
                        buses: inout [String: I2CBus]) throws {
        let name = description.name
        let parameters = description.parameters
        func feed(_ key: String = "sensor", default fallback: String) throws -> SensorFeed {
            try SensorFeed(sensor: parameters[key] ?? fallback, configuration: sensors, clock: clock)
        }
        func pin(_ key: String) throws -> (port: Int, pin: Int)? {
            guard let text = parameters[key] else { return nil }
            guard let parsed = NRF52840Peripherals.parsePin(text) else {
                throw PeripheralError("device \(name): \(key): expected a pin like P0.22, found '\(text)'")
            }
            return parsed
        }
        let supplies = try ["power", "pullup"].compactMap { try pin($0) }
        let powered: () -> Bool = { [unowned self] in supplies.allSatisfy { self.drivesHigh(port: $0.port, pin: $0.pin) } }

        let device: I2CDevice?
        let type = description.type.lowercased()
        switch type {
        case "lsm9ds1", "lsm9ds1-accel-gyro":
            device = LSM9DS1AccelGyro(address: try address(description, default: 0x6B), clock: clock,
                                      imu: try feed(default: "imu"),
                                      temperature: try feed("temperature", default: "temperature"))
        case "lsm9ds1-mag", "lsm9ds1-magnetometer":
            device = LSM9DS1Magnetometer(address: try address(description, default: 0x1E), clock: clock, field: try feed(default: "imu"))
        case "hts221":
            device = HTS221(address: try address(description, default: 0x5F), clock: clock,
                            humidity: try feed("humidity", default: "humidity"),
                            temperature: try feed("temperature", default: "temperature"))
        case "lps22hb":
            device = LPS22HB(address: try address(description, default: 0x5C), clock: clock,
                             pressure: try feed("pressure", default: "pressure"),
                             temperature: try feed("temperature", default: "temperature"))
        case "apds9960":
            device = APDS9960(address: try address(description, default: 0x39), clock: clock,
                              light: try feed("light", default: "light"),
                              proximity: try feed("proximity", default: "proximity"))
        case "bmi270":
            device = BMI270(address: try address(description, default: 0x68), clock: clock, imu: try feed(default: "imu"),
                            temperature: try feed("temperature", default: "temperature"))
        case "bmm150":
            device = BMM150(address: try address(description, default: 0x10), clock: clock, field: try feed(default: "imu"))
        case "hs3003":
            device = HS3003(address: try address(description, default: 0x44), clock: clock,
                            humidity: try feed("humidity", default: "humidity"),
                            temperature: try feed("temperature", default: "temperature"))
        case "mp34dt05", "mp34dt06", "pdm-microphone":
            guard let pdm = blocks[description.bus ?? "PDM"] as? PDM else {
                throw PeripheralError("device \(name): bus \(description.bus ?? "PDM") is not a PDM peripheral of this board")
            }
            pdm.microphone = try feed(default: "mic")
            if let power = try pin("power") {
                pdm.microphonePowered = { [unowned self] in self.drivesHigh(port: power.port, pin: power.pin) }
            }
            device = nil
        case "analog", "analog-input":
            guard let saadc = blocks[description.bus ?? "SAADC"] as? SAADC else {
                throw PeripheralError("device \(name): bus \(description.bus ?? "SAADC") is not an SAADC of this board")
            }
            guard let input = description.address, input < 8 else {
                throw PeripheralError("device \(name): address: the analog input number AIN0...AIN7 (0...7) is required")
            }
            let scaleText = parameters["volts-per-unit"] ?? "1"
            guard let scale = Double(scaleText), scale.isFinite else {
                throw PeripheralError("device \(name): volts-per-unit: expected a number, found '\(scaleText)'")
            }
            guard parameters["sensor"] != nil else {
                throw PeripheralError("device \(name): parameters.sensor: the stream that drives AIN\(input) is required")
            }
            saadc.inputs[Int(input)] = (try feed(default: "light"), scale)
            device = nil
        default:
            throw PeripheralError("device \(name): unknown type '\(description.type)' (known: lsm9ds1, lsm9ds1-mag, hts221, lps22hb, apds9960, bmi270, bmm150, hs3003, mp34dt05, mp34dt06, analog)")
        }
        guard let device else { return }
        let busName = description.bus ?? "i2c"
        let key: String
        var bus: I2CBus
        if let master = blocks[busName], master is I2CBusMaster {
            key = busName
            bus = buses[key] ?? I2CBus(name: busName)
        } else {
            guard let sda = try pin("sda"), let scl = try pin("scl") else {
                throw PeripheralError("device \(name): bus \(busName): name a TWIM or TWI of the board (TWIM0, TWIM1, TWI0, TWI1) or give parameters sda and scl (pins like P0.14)")
            }
            let sdaValue = UInt32(sda.pin | sda.port << 5), sclValue = UInt32(scl.pin | scl.port << 5)
            key = "\(busName)@\(sdaValue),\(sclValue)"
            bus = buses[key] ?? I2CBus(name: busName, sda: sdaValue, scl: sclValue)
        }
        if bus.devices.contains(where: { $0.device.address == device.address }) {
            throw PeripheralError("device \(name): address \(String(format: "0x%02X", device.address)) is taken on bus \(busName)")
        }
        bus.attach(device, powered: powered)
        buses[key] = bus
    }

    private func address(_ description: DeviceDescription, default fallback: UInt8) throws -> UInt8 {
        guard let address = description.address else { return fallback }
        guard address < 0x80 else {
            throw PeripheralError("device \(description.name): address \(address) is not a 7-bit I2C address")
        }
        return UInt8(address)
    }

    /// "P0.22" → (0, 22); "P1.00" → (1, 0).
    static func parsePin(_ text: String) -> (port: Int, pin: Int)? {
        let upper = text.uppercased()
        guard upper.hasPrefix("P"), let dot = upper.firstIndex(of: ".") else { return nil }
        guard let port = Int(upper[upper.index(after: upper.startIndex)..<dot]),
              let pin = Int(upper[upper.index(after: dot)...]), (0...1).contains(port), (0...31).contains(pin) else { return nil }
        return (port, pin)
    }

    /// Whether the chip drives a pin high (a GPIO output, or a GPIOTE task channel, at 1: the
    /// level the GPIO model publishes). A board without GPIO ports powers everything.
    func drivesHigh(port: Int, pin: Int) -> Bool {
        let gpioPin = GPIOPin(port: port, number: pin)
        guard context.pins.exists(gpioPin) else { return true }
        return context.pins.level(of: gpioPin) == .driven(true)
    }
}
