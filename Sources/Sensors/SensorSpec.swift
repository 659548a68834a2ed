/// One sensor's source as written on the command line (and, later, in scenario files):
/// `NAME=SOURCE[,KEY[=VALUE]]...`, e.g. `mic=speech.wav,loop,start=0.5s`,
/// `imu=gesture,shape=ring,period=1.5s`, `temperature=ramp,from=20C,to=25C,over=10min`.
/// SOURCE is a file path when it contains '/' or '.', otherwise a generator's name.
public struct SensorSpec: Sendable, Equatable {
    public struct Option: Sendable, Equatable {
        public let key: String
        public let value: String?
    }

    public let name: String
    public let source: String
    public let options: [Option]

    public init(name: String, source: String, options: [Option] = []) {
        self.name = name
        self.source = source
        self.options = options
    }

    public static func parse(_ text: String) throws -> SensorSpec {
        guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
            throw SensorError("--sensor '\(text)': expected NAME=SOURCE, e.g. mic=speech.wav or imu=gesture,shape=ring")
        }
        let name = String(text[..<equals])
        _ = try SensorKind.named(name)
        let items = text[text.index(after: equals)...].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard let source = items.first, !source.isEmpty else {
            throw SensorError("sensor \(name): no source after '=' (a file such as speech.wav, or a generator such as sine)")
        }
        let options = try items.dropFirst().map { item -> Option in
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard !parts[0].isEmpty else { throw SensorError("sensor \(name): empty option in '\(text)'") }
            return Option(key: parts[0], value: parts.count == 2 ? parts[1] : nil)
        }
        return SensorSpec(name: name, source: source, options: options)
    }

    public var isFile: Bool { source.contains("/") || source.contains(".") }

    public var text: String {
        var items = [name + "=" + source]
        for option in options {
            items.append(option.value.map { "\(option.key)=\($0)" } ?? option.key)
        }
        return items.joined(separator: ",")
    }
}
