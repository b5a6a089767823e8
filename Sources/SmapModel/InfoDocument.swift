import Foundation
import SmapCore
import SmapSyntax

/// The safe Markdown subset of `info` texts: paragraphs, `-` lists, `1.`
/// lists, `**bold**`, `*italic*` and `[text](url)`. Anything else is text;
/// raw HTML is never markup. Nesting is fixed (a link may hold bold or italic
/// text, nothing deeper), so input cannot drive recursion.
public struct InfoDocument: Hashable, Sendable {
    public enum Block: Hashable, Sendable {
        case paragraph([Inline])
        case bulletList([[Inline]])
        case orderedList(start: Int, items: [[Inline]])
    }

    public enum Inline: Hashable, Sendable {
        case text(String)
        case strong([Inline])
        case emphasis([Inline])
        case link(text: [Inline], url: String)
    }

    public var blocks: [Block]

    /// Every link target in the text, in order.
    public var linkURLs: [String] {
        var urls: [String] = []
        func visit(_ inlines: [Inline]) {
            for inline in inlines {
                switch inline {
                case .link(_, let url):
                    urls.append(url)
                case .strong, .emphasis, .text: break
                }
            }
        }
        for block in blocks {
            switch block {
            case .paragraph(let inlines): visit(inlines)
            case .bulletList(let items), .orderedList(_, let items): items.forEach(visit)
            }
        }
        return urls
    }

    /// The text without markup (for search and tooltips).
    public var plainText: String {
        func flatten(_ inlines: [Inline]) -> String {
            inlines.map { inline -> String in
                switch inline {
                case .text(let s): return s
                case .strong(let x), .emphasis(let x): return flatten(x)
                case .link(let text, _): return flatten(text)
                }
            }.joined()
        }
        return blocks.map { block -> String in
            switch block {
            case .paragraph(let inlines): return flatten(inlines)
            case .bulletList(let items), .orderedList(_, let items): return items.map(flatten).joined(separator: " ")
            }
        }.joined(separator: " ")
    }

    public init(blocks: [Block]) { self.blocks = blocks }

    public init(parsing text: String) {
        let shape = Shape(text)
        if let blocks = InfoDocument.plainParagraph(text, shape: shape) {
            self.init(blocks: blocks)
        } else if !shape.hasCarriageReturn && shape.everyScalarIsACharacter {
            self.init(blocks: InfoDocument.blocks(utf8: Array(text.utf8)))
        } else {
            self.init(parsingCharacters: text)
        }
    }

    /// What one pass over a text's bytes says about it, to choose the reading.
    struct Shape {
        var hasLineBreak = false
        var hasCarriageReturn = false
        /// `\`, `*` or `[`.
        var hasMarkup = false
        /// Every scalar ``isWholeCharacter``.
        var everyScalarIsACharacter = true

        package init(_ text: String) {
            var copy = text
            copy.makeContiguousUTF8() // native strings already are; then this does nothing
            copy.utf8.withContiguousStorageIfAvailable { scan($0) }
        }

