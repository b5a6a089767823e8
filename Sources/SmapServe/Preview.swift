import Foundation
import SmapKit

/// Why `smap serve` could not start. ``text`` says it for people.
public enum ServeError: Error, Sendable, Equatable {
    /// The map file cannot be read at the start.
    case cannotRead(path: String, reason: TextKey)
    /// `--host` is not an address to listen on.
    case badHost(String)
    /// Another program listens on the port.
    case portInUse(host: String, port: Int)
    /// The system refused to listen for another reason.
    case cannotListen(address: String, reason: String)

    public var text: Text {
        switch self {
        case .cannotRead(let path, let reason): return Text(.cliCannotRead, path, Text.word(reason))
        case .badHost(let host): return Text(.serveBadHost, host)
        case .portInUse(let host, let port): return Text(.servePortInUse, "\(port)", host)
        case .cannotListen(let address, let reason): return Text(.serveCannotListen, address, reason)
        }
    }
}

/// `smap serve`: the live preview of one map.
///
/// Builds the site in memory (``Outputs/files(_:view:liveReload:)``: the
/// page, the JSON model and the DOT, exactly as `smap build` writes them but
/// for the live-reload client) and serves it on ``url``; watches the map and
/// every file it includes (``SourceWatcher``), rebuilds when one changes,
/// and tells every open page through Server-Sent Events on `/_smap/events`,
/// upon which the page reloads itself. While the map has errors, `/` is the
/// ``ErrorPage`` instead. Nothing is written to disk.
///
/// Each build has a name, ``build``: this run's random prefix and a
/// counter. It counts only when the sources' bytes changed, so touching a
/// file, or an editor saving the same text, reloads no page; and a page
/// from an earlier run of the server reloads when it reconnects.
public final class Preview: @unchecked Sendable {
    /// The map file given on the command line.
    public let path: String
    /// Messages' language: nil follows the map's `language`.
    public let language: Language?
    /// How the watcher polls; tests make it faster.
    package var watcher = SourceWatcher()

    private let server: HTTPServer
    private let log: @Sendable (String) -> Void
    private let run = String(UInt32.random(in: 0...UInt32.max), radix: 16)
    private let condition = NSCondition()
    private var site: Site
    private var sourcesKey: String
    private var watched: [String: FileFingerprint?]
    private var generation = 1
    private var stopped = false
    private var watcherEnded = DispatchSemaphore(value: 0)
    private var watcherStarted = false

    /// One build, as served.
    struct Site: Sendable {
        var build: String
        /// By URL path (`/`, `/index.html`, `/map.json`), with the content type.
        var files: [String: (type: String, bytes: [UInt8])]
        /// False while the map has errors (or cannot be read).
        var ok: Bool
        var language: Language
        var errorPage: [UInt8]?
    }

    /// Reads and builds the map and starts listening (the port is taken
    /// when this returns); ``start()`` begins answering and watching.
    /// `log` receives one line per rebuild and the diagnostics, for the terminal.
    public init(path: String, host: String = "127.0.0.1", port: Int = 8080, language: Language? = nil,
                log: @escaping @Sendable (String) -> Void = { _ in }) throws(ServeError) {
        self.path = path
        self.language = language
        self.log = log
        // The map must be readable at the start; later, a missing file is shown on the page.
        do {
            _ = try DiskSourceProvider().read(path)
        } catch let error as SourceError {
            throw .cannotRead(path: path, reason: error.reasonKey)
        } catch {
            throw .cannotRead(path: path, reason: .sourceCannotRead)
        }
        let languageBox = LanguageBox(language ?? .sv)
        do {
            server = try HTTPServer(host: host, port: port) { text in text.render(languageBox.value) }
        } catch {
            switch error {
            case .badHost(let h): throw .badHost(h)
            case .portInUse(let h, let p): throw .portInUse(host: h, port: p)
            case .cannotListen(let a, let r): throw .cannotListen(address: a, reason: r)
            }
        }
        self.languageBox = languageBox
        site = Site(build: "", files: [:], ok: false, language: language ?? .sv, errorPage: nil)
        sourcesKey = ""
        watched = [:]
        let started = Date()
        let made = makeSite(build: "\(run)-\(generation)")
        (site, sourcesKey, watched) = (made.site, made.key, made.watched)
        languageBox.value = made.site.language
        report(made, milliseconds: Int(-started.timeIntervalSinceNow * 1000))
    }

    private let languageBox: LanguageBox

