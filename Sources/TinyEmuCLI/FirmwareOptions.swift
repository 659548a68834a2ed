import ArgumentParser
import Firmware
import Platforms

/// Options shared by the commands that load firmware onto a board.
struct FirmwareOptions: ParsableArguments {
    @Argument(help: "Firmware image: ELF, Intel HEX (.hex) or raw binary (.bin, needs --load-address).")
    var firmware: String

    @Option(name: .long, help: "Built-in board name (see 'tinyemu platforms') or a board YAML file.")
    var platform: String

    @Option(name: .long, help: "Image format: elf, ihex or bin (default: detected).")
    var format: String?

    @Option(name: .long, help: "Where a raw binary goes in memory, e.g. 0x0.")
    var loadAddress: String?

    func loadPlatform() throws -> PlatformDescription {
        do {
            return try PlatformCatalog.load(platform)
        } catch {
            throw InputError(error.description)
        }
    }

    func loadFirmware() throws -> FirmwareImage {
        var chosenFormat: FirmwareFormat?
        if let format {
            guard let parsed = FirmwareFormat(rawValue: format) else {
                throw InputError("--format: expected elf, ihex or bin, found '\(format)'")
            }
            chosenFormat = parsed
        }
        var address: UInt32?
        if let loadAddress {
            guard let parsed = ValueParsing.number(loadAddress) else {
                throw InputError("--load-address: expected an address like 0x0 or 0x20000000, found '\(loadAddress)'")
            }
            address = parsed
        }
        do {
            return try FirmwareLoader.load(path: firmware, format: chosenFormat, loadAddress: address)
        } catch {
            throw InputError(error.description)
        }
    }
}
