import SmapCore

/// Builds a ``SourceFileSyntax`` from tokens. Error-tolerant: it reports every
/// problem it finds, skips to the next declaration (or the next field inside a
/// block) and always returns a tree. Its recursion depth is fixed by the
/// grammar, never by the input.
public struct Parser {
    private let file: SourceFile
    private let tokens: [Token]
    private var index = 0
    private var diagnostics = DiagnosticBag()

    /// Thrown after a diagnostic has been recorded; the caller recovers.
    private struct Recover: Error {}

    public struct Result: Sendable {
        public var syntax: SourceFileSyntax
        public var diagnostics: [Diagnostic]
    }

    public static func parse(_ file: SourceFile) -> Result {
        // A large file is read in parts at once when that gives the same result.
        if let result = ParallelFrontEnd.parse(file) { return result }
        return parseWhole(file)
    }

    /// The whole file in one pass.
    static func parseWhole(_ file: SourceFile) -> Result {
        let lexed = Lexer.lex(file)
        var parser = Parser(file: file, tokens: lexed.tokens)
        let declarations = parser.parseDeclarations()
        return Result(
            syntax: SourceFileSyntax(file: file.id, declarations: declarations, comments: lexed.comments),
            diagnostics: withoutEchoes(lexer: lexed.diagnostics, parser: parser.diagnostics.items, file: file))
    }

    /// A broken text confuses what follows it: a "…" text with no closing
    /// quote makes the rest of its line look like stray names and characters,
    /// and a """ text that is never closed swallows the rest of the file.
    /// The break itself is reported; diagnostics that only echo it are not.
    static func withoutEchoes(lexer: [Diagnostic], parser: [Diagnostic], file: SourceFile) -> [Diagnostic] {
        var brokenLines = Set<Int>()
        var swallowedFrom = Int.max
        for d in lexer {
            guard let r = d.range else { continue }
            if d.code == .unterminatedString { brokenLines.insert(file.lineIndex(of: r.start)) }
            if d.code == .unterminatedMultilineString { swallowedFrom = min(swallowedFrom, r.start) }
        }
        if brokenLines.isEmpty && swallowedFrom == .max { return lexer + parser }
        func echoes(_ d: Diagnostic) -> Bool {
            guard let r = d.range else { return false }
            return r.start >= swallowedFrom || brokenLines.contains(file.lineIndex(of: r.start))
        }
        return lexer.filter { $0.code != .unexpectedCharacter || !echoes($0) } + parser.filter { !echoes($0) }
    }

    private init(file: SourceFile, tokens: [Token]) {
        self.file = file
        self.tokens = tokens
    }

    /// Declarations from token `start` on until the parser reaches `limit`
    /// (``ParallelFrontEnd`` parses a large file in parts at once); `end` is
    /// where it stopped: past `limit` when a declaration ran across it.
    static func parsePart(_ file: SourceFile, tokens: [Token], from start: Int, until limit: Int)
        -> (declarations: [Declaration], diagnostics: [Diagnostic], end: Int) {
        var parser = Parser(file: file, tokens: tokens)
        parser.index = start
        let declarations = parser.parseDeclarations(until: limit)
        return (declarations, parser.diagnostics.items, parser.index)
    }

    // MARK: - Token access

    private var current: Token { tokens[index] }
    private var atEnd: Bool { current.kind == .endOfFile }
    private func peek(_ offset: Int = 1) -> Token { tokens[min(index + offset, tokens.count - 1)] }

    @discardableResult
    private mutating func advance() -> Token {
        let t = tokens[index]
        if index < tokens.count - 1 { index += 1 }
        return t
    }

    private func isKeyword(_ k: Keyword) -> Bool { current.kind == .keyword(k) }

    private mutating func take(_ k: Keyword) -> Token? {
        if isKeyword(k) { return advance() }
        return nil
    }

    private mutating func take(_ kind: TokenKind) -> Token? {
        if current.kind == kind { return advance() }
        return nil
    }

    /// A description of the current token for "expected …, found …".
    private func describeCurrent() -> String {
        let t = current
        switch t.kind {
        case .endOfFile: return Text.word(.wordEndOfFile)
        case .identifier, .keyword: return "'\(t.text)'"
        case .string, .multilineString: return "\"\(t.text.prefix(30))\(t.text.count > 30 ? "…" : "")\""
        case .integer: return "\(t.integer)"
        case .duration: return t.duration.map { "'\($0)'" } ?? "?"
        case .leftBrace: return "'{'"
        case .rightBrace: return "'}'"
        case .leftBracket: return "'['"
        case .rightBracket: return "']'"
        case .comma: return "','"
        case .colon: return "':'"
        case .arrow: return "'->'"
        }
    }

