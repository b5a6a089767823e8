import Foundation
import Testing
@testable import SmapCore
@testable import SmapSyntax
@testable import SmapModel
@testable import SmapCheck
@testable import SmapLayout
@testable import SmapEmit
@testable import SmapAuthoring
import SmapGenerate

/// Faster paths that must not change a result: white-space trimming without
/// NSString, and the info-text parser with its search tables. Each is held
/// to the implementation it replaced on many random texts full of the
/// characters that matter (markup, escapes, Unicode spaces, CR, combining marks).
@Suite("Text fast paths")
struct TextFastPathTests {
    static let pieces: [String] = [
        "*", "**", "[", "]", "(", ")", "](", "\\", " ", "  ", "\t", "\n", "\n\n", "a", "ord", "é", "ö", "- ", "* ",
        "1. ", "12. ", "\u{00A0}", "\u{2003}", "\u{3000}", "\r", "\r\n", "\u{301}", "https://x.se/a", "\u{85}",
        "\u{2028}", "\u{0B}", "\u{0C}", "_", "🙂", "\u{200B}", "–", "§", "å", "\u{37E}", "\u{200D}", "\u{200C}",
        "a\u{30A}", "\u{1F1F8}\u{1F1EA}", "\u{2009}", "\u{202F}", "€", "\u{1100}\u{1161}",
    ]

    static func randomText(_ random: inout SplitMix64, length: Int) -> String {
        var text = ""
        for _ in 0..<random.next(length + 1) { text += pieces[random.next(pieces.count)] }
        return text
    }

