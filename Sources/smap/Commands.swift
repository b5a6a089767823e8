import Foundation
import SmapKit

enum Commands {
    static let version = "1.0.0"

    static func run(_ arguments: [String], console: Console) -> Int32 {
        guard let command = arguments.first else {
            console.err(Text(.cliUsage).render(console.language) + "\n")
            return 2
        }
        let rest = Array(arguments.dropFirst())
        switch command {
        case "-h", "--help", "help":
            console.out(Text(.cliUsage).render(console.language) + "\n")
            return 0
        case "--version", "version":
            console.out("smap \(version)\n")
            return 0
        case "check":
            return CheckCommand.run(rest, console: console)
        case "build", "schema":
            return EmitCommands.run(command, rest, console: console)
        case _ where Outputs.emitter(command: command) != nil:
            // One output alone: `smap json`, `smap dot`, `smap html`, … (Outputs.all).
            return EmitCommands.run(command, rest, console: console)
        case "fmt":
            return FmtCommand.run(rest, console: console)
        case "diff":
            return DiffCommand.run(rest, console: console)
        case "serve":
            return ServeCommand.run(rest, console: console)
        default:
            return console.fail(Text(.cliUnknownCommand, command))
        }
    }
}

/// A tiny option reader: flags, options with values, and positional arguments.
struct OptionReader {
    var positional: [String] = []
    var flags: Set<String> = []
    var values: [String: String] = [:]
    var problem: Text?

    /// `flagNames` take no value; `valueNames` take one (`--x v` or `--x=v`).
    init(_ arguments: [String], flags flagNames: Set<String>, values valueNames: Set<String>) {
        var i = 0
        var onlyPositional = false
        while i < arguments.count {
            let a = arguments[i]
            i += 1
            if onlyPositional || a == "-" || !a.hasPrefix("-") {
                positional.append(a)
                continue
            }
            if a == "--" { onlyPositional = true; continue }
            var name = a
            var inline: String?
            if let eq = a.firstIndex(of: "="), a.hasPrefix("--") {
                name = String(a[..<eq])
                inline = String(a[a.index(after: eq)...])
            }
            if flagNames.contains(name), inline == nil {
                flags.insert(name)
            } else if valueNames.contains(name) {
                if let inline {
                    values[name] = inline
                } else if i < arguments.count {
                    values[name] = arguments[i]
                    i += 1
                } else {
                    problem = Text(.cliMissingValue, name)
                    return
                }
            } else {
                problem = Text(.cliUnknownOption, a)
                return
            }
        }
    }

    var wantsHelp: Bool { flags.contains("-h") || flags.contains("--help") }
}