    private mutating func fail(expected: String, fix: Text? = nil) -> Recover {
        diagnostics.add(.expected, [expected, describeFound()], at: foundRange(),
                        fix: fix ?? Text(.fixWriteExpected, expected))
        return Recover()
    }

    /// True when the current token begins the next line's declaration or
    /// flow (or the file ends): then what is missing belongs at the end of
    /// the line before, and the next line is fine.
    private var missingAtEndOfLine: Bool {
        guard current.startsLine, index > 0 else { return false }
        return atEnd || startsDeclarationLine || current.kind == .identifier || current.kind == .leftBracket
    }

    /// Where something expected is missing: at the current token, or just
    /// after the previous one when the current token starts the next line.
    private func foundRange() -> SourceRange {
        guard missingAtEndOfLine else { return current.range }
        let previous = tokens[index - 1].range
        return SourceRange(file: file.id, start: previous.end, end: previous.end)
    }

    /// What was found instead: the current token, or the end of the line.
    private func describeFound() -> String {
        if missingAtEndOfLine, !atEnd { return Text.word(.wordEndOfLine) }
        return describeCurrent()
    }

    private mutating func expect(_ kind: TokenKind, _ description: String) throws -> Token {
        if let t = take(kind) { return t }
        throw fail(expected: description)
    }

    /// A name. A reserved word is reported but accepted, so one mistake does not cascade.
    private mutating func identifier() throws -> Identifier {
        let t = current
        switch t.kind {
        case .identifier:
            advance()
            return Identifier(name: t.text, range: t.range)
        case .keyword:
            diagnostics.add(.reservedWord, [t.text], at: t.range, fix: Text(.fixRenameReserved, t.text))
            advance()
            return Identifier(name: t.text, range: t.range)
        default:
            throw fail(expected: Text.word(.wordName))
        }
    }

    private mutating func string() throws -> StringLiteral {
        let t = current
        switch t.kind {
        case .string, .multilineString:
            advance()
            return StringLiteral(value: t.text, range: t.range, isMultiline: t.kind == .multilineString)
        default:
            throw fail(expected: Text.word(.wordText))
        }
    }

    /// A title (or other leading text) in quotes. When it is missing, the
    /// problem is reported and reading goes on if what follows can still be
    /// read — a block, `in`, or the next line — so the declaration is kept.
    private mutating func title() throws -> StringLiteral? {
        if let s = optionalString() { return s }
        if current.kind == .identifier, !current.startsLine {
            // Words without quotes: take them as the title up to `in`, `{` or the line's end.
            let first = current
            var words: [String] = []
            var last = first
            while !current.startsLine, current.kind == .identifier
                    || (current.kind.isKeyword && !isKeyword(.in) && !isKeyword(.with)) {
                words.append(current.text)
                last = advance()
            }
            let text = words.joined(separator: " ")
            let r = SourceRange(file: file.id, start: first.range.start, end: last.range.end)
            diagnostics.add(.expected, [Text.word(.wordText), "'\(text)'"], at: r, fix: Text(.fixQuoteTitle, text))
            return StringLiteral(value: text, range: r, isMultiline: false)
        }
        let error = fail(expected: Text.word(.wordText))
        if current.kind == .leftBrace || current.startsLine || isKeyword(.in) { return nil }
        throw error
    }

    private mutating func optionalString() -> StringLiteral? {
        let t = current
        guard t.kind == .string || t.kind == .multilineString else { return nil }
        advance()
        return StringLiteral(value: t.text, range: t.range, isMultiline: t.kind == .multilineString)
    }

    /// `a, b, c`
    private mutating func identifierList() throws -> [Identifier] {
        var list = [try identifier()]
        while take(.comma) != nil { list.append(try identifier()) }
        return list
    }

    private func range(from start: SourceRange) -> SourceRange {
        let previous = tokens[max(0, index - 1)]
        return SourceRange(file: file.id, start: start.start, end: max(start.end, previous.range.end))
    }

    // MARK: - Recovery

