/// Why a board description could not be loaded, as one line naming the file, the line, the key
/// path and what was expected: `board.yaml:7: memory[1].size: expected a size like 256K, ...`.
public struct PlatformError: Error, CustomStringConvertible, Equatable {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }

    /// An error at a place in a description file. `keyPath` may be empty for whole-document problems.
    init(at location: SourceLocation, _ keyPath: String, _ problem: String) {
        let place = keyPath.isEmpty ? "" : "\(keyPath): "
        self.init("\(location): \(place)\(problem)")
    }

    static func unknownPlatform(_ name: String) -> PlatformError {
        let builtins = PlatformCatalog.builtinNames.joined(separator: ", ")
        return PlatformError("unknown platform \(quoted(name)) (built-in: \(builtins); or give a path to a .yaml file)")
    }
}

/// `'value'` for messages, kept on one line and short whatever the input holds.
func quoted(_ value: String) -> String {
    let limit = 60
    var shown = ""
    for scalar in value.unicodeScalars.prefix(limit) {
        switch scalar {
        case "\n": shown += "\\n"
        case "\t": shown += "\\t"
        case _ where scalar.value < 0x20 || scalar.value == 0x7F: shown += "\\u{\(String(scalar.value, radix: 16))}"
        default: shown.unicodeScalars.append(scalar)
        }
    }
    if value.unicodeScalars.count > limit { shown += "..." }
    return "'\(shown)'"
}
