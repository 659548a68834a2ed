import Foundation

/// Turns a `SensorSpec` into a clean source and its playback: a file read by its format, or
/// a generator of the sensor's family.
public enum SourceLoader {
    static let audioExtensions: Set<String> = ["wav", "wave", "flac", "aiff", "aif", "aifc", "ogg", "oga", "opus", "mp3",
                                               "au", "snd", "caf", "w64", "rf64", "voc", "sd2"]

    public static func load(_ spec: SensorSpec, seed: UInt64) throws -> (source: any SignalSource, playback: Playback) {
        let kind = try SensorKind.named(spec.name)
        var options = SpecOptions(context: "sensor \(spec.name)", entries: spec.options.map { ($0.key, $0.value) })
        let playback = Playback(start: try options.quantity("start", .time, default: 0, range: 0...1e9),
                                loop: try options.flag("loop"))
        let source: any SignalSource
        if spec.isFile {
            source = try loadFile(spec.source, kind: kind, options: &options)
        } else {
            source = try generator(spec.source, kind: kind, options: &options,
                                   random: CounterRandom(seed: seed, path: "\(spec.name)/source"))
        }
        try options.finish()
        return (source, playback)
    }

    static func loadFile(_ path: String, kind: SensorKind, options: inout SpecOptions) throws -> any SignalSource {
        let ext = URL(fileURLWithPath: path).pathExtension.lowercased()
        let source: any SignalSource
        if ext == "csv" || ext == "tsv" {
            var rate: SampleRate?
            if let text = try options.string("rate") {
                guard let parsed = SampleRate(parsing: text) else {
                    throw SensorError("\(options.context): rate: expected a rate like 100Hz, found '\(text)'")
                }
                rate = parsed
            }
            source = try CSVTrace.read(path: path, rate: rate)
        } else if ext == "json" {
            source = try EdgeImpulseJSON.read(path: path)
        } else if audioExtensions.contains(ext) {
            guard kind.isAudio else {
                throw SensorError("\(path): an audio recording cannot feed \(kind.name) (use a CSV or Edge Impulse JSON trace)")
            }
            var channel: Int?
            if let text = try options.string("channel") {
                guard let number = Int(text), number >= 0 else {
                    throw SensorError("\(options.context): channel: expected a channel number from 0, found '\(text)'")
                }
                channel = number
            }
            source = try AudioSource(path: path, channel: channel)
        } else {
            throw SensorError("\(path): unknown trace format '.\(ext)' (audio: .wav, .flac, .aiff, …; traces: .csv, .json)")
        }
        // The trace must deliver what the sensor needs.
        let provided = Set(source.channels.map(\.name))
        let missing = kind.required.filter { !provided.contains($0) }
        guard missing.isEmpty else {
            throw SensorError("\(path): sensor \(kind.name) needs \(missing.count == 1 ? "a column" : "columns") \(missing.joined(separator: ", ")) (it reads \(kind.required.joined(separator: ", ")))")
        }
        return source
    }

    /// The generators of each family of sensors.
    public static func generatorNames(for kind: SensorKind) -> [String] {
        if kind.isAudio { return AudioGenerator.names }
        if kind.isCamera { return ["pattern"] }
        if kind.channels.count > 1 { return MotionGenerator.names }
        return ScalarGenerator.names
    }

    static func generator(_ name: String, kind: SensorKind, options: inout SpecOptions, random: CounterRandom) throws -> any SignalSource {
        let names = generatorNames(for: kind)
        guard names.contains(name) else {
            throw SensorError("sensor \(kind.name): '\(name)' is neither a file (paths contain '/' or '.') nor a generator of \(kind.name) (\(names.joined(separator: ", ")))")
        }
        if kind.isAudio { return try AudioGenerator(name: name, options: &options, random: random) }
        if kind.channels.count > 1 { return try MotionGenerator(name: name, options: &options) }
        return try ScalarGenerator(name: name, channel: kind.channels[0], options: &options)
    }
}