    /// `http://127.0.0.1:8080/`.
    public var url: String { server.url }
    /// True when only this machine can connect (127.0.0.0/8, ::1).
    public var isLoopback: Bool { server.isLoopback }
    /// The port listened on.
    public var port: Int { server.port }
    /// The name of the build being served.
    public var build: String { condition.withLock { site.build } }
    /// The language of messages about the map: the given one, else the map's.
    public var messageLanguage: Language { condition.withLock { site.language } }
    /// True while the map has no errors.
    public var isShowingMap: Bool { condition.withLock { site.ok } }

    /// Answers requests and watches the sources, each on threads of their own.
    public func start() {
        server.start { [self] request in respond(request) }
        condition.withLock { watcherStarted = true }
        let thread = Thread { [self] in
            watch()
            watcherEnded.signal()
        }
        thread.name = "smap-serve-watch"
        thread.start()
    }

    /// Stops answering and watching; open event streams end.
    public func stop() {
        let wasWatching: Bool = condition.withLock {
            let was = watcherStarted && !stopped
            stopped = true
            condition.broadcast()
            return was
        }
        server.stop()
        if wasWatching { watcherEnded.wait() }
    }

    private var isStopped: Bool { condition.withLock { stopped } }

    // MARK: - Building

    struct Made {
        var site: Site
        var key: String
        var watched: [String: FileFingerprint?]
        var compilation: Compilation?
        var unreadable: Text?
    }

    /// Compiles the map from disk and makes the site (or the errors page).
    private func makeSite(build: String) -> Made {
        let provider = RecordingSourceProvider()
        let live = LiveReload(script: LiveClient.script, build: build)
        let fallback = condition.withLock { site.language }
        do {
            let compilation = try Compiler.compile(path: path, provider: provider)
            let language = self.language ?? compilation.model.language
            var hasher = SHA256Key()
            for file in compilation.sources.files { hasher.add(file.path, file.bytes) }
            var site = Site(build: build, files: [:], ok: false, language: language, errorPage: nil)
            if let map = compilation.checked, !compilation.hasErrors {
                site.ok = true
                for file in Outputs.files(map, view: nil, liveReload: live) {
                    site.files["/" + file.name] = (Preview.contentType(file.name), file.bytes)
                }
                site.files["/"] = site.files["/index.html"]
            } else {
                site.errorPage = ErrorPage.render(compilation, language: language, liveReload: live)
            }
            return Made(site: site, key: hasher.key, watched: provider.fingerprints, compilation: compilation)
        } catch {
            let reason = (error as? SourceError).map { Text($0.reasonKey) } ?? Text(.sourceCannotRead)
            let message = Text(.cliCannotRead, path, Text.word(reason.key))
            var watched = provider.fingerprints
            if watched[path] == nil { watched[path] = .some(FileFingerprint.of(path)) }
            let site = Site(build: build, files: [:], ok: false, language: fallback,
                            errorPage: ErrorPage.unreadable(message, language: fallback, liveReload: live))
            return Made(site: site, key: "unreadable:\(reason.key.rawValue)", watched: watched, unreadable: message)
        }
    }

    /// Rebuilds after a change; a new build only when the sources' bytes changed.
    /// True when the served site changed.
    @discardableResult
    package func rebuild() -> Bool {
        let started = Date()
        let next = condition.withLock { "\(run)-\(generation + 1)" }
        let made = makeSite(build: next)
        let changed: Bool = condition.withLock {
            watched = made.watched
            guard made.key != sourcesKey else { return false }
            generation += 1
            site = made.site
            sourcesKey = made.key
            condition.broadcast()
            return true
        }
        languageBox.value = made.site.language
        if changed { report(made, milliseconds: Int(-started.timeIntervalSinceNow * 1000)) }
        return changed
    }

    private func watch() {
        while !isStopped {
            let known = condition.withLock { watched }
            guard watcher.waitForChange(of: known, main: path, shouldStop: { isStopped }) else { return }
            rebuild()
        }
    }

    /// One line for the terminal (and the diagnostics when there are any).
    private func report(_ made: Made, milliseconds: Int) {
        let language = made.site.language
        if let message = made.unreadable {
            log("smap: " + message.render(language))
            return
        }
        guard let compilation = made.compilation else { return }
        if !compilation.diagnostics.isEmpty {
            log(DiagnosticRenderer(format: .human, language: language).render(compilation.diagnostics, sources: compilation.sources)
                .trimmingCharacters(in: .newlines))
        }
        if made.site.ok {
            log(Text(.serveRebuilt, path, "\(milliseconds)").render(language))
        } else {
            let counts = ErrorPage.counts(compilation, language)
            log(Text(.serveShowsErrors, path, counts.errors, counts.warnings).render(language))
        }
    }

