import ArgumentParser
import Sensors

/// `tinyemu sensors`: what sensors, generators and noise models there are.
struct SensorsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sensors",
        abstract: "List the sensors, their channels, generators and noise models; 'sensors render' previews one.",
        subcommands: [SensorsRenderCommand.self])

    func run() throws {
        print("sensors (--sensor NAME=SOURCE):")
        for kind in SensorKind.all {
            let name = kind.name.padding(toLength: 12, withPad: " ", startingAt: 0)
            let channels = kind.channels.map { "\($0.name)[\($0.quantity.canonicalUnit)]" }.joined(separator: " ")
            print("  \(name) \(kind.summary), \(kind.defaultRate)\(channels.isEmpty ? "" : ": \(channels)")")
            let generators = SourceLoader.generatorNames(for: kind)
            if !generators.isEmpty {
                print("  \(String(repeating: " ", count: 12)) generators: \(generators.joined(separator: ", "))")
            }
        }
        print("\nnoise models (--noise NAME:MODEL[.CHANNEL]=VALUE,...):")
        for model in NoiseSpec.models {
            print("  \(model.key.padding(toLength: 12, withPad: " ", startingAt: 0)) \(model.meaning)")
        }
    }
}
