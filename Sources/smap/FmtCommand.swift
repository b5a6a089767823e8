import Foundation
import SmapKit

/// `smap fmt FILE… [--check | -w]`
///
/// Without flags the formatted text goes to standard output. `--check`
/// changes nothing, lists the files whose layout would change and exits 1 if
/// there are any. `-w` rewrites the files that change, each atomically (a
/// temporary file in the same folder, renamed over the original). A file that
/// does not parse is never touched: its diagnostics go to standard error and
/// the exit code is 1. `-` reads standard input. Usage and I/O problems exit 2.
enum FmtCommand {
    enum Mode { case print, check, write }

    static func run(_ arguments: [String], console: Console) -> Int32 {
        let options = OptionReader(arguments, flags: ["-h", "--help", "--check", "-w", "--write"], values: [])
        if let problem = options.problem { return console.fail(problem) }
        if options.wantsHelp {
            console.out(Text(.cliFmtUsage).render(console.language) + "\n")
            return 0
        }
        let check = options.flags.contains("--check")
        let write = options.flags.contains("-w") || options.flags.contains("--write")
        if check && write { return console.fail(Text(.cliCheckOrWrite)) }
        let mode: Mode = check ? .check : write ? .write : .print
        guard !options.positional.isEmpty else { return console.fail(Text(.cliMissingFile, "fmt")) }
        if mode == .write, options.positional.contains("-") { return console.fail(Text(.cliNoWriteToStdin)) }

        var worst: Int32 = 0
        func note(_ code: Int32) { worst = max(worst, code) }
        for path in options.positional {
            let bytes: [UInt8]
            do {
                bytes = path == "-" ? [UInt8](FileHandle.standardInput.readDataToEndOfFile())
                                    : try DiskSourceProvider().read(path)
            } catch {
                console.err("smap: " + Console.cannotRead(path, error).render(console.language) + "\n")
                note(2)
                continue
            }
            let shownPath = path == "-" ? "<stdin>" : path
            let result = Formatter.format(path: shownPath, bytes: bytes)
            let language = console.explicitLanguage ?? result.language ?? console.environmentLanguage
            guard let formatted = result.formatted else {
                let renderer = DiagnosticRenderer(format: .human, language: language, color: false)
                let errors = result.diagnostics.filter { $0.severity == .error }
                console.err(renderer.render(errors, sources: result.sources))
                console.err("smap: " + Text(.cliNotFormattedBecauseErrors, shownPath).render(language) + "\n")
                note(1)
                continue
            }
            switch mode {
            case .print:
                console.out(formatted)
            case .check:
                if result.isChanged {
                    console.out(Text(.cliWouldReformat, shownPath).render(language) + "\n")
                    note(1)
                }
            case .write:
                guard result.isChanged else { continue }
                do {
                    try AtomicFile.replace(path, with: Array(formatted.utf8))
                    console.out(Text(.cliFormatted, path).render(language) + "\n")
                } catch {
                    console.err("smap: " + Text(.cliCannotWrite, path, error.reason).render(language) + "\n")
                    note(2)
                }
            }
        }
        return worst
    }
}

/// Replaces a file's contents in one step: the new bytes go to a temporary
/// file next to it, which is then renamed over it, so a reader (or a crash)
/// sees the old file or the new one, never half of one. The file keeps its
/// permissions; a symbolic link keeps pointing at the file it names.
enum AtomicFile {
    struct Failure: Error {
        var reason: String
    }

    static func replace(_ path: String, with bytes: [UInt8]) throws(Failure) {
        let target = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        var info = stat()
        guard stat(target, &info) == 0 else { throw Failure(reason: String(cString: strerror(errno))) }
        let folder = PathText.directory(of: target)
        let name = target.split(separator: "/").last.map(String.init) ?? "map.smap"
        var template = Array("\(folder)/.\(name).smap-fmt-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw Failure(reason: String(cString: strerror(errno))) }
        let temporary = String(decoding: template.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var ok = true
        var failure = ""
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    ok = false
                    failure = String(cString: strerror(errno))
                    return
                }
                offset += written
            }
        }
        if ok, fchmod(fd, info.st_mode & 0o7777) != 0 { ok = false; failure = String(cString: strerror(errno)) }
        if ok, fsync(fd) != 0 { ok = false; failure = String(cString: strerror(errno)) }
        close(fd)
        if ok, rename(temporary, target) != 0 { ok = false; failure = String(cString: strerror(errno)) }
        if !ok {
            unlink(temporary)
            throw Failure(reason: failure)
        }
    }
}

extension Error {
    /// A short reason for a message.
    var reason: String {
        if let failure = self as? AtomicFile.Failure { return failure.reason }
        return "\(self)"
    }
}