    static func contentType(_ name: String) -> String {
        if name.hasSuffix(".html") { return "text/html; charset=utf-8" }
        if name.hasSuffix(".json") { return "application/json" }
        if name.hasSuffix(".dot") || name.hasSuffix(".txt") { return "text/plain; charset=utf-8" }
        return "application/octet-stream"
    }

    // MARK: - Answering

    /// The address names this server answers to while it listens on a
    /// loopback address: a page of another site that a DNS trick points at
    /// 127.0.0.1 sends its own name as `Host` and is refused (403).
    static func isLocalName(_ name: String) -> Bool {
        if name == "localhost" || name.hasSuffix(".localhost") || name == "::1" { return true }
        // 127.x.x.x as an address, not a name that starts so (127.example.com).
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127"
            && parts.allSatisfy { !$0.isEmpty && $0.count <= 3 && $0.allSatisfy { ("0"..."9").contains($0) } && Int($0)! <= 255 }
    }

    package func respond(_ request: HTTPRequest) -> Reply {
        let current = condition.withLock { site }
        let say = { (text: Text) in text.render(current.language) }
        if server.isLoopback {
            guard let name = request.hostName ?? (request.version == "HTTP/1.0" ? "localhost" : nil) else {
                return .response(.text(400, say(Text(.serveBadRequest))))
            }
            guard Preview.isLocalName(name) else { return .response(.text(403, say(Text(.serveWrongHost, url)))) }
        }
        guard let path = request.sitePath else { return .response(.text(404, say(Text(.serveNotFound)))) }
        switch path {
        case "/_smap/events":
            return .stream(HTTPResponse(status: 200, headers: [("Content-Type", "text/event-stream; charset=utf-8")]),
                           run: { [self] connection in stream(to: connection) })
        case "/_smap/status":
            let json = "{\"build\":\"\(current.build)\",\"ok\":\(current.ok)}"
            return .response(HTTPResponse(status: 200, headers: [("Content-Type", "application/json")], body: Array(json.utf8)))
        default:
            break
        }
        if let page = current.errorPage {
            if path == "/" || path == "/index.html" {
                return .response(HTTPResponse(status: 200, headers: [("Content-Type", "text/html; charset=utf-8")], body: page))
            }
            if Outputs.all.contains(where: { "/" + $0.fileName == path }) {
                return .response(.text(503, say(Text(.serveMapHasErrors, String(path.dropFirst()))), extra: [("Retry-After", "1")]))
            }
        }
        guard let file = current.files[path] else { return .response(.text(404, say(Text(.serveNotFound)))) }
        return .response(HTTPResponse(status: 200, headers: [("Content-Type", file.type)], body: file.bytes))
    }

    /// The event stream: the current build at once, then each new build as
    /// it is made; a comment every 15 s keeps proxies and the browser from
    /// giving up; ends when the client leaves or the server stops.
    private func stream(to connection: Connection) {
        var sent = condition.withLock { site.build }
        guard connection.send(Array("retry: 500\n\nevent: build\ndata: \(sent)\n\n".utf8)) else { return }
        var quietSince = Date()
        while true {
            let (build, stop): (String, Bool) = condition.withLock {
                if site.build == sent && !stopped { _ = condition.wait(until: Date().addingTimeInterval(0.5)) }
                return (site.build, stopped)
            }
            if stop || connection.serverIsStopping { return }
            if build != sent {
                guard connection.send(Array("event: build\ndata: \(build)\n\n".utf8)) else { return }
                sent = build
                quietSince = Date()
            } else if -quietSince.timeIntervalSinceNow > 15 {
                guard connection.send(Array(": \n\n".utf8)) else { return }
                quietSince = Date()
            }
            if connection.clientLeft(within: 0) { return }
        }
    }
}

/// The language of the server's own answers, updated with each build.
final class LanguageBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Language
    init(_ value: Language) { stored = value }
    var value: Language {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}

/// A digest of the sources' paths and bytes: two builds of the same bytes are the same build.
struct SHA256Key {
    private var bytes: [UInt8] = []
    mutating func add(_ path: String, _ contents: [UInt8]) {
        bytes += Array(path.utf8) + [0] + Array(String(contents.count).utf8) + [0] + contents
    }
    var key: String { SHA256.digest(bytes).map { String($0, radix: 16) }.joined(separator: ".") }
}

/// The live-reload client, the one script a served page runs besides its own.
/// It reloads the page when the server names a build other than the page's.
enum LiveClient {
    static let script = """
        (function(){"use strict";var s=document.currentScript,b=s&&s.getAttribute("data-build");\
        if(!b||!window.EventSource)return;var e=new EventSource("/_smap/events");\
        e.addEventListener("build",function(m){if(m.data&&m.data!==b){e.close();location.reload();}});})();
        """
}