        private mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>) {
            var i = 0
            let n = bytes.count
            while i < n {
                let b = bytes[i]
                if b < 0x80 {
                    switch b {
                    case 0x0A: hasLineBreak = true
                    case 0x0D: hasLineBreak = true; hasCarriageReturn = true; everyScalarIsACharacter = false
                    case 0x5C, 0x2A, 0x5B: hasMarkup = true
                    default: break
                    }
                    i += 1
                    continue
                }
                // A lead byte (the string is valid UTF-8): decode its scalar.
                let (value, length) = Escaping.scalar(in: bytes, at: i)
                if everyScalarIsACharacter, let scalar = Unicode.Scalar(value), !CharacterScalars.isWholeCharacter(scalar) {
                    everyScalarIsACharacter = false
                }
                i += length
            }
        }
    }

    /// Most info texts are one line of plain text: no line break, no markup
    /// character (`\`, `*`, `[`) and no list marker (`-`, or digits) at the
    /// start. Such a text is one paragraph of itself, trimmed, which is what
    /// the general reading gives (a test compares the two), at a fraction of
    /// its cost; nil for any other text.
    static func plainParagraph(_ text: String) -> [Block]? {
        plainParagraph(text, shape: Shape(text))
    }

    private static func plainParagraph(_ text: String, shape: Shape) -> [Block]? {
        guard !shape.hasLineBreak && !shape.hasMarkup else { return nil }
        let line = text.trimmingSpaces()
        guard let first = line.utf8.first else { return [] }
        if first == UInt8(ascii: "-") || (first >= 0x30 && first <= 0x39) { return nil }
        return [.paragraph([.text(line)])]
    }

    /// The blocks of a text read as UTF-8 bytes. Only for texts without CR
    /// where every scalar is a character of its own: there a line ends at
    /// each LF byte, and every marker (`- `, `* `, `1. `, spaces) is ASCII, so
    /// the bytes say what the characters say (``init(parsingCharacters:)``
    /// reads every other text; a test holds the two to the same result).
    package static func blocks(utf8 bytes: [UInt8]) -> [Block] {
        var blocks: [Block] = []
        var paragraph: [UInt8] = []
        var listItems: [[UInt8]] = []
        var listOrdered = false
        var listStart = 1

        func flushParagraph() {
            if !paragraph.isEmpty {
                blocks.append(.paragraph(inlines(utf8: paragraph)))
                paragraph.removeAll(keepingCapacity: true)
            }
        }
        func flushList() {
            if !listItems.isEmpty {
                let items = listItems.map { inlines(utf8: $0) }
                blocks.append(listOrdered ? .orderedList(start: listStart, items: items) : .bulletList(items))
                listItems.removeAll()
            }
        }

        let n = bytes.count
        var lineStart = 0
        while lineStart <= n {
            var lineEnd = lineStart
            while lineEnd < n && bytes[lineEnd] != 0x0A { lineEnd += 1 }
            defer { lineStart = lineEnd + 1 }
            let (start, end) = trimmedSpaces(bytes, lineStart, lineEnd)
            if start == end {
                flushParagraph()
                flushList()
                continue
            }
            let first = bytes[start]
            if (first == UInt8(ascii: "-") || first == UInt8(ascii: "*")), end - start >= 2,
               bytes[start + 1] == UInt8(ascii: " ") {
                flushParagraph()
                if !listItems.isEmpty && listOrdered { flushList() }
                listOrdered = false
                let (itemStart, itemEnd) = trimmedSpaces(bytes, start + 2, end)
                listItems.append(Array(bytes[itemStart..<itemEnd]))
                continue
            }
            var digitsEnd = start
            while digitsEnd < end && bytes[digitsEnd] >= 0x30 && bytes[digitsEnd] <= 0x39 { digitsEnd += 1 }
            if digitsEnd > start, digitsEnd - start <= 6, digitsEnd + 1 < end,
               bytes[digitsEnd] == UInt8(ascii: "."), bytes[digitsEnd + 1] == UInt8(ascii: " ") {
                flushParagraph()
                if !listItems.isEmpty && !listOrdered { flushList() }
                if listItems.isEmpty {
                    listStart = bytes[start..<digitsEnd].reduce(0) { $0 * 10 + Int($1 - 0x30) }
                }
                listOrdered = true
                let (itemStart, itemEnd) = trimmedSpaces(bytes, digitsEnd + 2, end)
                listItems.append(Array(bytes[itemStart..<itemEnd]))
                continue
            }
            if !listItems.isEmpty && lineStart < lineEnd && bytes[lineStart] == UInt8(ascii: " ") {
                // An indented line continues the list item above.
                listItems[listItems.count - 1].append(UInt8(ascii: " "))
                listItems[listItems.count - 1] += bytes[start..<end]
                continue
            }
            flushList()
            if !paragraph.isEmpty { paragraph.append(UInt8(ascii: " ")) }
            paragraph += bytes[start..<end]
        }
        flushParagraph()
        flushList()
        return blocks
    }

    /// `start..<end` without leading and trailing `CharacterSet.whitespaces`.
    private static func trimmedSpaces(_ bytes: [UInt8], _ start: Int, _ end: Int) -> (Int, Int) {
        var start = start, end = end
        while start < end {
            let b = bytes[start]
            if b == 0x20 || b == 0x09 { start += 1; continue }
            guard b >= 0x80 else { break }
            var next = start + 1
            while next < end && bytes[next] & 0xC0 == 0x80 { next += 1 }
            guard isSpace(bytes, start, next) else { break }
            start = next
        }
        while end > start {
            let b = bytes[end - 1]
            if b == 0x20 || b == 0x09 { end -= 1; continue }
            guard b >= 0x80 else { break }
            var first = end - 1
            while first > start && bytes[first] & 0xC0 == 0x80 { first -= 1 }
            guard isSpace(bytes, first, end) else { break }
            end = first
        }
        return (start, end)
    }

    private static func isSpace(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Bool {
        let scalars = String(decoding: bytes[start..<end], as: UTF8.self).unicodeScalars
        return scalars.count == 1 && WhiteSpace.isSpace(scalars.first!)
    }

    /// Inline markup of one block's UTF-8 bytes (every scalar a character of its own).
    private static func inlines(utf8 bytes: [UInt8]) -> [Inline] {
        if !bytes.contains(where: { $0 == 0x5C || $0 == 0x2A || $0 == 0x5B }) {
            return bytes.isEmpty ? [] : [.text(String(decoding: bytes, as: UTF8.self))]
        }
        return parseInlines(bytes, allowLinks: true)
    }

    /// The reading by characters, for any text.
    package init(parsingCharacters text: String) {
        var blocks: [Block] = []
        var paragraph: [String] = []
        var listItems: [String] = []
        var listOrdered = false
        var listStart = 1

        func flushParagraph() {
            if !paragraph.isEmpty {
                blocks.append(.paragraph(InfoDocument.inlines(paragraph.joined(separator: " "))))
                paragraph = []
            }
        }
        func flushList() {
            if !listItems.isEmpty {
                let items = listItems.map { InfoDocument.inlines($0) }
                blocks.append(listOrdered ? .orderedList(start: listStart, items: items) : .bulletList(items))
                listItems = []
            }
        }

        for rawLine in InfoDocument.lines(text) {
            let line = rawLine.trimmingSpaces()
            if line.isEmpty {
                flushParagraph()
                flushList()
                continue
            }
            if line.hasPrefix("- ") || line.hasPrefix("* ") {
                flushParagraph()
                if !listItems.isEmpty && listOrdered { flushList() }
                listOrdered = false
                listItems.append(line.dropFirst(2).trimmingSpaces())
                continue
            }
            if let (number, rest) = InfoDocument.orderedItem(line) {
                flushParagraph()
                if !listItems.isEmpty && !listOrdered { flushList() }
                if listItems.isEmpty { listStart = number }
                listOrdered = true
                listItems.append(rest)
                continue
            }
            if !listItems.isEmpty && rawLine.first == " " {
                // An indented line continues the list item above.
                listItems[listItems.count - 1] += " " + line
                continue
            }
            flushList()
            paragraph.append(line)
        }
        flushParagraph()
        flushList()
        self.blocks = blocks
    }

    /// The text split at "\n" as `split(separator:)` splits it. Without a
    /// carriage return every line feed is a character of its own, so the
    /// bytes can be split directly, which is much faster than by characters.
    private static func lines(_ text: String) -> [Substring] {
        if text.utf8.contains(0x0D) { return text.split(separator: "\n", omittingEmptySubsequences: false) }
        return text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { Substring($0) }
    }

    private static func orderedItem(_ line: String) -> (Int, String)? {
        let digits = line.prefix(while: { $0.isASCII && $0.isNumber })
        guard !digits.isEmpty, digits.count <= 6 else { return nil }
        let rest = line.dropFirst(digits.count)
        guard rest.hasPrefix(". ") else { return nil }
        return (Int(digits) ?? 1, rest.dropFirst(2).trimmingSpaces())
    }

    /// Inline markup of one block's text.
    package static func inlines(_ text: String) -> [Inline] {
        // Only `\`, `*` and `[` start markup; text without them is one run of
        // plain text, and splitting it into characters costs more than the rest.
        if !text.utf8.contains(where: { $0 == 0x5C || $0 == 0x2A || $0 == 0x5B }) {
            return text.isEmpty ? [] : [.text(text)]
        }
        // Markup is read character by character. Where every Unicode scalar
        // is a character of its own (Swedish text nearly always), reading the
        // UTF-8 bytes gives the same result, much faster: markup characters
        // are ASCII, and no byte of a longer scalar is.
        if text.unicodeScalars.allSatisfy(CharacterScalars.isWholeCharacter) {
            return parseInlines(Array(text.utf8), allowLinks: true)
        }
        return parseInlines(Array(text), allowLinks: true)
    }

    /// Up to this many units, markup is searched for without tables.
    static let directSearchLength = 256

    private static func parseInlines<Unit: InlineUnit>(_ chars: [Unit], allowLinks: Bool) -> [Inline] {
        var result: [Inline] = []
        var buffer = ""
        var i = 0
        let n = chars.count
        // Plain text is copied in runs: from runStart up to the markup that ends it.
        var runStart = 0
        func endRun(at end: Int) {
            if end > runStart { buffer += Unit.string(chars[runStart..<end]) }
        }
        func flush() {
            if !buffer.isEmpty {
                result.append(.text(buffer))
                buffer = ""
            }
        }
        // Where the next `**`, `*` or `](` is, scanning from a position and
        // stepping over escapes, and where the next `)` is. Each table is built
        // once, right to left, when first needed: searching the rest of the
        // text at every opening made a long line of unclosed `[` or `**`
        // take time quadratic in its length.
        // One slot per pattern (`**`, `*`, `](`), found by its first two units.
        // A short text (nearly every one) is searched directly: its few scans
        // cost less than building a table, and stay well under the time a
        // long one could take.
        let searchesDirectly = n <= InfoDocument.directSearchLength
        var tables: [[Int]] = [[], [], []]
        func find(_ pattern: [Unit], from start: Int) -> Int? {
            if searchesDirectly {
                var p = start
                while p + pattern.count <= n {
                    if chars[p] == Unit.backslash {
                        p += 2
                    } else if chars[p] == pattern[0] && (pattern.count == 1 || chars[p + 1] == pattern[1]) {
                        return p
                    } else {
                        p += 1
                    }
                }
                return nil
            }
            let slot = pattern[0] == Unit.rightBracket ? 2 : pattern.count == 2 ? 0 : 1
            if tables[slot].isEmpty {
                // next[p]: the match a scan that visits p finds, or -1; p + 2 may be n + 1.
                var next = [Int](repeating: -1, count: n + 2)
                var p = n - pattern.count
                while p >= 0 {
                    if chars[p] == Unit.backslash {
                        next[p] = next[p + 2]
                    } else if chars[p] == pattern[0] && (pattern.count == 1 || chars[p + 1] == pattern[1]) {
                        next[p] = p
                    } else {
                        next[p] = next[p + 1]
                    }
                    p -= 1
                }
                tables[slot] = next
            }
            let found = tables[slot][start]
            return found >= 0 ? found : nil
        }
        // The `)` that ends a link target starting at `start`: parentheses
        // inside it must balance (`https://sv.wikipedia.org/wiki/Fil_(musik)`),
        // so it is the first `)` where the depth counted from `start` drops
        // below zero. For a long text the answer for every start comes from
        // one table: with depth[k] the count of `(` minus `)` before k, it is
        // the first k > start with depth[k] < depth[start], less one — the
        // next smaller value, found for all starts with one stack.
        var closingParenthesis: [Int] = []
        func nextClosingParenthesis(from start: Int) -> Int? {
            if searchesDirectly {
                var depth = 0
                var p = start
                while p < n {
                    if chars[p] == Unit.leftParenthesis { depth += 1 }
                    if chars[p] == Unit.rightParenthesis {
                        if depth == 0 { return p }
                        depth -= 1
                    }
                    p += 1
                }
                return nil
            }
            if closingParenthesis.isEmpty {
                var depth = [Int](repeating: 0, count: n + 1)
                for p in 0..<n {
                    depth[p + 1] = depth[p] + (chars[p] == Unit.leftParenthesis ? 1 : chars[p] == Unit.rightParenthesis ? -1 : 0)
                }
                closingParenthesis = [Int](repeating: -1, count: n + 1)
                var stack: [Int] = [] // indices k whose next smaller value is not found yet, depths increasing
                for k in 0...n {
                    while let top = stack.last, depth[k] < depth[top] {
                        closingParenthesis[top] = k - 1
                        stack.removeLast()
                    }
                    stack.append(k)
                }
            }
            guard start <= n else { return nil }
            let found = closingParenthesis[start]
            return found >= 0 ? found : nil
        }
        func isEscapable(_ c: Unit) -> Bool {
            c == Unit.backslash || c == Unit.star || c == Unit.leftBracket || c == Unit.rightBracket
                || c == Unit.leftParenthesis || c == Unit.rightParenthesis || c == Unit.underscore
        }
        while i < n {
            let c = chars[i]
            if c == Unit.backslash, i + 1 < n, isEscapable(chars[i + 1]) {
                endRun(at: i)
                buffer += Unit.string(chars[i + 1..<i + 2])
                i += 2
                runStart = i
                continue
            }
            if c == Unit.star, i + 2 < n, chars[i + 1] == Unit.star, chars[i + 2] == Unit.star {
                // `***x***` is bold and italic at once; without a closing
                // `***` the first `*` is text and `**…**` follows.
                if i + 3 < n, chars[i + 3] != Unit.space, chars[i + 3] != Unit.star,
                   let close = find([Unit.star, Unit.star], from: i + 3), close + 2 < n, chars[close + 2] == Unit.star {
                    endRun(at: i)
                    flush()
                    result.append(.strong([.emphasis(plain(chars[i + 3..<close]))]))
                    i = close + 3
                    runStart = i
                    continue
                }
                i += 1
                continue
            }
            if c == Unit.star, i + 1 < n, chars[i + 1] == Unit.star, let close = find([Unit.star, Unit.star], from: i + 2),
               close > i + 2 {
                endRun(at: i)
                flush()
                result.append(.strong(plain(chars[i + 2..<close])))
                i = close + 2
                runStart = i
                continue
            }
            if c == Unit.star, i + 1 < n, chars[i + 1] != Unit.space, chars[i + 1] != Unit.star,
               let close = find([Unit.star], from: i + 1), close > i + 1 {
                endRun(at: i)
                flush()
                result.append(.emphasis(plain(chars[i + 1..<close])))
                i = close + 1
                runStart = i
                continue
            }
            if allowLinks, c == Unit.leftBracket, let closeText = find([Unit.rightBracket, Unit.leftParenthesis], from: i + 1),
               let closeURL = nextClosingParenthesis(from: closeText + 2) {
                let url = Unit.string(chars[closeText + 2..<closeURL]).trimmingSpaces()
                let label = parseInlines(Array(chars[i + 1..<closeText]), allowLinks: false)
                endRun(at: i)
                flush()
                result.append(.link(text: label.isEmpty ? [.text(url)] : label, url: url))
                i = closeURL + 1
                runStart = i
                continue
            }
            i += 1
        }
        endRun(at: n)
        flush()
        return result
    }

    /// Bold and italic contents: text with escapes resolved, no further markup.
    private static func plain<Unit: InlineUnit>(_ chars: ArraySlice<Unit>) -> [Inline] {
        var text = ""
        var i = chars.startIndex
        var runStart = i
        while i < chars.endIndex {
            if chars[i] == Unit.backslash, i + 1 < chars.endIndex {
                // The backslash goes; the unit after it stays, whatever it is.
                if i > runStart { text += Unit.string(chars[runStart..<i]) }
                runStart = i + 1
                i += 2
                continue
            }
            i += 1
        }
        if chars.endIndex > runStart { text += Unit.string(chars[runStart..<chars.endIndex]) }
        return [.text(text)]
    }
}

