import SmapCore
import SmapSyntax
import SmapModel
import SmapCheck

/// `smap fmt`: the canonical layout of a `.smap` file, printed from its
/// syntax tree with every comment kept.
///
/// The layout: declarations in the order written, one field per line,
/// two-space indentation, single spaces between tokens, decision branches
/// with their arrows aligned, strings re-escaped, multi-line text (`info`,
/// `summary`) as `"""` blocks, blank lines between declarations and fields
/// kept (a run collapsed to one), none right after `{` or before `}`.
/// Small blocks with a single field (`lane … { color "…" }`, a flow's
/// `{ loop }`) stay on one line when it is at most 100 characters wide. A file with syntax errors is not formatted.
///
/// Comments stay with the code they were written next to: a comment at the
/// end of a line stays at the end of the line that holds the code before it;
/// a comment on a line of its own goes before the line that holds the code
/// after it; a comment written inside what becomes one line (a flow written
/// over several lines) goes before that line. Comments keep their order.
public enum Formatter {
    public struct Result: Sendable {
        /// The file, for rendering the diagnostics.
        public var sources: SourceSet
        /// The formatted text; nil when the file does not parse.
        public var formatted: String?
        /// The lexer's and parser's diagnostics.
        public var diagnostics: [Diagnostic]
        /// True when the formatted text differs from the file's bytes.
        public var isChanged: Bool
        /// The language of the file's `map` block ("sv" unless it says otherwise);
        /// nil for a file without one (an included part).
        public var language: Language?
    }

    /// Formats one file. Included files are not followed: each file is formatted on its own.
    public static func format(path: String, bytes: [UInt8]) -> Result {
        var sources = SourceSet()
        let id = sources.add(path: path, bytes: bytes)
        let file = sources[id]
        let parsed = Parser.parse(file)
        var language: Language?
        for case .map(let map) in parsed.syntax.declarations {
            language = map.language.flatMap { Language(rawValue: $0.value) } ?? .sv
        }
        guard !parsed.diagnostics.contains(where: { $0.severity == .error }) else {
            return Result(sources: sources, formatted: nil, diagnostics: parsed.diagnostics, isChanged: false,
                          language: language)
        }
        let tokens = Lexer.lex(file).tokens
        var printer = LayoutPrinter(file: file, tokens: tokens, comments: parsed.syntax.comments)
        let text = printer.print(parsed.syntax)
        return Result(sources: sources, formatted: text, diagnostics: parsed.diagnostics,
                      isChanged: Array(text.utf8) != bytes, language: language)
    }

    /// Formats text held in memory.
    public static func format(source: String, path: String = "map.smap") -> Result {
        format(path: path, bytes: Array(source.utf8))
    }

    // MARK: - Strings

    /// `"…"` with `"` `\` and control characters escaped.
    package static func quoted(_ value: String) -> String {
        var out = "\""
        for u in value.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 || u.value == 0x7F {
                    out += "\\u{" + String(u.value, radix: 16, uppercase: true) + "}"
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }

    /// The content lines and the closing delimiter of a `"""` text, indented by `indent` spaces.
    static func multilineBody(_ value: String, indent: Int) -> [String] {
        let pad = String(repeating: " ", count: indent)
        var lines: [String] = []
        for line in value.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.isEmpty {
                lines.append("")
                continue
            }
            var out = ""
            for u in line.unicodeScalars {
                switch u {
                case "\\": out += "\\\\"
                case "\t": out += "\\t"
                default:
                    if u.value < 0x20 || u.value == 0x7F {
                        out += "\\u{" + String(u.value, radix: 16, uppercase: true) + "}"
                    } else {
                        out.unicodeScalars.append(u)
                    }
                }
            }
            // A line of only spaces would read back as an empty line.
            if out.unicodeScalars.allSatisfy({ $0 == " " }) {
                out = "\\u{20}" + out.dropFirst()
            }
            // A line starting with """ would close the text.
            let trimmed = out.drop(while: { $0 == " " })
            if trimmed.hasPrefix("\"\"\"") {
                let spaces = out.count - trimmed.count
                out = String(repeating: " ", count: spaces) + "\\" + trimmed
            }
            lines.append(pad + out)
        }
        lines.append(pad + "\"\"\"")
        return lines
    }
}