    @Test("trimming and blankness match Foundation's character sets")
    func whiteSpace() {
        var random = SplitMix64(seed: 11)
        for _ in 0..<20_000 {
            let text = Self.randomText(&random, length: 8)
            #expect(text.trimmingSpaces() == text.trimmingCharacters(in: .whitespaces), "\(Array(text.unicodeScalars))")
            #expect(text.isBlank == text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty,
                    "\(Array(text.unicodeScalars))")
            let sub = text.dropFirst()
            #expect(sub.trimmingSpaces() == sub.trimmingCharacters(in: .whitespaces))
        }
        // Every scalar of the Basic Multilingual Plane and a few beyond.
        for value in Array(0..<0xD800) + Array(0xE000..<0x10000) + [0x1F642, 0xE0020] {
            guard let scalar = Unicode.Scalar(value) else { continue }
            #expect(WhiteSpace.isSpace(scalar) == CharacterSet.whitespaces.contains(scalar))
            #expect(WhiteSpace.isSpaceOrNewline(scalar) == CharacterSet.whitespacesAndNewlines.contains(scalar))
        }
    }

    @Test("the info-text parser agrees with the one it replaced")
    func infoDocument() {
        var random = SplitMix64(seed: 12)
        for round in 0..<20_000 {
            let text = Self.randomText(&random, length: round % 10 == 0 ? 80 : 16)
            let blocks = InfoDocument(parsing: text).blocks
            let expected = ReferenceInfoParser.parse(text)
            let shape = InfoDocument.Shape(text)
            #expect(shape.everyScalarIsACharacter == text.unicodeScalars.allSatisfy(CharacterScalars.isWholeCharacter))
            #expect(shape.hasCarriageReturn == text.utf8.contains(0x0D))
            #expect(shape.hasLineBreak == text.utf8.contains { $0 == 0x0A || $0 == 0x0D })
            #expect(shape.hasMarkup == text.utf8.contains { $0 == 0x5C || $0 == 0x2A || $0 == 0x5B })
            #expect(blocks == expected, "\(text.debugDescription)")
            if blocks != expected { return }
        }
    }

    @Test("long paragraphs, searched with tables, agree with the reading replaced; short ones are searched directly")
    func longParagraphs() {
        // Pieces without a line break, so that a text stays one long paragraph.
        let pieces = Self.pieces.filter { !$0.unicodeScalars.contains { [0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029].contains($0.value) } }
        var random = SplitMix64(seed: 16)
        var long = 0
        for _ in 0..<2_000 {
            var text = ""
            for _ in 0..<(60 + random.next(140)) { text += pieces[random.next(pieces.count)] }
            if text.utf8.count > InfoDocument.directSearchLength { long += 1 }
            #expect(InfoDocument(parsing: text).blocks == ReferenceInfoParser.parse(text), "\(text.debugDescription)")
        }
        #expect(long > 1_000)
    }

    @Test("a one-line plain info text read as one paragraph gives what the general reading gives")
    func plainParagraph() {
        // Pieces that keep a text on one line without markup, so the fast path answers.
        let plain = Self.pieces.filter { !$0.contains(where: { "\n\r*[\\".contains($0) }) }
        var random = SplitMix64(seed: 14)
        var answered = 0
        for _ in 0..<20_000 {
            var text = ""
            for _ in 0..<random.next(12) { text += plain[random.next(plain.count)] }
            guard let fast = InfoDocument.plainParagraph(text) else { continue }
            answered += 1
            let general = InfoDocument(parsingCharacters: text).blocks
            #expect(fast == general, "\(text.debugDescription)")
            if fast != general { return }
        }
        #expect(answered > 5_000)
        // Texts the fast path must leave to the general reading.
        for text in ["- punkt", " 1. punkt", "a\nb", "**fet**", "[länk](https://x.se)", "a\\b", "a\r"] {
            #expect(InfoDocument.plainParagraph(text) == nil, "\(text.debugDescription)")
        }
    }

    @Test("info texts read as bytes give what reading them by characters gives")
    func blocksFromBytes() {
        // Texts without CR whose every scalar is a character of its own: the byte reader's texts.
        let whole = Self.pieces.filter {
            !$0.contains("\r") && $0.unicodeScalars.allSatisfy(CharacterScalars.isWholeCharacter)
        } + ["\n- ", "\n1. ", "\n ", "\n  - ", " \n", "\u{A0}- ", "007. ", "1234567. "]
        var random = SplitMix64(seed: 16)
        for round in 0..<30_000 {
            var text = ""
            for _ in 0..<random.next(round % 10 == 0 ? 60 : 14) { text += whole[random.next(whole.count)] }
            let bytes = InfoDocument.blocks(utf8: Array(text.utf8))
            let characters = InfoDocument(parsingCharacters: text).blocks
            #expect(bytes == characters, "\(text.debugDescription)")
            if bytes != characters { return }
        }
    }

    @Test("URLs judged on their bytes are judged as on their characters")
    func safeURLs() {
        let pieces = ["https://", "HTTP://", "hTtPs://", "http:/", "mailto:", "MAILTO:", "x", "sv.se", ".", ":", "/",
                      "?", "#", "a@b.se", " ", "\"", "<", ">", "\\", "`", "{", "}", "|", "^", "'", "\u{7F}", "\t", "%20",
                      "é", "\u{301}", "\u{212A}", "İ", "-", "_", "~", "=", "&", "8080", "@"]
        var random = SplitMix64(seed: 17)
        var safe = 0
        for _ in 0..<40_000 {
            var url = ""
            for _ in 0..<(1 + random.next(6)) { url += pieces[random.next(pieces.count)] }
            let expected = SafeURL.isSafeByCharacters(url)
            #expect(SafeURL.isSafe(url) == expected, "\(url.debugDescription)")
            if expected { safe += 1 }
        }
        #expect(safe > 1_000)
    }

    @Test("lowering Swedish text directly gives what lowercased() gives")
    func lowercasing() {
        var random = SplitMix64(seed: 18)
        let extra = ["–", "—", "\u{2028}", "\u{2070}", "\u{207F}", "ÅÄÖ", "åäö", "É", "Ü", "ß", "µ", "×", "÷", "Σ", "ΑΣ ", "İ", "I", "Ǆ", "ǅ", "ÿ", "Ÿ", "ẞ", "Ω", "K", "Å",
                     "A\u{30A}", "\u{0130}x", "Æ", "Ø", "Þ", "ð", "ª", "º", "\u{A0}", "¿", "Ⅻ", "Ⓐ", "𐐀"]
        for round in 0..<20_000 {
            var text = ""
            for _ in 0..<random.next(12) {
                text += random.next(2) == 0 ? Self.pieces[random.next(Self.pieces.count)] : extra[random.next(extra.count)]
            }
            if round % 3 == 0 { text = text.uppercased() }
            #expect(text.lowercasedQuickly() == text.lowercased(), "\(text.debugDescription)")
            #expect(Array(text.lowercasedQuickly().unicodeScalars) == Array(text.lowercased().unicodeScalars))
        }
        // Every scalar of Latin-1 and a few beyond, one by one.
        for value in Array(0..<0x250) + Array(0x2000..<0x2080) + [0x130, 0x3A3, 0x1E9E, 0x2126, 0x212A, 0x10400] {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = String(scalar)
            #expect(Array(text.lowercasedQuickly().unicodeScalars) == Array(text.lowercased().unicodeScalars), "\(value)")
        }
    }

    @Test("keywords looked up by their packed letters are the keywords by name")
    func keywordLookup() {
        for keyword in Keyword.allCases {
            let bytes = Array(keyword.rawValue.utf8)
            #expect(bytes.count <= Lexer.keywordMaximumLength && bytes.allSatisfy { $0 >= 0x61 && $0 <= 0x7A })
            #expect(Lexer.keyword(bytes, 0, bytes.count) == keyword)
        }
        #expect(MemoryLayout<Keyword>.size == 1)
        #expect(Keyword.allCases.map(\.ordinal) == Array(0..<Keyword.allCases.count))
        #expect(Set(Keyword.allCases).count == Keyword.allCases.count)
        // A KeywordSet is one bit per keyword in 64 bits.
        #expect(Keyword.allCases.count <= 64)
        let fields: KeywordSet = [.law, .phase, .consent]
        #expect(Keyword.allCases.filter { fields.contains($0) } == [.law, .phase, .consent])
        var random = SplitMix64(seed: 15)
        let letters = Array("abcdefghijklmnopqrstuvwxyz".utf8)
        for _ in 0..<50_000 {
            // Mostly near-misses of keywords: a keyword with a letter changed, added or dropped.
            var word = Array(Keyword.allCases[random.next(Keyword.allCases.count)].rawValue.utf8)
            switch random.next(4) {
            case 0: word[random.next(word.count)] = letters[random.next(26)]
            case 1: word.insert(letters[random.next(26)], at: random.next(word.count + 1))
            case 2: word.remove(at: random.next(word.count))
            default: word = (0..<(1 + random.next(14))).map { _ in letters[random.next(26)] }
            }
            let expected = Keyword(rawValue: String(decoding: word, as: UTF8.self))
            #expect(Lexer.keyword(word, 0, word.count) == expected, "\(String(decoding: word, as: UTF8.self))")
        }
    }

    @Test("escaping in runs gives what escaping scalar by scalar gives")
    func escapingInRuns() {
        var random = SplitMix64(seed: 13)
        let replace: (Unicode.Scalar) -> String? = { s in
            switch s {
            case "&": return "&amp;"
            case "\"": return "\\\""
            case "\u{2028}": return "\\u2028"
            default: return s.value < 0x20 ? "<\(s.value)>" : nil
            }
        }
        for _ in 0..<20_000 {
            let text = Self.randomText(&random, length: 12) + ["&", "\"", "", "\u{2028}"][random.next(4)]
            var expected = "prefix"
            for scalar in text.unicodeScalars {
                if let r = replace(scalar) { expected += r } else { expected.unicodeScalars.append(scalar) }
            }
            var actual = "prefix"
            Escaping.append(text, to: &actual, replace)
            #expect(actual == expected && Array(actual.utf8) == Array(expected.utf8), "\(text.debugDescription)")
            var bytes = TextOutput()
            bytes += "prefix"
            Escaping.append(text, to: &bytes, replace)
            #expect(bytes.bytes == Array(expected.utf8), "\(text.debugDescription)")
        }
    }

    @Test("coordinates written digit by digit read as the formula it replaced writes them")
    func coordinates() {
        func reference(_ x: Double) -> String {
            let tenths = (x * 10).rounded()
            guard tenths.isFinite, abs(tenths) < 1e15 else { return "0" }
            let t = Int(tenths)
            if t % 10 == 0 { return String(t / 10) }
            let m = abs(t)
            return (t < 0 ? "-" : "") + "\(m / 10).\(m % 10)"
        }
        var random = SplitMix64(seed: 17)
        var values: [Double] = [0, -0.0, 0.04, -0.04, 0.05, -0.05, 0.95, -0.95, 9.96, -9.96, 1e14, -1e14, 1e15, .infinity, -.infinity, .nan]
        for _ in 0..<50_000 {
            let scale = [1.0, 10, 1_000, 100_000, 1e9][random.next(5)]
            values.append((Double(random.next(2_000_001)) / 1_000_000 - 1) * scale)
        }
        for x in values {
            var out = TextOutput()
            out.appendNumber(x)
            #expect(out.text == reference(x) && HTMLText.number(x) == reference(x), "\(x)")
        }
    }

    @Test("collapsing white space gives what splitting into characters gives")
    func collapsingWhiteSpace() {
        var random = SplitMix64(seed: 14)
        for _ in 0..<20_000 {
            let text = Self.randomText(&random, length: 12)
            #expect(text.collapsingWhiteSpace() == text.split(whereSeparator: \.isWhitespace).joined(separator: " "),
                    "\(text.debugDescription)")
            // Word wrapping takes the words of such a text from the collapsed text.
            if text.unicodeScalars.allSatisfy(CharacterScalars.isWholeCharacter) {
                #expect(text.collapsingWhiteSpace().utf8.split(separator: 0x20).map { String(Substring($0)) }
                        == text.split(whereSeparator: \.isWhitespace).map(String.init), "\(text.debugDescription)")
            }
        }
    }

    @Test("long lines of unclosed markup parse")
    func unclosedMarkup() {
        // Each took minutes before the search tables (quadratic in the length).
        // The time is not asserted here (scripts/bench times the stages).
        for unit in ["[", "**a ", "[a](", "*a", "\\[", "[a]"] {
            let text = String(repeating: unit, count: 200_000 / unit.count)
            let document = InfoDocument(parsing: text)
            #expect(!document.blocks.isEmpty)
        }
    }
}

