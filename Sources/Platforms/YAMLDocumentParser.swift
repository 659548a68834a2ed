import Yams

/// Parses description text into its root node, turning every Yams error into one line naming the
/// file and line. Yams builds its node tree recursively, so input is refused when it is big or
/// structured enough to be deep, and the rest runs on a thread with a stack sized for the worst
/// document that passes (measured: about 2 KiB per level in a debug build, 30,000 levels fit).
enum YAMLDocumentParser {
    /// Board descriptions are a few KiB; this is generous.
    static let maximumBytes = 1 << 20
    /// Every level of YAML nesting needs one of `[`, `{`, `-`, `?` or `:`, so their count bounds
    /// the depth. Ordinary boards have a few hundred.
    static let maximumStructuralCharacters = 16_000

    /// Parses `text` and hands its root to `read`, all on a large-stack thread so that neither
    /// building nor freeing the node tree can overflow the caller's stack.
    static func read<Value: Sendable>(
        _ text: String, file: String, _ read: @escaping @Sendable (DescriptionNode) throws(PlatformError) -> Value
    ) throws(PlatformError) -> Value {
        try checkSizeAndStructure(text, file: file)
        return try LargeStackThread.run { () -> Result<Value, PlatformError> in
            Result { () throws(PlatformError) in try read(try parse(text, file: file)) }
        }.get()
    }

    private static func checkSizeAndStructure(_ text: String, file: String) throws(PlatformError) {
        let documentStart = SourceLocation(file: file, line: 1)
        guard text.utf8.count <= maximumBytes else {
            throw PlatformError(at: documentStart, "", "file is larger than \(maximumBytes / 1024) KiB; is it really a board description?")
        }
        let structural = text.utf8.lazy.filter { "[{-?:".utf8.contains($0) }.count
        guard structural <= maximumStructuralCharacters else {
            throw PlatformError(
                at: documentStart, "",
                "too much structure for a board description (\(structural) of '[{-?:'; at most \(maximumStructuralCharacters))"
            )
        }
    }

    private static func parse(_ text: String, file: String) throws(PlatformError) -> DescriptionNode {
        let documentStart = SourceLocation(file: file, line: 1)
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw describe(error, in: text, file: file)
        } catch {
            throw PlatformError(at: documentStart, "", "invalid YAML: \(oneLine(String(describing: error)))")
        }
        guard let root else {
            throw PlatformError(at: documentStart, "", "expected a board description (a mapping with name, cpu, memory, ...), found an empty document")
        }
        return DescriptionNode(node: root, file: file, keyPath: "")
    }

    private static func describe(_ error: YamlError, in text: String, file: String) -> PlatformError {
        func invalid(line: Int, _ problem: String, _ context: YamlError.Context?) -> PlatformError {
            var message = "invalid YAML: \(oneLine(problem))"
            if let context {
                message += " (\(oneLine(context.text)) at line \(context.mark.line))"
            }
            return PlatformError(at: SourceLocation(file: file, line: line), "", message)
        }
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            return invalid(line: mark.line, problem, context)
        case .reader(let problem, let offset, _, _):
            return invalid(line: offset.map { lineNumber(atCharacterOffset: $0, in: text) } ?? 1, problem, nil)
        default:
            return invalid(line: 1, String(describing: error), nil)
        }
    }

    /// Yams reports reader errors (bad encoding, control characters) as a Character offset.
    private static func lineNumber(atCharacterOffset offset: Int, in text: String) -> Int {
        1 + text.prefix(max(0, offset)).reduce(0) { count, character in character.isNewline ? count + 1 : count }
    }

    private static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
