import CortexM
import Emulation
import Peripherals
import Platforms
import Sensors

/// `--flash-image FILE`: the board's non-volatile memory kept in a host file across runs, so a
/// bootloader or an over-the-air update can be tested. The file is every flash region of the
/// board in address order, then the UICR page (4 KiB) when the chip has one. When the file
/// exists it is the flash: the firmware's own flash contents are not loaded (its RAM contents
/// and `--load-data` are); when it does not exist, flash starts from the firmware. Either way
/// the file holds the flash as the run left it when the run ends.
public struct FlashImage: Sendable {
    public var path: String
    /// The file's bytes, nil when it does not exist yet.
    public var contents: [UInt8]?

    public init(path: String, contents: [UInt8]?) {
        self.path = path
        self.contents = contents
    }
}

/// What the chip's system peripherals asked of the machine and the machine has not done yet.
final class ChipSystemState {
    var pendingReset: SystemHooks.ResetReason = []
    /// The CPU may not fetch from flash before this cycle (an NVMC operation).
    var flashBusyUntil: UInt64 = 0
    var uartOutput: ((String, [UInt8]) -> Void)?
    /// Whether the flash image in use differs from what the firmware would have put in flash.
    var flashImageDiffersFromFirmware = false

    var hasWork: Bool { !pendingReset.isEmpty }
}

extension Machine {
    /// Every byte any UART transmits, by peripheral name (`--uart-log`).
    public var uartOutput: ((String, [UInt8]) -> Void)? {
        get { chipSystem.uartOutput }
        set { chipSystem.uartOutput = newValue }
    }

    /// Names of the board's UARTs (for `--uart-log`).
    public var uartNames: [String] {
        (peripherals?.blocks.keys.filter { $0.hasPrefix("UART") } ?? []).sorted()
    }

    /// True when `--flash-image` supplied the flash and it differs from the firmware's contents.
    public var flashImageDiffersFromFirmware: Bool { chipSystem.flashImageDiffersFromFirmware }

    /// Connects the chip's system peripherals to the machine: stalls, resets, console input,
    /// UART logs, the seed and the temperature sensor.
    func connectChipSystem(_ context: PeripheralContext, configuration: MachineConfiguration) throws(MachineError) {
        let state = chipSystem
        let core = cpu
        let board = console
        context.system.stallFlashFetches = { until in state.flashBusyUntil = max(state.flashBusyUntil, until) }
        context.system.requestReset = { reason in
            state.pendingReset.formUnion(reason)
            core.attentionRaised()
        }
        context.system.readConsoleInput = { count in board.input.read(upTo: count) }
        context.system.uartTransmitted = { name, bytes in state.uartOutput?(name, bytes) }
        context.system.seed = configuration.sensors.seed
        if configuration.sensors.sensors.contains(where: { $0.name == "temperature" }) {
            do {
                var stream = try configuration.sensors.stream(named: "temperature")
                let clockHz = platform.cpu.clockHz
                context.system.temperature = { cycle in stream.frame(atCycle: cycle, clockHz: clockHz).first ?? 25 }
            } catch {
                throw MachineError("--sensor temperature: \(error)")
            }
        }
    }

    /// The regions a flash image covers, in address order.
    var flashRegions: [MemoryRegion] { bus.regions.filter { $0.kind == .flash } }

    /// Bytes of the UICR page in a flash image of `platform` (0 when it lists no UICR).
    static func uicrImageSize(_ platform: PlatformDescription) -> Int {
        platform.peripherals.contains { $0.type == NRF52840Peripherals.type && $0.name == "UICR" } ? 4096 : 0
    }

    /// Puts `--flash-image`'s contents into the flash regions (the firmware went to RAM only),
    /// after checking the size. Returns the UICR part, for the chip once it exists, and whether
    /// the image differs from the firmware's flash contents.
    static func storeFlashImage(_ image: FlashImage, bus: Bus, platform: PlatformDescription,
                                firmwareFlash: [(address: UInt32, bytes: [UInt8])]) throws(MachineError) -> (uicr: [UInt8], differs: Bool)? {
        guard let contents = image.contents else { return nil }
        let regions = bus.regions.filter { $0.kind == .flash }
        let size = regions.reduce(0) { $0 + Int($1.size) } + uicrImageSize(platform)
        guard contents.count == size else {
            throw MachineError("--flash-image: '\(image.path)' has \(contents.count) bytes; a flash image of \(platform.name) has \(size) (its flash\(uicrImageSize(platform) > 0 ? ", then the 4 KiB UICR page" : ""))")
        }
        var offset = 0
        for region in regions {
            region.store(Array(contents[offset..<offset + Int(region.size)]), at: region.base)
            offset += Int(region.size)
        }
        let differs = firmwareFlash.contains { segment in bus.readBytes(segment.address, count: segment.bytes.count) != segment.bytes }
        return (Array(contents[offset...]), differs)
    }

    /// Flash and UICR as they are now, in the `--flash-image` layout.
    public func flashImageContents() -> [UInt8] {
        var bytes: [UInt8] = []
        for region in flashRegions { bytes += region.fetch(region.base, count: Int(region.size)) }
        return bytes + (peripherals?.uicrBytes ?? [])
    }

    /// Before each slice: a requested system reset happens; a CPU executing from flash while the
    /// NVMC writes or erases it waits in virtual time (firing due events, up to the timeout; an
    /// event may request a reset, which then happens at once).
    func serviceChipSystem(timeoutCycles: UInt64?) {
        while true {
            if !chipSystem.pendingReset.isEmpty {
                let reason = chipSystem.pendingReset
                chipSystem.pendingReset = []
                chipSystem.flashBusyUntil = 0
                systemReset(reason: reason)
            }
            let until = chipSystem.flashBusyUntil
            guard until > cpu.cycles, flashRegions.contains(where: { $0.contains(cpu.pc) }) else { return }
            while cpu.cycles < until, chipSystem.pendingReset.isEmpty {
                var target = min(until, scheduler.nextDeadline ?? until)
                if let timeoutCycles { target = min(target, timeoutCycles) }
                if target <= cpu.cycles { break }
                cpu.idle(cycles: target - cpu.cycles)
                scheduler.fireDue(now: cpu.cycles)
            }
            if chipSystem.pendingReset.isEmpty { return }
        }
    }
}
