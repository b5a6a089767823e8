import Foundation

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

        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty {
                flushParagraph()
                flushList()
                continue
            }
            if line.hasPrefix("- ") || line.hasPrefix("* ") {
                flushParagraph()
                if !listItems.isEmpty && listOrdered { flushList() }
                listOrdered = false
                listItems.append(String(line.dropFirst(2)).trimmingCharacters(in: .whitespaces))
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

    private static func orderedItem(_ line: String) -> (Int, String)? {
        let digits = line.prefix(while: { $0.isASCII && $0.isNumber })
        guard !digits.isEmpty, digits.count <= 6 else { return nil }
        let rest = line.dropFirst(digits.count)
        guard rest.hasPrefix(". ") else { return nil }
        return (Int(digits) ?? 1, String(rest.dropFirst(2)).trimmingCharacters(in: .whitespaces))
    }

    /// Inline markup of one block's text.
    static func inlines(_ text: String) -> [Inline] {
        parseInlines(Array(text), allowLinks: true)
    }

    private static func parseInlines(_ chars: [Character], allowLinks: Bool) -> [Inline] {
        var result: [Inline] = []
        var buffer = ""
        var i = 0
        let n = chars.count
        func flush() {
            if !buffer.isEmpty {
                result.append(.text(buffer))
                buffer = ""
            }
        }
        func find(_ pattern: [Character], from start: Int) -> Int? {
            guard pattern.count <= n else { return nil }
            var j = start
            while j + pattern.count <= n {
                if chars[j] == "\\" { j += 2; continue }
                if Array(chars[j..<j + pattern.count]) == pattern { return j }
                j += 1
            }
            return nil
        }
        while i < n {
            let c = chars[i]
            if c == "\\", i + 1 < n, "\\*[]()_".contains(chars[i + 1]) {
                buffer.append(chars[i + 1])
                i += 2
                continue
            }
            if c == "*", i + 1 < n, chars[i + 1] == "*", let close = find(["*", "*"], from: i + 2), close > i + 2 {
                flush()
                result.append(.strong(plain(Array(chars[i + 2..<close]))))
                i = close + 2
                continue
            }
            if c == "*", i + 1 < n, chars[i + 1] != " ", chars[i + 1] != "*", let close = find(["*"], from: i + 1),
               close > i + 1 {
                flush()
                result.append(.emphasis(plain(Array(chars[i + 1..<close]))))
                i = close + 1
                continue
            }
            if allowLinks, c == "[", let closeText = find(["]", "("], from: i + 1),
               let closeURL = chars[(closeText + 2)...].firstIndex(of: ")") {
                let url = String(chars[closeText + 2..<closeURL]).trimmingCharacters(in: .whitespaces)
                let label = parseInlines(Array(chars[i + 1..<closeText]), allowLinks: false)
                flush()
                result.append(.link(text: label.isEmpty ? [.text(url)] : label, url: url))
                i = closeURL + 1
                continue
            }
            buffer.append(c)
            i += 1
        }
        flush()
        return result
    }

    /// Bold and italic contents: text with escapes resolved, no further markup.
    private static func plain(_ chars: [Character]) -> [Inline] {
        var text = ""
        var i = 0
        while i < chars.count {
            if chars[i] == "\\", i + 1 < chars.count { text.append(chars[i + 1]); i += 2; continue }
            text.append(chars[i])
            i += 1
        }
        return [.text(text)]
    }
}

/// Links smap lets a published map carry.
public enum SafeURL {
    /// `https:` and `http:` with a host, or `mailto:` with an address; no
    /// white space, control characters or characters that break HTML attributes.
    public static func isSafe(_ url: String) -> Bool {
        if url.unicodeScalars.contains(where: { $0.value < 0x21 || $0.value == 0x7F || "\"<>\\`{}|^'".unicodeScalars.contains($0) }) {
            return false
        }
        let lower = url.lowercased()
        for scheme in ["https://", "http://"] where lower.hasPrefix(scheme) {
            let rest = lower.dropFirst(scheme.count)
            let host = rest.prefix(while: { $0 != "/" && $0 != "?" && $0 != "#" })
            return !host.isEmpty && !host.hasPrefix(".") && !host.hasPrefix(":")
        }
        if lower.hasPrefix("mailto:") { return lower.count > "mailto:".count }
        return false
    }
}
