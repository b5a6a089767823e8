/// One HTTP/1.x request head, as the preview server reads it: the request
/// line and the headers, never a body (the preview accepts none).
package struct HTTPRequest: Sendable, Equatable {
    package var method: String
    /// The request target as sent (`/index.html?x=1`).
    package var target: String
    package var version: String
    /// Header names in lower case, values trimmed; a repeated header keeps its last value.
    package var headers: [String: String]

    /// The most the head may hold (request line and headers): larger gets 431.
    package static let maximumHeadSize = 16 * 1024

    /// Why a head could not be read; each has its status code.
    package enum Problem: Error, Sendable, Equatable {
        /// Not HTTP/1.x, or a line that is not `name: value`.
        case malformed
        /// More than ``maximumHeadSize`` bytes without the end of the head.
        case headTooLarge
    }

    /// Where the head ends in `bytes` (the index after the blank line), if it does.
    package static func endOfHead(_ bytes: [UInt8], from start: Int = 0) -> Int? {
        var i = max(0, start - 3)
        while i + 3 < bytes.count {
            if bytes[i] == 13, bytes[i + 1] == 10, bytes[i + 2] == 13, bytes[i + 3] == 10 { return i + 4 }
            i += 1
        }
        // Bare line feeds (`\n\n`) are accepted too, as most servers do.
        i = max(0, start - 1)
        while i + 1 < bytes.count {
            if bytes[i] == 10, bytes[i + 1] == 10 { return i + 2 }
            i += 1
        }
        return nil
    }

    /// Parses a whole head (up to and including the blank line).
    package static func parse(_ head: [UInt8]) throws(Problem) -> HTTPRequest {
        if head.count > maximumHeadSize { throw .headTooLarge }
        // A head is ASCII; anything else (a NUL, invalid UTF-8 in a name) is refused.
        guard let text = String(validating: head, as: UTF8.self), !text.contains("\0") else { throw .malformed }
        // Lines end in CRLF (or a bare LF). Split the scalars: in Swift "\r\n" is one Character.
        var lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            Substring(line.last == "\r" ? line.dropLast() : line)
        }
        while let last = lines.last, last.isEmpty { lines.removeLast() }
        guard let requestLine = lines.first else { throw .malformed }
        let parts = requestLine.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty,
              parts[0].allSatisfy({ $0.isASCII && ($0.isLetter || $0 == "-" || $0 == "_") }),
              parts[2] == "HTTP/1.1" || parts[2] == "HTTP/1.0"
        else { throw .malformed }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":"), colon != line.startIndex else { throw .malformed }
            let name = line[..<colon]
            guard !name.contains(where: { $0 == " " || $0 == "\t" }) else { throw .malformed }
            let value = line[line.index(after: colon)...].trimmingSpaces()
            headers[name.lowercased()] = String(value)
        }
        return HTTPRequest(method: String(parts[0]), target: String(parts[1]), version: String(parts[2]), headers: headers)
    }

    /// The path of the target, percent-decoded, without query or fragment;
    /// nil when it is not a path the site could hold: not starting with one
    /// `/`, holding `..`, `.` or empty segments, a backslash, a NUL or a
    /// control character, or a bad `%` escape. (The site lives in memory
    /// and is looked up by exact name, so nothing outside it can be reached
    /// anyway; refusing these is the second lock.)
    package var sitePath: String? {
        var raw = Substring(target)
        if let cut = raw.firstIndex(where: { $0 == "?" || $0 == "#" }) { raw = raw[..<cut] }
        guard raw.hasPrefix("/"), let decoded = HTTPRequest.percentDecoded(raw) else { return nil }
        if decoded == "/" { return decoded }
        let segments = decoded.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
        for segment in segments {
            if segment.isEmpty || segment == "." || segment == ".." { return nil }
            if segment.unicodeScalars.contains(where: { $0 == "\\" || $0.value < 0x20 || $0.value == 0x7F }) { return nil }
        }
        return decoded
    }

    static func percentDecoded(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        var utf8 = Array(text.utf8)[...]
        while let byte = utf8.popFirst() {
            guard byte == UInt8(ascii: "%") else { bytes.append(byte); continue }
            guard utf8.count >= 2, let high = hexValue(utf8.popFirst()!), let low = hexValue(utf8.popFirst()!) else { return nil }
            bytes.append(high << 4 | low)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// The host named by the `Host` header, without the port and brackets (lower case).
    package var hostName: String? {
        guard let host = headers["host"]?.lowercased(), !host.isEmpty else { return nil }
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { return nil }
            return String(host[host.index(after: host.startIndex)..<close])
        }
        if let colon = host.firstIndex(of: ":") { return String(host[..<colon]) }
        return host
    }
}

extension Substring {
    func trimmingSpaces() -> Substring {
        var s = self
        while let first = s.first, first == " " || first == "\t" { s.removeFirst() }
        while let last = s.last, last == " " || last == "\t" { s.removeLast() }
        return s
    }
}

/// A response: a status, headers and a body (empty for HEAD).
package struct HTTPResponse: Sendable {
    package var status: Int
    package var headers: [(String, String)]
    package var body: [UInt8]

    package init(status: Int, headers: [(String, String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A short plain-text answer (errors).
    package static func text(_ status: Int, _ text: String, extra: [(String, String)] = []) -> HTTPResponse {
        HTTPResponse(status: status, headers: [("Content-Type", "text/plain; charset=utf-8")] + extra,
                     body: Array((text + "\n").utf8))
    }

    package static func reason(_ status: Int) -> String {
        switch status {
        case 200: return "OK"
        case 400: return "Bad Request"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 408: return "Request Timeout"
        case 413: return "Content Too Large"
        case 431: return "Request Header Fields Too Large"
        case 503: return "Service Unavailable"
        default: return "Status \(status)"
        }
    }

    /// The head: status line, the headers given, and the ones every answer
    /// carries (length, no caching, no sniffing, no framing, connection close).
    /// A stream (Server-Sent Events) has no length: it ends when the connection does.
    package func head(streaming: Bool = false) -> [UInt8] {
        var text = "HTTP/1.1 \(status) \(HTTPResponse.reason(status))\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        if !streaming { text += "Content-Length: \(body.count)\r\n" }
        text += "Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nX-Frame-Options: DENY\r\n"
        text += "Referrer-Policy: no-referrer\r\nConnection: close\r\n\r\n"
        return Array(text.utf8)
    }
}
