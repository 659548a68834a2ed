import ArgumentParser
import Sensors

/// `--sensor`, `--noise` and `--seed`, shared by `run` and `sensors render`. Parsing and
/// checking live in the Sensors library; this turns its errors into the CLI's one-line kind.
struct SensorOptions: ParsableArguments {
    @Option(name: .long, help: "NAME=SOURCE[,OPTION...] — feed a sensor from a file or a generator, e.g. mic=speech.wav,loop. Repeatable.")
    var sensor: [String] = []

    @Option(name: .long, help: "NAME:MODEL=VALUE[,...] — noise for a sensor, e.g. mic:snr=10dB or imu:gain=1.02,bias.gz=0.5dps. Repeatable.")
    var noise: [String] = []

    @Option(name: .long, help: "Seed of every noise source (default 0): the same seed gives the same samples.")
    var seed: String?

    /// The parsed configuration, with every file read and every value checked.
    func configuration() throws -> SensorConfiguration {
        do {
            let configuration = try SensorConfiguration.parse(sensors: sensor, noise: noise, seed: seed)
            try configuration.validate()
            return configuration
        } catch let error as SensorError {
            throw InputError(error.description)
        }
    }
}
