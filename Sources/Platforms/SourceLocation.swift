/// A line in a description file, for error messages. `file` is the name shown to the user: the
/// path as given, or `Platforms/NAME.yaml` for a built-in board.
struct SourceLocation: Sendable, Equatable, CustomStringConvertible {
    var file: String
    var line: Int

    var description: String { "\(file):\(line)" }
}

/// A value read from a description together with where it was written, so that checks made
/// after `extends:` merging still point at the right file and line.
struct Located<Value: Sendable>: Sendable {
    var value: Value
    var location: SourceLocation
    /// Key path within that file, e.g. `memory[1].size`.
    var keyPath: String

    func error(_ problem: String) -> PlatformError {
        PlatformError(at: location, keyPath, problem)
    }
}