    /// Skips to the next token that can start a declaration at the top level.
    private mutating func synchronizeToDeclaration() {
        var depth = 0
        // The token that failed may itself start the next declaration (the
        // line before it was cut short): then it is not skipped.
        if !atEnd && !startsDeclarationLine { advance() }
        while !atEnd {
            let t = current
            switch t.kind {
            case .leftBrace: depth += 1
            case .rightBrace: depth = max(0, depth - 1)
            case .keyword(let k) where k.startsDeclaration && t.startsLine:
                return
            case .identifier, .leftBracket:
                if depth == 0 && t.startsLine { return }
            default: break
            }
            advance()
        }
    }

    /// True at a declaration keyword that begins a line.
    private var startsDeclarationLine: Bool {
        if case .keyword(let k) = current.kind, k.startsDeclaration, current.startsLine { return true }
        return false
    }

    /// Inside a `{ … }` block: skips to the next line's first token, a `}` or a declaration.
    private mutating func synchronizeInBlock() {
        var depth = 0
        if !atEnd && current.kind != .rightBrace { advance() }
        while !atEnd {
            let t = current
            if t.kind == .leftBrace { depth += 1 }
            if t.kind == .rightBrace {
                if depth == 0 { return }
                depth -= 1
            }
            if depth == 0 && t.startsLine { return }
            advance()
        }
    }

    /// True when the block cannot go on: a declaration starts on a new line
    /// (its `}` was forgotten) or the file ends.
    private func blockInterrupted(allowing fieldKeywords: KeywordSet, onlyKeywordFields: Bool = false) -> Bool {
        if atEnd { return true }
        // A block whose fields are all keywords (a flow's) ends where a line
        // starts with what begins a branch or a flow: its `}` was forgotten.
        if onlyKeywordFields, current.startsLine {
            switch current.kind {
            case .string, .multilineString, .leftBracket: return true
            case .identifier: return peek().kind == .arrow || peek().kind == .comma
            default: break
            }
        }
        if case .keyword(let k) = current.kind, k.startsDeclaration, current.startsLine, !fieldKeywords.contains(k) {
            return true
        }
        return false
    }

    /// Parses `{ … }` calling `field` for each entry until `}`.
    private mutating func block(fieldKeywords: KeywordSet = [], onlyKeywordFields: Bool = false,
                                _ field: (inout Parser) throws -> Void) throws {
        let open = try expect(.leftBrace, "'{'")
        while true {
            if take(.rightBrace) != nil { return }
            if blockInterrupted(allowing: fieldKeywords, onlyKeywordFields: onlyKeywordFields) {
                diagnostics.add(.expected, [Text.word(.wordClosingBrace), describeCurrent()], at: current.range,
                                notes: [Note(Text(.noteBlockOpened), at: open.range)], fix: Text(.fixCloseBlock))
                return
            }
            let before = index
            do {
                try field(&self)
            } catch {
                synchronizeInBlock()
            }
            if index == before { advance() }
        }
    }

    // MARK: - Declarations

    /// After this many syntax errors in a file the parser stops (E029): a
    /// file that is not a map at all (a megabyte of `a` on each line gave an
    /// error every two lines) must not cost minutes and gigabytes for errors
    /// nobody reads; the first ones say what is wrong.
    static let errorLimit = 1_000

    private mutating func parseDeclarations(until limit: Int = .max) -> [Declaration] {
        var declarations: [Declaration] = []
        while !atEnd && index < limit {
            if diagnostics.items.count >= Parser.errorLimit {
                diagnostics.add(.tooManyErrors, ["\(Parser.errorLimit)"], at: current.range, fix: Text(.fixFirstErrors))
                break
            }
            let before = index
            do {
                if let d = try declaration() { declarations.append(d) }
            } catch {
                synchronizeToDeclaration()
            }
            if index == before { advance() }
        }
        return declarations
    }

    private mutating func declaration() throws -> Declaration? {
        switch current.kind {
        case .keyword(.map): return .map(try mapDeclaration())
        case .keyword(.law): return .law(try lawDeclaration())
        case .keyword(.lane): return .lane(try laneDeclaration())
        case .keyword(.phase): return .phase(try phaseDeclaration())
        case .keyword(.step): return .step(try stepDeclaration(kind: .step))
        case .keyword(.decision): return .step(try stepDeclaration(kind: .decision))
        case .keyword(.rule): return .rule(try ruleDeclaration())
        case .keyword(.view): return .view(try viewDeclaration())
        case .keyword(.include): return .include(try includeDeclaration())
        case .identifier, .leftBracket:
            return .flow(try flowDeclaration())
        case .keyword where peek().kind == .arrow:
            return .flow(try flowDeclaration())
        case .rightBrace:
            throw fail(expected: Text.word(.wordDeclaration), fix: Text(.fixExtraBrace))
        default:
            throw fail(expected: Text.word(.wordDeclaration))
        }
    }

