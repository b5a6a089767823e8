import Foundation
import SmapKit
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Why the server could not start listening.
package enum ListenError: Error, Sendable, Equatable {
    /// The host is not an address of this machine (or not an address at all).
    case badHost(String)
    /// Another program listens on the port already.
    case portInUse(host: String, port: Int)
    /// Any other refusal; `reason` is the system's.
    case cannotListen(address: String, reason: String)
}

/// What the site answers a request with: a whole response, or a stream that
/// keeps the connection (Server-Sent Events) until the client or the server goes.
package enum Reply: Sendable {
    case response(HTTPResponse)
    /// The head is sent first, then `run` writes to the connection until it returns.
    case stream(HTTPResponse, run: @Sendable (Connection) -> Void)
}

/// A tiny HTTP/1.1 server on POSIX sockets, for the preview only: GET and
/// HEAD, no request bodies, one request per connection (`Connection: close`),
/// one thread per connection, so a slow client holds only its own thread.
///
/// Every connection has limits: the head must arrive within
/// ``headTimeout`` and hold at most ``HTTPRequest/maximumHeadSize`` bytes
/// (431 past that), a write that makes no progress for ``sendTimeout``
/// ends the connection, and past ``maximumConnections`` at once a new one
/// gets 503. Writes never raise SIGPIPE (`MSG_NOSIGNAL`, and SIGPIPE is
/// ignored), so a client that goes away only ends its own thread.
package final class HTTPServer: @unchecked Sendable {
    /// The numeric address listened on (`127.0.0.1`, `::1`).
    package let host: String
    /// The port listened on (the one the system chose when asked for 0).
    package let port: Int
    /// True for 127.0.0.0/8 and ::1: only this machine can connect.
    package let isLoopback: Bool

    package static let maximumConnections = 64
    package static let headTimeout: TimeInterval = 10
    package static let sendTimeout: TimeInterval = 10

    private let listener: Int32
    private let lock = NSLock()
    private var stopping = false
    private var active = 0
    private let acceptLoopEnded = DispatchSemaphore(value: 0)
    private var started = false
    /// Texts of the server's own answers (400, 405, …), in the map's language.
    private let say: @Sendable (Text) -> String

    /// Binds and listens; does not accept yet (see ``start(_:)``).
    package init(host: String, port: Int, say: @escaping @Sendable (Text) -> String) throws(ListenError) {
        self.say = say
        signal(SIGPIPE, SIG_IGN)
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        // Numeric addresses only: no name is ever looked up (no DNS), except localhost.
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV | AI_NUMERICHOST
        let numeric = host.lowercased() == "localhost" ? "127.0.0.1" : host
        var list: UnsafeMutablePointer<addrinfo>?
        guard !host.isEmpty, getaddrinfo(numeric, String(port), &hints, &list) == 0, let first = list else {
            throw .badHost(host)
        }
        defer { freeaddrinfo(list) }
        let fd = socket(first.pointee.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .cannotListen(address: host, reason: String(cString: strerror(errno))) }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        if bind(fd, first.pointee.ai_addr, first.pointee.ai_addrlen) != 0 {
            let error = errno
            close(fd)
            if error == EADDRINUSE { throw .portInUse(host: host, port: port) }
            if error == EADDRNOTAVAIL { throw .badHost(host) }
            throw .cannotListen(address: host, reason: String(cString: strerror(error)))
        }
        guard listen(fd, 64) == 0 else {
            let error = errno
            close(fd)
            throw .cannotListen(address: host, reason: String(cString: strerror(error)))
        }
        var address = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        let (name, boundPort, loopback) = HTTPServer.describe(address)
        self.listener = fd
        self.host = name
        self.port = boundPort
        self.isLoopback = loopback
    }

    deinit {
        if !started { close(listener) }
    }

    /// The address as text, the port, and whether it is a loopback address.
    static func describe(_ storage: sockaddr_storage) -> (String, Int, Bool) {
        var storage = storage
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        if Int32(storage.ss_family) == AF_INET6 {
            return withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { a in
                    var addr = a.pointee.sin6_addr
                    inet_ntop(AF_INET6, &addr, &buffer, socklen_t(buffer.count))
                    let bytes = withUnsafeBytes(of: a.pointee.sin6_addr) { Array($0) }
                    let loopback = bytes == [UInt8](repeating: 0, count: 15) + [1]
                    return (HTTPServer.text(buffer), Int(UInt16(bigEndian: a.pointee.sin6_port)), loopback)
                }
            }
        }
        return withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { a in
                var addr = a.pointee.sin_addr
                inet_ntop(AF_INET, &addr, &buffer, socklen_t(buffer.count))
                let first = UInt32(bigEndian: a.pointee.sin_addr.s_addr) >> 24
                return (HTTPServer.text(buffer), Int(UInt16(bigEndian: a.pointee.sin_port)), first == 127)
            }
        }
    }

    static func text(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// `http://127.0.0.1:8080/` (an IPv6 address in brackets).
    package var url: String {
        host.contains(":") ? "http://[\(host)]:\(port)/" : "http://\(host):\(port)/"
    }

    package var isStopping: Bool { lock.withLock { stopping } }

    /// Accepts connections on a thread of its own, each answered on a thread of its own.
    package func start(_ handler: @escaping @Sendable (HTTPRequest) -> Reply) {
        lock.withLock { started = true }
        let thread = Thread { [self] in
            acceptLoop(handler)
            close(listener)
            acceptLoopEnded.signal()
        }
        thread.name = "smap-serve-accept"
        thread.start()
    }

    /// Stops accepting, closes the listening socket (the port is free when
    /// this returns) and tells open streams to end.
    package func stop() {
        let wasStarted: Bool = lock.withLock {
            let was = started && !stopping
            stopping = true
            return was
        }
        if wasStarted { acceptLoopEnded.wait() }
    }

    private func acceptLoop(_ handler: @escaping @Sendable (HTTPRequest) -> Reply) {
        while !isStopping {
            var poller = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, 100)
            if ready <= 0 { continue }
            let client = accept(listener, nil, nil)
            if client < 0 {
                // Out of descriptors (EMFILE) or a connection reset before accept: do not spin.
                if errno != EINTR && errno != ECONNABORTED { Thread.sleep(forTimeInterval: 0.01) }
                continue
            }
            _ = fcntl(client, F_SETFD, FD_CLOEXEC)
            let admitted: Bool = lock.withLock {
                guard active < HTTPServer.maximumConnections else { return false }
                active += 1
                return true
            }
            guard admitted else {
                let busy = HTTPResponse.text(503, say(Text(.serveBusy)), extra: [("Retry-After", "1")]).wire(head: false)
                _ = busy.withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT)) }
                // Read what already came without waiting: closing on unread data would reset the connection and lose the 503.
                shutdown(client, Int32(SHUT_WR))
                var scratch = [UInt8](repeating: 0, count: 16 * 1024)
                for _ in 0..<4 where scratch.withUnsafeMutableBytes({ recv(client, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }) > 0 {}
                close(client)
                continue
            }
            let connection = Connection(fd: client, server: self)
            let thread = Thread { [self] in
                serve(connection, handler)
                connection.finish()
                lock.withLock { active -= 1 }
            }
            thread.name = "smap-serve-connection"
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    /// Reads one request head, answers it, and returns (the caller closes).
    private func serve(_ connection: Connection, _ handler: @Sendable (HTTPRequest) -> Reply) {
        let head: [UInt8]
        switch connection.readHead(timeout: HTTPServer.headTimeout) {
        case .head(let bytes): head = bytes
        case .tooLarge:
            connection.send(HTTPResponse.text(431, say(Text(.serveHeadersTooLarge))).wire(head: false))
            return
        case .timedOut:
            connection.send(HTTPResponse.text(408, say(Text(.serveTimeout))).wire(head: false))
            return
        case .closed:
            return
        }
        let request: HTTPRequest
        do {
            request = try HTTPRequest.parse(head)
        } catch .headTooLarge {
            connection.send(HTTPResponse.text(431, say(Text(.serveHeadersTooLarge))).wire(head: false))
            return
        } catch {
            connection.send(HTTPResponse.text(400, say(Text(.serveBadRequest))).wire(head: false))
            return
        }
        let isHead = request.method == "HEAD"
        guard request.method == "GET" || isHead else {
            connection.send(HTTPResponse.text(405, say(Text(.serveMethodNotAllowed)), extra: [("Allow", "GET, HEAD")]).wire(head: false))
            return
        }
        // A GET or HEAD has no body here; one that announces a body is refused.
        let length = request.headers["content-length"]
        if request.headers["transfer-encoding"] != nil || (length != nil && length != "0") {
            connection.send(HTTPResponse.text(413, say(Text(.serveBodyNotAccepted))).wire(head: isHead))
            return
        }
        switch handler(request) {
        case .response(let response):
            connection.send(response.wire(head: isHead))
        case .stream(let response, let run):
            guard connection.send(response.head(streaming: true)), !isHead else { return }
            run(connection)
        }
    }
}

