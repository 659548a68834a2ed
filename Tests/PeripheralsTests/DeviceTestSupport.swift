import XCTest
import Emulation
@testable import Peripherals
import Platforms
import Sensors

/// A bare nRF52840 with a hand-driven clock (64 MHz), for the serial and audio peripherals and
/// the board's devices.
final class ChipRig {
    let bus = Bus()
    let scheduler = EventScheduler()
    var cycle: UInt64 = 0
    var lines: [Int: Bool] = [:]
    let ram = MemoryRegion(name: "ram", kind: .ram, base: 0x2000_0000, size: 0x1_0000)
    lazy var log = MMIOLog()
    lazy var context = PeripheralContext(scheduler: scheduler, clockHz: 64_000_000, now: { [unowned self] in self.cycle },
                                         bus: bus, log: log, setLine: { [unowned self] irq, high in self.lines[irq] = high })
    var chip: NRF52840Peripherals!

    init(devices: [DeviceDescription] = [], sensors: SensorConfiguration = SensorConfiguration()) throws {
        bus.add(ram)
        let names = ["TWI0", "TWIM0", "SPIM0", "TWIM1", "SPIM1", "SAADC", "PDM", "P0", "P1"]
        let descriptions = names.compactMap { NRF52840RegisterTable.peripheral($0) }.map { PeripheralDescriptionStub.make($0) }
        chip = try NRF52840Peripherals(descriptions: descriptions, console: nil, bus: bus, context: context, consoleOutput: { _ in })
        try chip.attachDevices(devices, sensors: sensors)
    }

    /// A device clock on this rig's cycle counter.
    var clock: DeviceClock { DeviceClock(now: { [unowned self] in self.cycle }, clockHz: 64_000_000) }

    func feed(_ sensor: String, _ specs: [String] = [], noise: [String] = []) throws -> SensorFeed {
        try SensorFeed(sensor: sensor, configuration: SensorConfiguration.parse(sensors: specs, noise: noise, seed: nil), clock: clock)
    }

    /// Reads `count` registers from `start` of a register-file chip, as one I2C transaction.
    static func readRegisters(_ device: I2CDevice, _ start: UInt8, count: Int) -> [UInt8] {
        device.begin(read: false)
        _ = device.write(start)
        device.begin(read: true)
        let bytes = (0..<count).map { _ in device.read() }
        device.end()
        return bytes
    }

    static func writeRegister(_ device: I2CDevice, _ register: UInt8, _ value: UInt8) {
        device.begin(read: false)
        _ = device.write(register)
        _ = device.write(value)
        device.end()
    }

    static func int16(_ bytes: [UInt8], _ at: Int) -> Int16 { Int16(bitPattern: UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8) }

    func write(_ address: UInt32, _ value: UInt32) { XCTAssertTrue(bus.write(address, size: 4, value: value)) }
    func read(_ address: UInt32) -> UInt32 { bus.read(address, size: 4) ?? 0xDEAD_BEEF }
    func advance(to target: UInt64) {
        while let next = scheduler.nextDeadline, next <= target {
            cycle = next
            scheduler.fireDue(now: next)
        }
        cycle = target
    }
    func advance(by cycles: UInt64) { advance(to: cycle + cycles) }
}
