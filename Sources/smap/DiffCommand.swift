import Foundation
import SmapKit

/// `smap diff OLD NEW [--format human|json|markdown]`
///
/// Compares what two versions of a map mean. Either version may be `-`,
/// standard input (`git show main:maps/x.smap | smap diff - maps/x.smap`);
/// its includes are then read next to the other version. Exit 0 when the
/// versions mean the same, 1 when they differ, 2 when a version cannot be
/// read or does not parse (its syntax errors go to standard error). Errors in
/// meaning (an unknown step, a broken rule) do not stop the comparison: they
/// are part of what changed.
enum DiffCommand {
    static func run(_ arguments: [String], console: Console) -> Int32 {
        let options = OptionReader(arguments, flags: ["-h", "--help"], values: ["--format"])
        if let problem = options.problem { return console.fail(problem) }
        if options.wantsHelp {
            console.out(Text(.cliDiffUsage).render(console.language) + "\n")
            return 0
        }
        let formatName = options.values["--format"] ?? "human"
        guard let format = DiffRenderer.Format(rawValue: formatName) else {
            return console.fail(Text(.cliBadValue, "--format", formatName, "human, json, markdown"))
        }
        guard options.positional.count == 2 else {
            return console.fail(Text(.cliDiffTwoFiles, "\(options.positional.count)"))
        }
        let (oldPath, newPath) = (options.positional[0], options.positional[1])
        if oldPath == "-" && newPath == "-" { return console.fail(Text(.cliDiffBothStdin)) }

        guard let old = compile(oldPath, besides: newPath, console: console),
              let new = compile(newPath, besides: oldPath, console: console) else { return 2 }
        let diff = SemanticDiff.compare(old, new, oldPath: label(oldPath), newPath: label(newPath))
        let language = console.explicitLanguage ?? new.model.language
        console.out(DiffRenderer(format: format, language: language).render(diff))
        return diff.isEmpty ? 0 : 1
    }

    private static func label(_ path: String) -> String { path == "-" ? "<stdin>" : path }

    /// Compiles one version; nil (after printing why) when it cannot be read or does not parse.
    private static func compile(_ path: String, besides other: String, console: Console) -> Compilation? {
        let compilation: Compilation
        if path == "-" {
            let bytes = [UInt8](FileHandle.standardInput.readDataToEndOfFile())
            // Includes of the piped version are read next to the other version.
            let folder = PathText.directory(of: other)
            let stand = folder == "." ? "<stdin>" : folder + "/<stdin>"
            compilation = Compiler.compile(path: stand, bytes: bytes, provider: DiskSourceProvider())
        } else {
            do {
                compilation = try Compiler.compile(path: path)
            } catch {
                console.err("smap: " + Console.cannotRead(path, error).render(console.language) + "\n")
                return nil
            }
        }
        // Lexical and syntax errors (E0xx): the file was not understood, so there is nothing to compare.
        let syntaxErrors = compilation.diagnostics.filter { $0.severity == .error && $0.code.rawValue.hasPrefix("E0") }
        if !syntaxErrors.isEmpty {
            let language = console.explicitLanguage ?? compilation.model.language
            let renderer = DiagnosticRenderer(format: .human, language: language)
            console.err(renderer.render(syntaxErrors, sources: compilation.sources))
            console.err("smap: " + Text(.cliDiffSyntaxErrors, label(path)).render(language) + "\n")
            return nil
        }
        return compilation
    }
}
