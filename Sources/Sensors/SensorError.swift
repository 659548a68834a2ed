/// Bad sensor input — a malformed trace file, an unknown sensor or generator, bad noise syntax.
/// The description is one line that names the file (and the line, column or key where it
/// applies), so the command line can print it as it is and exit with status 125.
public struct SensorError: Error, CustomStringConvertible, Equatable, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