/// What the inline parser reads: characters, or UTF-8 bytes where every
/// scalar is a character of its own.
protocol InlineUnit: Hashable {
    static var backslash: Self { get }
    static var star: Self { get }
    static var leftBracket: Self { get }
    static var rightBracket: Self { get }
    static var leftParenthesis: Self { get }
    static var rightParenthesis: Self { get }
    static var underscore: Self { get }
    static var space: Self { get }
    static func string(_ units: ArraySlice<Self>) -> String
}

extension Character: InlineUnit {
    package static var backslash: Character { "\\" }
    static var star: Character { "*" }
    package static var leftBracket: Character { "[" }
    package static var rightBracket: Character { "]" }
    static var leftParenthesis: Character { "(" }
    static var rightParenthesis: Character { ")" }
    static var underscore: Character { "_" }
    package static var space: Character { " " }
    package static func string(_ units: ArraySlice<Character>) -> String { String(units) }
}

extension UInt8: InlineUnit {
    package static var backslash: UInt8 { 0x5C }
    static var star: UInt8 { 0x2A }
    package static var leftBracket: UInt8 { 0x5B }
    package static var rightBracket: UInt8 { 0x5D }
    static var leftParenthesis: UInt8 { 0x28 }
    static var rightParenthesis: UInt8 { 0x29 }
    static var underscore: UInt8 { 0x5F }
    package static var space: UInt8 { 0x20 }
    package static func string(_ units: ArraySlice<UInt8>) -> String {
        units.withUnsafeBufferPointer { String(decoding: $0, as: UTF8.self) }
    }
}

