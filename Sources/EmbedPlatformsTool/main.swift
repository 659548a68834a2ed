// Generator behind the EmbedPlatforms build-tool plugin:
//   EmbedPlatformsTool OUTPUT.swift BOARDS-DIRECTORY
// writes a Swift file holding the text of each *.yaml file in the directory as a string literal,
// keyed by file name. Deliberately dependency-free so it builds in a moment.
import Foundation

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("EmbedPlatformsTool: \(message)\n".utf8))
    exit(1)
}

/// A one-line Swift string literal whose value is exactly `text`. Everything outside printable
/// ASCII is escaped, so the generated source is plain ASCII whatever the board files contain.
func swiftStringLiteral(_ text: String) -> String {
    var literal = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\\": literal += "\\\\"
        case "\"": literal += "\\\""
        case "\n": literal += "\\n"
        case "\t": literal += "\\t"
        case " "..."~": literal.unicodeScalars.append(scalar)
        default: literal += "\\u{\(String(scalar.value, radix: 16))}"
        }
    }
    return literal + "\""
}

let arguments = CommandLine.arguments
guard arguments.count == 3 else {
    fail("usage: EmbedPlatformsTool OUTPUT.swift BOARDS-DIRECTORY")
}
let (outputPath, boardsDirectory) = (arguments[1], arguments[2])

// The directory is listed here rather than by the plugin so that a board added since the
// build was last planned is still embedded.
guard let fileNames = try? FileManager.default.contentsOfDirectory(atPath: boardsDirectory) else {
    fail("cannot list \(boardsDirectory)")
}
var entries: [String] = []
for fileName in fileNames.filter({ $0.hasSuffix(".yaml") }).sorted() {
    let path = boardsDirectory + "/" + fileName
    guard let data = FileManager.default.contents(atPath: path) else {
        fail("cannot read \(path)")
    }
    guard let text = String(data: data, encoding: .utf8) else {
        fail("\(path) is not UTF-8 text")
    }
    entries.append("        \(swiftStringLiteral(fileName)): \(swiftStringLiteral(text)),")
}

let source = """
    // Generated at build time by EmbedPlatformsTool from Platforms/*.yaml. Do not edit.

    enum EmbeddedPlatformTexts {
        /// Board description texts keyed by file name ("nano33.yaml").
        static let byFileName: [String: String] = [
    \(entries.isEmpty ? "        :" : entries.joined(separator: "\n"))
        ]
    }

    """

// Rewrite only on change so that re-running the generator does not recompile the module.
if FileManager.default.contents(atPath: outputPath) != Data(source.utf8) {
    do {
        try Data(source.utf8).write(to: URL(fileURLWithPath: outputPath), options: .atomic)
    } catch {
        fail("cannot write \(outputPath): \(error)")
    }
}
