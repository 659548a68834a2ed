import ArgumentParser
import Emulation
import Platforms

struct PlatformsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "platforms", abstract: "List the built-in boards.")

    func run() throws {
        for name in PlatformCatalog.builtinNames {
            guard let platform = PlatformCatalog.builtin(named: name) else { continue }
            let memory = platform.memory.map { "\($0.name) \(sizeText($0.size)) @ \($0.base.hexString)" }.joined(separator: ", ")
            print("\(name.padding(toLength: 14, withPad: " ", startingAt: 0)) \(platform.title)")
            print("\(String(repeating: " ", count: 15))\(platform.cpu.core), \(platform.cpu.clockHz / 1_000_000) MHz; \(memory)")
        }
    }
}

func sizeText(_ size: UInt32) -> String {
    if size % (1024 * 1024) == 0 { return "\(size / 1024 / 1024) MiB" }
    if size % 1024 == 0 { return "\(size / 1024) KiB" }
    return "\(size) B"
}
