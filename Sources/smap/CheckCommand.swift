import Foundation
import SmapKit

/// `smap check FILE… [--strict] [--format human|json|github]`
enum CheckCommand {
    static func run(_ arguments: [String], console: Console) -> Int32 {
        let options = OptionReader(arguments, flags: ["-h", "--help", "--strict"], values: ["--format"])
        if let problem = options.problem { return console.fail(problem) }
        if options.wantsHelp {
            console.out(Text(.cliCheckUsage).render(console.language) + "\n")
            return 0
        }
        let formatName = options.values["--format"] ?? "human"
        guard let format = DiagnosticRenderer.Format(rawValue: formatName) else {
            return console.fail(Text(.cliBadValue, "--format", formatName, "human, json, github"))
        }
        guard !options.positional.isEmpty else { return console.fail(Text(.cliMissingFile, "check")) }
        let strict = options.flags.contains("--strict")
        var worst: Int32 = 0
        for path in options.positional {
            let compilation: Compilation
            do {
                compilation = try Compiler.compile(path: path)
            } catch {
                console.err("smap: " + Console.cannotRead(path, error).render(console.language) + "\n")
                worst = 2
                continue
            }
            let language = console.language(for: compilation.model)
            let renderer = DiagnosticRenderer(format: format, language: language,
                                              color: format == .human && console.stdoutIsTerminal)
            console.out(renderer.render(compilation.diagnostics, sources: compilation.sources))
            if format == .human {
                if compilation.diagnostics.isEmpty {
                    console.out(Text(.cliClean, path).render(language) + "\n")
                } else {
                    let errors = Text.counted(compilation.errorCount, one: .countError, many: .countErrors, language)
                    let warnings = Text.counted(compilation.warningCount, one: .countWarning, many: .countWarnings, language)
                    console.out(Text(.cliSummary, path, errors, warnings).render(language) + "\n")
                }
            }
            keepUntilExit(compilation)
            let failed = compilation.hasErrors || (strict && compilation.warningCount > 0)
            if failed && worst == 0 { worst = 1 }
        }
        return worst
    }
}