/// One line of output (a multi-line text adds `continuation` lines).
struct LayoutLine {
    package var indent: Int
    package var text: String
    /// Lines after the first, already indented (the body of a `"""` text).
    package var continuation: [String] = []
    /// Source offset of the first token this line shows; comments are placed by it.
    package var anchor: Int
    var opensBlock = false
    var isClose = false
    /// Indices into the comment list.
    package var leading: [Int] = []
    package var trailing: [Int] = []
}

/// Builds the lines of a file, then places its comments and prints.
struct LayoutPrinter {
    package let file: SourceFile
    package let tokens: [Token]
    package let comments: [SourceRange]

    package static let unit = 2
    /// A one-field block stays on its header's line when the line is no wider than this.
    static let inlineWidth = 100

    package init(file: SourceFile, tokens: [Token], comments: [SourceRange]) {
        self.file = file
        self.tokens = tokens.filter { $0.kind != .endOfFile }
        self.comments = comments
    }

    /// The index of the first token whose start (or end) is at least `offset`
    /// (tokens do not overlap, so both are sorted).
    private func firstToken(from offset: Int, byEnd: Bool = false) -> Int {
        var lo = 0, hi = tokens.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if (byEnd ? tokens[mid].range.end : tokens[mid].range.start) < offset { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    private func tokenIndex(startingAt offset: Int) -> Int? {
        let i = firstToken(from: offset)
        return i < tokens.count && tokens[i].range.start == offset ? i : nil
    }

    private func tokenIndex(endingAt offset: Int) -> Int? {
        let i = firstToken(from: offset, byEnd: true)
        return i < tokens.count && tokens[i].range.end == offset ? i : nil
    }

    // MARK: - Token helpers

    /// The start of the token just before the token starting at `offset` (its keyword).
    private func keywordStart(before offset: Int) -> Int {
        guard let i = tokenIndex(startingAt: offset), i > 0 else { return offset }
        return tokens[i - 1].range.start
    }

    /// The start of the `}` that ends at `end`, if a `}` ends there.
    private func closingBrace(endingAt end: Int) -> Int? {
        guard let i = tokenIndex(endingAt: end), tokens[i].kind == .rightBrace else { return nil }
        return tokens[i].range.start
    }

    /// The start of the `{` that `}` at `close` closes (the last `{` after `anchor`), else `anchor`.
    private func writtenOpen(before close: Int, after anchor: Int) -> Int {
        guard var i = tokenIndex(startingAt: close) else { return anchor }
        var depth = 0
        while i > 0 {
            i -= 1
            let t = tokens[i]
            if t.range.start < anchor { break }
            if t.kind == .rightBrace { depth += 1 }
            if t.kind == .leftBrace {
                if depth == 0 { return t.range.start }
                depth -= 1
            }
        }
        return anchor
    }

    /// True when a comment lies between the `}` at `close` and the `{` it closes.
    private func hasCommentInBraces(closingAt close: Int?, after anchor: Int) -> Bool {
        guard let close else { return false }
        return hasComment(in: writtenOpen(before: close, after: anchor), close)
    }

    /// The first token of `kind` in `start..<end`.
    private func firstToken(_ kind: TokenKind, in start: Int, _ end: Int) -> Token? {
        var i = firstToken(from: start)
        while i < tokens.count, tokens[i].range.start < end {
            if tokens[i].kind == kind { return tokens[i] }
            i += 1
        }
        return nil
    }

    /// True when a comment lies in `start..<end`.
    private func hasComment(in start: Int, _ end: Int) -> Bool {
        var lo = 0, hi = comments.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if comments[mid].start < start { lo = mid + 1 } else { hi = mid }
        }
        return lo < comments.count && comments[lo].start < end
    }

    private func string(_ literal: StringLiteral?) -> String {
        Formatter.quoted(literal?.value ?? "")
    }

    // MARK: - Blocks

    enum EmptyBlock { case omit, braces }

    struct Item {
        package var anchor: Int
        package var lines: [LayoutLine]
    }

    /// A header with a `{ … }` block of items (sorted by source position).
    private func block(_ header: String, anchor: Int, indent: Int, items: [Item], range: SourceRange,
                       empty: EmptyBlock, inlineSingle: Bool) -> [LayoutLine] {
        let writtenClose = closingBrace(endingAt: range.end)
        let close = writtenClose ?? range.end
        // Comments between the braces keep the block open (one field per line).
        let commented = hasCommentInBraces(closingAt: writtenClose, after: anchor)
        if items.isEmpty {
            // A written block with only comments inside keeps its braces, for the comments.
            if commented {
                return [LayoutLine(indent: indent, text: header + " {", anchor: anchor, opensBlock: true),
                        LayoutLine(indent: indent, text: "}", anchor: close, isClose: true)]
            }
            return [LayoutLine(indent: indent, text: empty == .omit ? header : header + " { }", anchor: anchor)]
        }
        if inlineSingle, !commented, items.count == 1, items[0].lines.count == 1, items[0].lines[0].continuation.isEmpty {
            let text = header + " { " + items[0].lines[0].text + " }"
            if indent * LayoutPrinter.unit + text.count <= LayoutPrinter.inlineWidth {
                return [LayoutLine(indent: indent, text: text, anchor: anchor)]
            }
        }
        var lines = [LayoutLine(indent: indent, text: header + " {", anchor: anchor, opensBlock: true)]
        for item in items.enumerated().sorted(by: { ($0.element.anchor, $0.offset) < ($1.element.anchor, $1.offset) }) {
            lines += item.element.lines
        }
        lines.append(LayoutLine(indent: indent, text: "}", anchor: close, isClose: true))
        return lines
    }

    private func field(_ text: String, at anchor: Int, indent: Int) -> Item {
        Item(anchor: anchor, lines: [LayoutLine(indent: indent, text: text, anchor: anchor)])
    }

    /// `keyword "text"`, as a `"""` block when the text has several lines or was written as one.
    private func textField(_ keyword: String, _ literal: StringLiteral, indent: Int) -> Item {
        let anchor = keywordStart(before: literal.range.start)
        let value = literal.value
        if !value.isEmpty, literal.isMultiline || value.contains("\n") {
            let body = Formatter.multilineBody(value, indent: (indent + 1) * LayoutPrinter.unit)
            return Item(anchor: anchor, lines: [LayoutLine(indent: indent, text: keyword + " \"\"\"", continuation: body,
                                                           anchor: anchor)])
        }
        return field(keyword + " " + Formatter.quoted(value), at: anchor, indent: indent)
    }

    // MARK: - Declarations

    private func lines(for declaration: Declaration) -> [LayoutLine] {
        switch declaration {
        case .map(let d): return map(d)
        case .law(let d):
            let header = "law \(d.alias.name) \(string(d.sfs)) \(string(d.title))"
            let items = d.url.map { [field("url " + Formatter.quoted($0.value), at: keywordStart(before: $0.range.start), indent: 1)] } ?? []
            return block(header, anchor: d.range.start, indent: 0, items: items, range: d.range, empty: .omit, inlineSingle: true)
        case .lane(let d):
            return colored("lane", d.id, d.title, d.color, d.range)
        case .phase(let d):
            return colored("phase", d.id, d.title, d.color, d.range)
        case .step(let d): return step(d)
        case .flow(let d): return flow(d)
        case .rule(let d): return rule(d)
        case .view(let d): return view(d)
        case .include(let d):
            return [LayoutLine(indent: 0, text: "include " + Formatter.quoted(d.path.value), anchor: d.range.start)]
        }
    }

    private func colored(_ keyword: String, _ id: Identifier, _ title: StringLiteral?, _ color: StringLiteral?,
                         _ range: SourceRange) -> [LayoutLine] {
        let items = color.map { [field("color " + Formatter.quoted($0.value), at: keywordStart(before: $0.range.start), indent: 1)] } ?? []
        return block("\(keyword) \(id.name) \(string(title))", anchor: range.start, indent: 0, items: items,
                     range: range, empty: .omit, inlineSingle: true)
    }

    private func map(_ d: MapDeclaration) -> [LayoutLine] {
        var items: [Item] = []
        if let v = d.version { items.append(field("version " + Formatter.quoted(v.value), at: keywordStart(before: v.range.start), indent: 1)) }
        if let v = d.owner { items.append(field("owner " + Formatter.quoted(v.value), at: keywordStart(before: v.range.start), indent: 1)) }
        if let v = d.summary { items.append(textField("summary", v, indent: 1)) }
        if let v = d.language { items.append(field("language " + Formatter.quoted(v.value), at: keywordStart(before: v.range.start), indent: 1)) }
        if !d.checks.isEmpty, let keyword = firstToken(.keyword(.checks), in: d.range.start, d.range.end) {
            let names = d.checks.map(\.name)
            let close = firstToken(.rightBrace, in: keyword.range.end, d.range.end)
            let end = close?.range.end ?? d.checks.last!.range.end
            if hasCommentInBraces(closingAt: close?.range.start, after: keyword.range.start) {
                var lines = [LayoutLine(indent: 1, text: "checks {", anchor: keyword.range.start, opensBlock: true)]
                for check in d.checks {
                    lines.append(LayoutLine(indent: 2, text: check.name, anchor: check.range.start))
                }
                lines.append(LayoutLine(indent: 1, text: "}", anchor: close?.range.start ?? end, isClose: true))
                items.append(Item(anchor: keyword.range.start, lines: lines))
            } else {
                items.append(field("checks { " + names.joined(separator: ", ") + " }", at: keyword.range.start, indent: 1))
            }
        }
        return block("map " + string(d.title), anchor: d.range.start, indent: 0, items: items, range: d.range,
                     empty: .omit, inlineSingle: false)
    }

    private func lawCitation(_ c: LawCitationSyntax) -> String {
        var text = "law " + c.alias.name
        if let citation = c.citation { text += " " + Formatter.quoted(citation.value) }
        return text
    }

    private func step(_ d: StepDeclaration) -> [LayoutLine] {
        var header = "\(d.kind.rawValue) \(d.id.name) \(string(d.title))"
        if let lane = d.lane {
            header += " in " + lane.name
            if !d.participants.isEmpty { header += " with " + d.participants.map(\.name).joined(separator: ", ") }
        }
        var items: [Item] = []
        if let n = d.number { items.append(field("number \(n.value)", at: keywordStart(before: n.range.start), indent: 1)) }
        if let m = d.start { items.append(field("start", at: m.range.start, indent: 1)) }
        if let m = d.end { items.append(field("end", at: m.range.start, indent: 1)) }
        if let a = d.actualise {
            var text = "actualise"
            if let note = a.note { text += " " + Formatter.quoted(note.value) }
            if !a.by.isEmpty { text += " by " + a.by.map(\.name).joined(separator: ", ") }
            items.append(field(text, at: a.range.start, indent: 1))
        }
        if let w = d.within { items.append(field("within \(w.value)", at: keywordStart(before: w.range.start), indent: 1)) }
        if let first = d.tags.first {
            items.append(field("tags " + d.tags.map(\.name).joined(separator: ", "), at: keywordStart(before: first.range.start), indent: 1))
        }
        if let p = d.phase { items.append(field("phase " + p.name, at: keywordStart(before: p.range.start), indent: 1)) }
        for law in d.laws { items.append(field(lawCitation(law), at: law.range.start, indent: 1)) }
        for link in d.links {
            items.append(field("link \(Formatter.quoted(link.title.value)) \(Formatter.quoted(link.url.value))",
                               at: link.range.start, indent: 1))
        }
        if let info = d.info { items.append(textField("info", info, indent: 1)) }
        let labelWidth = d.branches.map { Formatter.quoted($0.label.value).count }.max() ?? 0
        for branch in d.branches {
            let label = Formatter.quoted(branch.label.value)
            let head = label + String(repeating: " ", count: labelWidth - label.count) + " -> " + branch.target.name
            items.append(Item(anchor: branch.range.start,
                              lines: attributes(head, branch.attributes, anchor: branch.range.start, range: branch.range, indent: 1)))
        }
        return block(header, anchor: d.range.start, indent: 0, items: items, range: d.range, empty: .omit, inlineSingle: false)
    }

    /// A flow or branch with its `{ loop exception consent law … }` block.
    private func attributes(_ head: String, _ a: FlowAttributes, anchor: Int, range: SourceRange, indent: Int) -> [LayoutLine] {
        var items: [Item] = []
        if let m = a.loop { items.append(field("loop", at: m.range.start, indent: indent + 1)) }
        if let m = a.exception { items.append(field("exception", at: m.range.start, indent: indent + 1)) }
        if let m = a.consent { items.append(field("consent", at: m.range.start, indent: indent + 1)) }
        for law in a.laws { items.append(field(lawCitation(law), at: law.range.start, indent: indent + 1)) }
        return block(head, anchor: anchor, indent: indent, items: items, range: range, empty: .omit, inlineSingle: true)
    }

    private func flow(_ d: FlowDeclaration) -> [LayoutLine] {
        var head = d.chain.map { group in
            group.count == 1 ? group[0].name : "[" + group.map(\.name).joined(separator: ", ") + "]"
        }.joined(separator: " -> ")
        if let label = d.label { head += " : " + Formatter.quoted(label.value) }
        return attributes(head, d.attributes, anchor: d.range.start, range: d.range, indent: 0)
    }

    private func clause(_ c: RuleClauseSyntax) -> String {
        switch c {
        case .before(let first, let second, let writtenAsAfter, _):
            return writtenAsAfter ? "\(second.name) after \(first.name)" : "\(first.name) before \(second.name)"
        case .parallel(let a, let b, _):
            return "\(a.name) parallel \(b.name)"
        case .within(let target, let limit, let origin, _):
            return "\(target.name) within \(limit.value) after \(origin.name)"
        }
    }

    private func rule(_ d: RuleDeclaration) -> [LayoutLine] {
        if d.title == nil, d.clauses.count == 1, !hasCommentInBraces(closingAt: closingBrace(endingAt: d.range.end), after: d.range.start) {
            return [LayoutLine(indent: 0, text: "rule " + clause(d.clauses[0]), anchor: d.range.start)]
        }
        let header = d.title.map { "rule " + Formatter.quoted($0.value) } ?? "rule"
        let items = d.clauses.map { field(clause($0), at: $0.range.start, indent: 1) }
        return block(header, anchor: d.range.start, indent: 0, items: items, range: d.range, empty: .braces, inlineSingle: false)
    }

    private func view(_ d: ViewDeclaration) -> [LayoutLine] {
        let items = d.items.map { item in
            field("\(item.include ? "include" : "exclude") \(item.selector.rawValue) " + item.names.map(\.name).joined(separator: ", "),
                  at: item.range.start, indent: 1)
        }
        return block("view \(d.id.name) \(string(d.title))", anchor: d.range.start, indent: 0, items: items,
                     range: d.range, empty: .braces, inlineSingle: false)
    }

    // MARK: - Printing

    package mutating func print(_ syntax: SourceFileSyntax) -> String {
        var lines: [LayoutLine] = []
        for declaration in syntax.declarations { lines += self.lines(for: declaration) }
        let endComments = placeComments(&lines)
        return render(lines, endComments: endComments)
    }

    /// The line that shows the token starting at `offset`: the last line whose anchor is not after it.
    private func owner(of offset: Int, _ order: [(anchor: Int, line: Int)]) -> Int? {
        var lo = 0, hi = order.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if order[mid].anchor <= offset { lo = mid + 1 } else { hi = mid }
        }
        return lo == 0 ? nil : order[lo - 1].line
    }

