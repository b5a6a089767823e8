import Foundation
import SmapKit
import SmapServe

/// `smap serve FILE [--port N] [--host ADDRESS]`: the live preview (see
/// docs/serve.md). All the work is in SmapServe; this reads the options,
/// prints the address, and waits until the process is stopped (Ctrl-C).
/// Exit 2 when the file cannot be read or the address cannot be listened on.
enum ServeCommand {
    static func run(_ arguments: [String], console: Console) -> Int32 {
        let options = OptionReader(arguments, flags: ["-h", "--help"], values: ["--port", "-p", "--host"])
        if let problem = options.problem { return console.fail(problem) }
        if options.wantsHelp {
            console.out(Text(.serveUsage).render(console.language) + "\n")
            return 0
        }
        guard let path = options.positional.first else { return console.fail(Text(.cliMissingFile, "serve")) }
        guard options.positional.count == 1 else {
            return console.fail(Text(.cliOneFile, "serve", "\(options.positional.count)"))
        }
        let portText = options.values["--port"] ?? options.values["-p"] ?? "8080"
        guard let port = Int(portText), (0...65535).contains(port) else {
            return console.fail(Text(.cliBadValue, "--port", portText, "0–65535"))
        }
        let host = options.values["--host"] ?? "127.0.0.1"
        let preview: Preview
        do {
            preview = try Preview(path: path, host: host, port: port, language: console.explicitLanguage) { line in
                console.err(line + "\n")
            }
        } catch {
            return console.fail(error.text)
        }
        let language = preview.messageLanguage
        if !preview.isLoopback {
            console.err("smap: " + Text(.serveNotLoopback, preview.url).render(language) + "\n")
        }
        preview.start()
        console.out(Text(.serveListening, path, preview.url).render(language) + "\n")
        while true { Thread.sleep(forTimeInterval: 3600) }
    }
}