/// Links smap lets a published map carry.
public enum SafeURL {
    /// `https:` and `http:` with a host (and no `user:password@` before it),
    /// or `mailto:` with an address; no white space, control characters,
    /// characters that break HTML attributes, `[` or `]`, and one `#` at most.
    public static func isSafe(_ url: String) -> Bool {
        var copy = url
        // An ASCII URL (nearly all) is judged on its bytes; any other by characters.
        return copy.withUTF8 { isSafeASCII($0) } ?? isSafeByCharacters(url)
    }

    /// nil when the bytes are not all ASCII.
    private static func isSafeASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
        for b in bytes {
            if b >= 0x80 { return nil }
            switch b {
            case 0..<0x21, 0x7F, UInt8(ascii: "\""), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\\"),
                 UInt8(ascii: "`"), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "|"), UInt8(ascii: "^"),
                 UInt8(ascii: "'"), UInt8(ascii: "["), UInt8(ascii: "]"):
                return false
            default: break
            }
        }
        func hasPrefix(_ prefix: StaticString) -> Bool {
            guard bytes.count >= prefix.utf8CodeUnitCount else { return false }
            for i in 0..<prefix.utf8CodeUnitCount {
                let b = bytes[i]
                let lower = b >= 0x41 && b <= 0x5A ? b | 0x20 : b
                if lower != prefix.utf8Start[i] { return false }
            }
            return true
        }
        // One fragment at most: a second `#` is not a valid URL.
        if bytes.lazy.filter({ $0 == UInt8(ascii: "#") }).count > 1 { return false }
        for scheme: StaticString in ["https://", "http://"] where hasPrefix(scheme) {
            var end = scheme.utf8CodeUnitCount
            let start = end
            while end < bytes.count, bytes[end] != UInt8(ascii: "/"), bytes[end] != UInt8(ascii: "?"),
                  bytes[end] != UInt8(ascii: "#") {
                // `user:pass@host`: a name and password in a link, and a way
                // to make one host look like another (https://bank.se@evil.example).
                if bytes[end] == UInt8(ascii: "@") { return false }
                end += 1
            }
            return end > start && bytes[start] != UInt8(ascii: ".") && bytes[start] != UInt8(ascii: ":")
        }
        if hasPrefix("mailto:") { return bytes.count > 7 }
        return false
    }

    /// The rule on characters (any URL).
    static func isSafeByCharacters(_ url: String) -> Bool {
        if url.unicodeScalars.contains(where: { $0.value < 0x21 || $0.value == 0x7F || "\"<>\\`{}|^'[]".unicodeScalars.contains($0) }) {
            return false
        }
        if url.unicodeScalars.filter({ $0 == "#" }).count > 1 { return false }
        let lower = url.lowercased()
        for scheme in ["https://", "http://"] where lower.hasPrefix(scheme) {
            let rest = lower.dropFirst(scheme.count)
            let host = rest.prefix(while: { $0 != "/" && $0 != "?" && $0 != "#" })
            return !host.isEmpty && !host.hasPrefix(".") && !host.hasPrefix(":") && !host.contains("@")
        }
        if lower.hasPrefix("mailto:") { return lower.count > "mailto:".count }
        return false
    }
}
