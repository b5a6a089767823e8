import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import SmapCore
@testable import SmapCheck
@testable import SmapEmit
@testable import SmapServe

/// `smap serve` (SmapServe): a real server on a free port, spoken to over
/// real sockets — the site from memory, HEAD, 404, 405, path traversal,
/// oversized requests, slow and vanishing clients, the event stream after a
/// change, the errors page and the map's return — and the serve-mode page,
/// which differs from the built one by exactly the live-reload hook.
@Suite("Serve", .serialized)
struct ServeTests {
    static let map = """
        map "Förhandsvisning" {
          version "1"
        }

        lane soc "Socialtjänsten"

        step ansokan "Ansökan" in soc {
          start
          actualise
          info "Individen ansöker."
        }

        step beslut "Beslut" in soc {
          end
          info "Handläggaren beslutar."
        }

        ansokan -> beslut

        """

    /// A folder with `karta.smap`, removed at the end.
    final class Workspace {
        let folder: URL
        var mapPath: String { folder.appendingPathComponent("karta.smap").path }
        init(_ text: String = ServeTests.map) throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("smap-serve-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try write(text)
        }
        func write(_ text: String, to name: String = "karta.smap") throws {
            try Data(text.utf8).write(to: folder.appendingPathComponent(name))
        }
        deinit { try? FileManager.default.removeItem(at: folder) }
    }

    /// A preview of the workspace's map on a free port of 127.0.0.1, started.
    static func preview(_ workspace: Workspace) throws -> Preview {
        let preview = try Preview(path: workspace.mapPath, host: "127.0.0.1", port: 0)
        preview.start()
        return preview
    }

    // MARK: - A raw HTTP client

    struct Answer {
        var status: Int
        var headers: [String: String]
        var body: String
        var raw: String
    }

    /// A connected socket to 127.0.0.1:`port` with a receive timeout.
    static func connectTo(_ port: Int) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(fd >= 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        try #require(connected == 0, "cannot connect to port \(port)")
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        return fd
    }

