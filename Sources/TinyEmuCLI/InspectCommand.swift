import ArgumentParser
import Emulation
import Firmware
import Platforms

struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show a firmware image's entry, vector table, sections and memory use on a board.")

    @OptionGroup var target: FirmwareOptions

    func run() throws {
        let platform = try target.loadPlatform()
        let image = try target.loadFirmware()
        let areas = platform.memory.map { MemoryArea(name: $0.name, base: $0.base, size: $0.size) }
        do {
            try image.validate(against: areas)
        } catch {
            throw InputError(error.description)
        }
        print("firmware: \(image.path) (\(image.format.rawValue))")
        print("platform: \(platform.name) — \(platform.title)")
        if let entry = image.entry {
            print("entry:    \(entry.hexString) \(symbolText(image, entry & ~1))")
        }
        printVectorTable(image)
        if !image.sections.isEmpty {
            print("\nsections:")
            print("  name                 address     load        size")
            for section in image.sections where section.isAllocated {
                let name = section.name.padding(toLength: 20, withPad: " ", startingAt: 0)
                print("  \(name) \(section.address.hexString)  \(section.loadAddress.hexString)  \(section.size)")
            }
        }
        print("\nmemory use:")
        for region in platform.memory {
            let used = usedBytes(image, in: region)
            let percent = region.size == 0 ? 0 : Double(used) * 100 / Double(region.size)
            let name = region.name.padding(toLength: 8, withPad: " ", startingAt: 0)
            print("  \(name) \(used) of \(region.size) bytes (\(String(format: "%.1f", percent))%)")
        }
    }

    /// Bytes of the region the image occupies: loaded segments, plus RAM-only sections (.bss).
    private func usedBytes(_ image: FirmwareImage, in region: MemoryRegionDescription) -> UInt64 {
        if !image.sections.isEmpty {
            return image.sections.filter { $0.isAllocated && $0.size > 0 }.reduce(0) { total, section in
                let inRegion = region.contains(section.address) || (section.kind == .data && region.contains(section.loadAddress))
                    || (section.kind != .bss && section.kind != .data && region.contains(section.loadAddress))
                return total + (inRegion ? UInt64(section.size) : 0)
            }
        }
        return image.segments.filter { region.contains($0.address) }.reduce(0) { $0 + UInt64($1.data.count) }
    }

    private func printVectorTable(_ image: FirmwareImage) {
        guard let first = image.segments.first, first.address == 0, first.data.count >= 8 else { return }
        let names = ["initial SP", "Reset", "NMI", "HardFault", "MemManage", "BusFault", "UsageFault",
                     "reserved", "reserved", "reserved", "reserved", "SVCall", "DebugMonitor", "reserved", "PendSV", "SysTick"]
        print("\nvector table at 0x00000000:")
        let count = min(first.data.count / 4, 16)
        for i in 0..<count {
            let word = first.data[i * 4..<i * 4 + 4].enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (8 * UInt32($1.offset)) }
            if names[i] == "reserved" && word == 0 { continue }
            let label = names[i].padding(toLength: 12, withPad: " ", startingAt: 0)
            print("  \(label) \(word.hexString) \(i == 0 ? "" : symbolText(image, word & ~1))")
        }
    }

    private func symbolText(_ image: FirmwareImage, _ address: UInt32) -> String {
        image.symbols.lookup(address) != nil ? image.symbols.describe(address) : ""
    }
}
