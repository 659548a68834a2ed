/// A problem with a firmware image, always tied to the file it came from.
///
/// `description` is a single line in the compiler-style form `<path>: <message>`, or
/// `<path>:<line>: <message>` when the problem is on a particular line of a text image,
/// so it can be printed directly in front of a user.
public struct FirmwareError: Error, CustomStringConvertible, Equatable {
    public var path: String
    /// 1-based line number for problems found in text formats (Intel HEX); nil otherwise.
    public var line: Int?
    public var message: String

    public init(path: String, line: Int? = nil, message: String) {
        self.path = path
        self.line = line
        self.message = message
    }

    public var description: String {
        let location = line.map { "\(path):\($0)" } ?? path
        return "\(location): \(Self.singleLine(message))"
    }

    /// Messages can quote data from the file; keep the description on one line regardless.
    private static func singleLine(_ text: String) -> String {
        guard text.contains(where: \.isNewline) else { return text }
        return String(text.map { $0.isNewline ? " " : $0 })
    }
}
