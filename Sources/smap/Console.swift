import Foundation
import SmapKit

/// Where the command writes, and in which language.
struct Console {
    /// Set by `--lang`; nil means: the map's language, or the environment's.
    var explicitLanguage: Language?
    var environmentLanguage: Language
    var stdoutIsTerminal: Bool

    /// Takes `--lang` out of the arguments (it applies to every command).
    init(arguments: inout [String]) {
        let env = ProcessInfo.processInfo.environment
        let lang = env["LC_ALL"] ?? env["LC_MESSAGES"] ?? env["LANG"] ?? ""
        environmentLanguage = lang.hasPrefix("sv") ? .sv : .en
        stdoutIsTerminal = isatty(STDOUT_FILENO) == 1 && env["NO_COLOR"] == nil && env["TERM"] != "dumb"
        if let i = arguments.firstIndex(where: { $0 == "--lang" || $0.hasPrefix("--lang=") }) {
            var value: String?
            if arguments[i].hasPrefix("--lang=") {
                value = String(arguments[i].dropFirst("--lang=".count))
                arguments.remove(at: i)
            } else if i + 1 < arguments.count {
                value = arguments[i + 1]
                arguments.removeSubrange(i...(i + 1))
            } else {
                arguments.remove(at: i)
            }
            explicitLanguage = value.flatMap(Language.init(rawValue:))
            if explicitLanguage == nil {
                let text = Text(.cliBadValue, "--lang", value ?? "", "sv, en").render(environmentLanguage)
                FileHandle.standardError.write(Data(("smap: " + text + "\n").utf8))
                exit(2)
            }
        }
    }

    /// Language for messages before any map is read.
    var language: Language { explicitLanguage ?? environmentLanguage }

    /// Language for messages about a map: `--lang`, else the map's own language.
    func language(for model: Model) -> Language { explicitLanguage ?? model.language }

    func out(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    func err(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// "cannot read PATH: reason", the reason in the user's language where smap knows it.
    static func cannotRead(_ path: String, _ error: Error) -> Text {
        if let source = error as? SourceError { return Text(.cliCannotRead, path, Text.word(source.reasonKey)) }
        return Text(.cliCannotRead, path, "\(error)")
    }

    /// Prints a usage or I/O problem and returns exit code 2.
    func fail(_ text: Text) -> Int32 {
        err("smap: " + text.render(language) + "\n")
        return 2
    }
}

/// Keeps a value alive until the process exits. The command ends right after
/// printing, and freeing a large map's data structures one by one costs a
/// large part of a check (most of 0.7 s for a 100,000-step map), so
/// commands hand their compilations here and the operating system reclaims
/// the memory at exit at once, as compilers do. Used only by the executable;
/// the library frees normally.
func keepUntilExit(_ compilation: Compilation) {
    _ = Unmanaged.passRetained(KeptCompilation(compilation))
}

private final class KeptCompilation {
    let compilation: Compilation
    init(_ compilation: Compilation) { self.compilation = compilation }
}
