import Emulation
import Platforms

/// Builds the nRF52840 peripherals a board description lists (`type: nrf52840`, `name` = the
/// peripheral's name in the SVD) and maps them on the bus. Every listed peripheral gets all
/// its registers with their reset values; those with a model (below) also behave. Peripherals
/// that share a base address (CLOCK/POWER, UART0/UARTE0, SPIM0/TWIM0/...) share one window,
/// switched by ENABLE.
public final class NRF52840Peripherals {
    public static let type = "nrf52840"

    public private(set) var blocks: [String: RegisterBlock] = [:]
    public let context: PeripheralContext
    /// The console UART's name (its output goes to the console).
    private let consoleName: String?

    /// What the chip's models are: SVD name prefix and constructor.
    private static func model(for layout: PeripheralLayout, context: PeripheralContext,
                              console: @escaping ([UInt8]) -> Void, isConsole: Bool,
                              deviceID: UInt64) -> RegisterBlock {
        let name = layout.name
        if name == "FICR" { return FICR(layout: layout, context: context, deviceID: deviceID) }
        if name == "CLOCK" { return Clock(layout: layout, context: context) }
        if name == "POWER" { return Power(layout: layout, context: context) }
        if name.hasPrefix("UARTE") {
            let uarte = UARTE(layout: layout, context: context, output: isConsole ? console : { _ in })
            uarte.receivesConsoleInput = isConsole
            return uarte
        }
        if name == "UART0" {
            let uart = UART(layout: layout, context: context, output: isConsole ? console : { _ in })
            uart.receivesConsoleInput = isConsole
            return uart
        }
        if name == "NVMC" { return NVMC(layout: layout, context: context) }
        if name == "UICR" { return UICR(layout: layout, context: context) }
        if name == "WDT" { return WDT(layout: layout, context: context) }
        if name == "RNG" { return RNG(layout: layout, context: context) }
        if name == "TEMP" { return TEMP(layout: layout, context: context) }
        if name.hasPrefix("TIMER") { return Timer(layout: layout, context: context) }
        if name.hasPrefix("RTC") { return RTC(layout: layout, context: context) }
        if name.hasPrefix("EVENTS_") || layout.layout.registers.contains(where: { $0.name.hasPrefix("EVENTS_") }) {
            return NordicPeripheral(name: name, base: layout.base, irq: layout.irq, layout: layout.layout, context: context)
        }
        return RegisterBlock(name: name, base: layout.base, layout: layout.layout, log: context.log, now: context.now)
    }

    /// ENABLE values that switch on each kind of serial peripheral sharing a window.
    private static func enableValue(_ name: String) -> UInt32? {
        let kinds: [(String, UInt32)] = [("UARTE", 8), ("UART", 4), ("SPIM", 7), ("SPIS", 2), ("SPI", 1),
                                         ("TWIM", 6), ("TWIS", 9), ("TWI", 5)]
        return kinds.first { name.hasPrefix($0.0) }?.1
    }

    public init(descriptions: [PeripheralDescription], console: String?, bus: Bus, context: PeripheralContext,
                consoleOutput: @escaping ([UInt8]) -> Void) throws(PeripheralError) {
        self.context = context
        consoleName = console
        var windows: [UInt32: [(RegisterBlock, UInt32?)]] = [:]
        var order: [UInt32] = []
        // The console is a serial port: every UART at its address (UART0 and UARTE0) drives it.
        let consoleBase = descriptions.first { $0.name.lowercased() == console?.lowercased() }?.base
        for description in descriptions where description.type == Self.type {
            guard let layout = NRF52840RegisterTable.peripheral(description.name) else {
                throw PeripheralError("peripheral \(description.name): the nRF52840 has no peripheral of that name (see its SVD)")
            }
            guard layout.base == description.base else {
                throw PeripheralError("peripheral \(description.name): base \(description.base.hexString) differs from the nRF52840's \(layout.base.hexString)")
            }
            let placed = PeripheralLayout(name: layout.name, base: layout.base, irq: description.irq ?? layout.irq, layout: layout.layout)
            let deviceID = UInt64(description.parameters["device-id"].flatMap { UInt64($0.replacingOccurrences(of: "0x", with: ""), radix: 16) } ?? 0x7E57_E0A1_C0DE_5EED)
            let block = Self.model(for: placed, context: context, console: consoleOutput,
                                   isConsole: description.name.lowercased() == console?.lowercased()
                                                || (layout.name.hasPrefix("UART") && layout.base == consoleBase),
                                   deviceID: deviceID)
            blocks[description.name] = block
            if windows[layout.base] == nil { order.append(layout.base) }
            windows[layout.base, default: []].append((block, Self.enableValue(layout.name)))
        }
        (blocks["NVMC"] as? NVMC)?.uicr = blocks["UICR"] as? UICR
        let bases = order.sorted()
        for base in order {
            guard let members = windows[base] else { continue }
            // 4 KB windows, except where the next peripheral starts sooner: GPIO P1 starts at
            // P0 + 0x300 but its registers only at P1 + 0x504, after P0's last one, so P0 keeps
            // up to its last register (mapped first, it wins where the two windows overlap).
            let next = bases.first { $0 > base } ?? UInt32.max
            let lastRegister = members.flatMap { $0.0.layout.registers.map(\.offset) }.max().map { $0 + 4 } ?? 0
            let size = min(0x1000, max(next &- base, lastRegister))
            if members.count == 1 {
                bus.map(members[0].0, base: base, size: size)
            } else {
                let name = members.map(\.0.name).joined(separator: "/")
                bus.map(SharedWindow(name: name, members: members), base: base, size: size)
            }
        }
    }

    /// A system reset: every peripheral back to its reset state; POWER.RESETREAS records why.
    public func reset(reason: SystemHooks.ResetReason = []) {
        (blocks["POWER"] as? Power)?.recordReset(reason: reason.rawValue)
        for block in blocks.values { block.reset() }
    }

    public var power: RegisterBlock? { blocks["POWER"] }

    /// The UICR page's bytes (nil when the board does not list UICR), for `--flash-image`.
    public var uicrBytes: [UInt8]? { (blocks["UICR"] as? UICR)?.bytes }

    public func loadUICR(_ bytes: [UInt8]) {
        (blocks["UICR"] as? UICR)?.load(bytes)
    }
}

/// A board description names a peripheral the chip does not have, or places it wrongly.
public struct PeripheralError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