    private mutating func mapDeclaration() throws -> MapDeclaration {
        let start = advance().range
        var decl = MapDeclaration(title: nil, range: start)
        do {
            decl.title = try title()
        } catch {
            synchronizeToDeclaration() // the map block is still there: no "no map block" error follows
            decl.range = range(from: start)
            return decl
        }
        var seen = SeenFields()
        if current.kind == .leftBrace {
            try block { p in
                let t = p.current
                guard case .keyword(let k) = t.kind,
                      [.version, .owner, .summary, .language, .checks].contains(k) else {
                    p.diagnostics.add(.unknownField, [t.text.isEmpty ? p.describeCurrent() : t.text, Text.word(.wordMap)],
                                      at: t.range, fix: Text(.fixMapFields))
                    throw Recover()
                }
                p.advance()
                if let first = seen[k] {
                    p.diagnostics.add(.duplicateField, [k.rawValue], at: t.range,
                                      notes: [Note(Text(.noteFirstGiven), at: first)], fix: Text(.fixRemoveDuplicateField))
                }
                seen[k] = t.range
                switch k {
                case .version: decl.version = try p.string()
                case .owner: decl.owner = try p.string()
                case .summary: decl.summary = try p.string()
                case .language: decl.language = try p.string()
                case .checks:
                    var checks: [Identifier] = []
                    try p.block { q in
                        checks.append(try q.identifier())
                        _ = q.take(.comma)
                    }
                    decl.checks += checks
                default: break
                }
            }
        }
        decl.range = range(from: start)
        return decl
    }

    private mutating func lawDeclaration() throws -> LawDeclaration {
        let start = advance().range
        var decl = LawDeclaration(alias: try identifier(), range: start)
        do {
            decl.sfs = try title()
            if decl.sfs != nil { decl.title = try title() }
            if current.kind == .leftBrace {
                try block { p in
                    guard let t = p.take(.url) else {
                        p.diagnostics.add(.unknownField, [p.current.text.isEmpty ? p.describeCurrent() : p.current.text,
                                                          Text.word(.wordLaw)], at: p.current.range, fix: Text(.fixLawFields))
                        throw Recover()
                    }
                    if decl.url != nil {
                        p.diagnostics.add(.duplicateField, ["url"], at: t.range, fix: Text(.fixRemoveDuplicateField))
                    }
                    decl.url = try p.string()
                }
            }
        } catch {
            synchronizeToDeclaration() // the alias stays declared, so its citations resolve
        }
        decl.range = range(from: start)
        return decl
    }

    private mutating func colorBlock(_ what: TextKey) throws -> StringLiteral? {
        var color: StringLiteral?
        if current.kind == .leftBrace {
            try block { p in
                guard let t = p.take(.color) else {
                    p.diagnostics.add(.unknownField, [p.current.text.isEmpty ? p.describeCurrent() : p.current.text,
                                                      Text.word(what)], at: p.current.range, fix: Text(.fixLaneFields))
                    throw Recover()
                }
                if color != nil {
                    p.diagnostics.add(.duplicateField, ["color"], at: t.range, fix: Text(.fixRemoveDuplicateField))
                }
                color = try p.string()
            }
        }
        return color
    }

    private mutating func laneDeclaration() throws -> LaneDeclaration {
        let start = advance().range
        var decl = LaneDeclaration(id: try identifier(), range: start)
        do {
            decl.title = try title()
            decl.color = try colorBlock(.wordLane)
        } catch {
            synchronizeToDeclaration() // the lane keeps its name (see stepDeclaration)
        }
        decl.range = range(from: start)
        return decl
    }

    private mutating func phaseDeclaration() throws -> PhaseDeclaration {
        let start = advance().range
        var decl = PhaseDeclaration(id: try identifier(), range: start)
        do {
            decl.title = try title()
            decl.color = try colorBlock(.wordPhase)
        } catch {
            synchronizeToDeclaration()
        }
        decl.range = range(from: start)
        return decl
    }