    /// Attaches each comment to a line; returns the comments after the last line.
    private func placeComments(_ lines: inout [LayoutLine]) -> [Int] {
        let order = lines.enumerated().map { (anchor: $0.element.anchor, line: $0.offset) }
            .sorted { ($0.anchor, $0.line) < ($1.anchor, $1.line) }
        var endComments: [Int] = []
        var t = 0 // tokens before the current comment
        for (c, comment) in comments.enumerated() {
            while t < tokens.count, tokens[t].range.end <= comment.start { t += 1 }
            let previous = t > 0 ? tokens[t - 1] : nil
            let next = t < tokens.count ? tokens[t] : nil
            let previousLine = previous.flatMap { owner(of: $0.range.start, order) }
            let nextLine = next.flatMap { owner(of: $0.range.start, order) }
            if let p = previousLine, p == nextLine {
                // Inside what is now one line: before it.
                lines[p].leading.append(c)
            } else if let previous, let p = previousLine, !containsNewline(previous.range.end, comment.start) {
                lines[p].trailing.append(c)
            } else if let n = nextLine {
                lines[n].leading.append(c)
            } else {
                endComments.append(c)
            }
        }
        return endComments
    }

    private func containsNewline(_ start: Int, _ end: Int) -> Bool {
        guard start < end else { return false }
        return file.bytes[start..<end].contains(0x0A)
    }

