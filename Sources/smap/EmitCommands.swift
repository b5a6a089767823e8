import Foundation
import SmapKit

/// `smap build FILE [-o DIR] [--view ID]`, `smap json|dot|html FILE [-o OUT] [--view ID]`
/// and `smap schema [-o OUT]`.
///
/// Outputs exist only for a map without errors: with errors the diagnostics go
/// to standard error, nothing to standard output, nothing is written, and the
/// exit code is 1. Warnings are printed to standard error and do not stop the
/// output. Usage and I/O problems exit 2.
enum EmitCommands {
    static func run(_ command: String, _ arguments: [String], console: Console) -> Int32 {
        switch command {
        case "schema": return schema(arguments, console: console)
        case "build": return build(arguments, console: console)
        default: return single(command, arguments, console: console)
        }
    }

    /// One output, to standard output or `-o OUT`.
    static func single(_ command: String, _ arguments: [String], console: Console) -> Int32 {
        let options = OptionReader(arguments, flags: ["-h", "--help"], values: ["-o", "--output", "--view"])
        if let problem = options.problem { return console.fail(problem) }
        if options.wantsHelp {
            console.out(Text(.cliEmitUsage).render(console.language) + "\n")
            return 0
        }
        guard let emitter = Outputs.emitter(command: command) else { return console.fail(Text(.cliUnknownCommand, command)) }
        let loaded = load(command, options, console: console)
        guard case .ready(let map, let view) = loaded else { return loaded.exitCode }
        let text = emitter.render(map, view: view)
        let output = options.values["-o"] ?? options.values["--output"] ?? "-"
        if output == "-" {
            console.out(text)
            return 0
        }
        do {
            try Publisher.write(text, to: output)
        } catch {
            return console.fail(error.text)
        }
        return 0
    }

    /// Every output, all or nothing, into `-o DIR` (default `site`).
    static func build(_ arguments: [String], console: Console) -> Int32 {
        let options = OptionReader(arguments, flags: ["-h", "--help"], values: ["-o", "--output", "--view"])
        if let problem = options.problem { return console.fail(problem) }
        if options.wantsHelp {
            console.out(Text(.cliBuildUsage).render(console.language) + "\n")
            return 0
        }
        let loaded = load("build", options, console: console)
        guard case .ready(let map, let view) = loaded else { return loaded.exitCode }
        let directory = options.values["-o"] ?? options.values["--output"] ?? "site"
        let files = Outputs.files(map, view: view)
        do {
            try Publisher.publish(files, to: directory, protecting: map.sources.files.map(\.path))
        } catch {
            return console.fail(error.text)
        }
        let written = files.map { PathText.join(directory, $0.name) }.joined(separator: ", ")
        console.out(Text(.cliBuilt, written).render(console.language(for: map.model)) + "\n")
        return 0
    }

    /// `smap schema [-o OUT]`: the JSON Schema of the model.
    static func schema(_ arguments: [String], console: Console) -> Int32 {
        let options = OptionReader(arguments, flags: ["-h", "--help"], values: ["-o", "--output"])
        if let problem = options.problem { return console.fail(problem) }
        if options.wantsHelp {
            console.out(Text(.cliSchemaUsage).render(console.language) + "\n")
            return 0
        }
        if let extra = options.positional.first { return console.fail(Text(.cliUnknownOption, extra)) }
        let output = options.values["-o"] ?? options.values["--output"] ?? "-"
        if output == "-" {
            console.out(ModelSchema.text)
            return 0
        }
        do {
            try Publisher.write(ModelSchema.text, to: output)
        } catch {
            return console.fail(error.text)
        }
        return 0
    }

    enum Loaded {
        case ready(CheckedMap, view: Int?)
        case failed(Int32)

        var exitCode: Int32 {
            if case .failed(let code) = self { return code }
            return 0
        }
    }

    /// Reads and checks the one map file, and finds `--view`. Prints the
    /// diagnostics to standard error: all of them and "nothing was written"
    /// when there are errors (or the view is unknown), else the warnings.
    static func load(_ command: String, _ options: OptionReader, console: Console) -> Loaded {
        guard let path = options.positional.first else { return .failed(console.fail(Text(.cliMissingFile, command))) }
        guard options.positional.count == 1 else {
            return .failed(console.fail(Text(.cliOneFile, command, "\(options.positional.count)")))
        }
        let compilation: Compilation
        do {
            compilation = try Compiler.compile(path: path)
        } catch {
            return .failed(console.fail(Console.cannotRead(path, error)))
        }
        keepUntilExit(compilation)
        var diagnostics = compilation.diagnostics
        var view: Int?
        if let id = options.values["--view"] {
            switch compilation.model.view(named: id) {
            case .found(let index): view = index
            case .unknown(let diagnostic): diagnostics.append(diagnostic)
            }
        }
        let language = console.language(for: compilation.model)
        let env = ProcessInfo.processInfo.environment
        let color = isatty(STDERR_FILENO) == 1 && env["NO_COLOR"] == nil && env["TERM"] != "dumb"
        let renderer = DiagnosticRenderer(format: .human, language: language, color: color)
        guard let map = compilation.checked, !diagnostics.contains(where: { $0.severity == .error }) else {
            console.err(renderer.render(diagnostics, sources: compilation.sources))
            console.err("smap: " + Text(.cliNotBuilt).render(language) + "\n")
            return .failed(1)
        }
        if !diagnostics.isEmpty { console.err(renderer.render(diagnostics, sources: compilation.sources)) }
        return .ready(map, view: view)
    }
}
