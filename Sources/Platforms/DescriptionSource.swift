import Foundation

/// Where a description's text comes from: an embedded built-in board or a file on disk.
enum DescriptionSource: Sendable {
    case builtin(name: String)
    /// `path` as the user (or the extending file) wrote it, which is what messages show.
    case file(path: String)
    /// Text handed to `PlatformCatalog.parse`, with the path it claims to come from, if any.
    case text(String, path: String?)

    /// Anything containing '/' or ending in .yaml/.yml is a path; anything else a built-in name.
    static func named(_ nameOrPath: String) -> DescriptionSource {
        let looksLikePath = nameOrPath.contains("/") || nameOrPath.hasSuffix(".yaml") || nameOrPath.hasSuffix(".yml")
        return looksLikePath ? .file(path: nameOrPath) : .builtin(name: nameOrPath)
    }

    /// The file name shown in messages.
    var displayName: String {
        switch self {
        case .builtin(let name): "Platforms/\(name).yaml"
        case .file(let path): path
        case .text(_, let path): path ?? "<yaml>"
        }
    }

    /// What `PlatformDescription.sourcePath` records.
    var sourcePath: String? {
        switch self {
        case .builtin: nil
        case .file(let path): path
        case .text(_, let path): path
        }
    }

    /// Identity for cycle detection: the same file reached by two spellings is one file.
    var identity: String {
        switch self {
        case .builtin(let name): "builtin:\(name)"
        case .file(let path), .text(_, .some(let path)):
            URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
        case .text(_, nil): "<yaml>"  // nothing can extend a pathless text, so it cannot be in a cycle
        }
    }

    /// The source an `extends:` value names, relative to this one.
    func resolve(_ reference: Located<String>) throws(PlatformError) -> DescriptionSource {
        let parent = DescriptionSource.named(reference.value)
        guard case .file(let path) = parent else { return parent }
        if case .builtin = self {
            throw reference.error("a built-in board can only extend another built-in board")
        }
        guard !path.hasPrefix("/"), let directory = sourcePath.map(Self.directory(of:)), !directory.isEmpty else {
            return parent
        }
        var relative = Substring(path)
        while relative.hasPrefix("./") { relative = relative.dropFirst(2) }  // keeps messages short
        return .file(path: (directory == "/" ? "" : directory) + "/" + relative)
    }

    private static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// The description text.
    func text() throws(PlatformError) -> String {
        switch self {
        case .builtin(let name):
            guard let text = BuiltinPlatforms.texts[name] else { throw PlatformError.unknownPlatform(name) }
            return text
        case .text(let text, _):
            return text
        case .file(let path):
            return try Self.readFile(at: path)
        }
    }

    /// Reads a description file, refusing what is not a small regular file so that a mistaken
    /// path (a directory, /dev/zero, a FIFO) gives a message instead of a hang.
    private static func readFile(at path: String) throws(PlatformError) -> String {
        func failure(_ problem: String) -> PlatformError { PlatformError("\(path): \(problem)") }
        let attributes: [FileAttributeKey: Any]
        do {
            // Attributes of the file itself, not of a symlink to it.
            let target = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
            attributes = try FileManager.default.attributesOfItem(atPath: target)
        } catch {
            throw failure(FileManager.default.fileExists(atPath: path) ? "cannot read the file" : "no such file")
        }
        guard attributes[.type] as? FileAttributeType == .typeRegular else {
            throw failure(attributes[.type] as? FileAttributeType == .typeDirectory ? "is a directory, not a .yaml file" : "is not a regular file")
        }
        if let size = (attributes[.size] as? NSNumber)?.intValue, size > YAMLDocumentParser.maximumBytes {
            throw failure("file is larger than \(YAMLDocumentParser.maximumBytes / 1024) KiB; is it really a board description?")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw failure("cannot read the file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw failure("is not UTF-8 text")
        }
        return text
    }
}