    // MARK: Steps

    /// Declaration words that are also step fields: a block is not cut short at them.
    private static let stepBlockStarters: KeywordSet = [.law, .phase]

    private static let stepFieldKeywords: KeywordSet = [
        .number, .start, .end, .actualise, .within, .tags, .phase, .law, .link, .info,
    ]

    private mutating func stepDeclaration(kind: StepKind) throws -> StepDeclaration {
        let start = advance().range
        let errorsBefore = diagnostics.items.count
        var decl = StepDeclaration(kind: kind, id: try identifier(), range: start)
        // Once the step has a name it is declared, whatever goes wrong after:
        // flows that name it then resolve instead of repeating the mistake.
        do {
            decl.title = try title()
            if take(.in) != nil {
                do {
                    decl.lane = try identifier()
                } catch {
                    decl.incomplete = true
                    guard current.kind == .leftBrace || current.startsLine else { throw error }
                }
                if take(.with) != nil {
                    decl.participants = try identifierList()
                }
            }
            if current.kind == .leftBrace {
                var seen = SeenFields()
                try block(fieldKeywords: Parser.stepBlockStarters) { p in
                    try p.stepField(&decl, seen: &seen)
                }
            } else if decl.lane == nil, current.kind != .endOfFile, !current.startsLine {
                // Something other than `in` or `{` follows the title on the same line.
                throw fail(expected: "'in'")
            }
        } catch {
            decl.incomplete = true
            synchronizeToDeclaration()
        }
        // A syntax error anywhere in the declaration: what the checks would
        // say about the step (too few branches, a missing number) waits.
        if diagnostics.items.count > errorsBefore { decl.incomplete = true }
        decl.range = range(from: start)
        return decl
    }

    private mutating func stepField(_ decl: inout StepDeclaration, seen: inout SeenFields) throws {
        let t = current
        if t.kind == .string || t.kind == .multilineString {
            if t.startsLine, peek().kind != .arrow, let keyword = optionalTextKeywordBefore() {
                // `law FL` and its citation on the next line (or `actualise`
                // and its note): the text is no branch, and it is not the
                // keyword's either. Say which line it belongs on.
                advance()
                let found = current.startsLine || atEnd ? Text.word(.wordEndOfLine) : describeCurrent()
                diagnostics.add(.expected, ["'->'", found], at: SourceRange(file: file.id, start: t.range.end, end: t.range.end),
                                fix: Text(.fixTextSameLine, keyword))
                return
            }
            let branch = try branchSyntax()
            if decl.kind != .decision {
                diagnostics.add(.branchOutsideDecision, at: branch.range, fix: Text(.fixUseDecision, decl.id.name))
            }
            decl.branches.append(branch)
            return
        }
        guard case .keyword(let k) = t.kind, Parser.stepFieldKeywords.contains(k) else {
            let shown = t.kind == .identifier || t.kind.isKeyword ? t.text : describeCurrent()
            diagnostics.add(.unknownField, [shown, Text.word(decl.kind == .decision ? .wordDecision : .wordStep)],
                            at: t.range, fix: Text(.fixStepFields))
            throw Recover()
        }
        advance()
        if k != .law && k != .link && k != .tags {
            if let first = seen[k] {
                diagnostics.add(.duplicateField, [k.rawValue], at: t.range,
                                notes: [Note(Text(.noteFirstGiven), at: first)], fix: Text(.fixRemoveDuplicateField))
            } else {
                seen[k] = t.range
            }
        }
        switch k {
        case .number:
            guard current.kind == .integer else { throw fail(expected: Text.word(.wordNumber)) }
            let n = advance()
            decl.number = IntegerLiteral(value: n.integer, range: n.range)
        case .start:
            decl.start = Marker(range: t.range)
        case .end:
            decl.end = Marker(range: t.range)
        case .actualise:
            // An optional text belongs to its keyword only on the same line:
            // a text on the next line is the block's next entry (a branch).
            var syntax = ActualiseSyntax(note: current.startsLine ? nil : optionalString(), by: [], range: t.range)
            if take(.by) != nil { syntax.by = try identifierList() }
            syntax.range = range(from: t.range)
            decl.actualise = syntax
        case .within:
            guard current.kind == .duration, let d = current.duration else {
                throw fail(expected: Text.word(.wordDuration))
            }
            let dt = advance()
            decl.within = DurationLiteral(value: d, range: dt.range)
        case .tags:
            decl.tags += try identifierList()
        case .phase:
            decl.phase = try identifier()
        case .law:
            decl.laws.append(try lawCitation(start: t.range))
        case .link:
            let title = try string()
            let url = try string()
            decl.links.append(LinkSyntax(title: title, url: url, range: range(from: t.range)))
        case .info:
            decl.info = try string()
        default:
            break
        }
    }

