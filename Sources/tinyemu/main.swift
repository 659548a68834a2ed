import Foundation
import TinyEmuCLI

exit(TinyEmu.main(arguments: Array(CommandLine.arguments.dropFirst())))