/// The info-text parser before its search tables, kept as the reference.
enum ReferenceInfoParser {
    static func parse(_ text: String) -> [InfoDocument.Block] {
        typealias Block = InfoDocument.Block
        var blocks: [Block] = []
        var paragraph: [String] = []
        var listItems: [String] = []
        var listOrdered = false
        var listStart = 1

        func flushParagraph() {
            if !paragraph.isEmpty {
                blocks.append(.paragraph(ReferenceInfoParser.inlines(paragraph.joined(separator: " "))))
                paragraph = []
            }
        }
        func flushList() {
            if !listItems.isEmpty {
                let items = listItems.map { ReferenceInfoParser.inlines($0) }
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
            if let (number, rest) = ReferenceInfoParser.orderedItem(line) {
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
        return blocks
    }

    private static func orderedItem(_ line: String) -> (Int, String)? {
        let digits = line.prefix(while: { $0.isASCII && $0.isNumber })
        guard !digits.isEmpty, digits.count <= 6 else { return nil }
        let rest = line.dropFirst(digits.count)
        guard rest.hasPrefix(". ") else { return nil }
        return (Int(digits) ?? 1, String(rest.dropFirst(2)).trimmingCharacters(in: .whitespaces))
    }

    /// Inline markup of one block's text.
    static func inlines(_ text: String) -> [InfoDocument.Inline] {
        parseInlines(Array(text), allowLinks: true)
    }

    private static func parseInlines(_ chars: [Character], allowLinks: Bool) -> [InfoDocument.Inline] {
        var result: [InfoDocument.Inline] = []
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
            if c == "*", i + 2 < n, chars[i + 1] == "*", chars[i + 2] == "*" {
                if i + 3 < n, chars[i + 3] != " ", chars[i + 3] != "*", let close = find(["*", "*", "*"], from: i + 3),
                   find(["*", "*"], from: i + 3) == close {
                    flush()
                    result.append(.strong([.emphasis(plain(Array(chars[i + 3..<close])))]))
                    i = close + 3
                    continue
                }
                buffer.append(c)
                i += 1
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
               let closeURL = balancedEnd(chars, from: closeText + 2) {
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

    /// The first `)` after `start` that is not matched by a `(` after `start`.
    private static func balancedEnd(_ chars: [Character], from start: Int) -> Int? {
        var depth = 0
        for j in start..<max(start, chars.count) {
            if chars[j] == "(" { depth += 1 }
            if chars[j] == ")" {
                if depth == 0 { return j }
                depth -= 1
            }
        }
        return nil
    }

    /// Bold and italic contents: text with escapes resolved, no further markup.
    private static func plain(_ chars: [Character]) -> [InfoDocument.Inline] {
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