    /// `actualise` or `law` when the token before the current one ends such
    /// a field, which could have taken a text (`law ALIAS`, `actualise`).
    private func optionalTextKeywordBefore() -> String? {
        guard index >= 1 else { return nil }
        let previous = tokens[index - 1]
        if previous.kind == .keyword(.actualise) { return "actualise" }
        if previous.kind == .identifier, index >= 2, tokens[index - 2].kind == .keyword(.law) { return "law" }
        return nil
    }

    private mutating func lawCitation(start: SourceRange) throws -> LawCitationSyntax {
        let alias = try identifier()
        let citation = current.startsLine ? nil : optionalString()
        return LawCitationSyntax(alias: alias, citation: citation, range: range(from: start))
    }

    private mutating func branchSyntax() throws -> BranchSyntax {
        let label = try string()
        _ = try expect(.arrow, "'->'")
        let target = try identifier()
        var attributes = FlowAttributes()
        if current.kind == .leftBrace { attributes = try flowAttributes() }
        return BranchSyntax(label: label, target: target, attributes: attributes, range: range(from: label.range))
    }

    private mutating func flowAttributes() throws -> FlowAttributes {
        var attributes = FlowAttributes()
        try block(fieldKeywords: [.law], onlyKeywordFields: true) { p in
            let t = p.current
            switch t.kind {
            case .keyword(.loop):
                p.advance()
                attributes.loop = Marker(range: t.range)
            case .keyword(.exception):
                p.advance()
                attributes.exception = Marker(range: t.range)
            case .keyword(.consent):
                p.advance()
                attributes.consent = Marker(range: t.range)
            case .keyword(.law):
                p.advance()
                attributes.laws.append(try p.lawCitation(start: t.range))
            default:
                let shown = t.kind == .identifier || t.kind.isKeyword ? t.text : p.describeCurrent()
                p.diagnostics.add(.unknownField, [shown, Text.word(.wordFlow)], at: t.range, fix: Text(.fixFlowFields))
                throw Recover()
            }
        }
        return attributes
    }

    // MARK: Flows

    private mutating func flowGroup() throws -> [Identifier] {
        if take(.leftBracket) != nil {
            var names = [try identifier()]
            while take(.comma) != nil {
                if current.kind == .rightBracket { break } // a trailing comma is fine
                names.append(try identifier())
            }
            _ = try expect(.rightBracket, "']'")
            return names
        }
        return [try identifier()]
    }

    private mutating func flowDeclaration() throws -> FlowDeclaration {
        let start = current.range
        var chain = [try flowGroup()]
        guard current.kind == .arrow else { throw fail(expected: "'->'") }
        while take(.arrow) != nil {
            chain.append(try flowGroup())
        }
        var label: StringLiteral?
        if take(.colon) != nil { label = try string() }
        var attributes = FlowAttributes()
        if current.kind == .leftBrace { attributes = try flowAttributes() }
        return FlowDeclaration(chain: chain, label: label, attributes: attributes, range: range(from: start))
    }

    // MARK: Rules, views, includes

    private mutating func ruleDeclaration() throws -> RuleDeclaration {
        let start = advance().range
        let title = optionalString()
        var clauses: [RuleClauseSyntax] = []
        var hasBlock = false
        if current.kind == .leftBrace {
            hasBlock = true
            try block { p in clauses.append(try p.ruleClause()) }
        } else {
            clauses.append(try ruleClause())
        }
        return RuleDeclaration(title: title, clauses: clauses, hasBlock: hasBlock, range: range(from: start))
    }

