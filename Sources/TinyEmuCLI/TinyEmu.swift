import ArgumentParser
import Foundation

/// Exit statuses of `tinyemu`, as documented in the README.
public enum ExitStatus {
    public static let success: Int32 = 0
    public static let failMatched: Int32 = 1
    public static let limitReached: Int32 = 124
    public static let badInput: Int32 = 125
    public static let cannotContinue: Int32 = 126
}

/// A problem with the user's input: printed as one line, exit status 125.
struct InputError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

public struct TinyEmu: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "tinyemu",
        abstract: "Run Cortex-M4 microcontroller firmware on emulated boards.",
        version: "0.1.0",
        subcommands: [RunCommand.self, PlatformsCommand.self, InspectCommand.self, SensorsCommand.self]
    )

    public init() {}

    /// Entry point: parses, runs, and turns every failure into one line and a documented status.
    public static func main(arguments: [String]) -> Int32 {
        do {
            var command = try parseAsRoot(arguments)
            if var run = command as? RunCommand {
                return run.execute()
            }
            try command.run()
            return ExitStatus.success
        } catch let error as InputError {
            printError("tinyemu: \(error.description)")
            return ExitStatus.badInput
        } catch {
            if exitCode(for: error) == .success {
                print(fullMessage(for: error))
                return ExitStatus.success
            }
            let message = self.message(for: error)
            printError("tinyemu: \(message.isEmpty ? "\(error)" : message)")
            printError("(see 'tinyemu --help')")
            return ExitStatus.badInput
        }
    }
}

func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