    static func sendAll(_ fd: Int32, _ text: String) {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return }
            offset += n
        }
    }

    /// Sends `raw` and reads until the server closes the connection.
    static func exchange(_ port: Int, _ raw: String) throws -> Answer {
        let fd = try connectTo(port)
        defer { close(fd) }
        sendAll(fd, raw)
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { break }
            data += buffer[0..<n]
        }
        let text = String(decoding: data, as: UTF8.self)
        let parts = text.components(separatedBy: "\r\n\r\n")
        let headLines = parts[0].components(separatedBy: "\r\n")
        let status = headLines.first.flatMap { Int($0.split(separator: " ").dropFirst().first ?? "") } ?? 0
        var headers: [String: String] = [:]
        for line in headLines.dropFirst() {
            if let colon = line.firstIndex(of: ":") {
                headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
        }
        return Answer(status: status, headers: headers, body: parts.dropFirst().joined(separator: "\r\n\r\n"), raw: text)
    }

    static func get(_ port: Int, _ target: String, method: String = "GET", extra: String = "") throws -> Answer {
        try exchange(port, "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n\(extra)\r\n")
    }

    /// Waits (polling, at most `seconds`) until `condition` holds.
    static func eventually(_ seconds: Double = 10, _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try condition() { return true }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return try condition()
    }

    /// An open event stream and what it has received so far.
    final class EventStream {
        let fd: Int32
        var received = ""
        init(port: Int) throws {
            fd = try ServeTests.connectTo(port)
            ServeTests.sendAll(fd, "GET /_smap/events HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nAccept: text/event-stream\r\n\r\n")
            var timeout = timeval(tv_sec: 0, tv_usec: 50_000)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        }
        /// The builds named so far, in order.
        var builds: [String] {
            received.components(separatedBy: "\n").filter { $0.hasPrefix("data: ") }.map { String($0.dropFirst(6)) }
        }
        func poll() {
            var buffer = [UInt8](repeating: 0, count: 4096)
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n > 0 { received += String(decoding: buffer[0..<n], as: UTF8.self) }
        }
        deinit { close(fd) }
    }

    // MARK: - The site from memory

    @Test("GET / serves the page in serve mode; HEAD the same head without a body")
    func getAndHead() throws {
        let workspace = try Workspace()
        let preview = try Self.preview(workspace)
        defer { preview.stop() }
        #expect(preview.url == "http://127.0.0.1:\(preview.port)/")
        #expect(preview.isLoopback)
        let page = try Self.get(preview.port, "/")
        #expect(page.status == 200)
        #expect(page.headers["content-type"] == "text/html; charset=utf-8")
        #expect(page.headers["cache-control"] == "no-store")
        #expect(page.body.contains("<h1>Förhandsvisning</h1>"))
        #expect(page.body.contains("; connect-src 'self'\">"))
        #expect(page.body.contains("<script data-build=\"\(preview.build)\">"))
        #expect(Int(page.headers["content-length"] ?? "") == page.body.utf8.count)
        let index = try Self.get(preview.port, "/index.html?x=1")
        #expect(index.body == page.body)

        let head = try Self.get(preview.port, "/", method: "HEAD")
        #expect(head.status == 200)
        #expect(head.headers["content-length"] == page.headers["content-length"])
        #expect(head.body.isEmpty)

        let json = try Self.get(preview.port, "/map.json")
        #expect(json.status == 200 && json.headers["content-type"] == "application/json")
        #expect(json.body.contains("\"Förhandsvisning\""))
        let dot = try Self.get(preview.port, "/map.dot")
        #expect(dot.status == 200 && dot.body.hasPrefix("digraph"))
    }

    @Test("a served page is the built page plus exactly the live-reload hook")
    func servedPageIsTheBuiltOnePlusTheHook() throws {
        let compilation = Compiler.compile(source: Self.map)
        let map = try #require(compilation.checked)
        let built = Outputs.files(map, view: nil)
        let live = LiveReload(script: "console.log(1)", build: "b-1")
        let served = Outputs.files(map, view: nil, liveReload: live)
        #expect(built.map(\.name) == served.map(\.name))
        #expect(built.dropFirst() == served.dropFirst(), "only the page differs")
        let page = built[0].contents
        var servedPage = served[0].contents
        let hash = " 'sha256-\(SHA256.base64("console.log(1)"))'"
        #expect(servedPage.contains("<script data-build=\"b-1\">console.log(1)</script>\n</body>"))
        servedPage = servedPage.replacingOccurrences(of: hash, with: "")
            .replacingOccurrences(of: "; connect-src 'self'", with: "")
            .replacingOccurrences(of: "<script data-build=\"b-1\">console.log(1)</script>\n", with: "")
        #expect(servedPage == page)
        #expect(!page.contains("connect-src"), "a built page connects nowhere")
        #expect(HTMLEmitter().render(map) == page)
    }

    // MARK: - Requests outside the site

    @Test("paths outside the site, encoded or not, are 404", arguments: [
        "/nope", "/../etc/passwd", "/%2e%2e/etc/passwd", "/%2E%2E%2Fetc%2Fpasswd", "/..%2f..%2fetc/passwd",
        "//etc/passwd", "/etc/passwd", "/./index.html", "/index.html/..", "/map.json%00", "/%zz", "/..\\..\\etc",
        "http://127.0.0.1/etc/passwd", "*", "/_smap/../index.html",
    ])
    func traversal(_ target: String) throws {
        let workspace = try Workspace()
        let preview = try Self.preview(workspace)
        defer { preview.stop() }
        let answer = try Self.get(preview.port, target)
        #expect(answer.status == 404, "\(target): \(answer.raw.prefix(200))")
        #expect(!answer.body.contains("root:"))
    }

    @Test("methods other than GET and HEAD get 405 with Allow", arguments: ["POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE"])
    func otherMethods(_ method: String) throws {
        let workspace = try Workspace()
        let preview = try Self.preview(workspace)
        defer { preview.stop() }
        let answer = try Self.get(preview.port, "/", method: method, extra: method == "POST" ? "Content-Length: 5\r\n" : "")
        #expect(answer.status == 405)
        #expect(answer.headers["allow"] == "GET, HEAD")
    }

    @Test("oversized heads get 431, bodies 413, garbage 400, a stranger's Host 403")
    func badRequests() throws {
        let workspace = try Workspace()
        let preview = try Self.preview(workspace)
        defer { preview.stop() }
        let big = String(repeating: "a", count: 20_000)
        #expect(try Self.get(preview.port, "/", extra: "X-Big: \(big)\r\n").status == 431)
        let manyHeaders = (0..<2000).map { "X-H\($0): v\r\n" }.joined()
        #expect(try Self.get(preview.port, "/", extra: manyHeaders).status == 431)
        #expect(try Self.exchange(preview.port, "GET /\(big) HTTP/1.1\r\n").status == 431, "a head that never ends")
        #expect(try Self.get(preview.port, "/", extra: "Content-Length: 100000\r\n").status == 413)
        #expect(try Self.get(preview.port, "/", extra: "Transfer-Encoding: chunked\r\n").status == 413)
        #expect(try Self.exchange(preview.port, "HELLO\r\n\r\n").status == 400)
        #expect(try Self.exchange(preview.port, "GET / HTTP/2.0\r\nHost: x\r\n\r\n").status == 400)
        #expect(try Self.exchange(preview.port, "GET / HTTP/1.1\r\n\r\n").status == 400, "HTTP/1.1 needs a Host")
        #expect(try Self.exchange(preview.port, "GET / HTTP/1.1\r\nHost: evil.example\r\n\r\n").status == 403)
        #expect(try Self.exchange(preview.port, "GET / HTTP/1.1\r\nHost: 127.example.com\r\n\r\n").status == 403)
        #expect(try Self.exchange(preview.port, "GET / HTTP/1.1\r\nHost: localhost:1\r\n\r\n").status == 200)
        #expect(try Self.exchange(preview.port, "GET / HTTP/1.1\r\nHost: 127.0.0.2\r\n\r\n").status == 200)
        #expect(try Self.exchange(preview.port, "GET / HTTP/1.1\r\nHost: [::1]:80\r\n\r\n").status == 200)
        // The server still answers after all of that.
        #expect(try Self.get(preview.port, "/").status == 200)
    }

    @Test("a slow client does not hold up others; a client that leaves does not stop the server")
    func slowAndVanishingClients() throws {
        let workspace = try Workspace()
        let preview = try Self.preview(workspace)
        defer { preview.stop() }
        // Two clients that send half a head and then nothing.
        let slow = try (0..<2).map { _ in try Self.connectTo(preview.port) }
        defer { slow.forEach { close($0) } }
        for fd in slow { Self.sendAll(fd, "GET / HTTP/1.1\r\nHo") }
        let started = Date()
        #expect(try Self.get(preview.port, "/").status == 200)
        #expect(Date().timeIntervalSince(started) < 2, "the answer waited for the slow clients")
        // Clients that ask for the page and leave without reading it (the
        // server's writes fail: no SIGPIPE may end the process).
        for _ in 0..<20 {
            let fd = try Self.connectTo(preview.port)
            Self.sendAll(fd, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            var linger = linger(l_onoff: 1, l_linger: 0)
            setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<linger>.size))
            close(fd)
        }
        // Event streams whose page was closed.
        for _ in 0..<5 { _ = try EventStream(port: preview.port) }
        #expect(try Self.get(preview.port, "/").status == 200)
    }

    @Test("past the connection limit a new client gets 503, and the server recovers")
    func connectionLimit() throws {
        let workspace = try Workspace()
        let preview = try Self.preview(workspace)
        defer { preview.stop() }
        var idle = try (0..<HTTPServer.maximumConnections).map { _ in try Self.connectTo(preview.port) }
        // Every idle connection is accepted (and holds its thread) before the next client comes.
        #expect(try Self.eventually { try Self.get(preview.port, "/").status == 503 })
        idle.forEach { close($0) }
        idle = []
        #expect(try Self.eventually { try Self.get(preview.port, "/").status == 200 })
    }

    @Test("a port in use is a clear error")
    func portInUse() throws {
        let workspace = try Workspace()
        let first = try Self.preview(workspace)
        defer { first.stop() }
        #expect(throws: ServeError.portInUse(host: "127.0.0.1", port: first.port)) {
            _ = try Preview(path: workspace.mapPath, host: "127.0.0.1", port: first.port)
        }
        let text = ServeError.portInUse(host: "127.0.0.1", port: first.port).text
        #expect(text.render(.sv).contains("används redan"))
        #expect(text.render(.en).contains("already in use"))
        #expect(throws: ServeError.badHost("inte.en.adress")) {
            _ = try Preview(path: workspace.mapPath, host: "inte.en.adress", port: 0)
        }
        #expect(throws: ServeError.cannotRead(path: workspace.mapPath + ".saknas", reason: .sourceCannotRead)) {
            _ = try Preview(path: workspace.mapPath + ".saknas", port: 0)
        }
    }

    // MARK: - Watching and rebuilding

    @Test("a change is an event on /_smap/events, and the page has the new text")
    func eventAfterChange() throws {
        let workspace = try Workspace()
        let preview = try Self.preview(workspace)
        defer { preview.stop() }
        let stream = try EventStream(port: preview.port)
        let first = preview.build
        #expect(Self.eventually { stream.poll(); return stream.builds == [first] })
        #expect(stream.received.hasPrefix("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream"))

        try workspace.write(Self.map.replacingOccurrences(of: "\"Ansökan\"", with: "\"Ansökan om bistånd\""))
        #expect(Self.eventually { stream.poll(); return stream.builds.count == 2 })
        #expect(stream.builds.last == preview.build && preview.build != first)
        #expect(try Self.get(preview.port, "/").body.contains("Ansökan om bistånd"))

        // The same bytes again (a save without a change, a touch): no new build.
        try workspace.write(Self.map.replacingOccurrences(of: "\"Ansökan\"", with: "\"Ansökan om bistånd\""))
        Thread.sleep(forTimeInterval: 0.5)
        stream.poll()
        #expect(stream.builds.count == 2)
    }

    @Test("while the map has errors the page shows them in Swedish; fixed, the map returns")
    func errorsPageAndBack() throws {
        let workspace = try Workspace()
        let preview = try Self.preview(workspace)
        defer { preview.stop() }
        let broken = Self.map.replacingOccurrences(of: "ansokan -> beslut", with: "ansokan -> beslutt")
        try workspace.write(broken)
        #expect(Self.eventually { !preview.isShowingMap })
        let page = try Self.get(preview.port, "/")
        #expect(page.status == 200)
        #expect(page.body.contains("<html lang=\"sv\">"))
        #expect(page.body.contains("Kartan kan inte visas förrän felen är rättade"))
        #expect(page.body.contains("Fel <span class=\"kod\">E105</span>"))
        #expect(page.body.contains("det finns inget steg som heter &#39;beslutt&#39;"))
        #expect(page.body.contains("karta.smap, rad 18, kolumn 12"))
        #expect(page.body.contains("<span class=\"radnr\">18 | </span>ansokan -&gt; <mark>beslutt</mark></pre>"))
        #expect(page.body.contains("Så här rättar du:</strong> menade du &#39;beslut&#39;?"))
        #expect(page.body.contains("connect-src 'self'"))
        #expect(page.body.contains("<script data-build=\"\(preview.build)\">"))
        #expect(!page.body.contains("<h1>Förhandsvisning</h1>"), "no stale map")
        #expect(try Self.get(preview.port, "/map.json").status == 503)

        try workspace.write(Self.map)
        #expect(Self.eventually { preview.isShowingMap })
        #expect(try Self.get(preview.port, "/").body.contains("<h1>Förhandsvisning</h1>"))
        #expect(try Self.get(preview.port, "/map.json").status == 200)
    }

    @Test("an English map's errors page is in English")
    func englishErrorsPage() throws {
        let workspace = try Workspace(Self.map.replacingOccurrences(of: "version \"1\"", with: "version \"1\"\n  language \"en\"")
            .replacingOccurrences(of: "ansokan -> beslut", with: "ansokan -> beslutt"))
        let preview = try Self.preview(workspace)
        defer { preview.stop() }
        let page = try Self.get(preview.port, "/").body
        #expect(page.contains("<html lang=\"en\">"))
        #expect(page.contains("How to fix it"))
    }

    @Test("a file deleted and recreated, as editors do, is followed; a missing include is watched too")
    func deleteAndRecreate() throws {
        let workspace = try Workspace(Self.map + "include \"del.smap\"\n")
        let preview = try Self.preview(workspace)
        defer { preview.stop() }
        #expect(!preview.isShowingMap, "the include is missing")
        try workspace.write("step extra \"Extra\" in soc {\n  end\n  info \"Ett steg till.\"\n}\nansokan -> extra\n", to: "del.smap")
        #expect(Self.eventually { preview.isShowingMap })
        #expect(try Self.get(preview.port, "/").body.contains("Extra"))

        try FileManager.default.removeItem(atPath: workspace.mapPath)
        #expect(Self.eventually { !preview.isShowingMap })
        let gone = try Self.get(preview.port, "/").body
        #expect(gone.contains("det går inte att läsa"), "\(gone.prefix(300))")
        try workspace.write(Self.map)
        #expect(Self.eventually { preview.isShowingMap })

        // Written to a new file and renamed over the old one.
        let temporary = workspace.folder.appendingPathComponent(".karta.smap.tmp")
        try Data(Self.map.replacingOccurrences(of: "\"Beslut\"", with: "\"Beslut om bistånd\"").utf8).write(to: temporary)
        _ = rename(temporary.path, workspace.mapPath)
        #expect(try Self.eventually { try Self.get(preview.port, "/").body.contains("Beslut om bistånd") })
    }

    @Test("many saves in a second give few builds, the last one served")
    func manySaves() throws {
        let workspace = try Workspace()
        let preview = try Self.preview(workspace)
        defer { preview.stop() }
        let stream = try EventStream(port: preview.port)
        #expect(Self.eventually { stream.poll(); return stream.builds.count == 1 })
        for i in 0..<40 {
            try workspace.write(Self.map.replacingOccurrences(of: "\"Beslut\"", with: "\"Beslut \(i)\""))
            Thread.sleep(forTimeInterval: 0.025)
        }
        #expect(try Self.eventually { try Self.get(preview.port, "/").body.contains("Beslut 39") })
        Thread.sleep(forTimeInterval: 0.3)
        stream.poll()
        // Saves 25 ms apart are coalesced: about one build per 100 ms here (9–11 builds).
        #expect(stream.builds.count - 1 <= 20, "\(stream.builds.count - 1) builds for 40 saves")
        #expect(stream.builds.last == preview.build)
    }

    // MARK: - Pieces

    @Test("request heads parse; targets map to site paths or to nothing")
    func requestParsing() throws {
        let request = try HTTPRequest.parse(Array("GET /a%20b?q=1 HTTP/1.1\r\nHost: [::1]:8080\r\nX-A:  b \r\n\r\n".utf8))
        #expect(request.method == "GET" && request.version == "HTTP/1.1")
        #expect(request.sitePath == "/a b")
        #expect(request.hostName == "::1")
        #expect(request.headers["x-a"] == "b")
        #expect(HTTPRequest.endOfHead(Array("GET / HTTP/1.1\r\n\r\nrest".utf8)) == 18)
        #expect(HTTPRequest.endOfHead(Array("GET / HTTP/1.1\r\n".utf8)) == nil)
        #expect(throws: HTTPRequest.Problem.malformed) { try HTTPRequest.parse(Array("GET /\r\n\r\n".utf8)) }
        #expect(throws: HTTPRequest.Problem.malformed) { try HTTPRequest.parse(Array("GET / HTTP/1.1\r\nno colon\r\n\r\n".utf8)) }
    }

    @Test("smap serve: a port in use exits 2 with a clear message; --help and bad values")
    func commandLine() throws {
        let workspace = try Workspace()
        let preview = try Self.preview(workspace)
        defer { preview.stop() }
        let busy = try BuildTests.smap(["serve", "karta.smap", "--port", "\(preview.port)"], in: workspace.folder)
        #expect(busy.status == 2)
        #expect(busy.stderr.contains("port \(preview.port) on 127.0.0.1 is already in use"), "\(busy.stderr)")
        let help = try BuildTests.smap(["serve", "--help"], in: workspace.folder)
        #expect(help.status == 0 && help.out.contains("Usage: smap serve FILE"))
        #expect(try BuildTests.smap(["serve", "karta.smap", "--port", "70000"], in: workspace.folder).status == 2)
        #expect(try BuildTests.smap(["serve", "saknas.smap", "--port", "0"], in: workspace.folder).status == 2)
        #expect(try BuildTests.smap(["serve"], in: workspace.folder).status == 2)
    }
}
