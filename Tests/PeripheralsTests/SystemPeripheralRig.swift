import XCTest
import Emulation
@testable import Peripherals
import Platforms

/// A bare bus with flash, RAM and some nRF52840 peripherals, a hand-driven clock, and the
/// machine's system hooks recorded: enough to drive NVMC, UICR, WDT, RNG, TEMP and the UARTs.
final class SystemPeripheralRig {
    let bus = Bus()
    let scheduler = EventScheduler()
    let flash = MemoryRegion(name: "flash", kind: .flash, base: 0, size: 0x10_0000)
    let ram = MemoryRegion(name: "ram", kind: .ram, base: 0x2000_0000, size: 0x1_0000)
    var cycle: UInt64 = 0
    var lines: [Int: Bool] = [:]
    var notes: [String] = []
    var stalls: [UInt64] = []
    var resets: [SystemHooks.ResetReason] = []
    var input: [UInt8] = []
    var console: [UInt8] = []
    var uartLog: [String: [UInt8]] = [:]
    let chip: NRF52840Peripherals

    init(_ names: [String], seed: UInt64 = 0, temperature: ((UInt64) -> Double)? = nil) {
        bus.add(flash)
        bus.add(ram)
        var rig: SystemPeripheralRig?
        let log = MMIOLog { rig?.notes.append($0) }
        let context = PeripheralContext(scheduler: scheduler, clockHz: 64_000_000, now: { rig?.cycle ?? 0 }, bus: bus, log: log,
                                        setLine: { irq, high in rig?.lines[irq] = high })
        context.system.stallFlashFetches = { rig?.stalls.append($0) }
        context.system.requestReset = { rig?.resets.append($0) }
        context.system.readConsoleInput = { count in
            guard let rig else { return [] }
            let bytes = Array(rig.input.prefix(count))
            rig.input.removeFirst(bytes.count)
            return bytes
        }
        context.system.uartTransmitted = { name, bytes in rig?.uartLog[name, default: []] += bytes }
        context.system.seed = seed
        context.system.temperature = temperature
        let descriptions = names.compactMap { NRF52840RegisterTable.peripheral($0) }.map {
            PeripheralDescription(name: $0.name, type: "nrf52840", base: $0.base, irq: $0.irq)
        }
        var output: [UInt8] = []
        chip = try! NRF52840Peripherals(descriptions: descriptions, console: "UARTE0", bus: bus, context: context,
                                        consoleOutput: { output += $0; rig?.console = output })
        rig = self
    }

    var context: PeripheralContext { chip.context }

    func write(_ address: UInt32, _ value: UInt32, size: Int = 4, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertTrue(bus.write(address, size: size, value: value), "write to \(address.hexString)", file: file, line: line)
    }

    func read(_ address: UInt32) -> UInt32 { bus.read(address, size: 4) ?? 0xDEAD_BEEF }

    /// Lets virtual time pass, firing due events.
    func advance(to target: UInt64) {
        while let next = scheduler.nextDeadline, next <= target {
            cycle = max(cycle, next)
            scheduler.fireDue(now: next)
        }
        cycle = max(cycle, target)
    }

    func advance(by cycles: UInt64) { advance(to: cycle + cycles) }

    static func microseconds(_ us: UInt64) -> UInt64 { us * 64 }
}