    private mutating func ruleClause() throws -> RuleClauseSyntax {
        guard current.kind == .identifier || current.kind.isKeyword && peek().kind.isRuleRelation else {
            throw fail(expected: Text.word(.wordRuleClause))
        }
        let first = try identifier()
        let relation = current
        switch relation.kind {
        case .keyword(.before):
            advance()
            let second = try identifier()
            return .before(first: first, second: second, writtenAsAfter: false, range: range(from: first.range))
        case .keyword(.after):
            advance()
            let second = try identifier()
            return .before(first: second, second: first, writtenAsAfter: true, range: range(from: first.range))
        case .keyword(.parallel):
            advance()
            let second = try identifier()
            return .parallel(first, second, range: range(from: first.range))
        case .keyword(.within):
            advance()
            guard current.kind == .duration, let d = current.duration else {
                throw fail(expected: Text.word(.wordDuration))
            }
            let dt = advance()
            _ = try expectKeyword(.after)
            let origin = try identifier()
            return .within(target: first, limit: DurationLiteral(value: d, range: dt.range), origin: origin,
                           range: range(from: first.range))
        default:
            throw fail(expected: Text.word(.wordRuleRelation))
        }
    }

    private mutating func expectKeyword(_ k: Keyword) throws -> Token {
        if let t = take(k) { return t }
        throw fail(expected: "'\(k.rawValue)'")
    }

    private mutating func viewDeclaration() throws -> ViewDeclaration {
        let start = advance().range
        let id = try identifier()
        var viewTitle: StringLiteral?
        var items: [ViewItemSyntax] = []
        do {
            viewTitle = try title()
            try block(fieldKeywords: [.include]) { p in
                let t = p.current
                let include: Bool
                switch t.kind {
                case .keyword(.include): include = true
                case .keyword(.exclude): include = false
                default:
                    p.diagnostics.add(.expected, [Text.word(.wordViewItem), p.describeCurrent()], at: t.range,
                                      fix: Text(.fixViewItems))
                    throw Recover()
                }
                p.advance()
                let selector: ViewSelector
                switch p.current.kind {
                case .keyword(.tag): selector = .tag
                case .keyword(.lane): selector = .lane
                case .keyword(.step): selector = .step
                default:
                    throw p.fail(expected: Text.word(.wordSelector), fix: Text(.fixViewItems))
                }
                p.advance()
                let names = try p.identifierList()
                items.append(ViewItemSyntax(include: include, selector: selector, names: names, range: p.range(from: t.range)))
            }
        } catch {
            synchronizeToDeclaration() // the view keeps its name
        }
        return ViewDeclaration(id: id, title: viewTitle, items: items, range: range(from: start))
    }

    private mutating func includeDeclaration() throws -> IncludeDeclaration {
        let start = advance().range
        let path = try string()
        return IncludeDeclaration(path: path, range: range(from: start))
    }
}

extension TokenKind {
    var isKeyword: Bool {
        if case .keyword = self { return true }
        return false
    }
    var isRuleRelation: Bool {
        switch self {
        case .keyword(.before), .keyword(.after), .keyword(.parallel), .keyword(.within): return true
        default: return false
        }
    }
}

/// The first range of each field in one block, by keyword: an array indexed
/// by the keyword's ordinal, made when the first field is seen (a dictionary
/// per block cost a hashed seed and a hash per field, 100,000 times over).
struct SeenFields {
    /// The first eight kinds of field, each with where it was first given,
    /// are kept inline: a step's block is read for every step, and an array
    /// each time cost an allocation (a step has seven fields that may be
    /// given once, a map five). Further kinds go to `overflow`, so duplicate
    /// detection never stops, however many once-only fields a block gains.
    private var ordinals = SIMD8<UInt8>(repeating: .max)
    private var starts = SIMD8<UInt32>()
    private var ends = SIMD8<UInt32>()
    private var files = SIMD8<Int32>()
    private var count = 0
    private var overflow: [(ordinal: Int, range: SourceRange)] = []

    subscript(keyword: Keyword) -> SourceRange? {
        get {
            for i in 0..<count where ordinals[i] == UInt8(keyword.ordinal) {
                return SourceRange(file: FileID(Int(files[i])), start: Int(starts[i]), end: Int(ends[i]))
            }
            return overflow.first { $0.ordinal == keyword.ordinal }?.range
        }
        set {
            guard let range = newValue else { return }
            guard count < 8 else {
                overflow.append((keyword.ordinal, range))
                return
            }
            ordinals[count] = UInt8(keyword.ordinal)
            starts[count] = UInt32(range.start)
            ends[count] = UInt32(range.end)
            files[count] = Int32(range.file.index)
            count += 1
        }
    }
}
