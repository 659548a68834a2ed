import ArgumentParser
import Foundation
import Sensors

/// `tinyemu sensors render`: writes what the firmware will see from one sensor, clean and
/// with its noise, and a plot of both, so the variation can be looked at and listened to.
struct SensorsRenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Render one sensor's samples (with noise) to WAV/FLAC/AIFF or CSV, and plot clean vs noisy as SVG.")

    @OptionGroup var sensors: SensorOptions

    @Option(name: .long, help: "Sample rate of the device, e.g. 16kHz or 119Hz (default: the sensor's usual rate).")
    var rate: String?

    @Option(name: .long, help: "How much to render, e.g. 2s or 500ms (default: the whole recording).")
    var duration: String?

    @Option(name: [.short, .long], help: "Where the samples with noise go: .wav/.flac/.aiff (audio) or .csv; camera: .pgm/.ppm/.png (one per frame) or raw .gray8/.rgb565/.rgb888.")
    var output: String?

    @Option(name: .long, help: "Where the samples without noise go (same formats).")
    var clean: String?

    @Option(name: .long, help: "Write an SVG plot of the clean and noisy traces side by side (camera: a .png/.pgm/.ppm contact sheet).")
    var plot: String?

    func run() throws {
        let configuration = try sensors.configuration()
        guard configuration.sensors.count == 1, let name = configuration.sensors.first?.name else {
            throw InputError("sensors render: give exactly one --sensor (found \(configuration.sensors.count))")
        }
        guard output != nil || clean != nil || plot != nil else {
            throw InputError("sensors render: nothing to write; give --output, --clean or --plot")
        }
        var sampleRate: SampleRate?
        if let rate {
            guard let parsed = SampleRate(parsing: rate) else {
                throw InputError("--rate: expected a rate like 16kHz or 119Hz, found '\(rate)'")
            }
            sampleRate = parsed
        }
        var seconds: Double?
        if let duration {
            guard let ns = ValueParsing.duration(duration), ns > 0 else {
                throw InputError("--duration: expected a duration like 2s or 500ms, found '\(duration)'")
            }
            seconds = Double(ns) / 1e9
        }
        do {
            if name == "camera" {
                let render = try CameraRender(configuration: configuration, rate: sampleRate, seconds: seconds)
                if let output { try render.write(clean: false, to: output) }
                if let clean { try render.write(clean: true, to: clean) }
                if let plot { try render.writeContactSheet(to: plot) }
                return
            }
            let render = try SensorRender(configuration: configuration, sensor: name, rate: sampleRate, seconds: seconds)
            if let output { try render.write(render.noisy, to: output) }
            if let clean { try render.write(render.clean, to: clean) }
            if let plot {
                let title = ([configuration.sensors[0].text] + configuration.noise.filter { $0.sensor == name }.map { spec in
                    "\(spec.sensor):" + spec.terms.map { "\($0.key)\($0.channel.map { ".\($0)" } ?? "")\($0.value.map { "=\($0)" } ?? "")" }.joined(separator: ",")
                } + ["seed \(configuration.seed)"]).joined(separator: "  ")
                guard FileManager.default.createFile(atPath: plot, contents: Data(render.plot(title: title).utf8)) else {
                    throw InputError("--plot: cannot write '\(plot)'")
                }
            }
        } catch let error as SensorError {
            throw InputError(error.description)
        }
    }
}