    private func commentText(_ c: Int) -> String {
        let r = comments[c]
        var text = String(decoding: file.bytes[r.start..<r.end], as: UTF8.self)
        while let last = text.unicodeScalars.last, last == " " || last == "\t" || last == "\r" {
            text.unicodeScalars.removeLast()
        }
        return text
    }

    /// True when `offset` starts its line (after white space) and the line before it is blank.
    private func blankLineBefore(_ offset: Int) -> Bool {
        let bytes = file.bytes
        var i = offset
        while i > 0, bytes[i - 1] == 0x20 || bytes[i - 1] == 0x09 { i -= 1 }
        guard i > 0, bytes[i - 1] == 0x0A else { return false }
        var j = i - 1 // the newline ending the line before
        while j > 0, bytes[j - 1] == 0x20 || bytes[j - 1] == 0x09 || bytes[j - 1] == 0x0D { j -= 1 }
        return j == 0 || bytes[j - 1] == 0x0A
    }

    private func render(_ lines: [LayoutLine], endComments: [Int]) -> String {
        let columns = trailingCommentColumns(lines)
        var out = ""
        var started = false
        var afterOpen = false
        func emit(_ indent: Int, _ text: String, source: Int, blankAllowed: Bool) {
            if started, blankAllowed, !afterOpen, blankLineBefore(source) { out += "\n" }
            out += text.isEmpty ? "\n" : String(repeating: " ", count: indent * LayoutPrinter.unit) + text + "\n"
            started = true
            afterOpen = false
        }
        for (i, line) in lines.enumerated() {
            for c in line.leading {
                emit(line.isClose ? line.indent + 1 : line.indent, commentText(c), source: comments[c].start, blankAllowed: true)
            }
            var text = line.text
            var continuation = line.continuation
            if !line.trailing.isEmpty {
                let comment = line.trailing.map(commentText).joined(separator: "  ")
                if continuation.isEmpty {
                    let width = line.indent * LayoutPrinter.unit + text.count
                    text += String(repeating: " ", count: max(2, columns[i] - width)) + comment
                } else {
                    continuation[continuation.count - 1] += "  " + comment
                }
            }
            emit(line.indent, text, source: line.anchor, blankAllowed: !line.isClose)
            for extra in continuation { out += extra + "\n" }
            afterOpen = line.opensBlock
        }
        for c in endComments { emit(0, commentText(c), source: comments[c].start, blankAllowed: true) }
        return out
    }

    /// Column of each line's trailing comment: consecutive one-line lines at the
    /// same indentation that all have one line up their comments.
    private func trailingCommentColumns(_ lines: [LayoutLine]) -> [Int] {
        var columns = Array(repeating: 0, count: lines.count)
        func width(_ l: LayoutLine) -> Int { l.indent * LayoutPrinter.unit + l.text.count }
        var i = 0
        while i < lines.count {
            guard !lines[i].trailing.isEmpty, lines[i].continuation.isEmpty else { i += 1; continue }
            var j = i + 1
            while j < lines.count, !lines[j].trailing.isEmpty, lines[j].continuation.isEmpty, lines[j].leading.isEmpty,
                  lines[j].indent == lines[i].indent, !blankLineBefore(lines[j].anchor) {
                j += 1
            }
            let column = lines[i..<j].map(width).max()! + 2
            for k in i..<j { columns[k] = column }
            i = j
        }
        return columns
    }
}
