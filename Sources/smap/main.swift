import Foundation
import SmapKit

// The smap command: parses arguments, calls SmapKit, prints. All work is in the library.

Allocator.tuneForBatchWork()
var arguments = Array(CommandLine.arguments.dropFirst())
let console = Console(arguments: &arguments)
exit(Commands.run(arguments, console: console))