extension HTTPResponse {
    /// The bytes on the wire: the head, and the body unless the request was HEAD.
    package func wire(head isHead: Bool) -> [UInt8] {
        isHead ? head() : head() + body
    }
}

/// One client connection: reading the head, writing, and noticing that the client left.
package final class Connection: @unchecked Sendable {
    let fd: Int32
    unowned let server: HTTPServer
    private var closed = false

    init(fd: Int32, server: HTTPServer) {
        self.fd = fd
        self.server = server
        var timeout = timeval(tv_sec: Int(HTTPServer.sendTimeout), tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    /// True once the server is stopping: a stream ends then.
    package var serverIsStopping: Bool { server.isStopping }

    /// POLLRDHUP (Linux): the peer closed its end; Glibc's module does not export it.
    static let pollReadHangUp: Int16 = 0x2000

    enum HeadResult { case head([UInt8]), tooLarge, timedOut, closed }

    /// Reads until the blank line that ends the head, within `timeout`
    /// seconds in all (a client that sends a byte now and then gets no more time).
    func readHead(timeout: TimeInterval) -> HeadResult {
        let deadline = Date().addingTimeInterval(timeout)
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let remaining = deadline.timeIntervalSinceNow
            if remaining <= 0 { return .timedOut }
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, Int32(min(remaining * 1000, 1000)) + 1)
            if ready < 0 && errno == EINTR { continue }
            if ready < 0 { return .closed }
            if ready == 0 { continue }
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n < 0 && (errno == EINTR || errno == EAGAIN) { continue }
            if n <= 0 { return .closed }
            let before = bytes.count
            bytes.append(contentsOf: buffer[0..<n])
            if let end = HTTPRequest.endOfHead(bytes, from: before) {
                return end > HTTPRequest.maximumHeadSize ? .tooLarge : .head(Array(bytes[0..<end]))
            }
            if bytes.count > HTTPRequest.maximumHeadSize { return .tooLarge }
        }
    }

    /// Writes all of `bytes`; false when the client is gone (or stopped reading).
    @discardableResult
    package func send(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { raw in
                Glibc.send(fd, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
            }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return false }
            offset += n
        }
        return true
    }

    /// Waits up to `seconds` and tells whether the client closed its end
    /// (a stream's client sends nothing, so anything readable is its end).
    package func clientLeft(within seconds: Double) -> Bool {
        var poller = pollfd(fd: fd, events: Int16(POLLIN) | Connection.pollReadHangUp, revents: 0)
        let ready = poll(&poller, 1, Int32(seconds * 1000))
        if ready <= 0 { return false }
        if poller.revents & (Int16(POLLERR) | Int16(POLLHUP) | Connection.pollReadHangUp) != 0 { return true }
        var byte: UInt8 = 0
        let n = recv(fd, &byte, 1, Int32(MSG_PEEK) | Int32(MSG_DONTWAIT))
        return n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)
    }

    /// Ends the connection politely: no more writes, then whatever the client
    /// still sends (a body we did not read) is read and dropped for a moment,
    /// so the answer is not lost to a reset.
    func finish() {
        guard !closed else { return }
        closed = true
        shutdown(fd, Int32(SHUT_WR))
        var buffer = [UInt8](repeating: 0, count: 4096)
        var drained = 0
        let deadline = Date().addingTimeInterval(0.2)
        while drained < 64 * 1024, deadline.timeIntervalSinceNow > 0 {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 50) > 0 else { continue }
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { break }
            drained += n
        }
        close(fd)
    }
}
