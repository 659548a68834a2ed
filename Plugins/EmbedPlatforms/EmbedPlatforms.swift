import Foundation
import PackagePlugin

/// Embeds the built-in board descriptions (`Platforms/*.yaml` at the package root) into the
/// target as Swift string literals, so built-in boards work from any working directory and from
/// an installed binary with no source tree beside it. The YAML files stay the single source of
/// truth; the generated file lives only in the build directory.
///
/// SwiftPM re-runs this plugin only when it re-plans the build (Package.swift or a target's
/// file list changed), not at every build. So the generator lists the folder itself, and the
/// folder is an input beside the files: editing a board changes a file input, adding one changes
/// the folder. Removing a board leaves a missing input until the next re-plan (`touch Package.swift`).
@main
struct EmbedPlatforms: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let boardsDirectory = context.package.directoryURL.appending(path: "Platforms", directoryHint: .isDirectory)
        // Listing by path follows a symlinked folder, which the URL-based listing does not on Linux.
        let boardFiles = try FileManager.default
            .contentsOfDirectory(atPath: boardsDirectory.path(percentEncoded: false))
            .filter { $0.hasSuffix(".yaml") }
            .sorted()
            .map { boardsDirectory.appending(path: $0) }
        let generatedFile = context.pluginWorkDirectoryURL.appending(path: "EmbeddedPlatformTexts.swift")
        return [
            .buildCommand(
                displayName: "Embedding board descriptions into \(target.name)",
                executable: try context.tool(named: "EmbedPlatformsTool").url,
                arguments: [generatedFile.path(percentEncoded: false), boardsDirectory.path(percentEncoded: false)],
                inputFiles: [boardsDirectory] + boardFiles,
                outputFiles: [generatedFile]
            ),
        ]
    }
}
