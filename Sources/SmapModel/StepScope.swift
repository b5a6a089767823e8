import SmapCore
import SmapSyntax

/// What resolving a step, a rule or a flow's law citations needs from around it:
/// look-ups of the names it uses, cached citations and links, and a place
/// for problems. The step's own logic is written once, in this protocol's
/// extension, for two scopes:
///
/// - ``Resolver`` itself, which reports every problem, with suggestions;
/// - ``CleanStepScope``, which only notes that a step has a problem. Steps
///   are resolved with it on every core at once; the resolver then resolves
///   each step that had a problem again, itself, in order, so the
///   diagnostics are the same, in the same order, as one pass would give.
protocol StepScope {
    var laws: [Law] { get }
    mutating func step(_ id: Identifier) -> Int?
    mutating func lane(_ id: Identifier) -> Int?
    mutating func phase(_ id: Identifier) -> Int?
    /// The index of the law an alias names.
    mutating func law(_ alias: Identifier) -> Int?
    /// Notes where a law is cited (the first citation is kept).
    mutating func noteLawUse(_ law: Int, at range: SourceRange)
    var cache: ReferenceCache { get set }
    /// Where `needle` stands inside a text's source.
    func range(of needle: String, in literal: StringLiteral) -> SourceRange
    mutating func report(_ code: DiagnosticCode, _ arguments: [String], at range: SourceRange, fix: Text)
}

extension StepScope {
    package mutating func lawReference(_ syntax: LawCitationSyntax) -> LawReference? {
        guard let lawIndex = law(syntax.alias) else { return nil }
        noteLawUse(lawIndex, at: syntax.range)
        let law = laws[lawIndex]
        let text = syntax.citation?.value ?? ""
        var citation: Citation?
        if !text.unicodeScalars.allSatisfy(WhiteSpace.isSpace) {
            citation = cache.citation(text)
            if citation == nil {
                report(.invalidCitation, [text], at: syntax.citation!.range, fix: Text(.fixCitation))
                return nil
            }
            if let c = citation, let hasChapters = law.known?.hasChapters {
                if !hasChapters && c.chapter != nil {
                    report(.citationChapters, [law.alias, law.sfs, Text.word(.wordLawHasNoChapters)],
                           at: syntax.citation!.range, fix: Text(.fixNoChapters))
                } else if hasChapters && c.chapter == nil {
                    report(.citationChapters, [law.alias, law.sfs, Text.word(.wordLawHasChapters)],
                           at: syntax.citation!.range, fix: Text(.fixHasChapters))
                }
            }
        }
        let url = citation.map { cache.lagenNuURL($0, text: text, sfs: law.sfs) } ?? law.pageURL
        return LawReference(law: lawIndex, text: text, citation: citation, url: url, range: syntax.range)
    }

    /// `document`: the step's info text, parsed.
    mutating func resolveStep(_ declaration: Declaration, document: InfoDocument?) -> Step {
        guard case .step(let s) = declaration else { preconditionFailure("not a step") }
        var lane = -1
        if let laneName = s.lane {
            lane = self.lane(laneName) ?? -1
        } else if !s.incomplete {
            report(.stepWithoutLane, [s.id.name], at: s.id.range, fix: Text(.fixAddLane, s.id.name))
        }
        var participants: [Int] = []
        for p in s.participants {
            guard let l = self.lane(p) else { continue }
            if l == lane || participants.contains(l) {
                report(.participantIsOwnLane, [p.name, s.id.name], at: p.range, fix: Text(.fixParticipant))
                continue
            }
            participants.append(l)
        }
        if let number = s.number, number.value < 1 {
            report(.numberZero, [], at: number.range, fix: Text(.fixNumberFromOne))
        }
        var actualisation: Actualisation?
        if let a = s.actualise {
            var parties: [Int] = []
            for p in a.by {
                if let l = self.lane(p), !parties.contains(l) { parties.append(l) }
            }
            if a.by.isEmpty, lane >= 0 { parties = [lane] }
            actualisation = Actualisation(note: a.note?.value, parties: parties, range: a.range)
        }
        var tags: [String] = []
        if s.tags.count <= 8 {
            for t in s.tags where !tags.contains(t.name) { tags.append(t.name) }
        } else {
            var seen = Set<String>() // a step with thousands of tags stays linear
            for t in s.tags where seen.insert(t.name).inserted { tags.append(t.name) }
        }
        let phase = s.phase.flatMap { self.phase($0) }
        var laws: [LawReference] = []
        if !s.laws.isEmpty {
            laws.reserveCapacity(s.laws.count)
            for l in s.laws { if let reference = lawReference(l) { laws.append(reference) } }
        }
        var links: [Link] = []
        for l in s.links {
            if cache.isSafeURL(l.url.value) {
                links.append(Link(title: l.title.value, url: l.url.value, range: l.range))
            } else {
                report(.unsafeURL, [l.url.value], at: l.url.range, fix: Text(.fixURL))
            }
        }
        if let info = s.info, let document {
            for url in document.linkURLs where !SafeURL.isSafe(url) {
                report(.unsafeURL, [url], at: range(of: url, in: info), fix: Text(.fixURL))
            }
        }
        return Step(
            id: s.id.name, kind: s.kind, title: s.title?.value ?? s.id.name, lane: lane,
            participants: participants, writtenNumber: s.number.map { $0.value },
            isStart: s.start != nil, isEnd: s.end != nil, actualisation: actualisation,
            within: s.within?.value, tags: tags, phase: phase, laws: laws, links: links,
            info: s.info?.value, infoDocument: s.info == nil ? nil : document, range: s.range, idRange: s.id.range,
            titleRange: s.title?.range)
    }
}

extension StepScope {
    /// The clauses of a rule declaration that resolve, as rules.
    mutating func resolveRule(_ r: RuleDeclaration) -> [Rule] {
        var rules: [Rule] = []
        for clause in r.clauses {
            switch clause {
            case .before(let first, let second, let asAfter, let range):
                let a = step(first), b = step(second)
                guard let a, let b else { continue }
                if a == b { report(.ruleSameStep, [first.name], at: range, fix: Text(.fixRuleSameStep)); continue }
                rules.append(Rule(title: r.title?.value, clause: .before(first: a, second: b), writtenAsAfter: asAfter, range: range))
            case .parallel(let first, let second, let range):
                let a = step(first), b = step(second)
                guard let a, let b else { continue }
                if a == b { report(.ruleSameStep, [first.name], at: range, fix: Text(.fixRuleSameStep)); continue }
                rules.append(Rule(title: r.title?.value, clause: .parallel(a, b), writtenAsAfter: false, range: range))
            case .within(let target, let limit, let origin, let range):
                let t = step(target), o = step(origin)
                guard let t, let o else { continue }
                if t == o { report(.ruleSameStep, [target.name], at: range, fix: Text(.fixRuleSameStep)); continue }
                rules.append(Rule(title: r.title?.value, clause: .within(target: t, limit: limit.value, origin: o),
                                  writtenAsAfter: false, range: range))
            }
        }
        return rules
    }
}

/// Resolves steps without reporting: a look-up that fails, or any problem,
/// marks the step for the resolver to resolve again with full reports. Has
/// its own caches, so each core has one.
struct CleanStepScope: StepScope, Sendable {
    package let laws: [Law]
    package let stepIndex: [String: Int]
    package let laneIndex: [String: Int]
    let phaseIndex: [String: Int]
    let lawIndex: [String: Int]
    /// The steps (by index) this scope found a problem in, in order.
    var stepsWithProblems: [Int] = []
    /// True once the step being resolved has a problem.
    var hasProblem = false
    package var cache = ReferenceCache()

    package init(model: Model) {
        laws = model.laws
        stepIndex = model.stepIndex
        laneIndex = model.laneIndex
        phaseIndex = model.phaseIndex
        lawIndex = model.lawIndex
    }

    package mutating func found(_ index: Int?) -> Int? {
        if index == nil { hasProblem = true }
        return index
    }

    package mutating func step(_ id: Identifier) -> Int? { found(stepIndex[id.name]) }
    package mutating func lane(_ id: Identifier) -> Int? { found(laneIndex[id.name]) }
    package mutating func phase(_ id: Identifier) -> Int? { found(phaseIndex[id.name]) }
    package mutating func law(_ alias: Identifier) -> Int? { found(lawIndex[alias.name]) }
    mutating func noteLawUse(_ law: Int, at range: SourceRange) {}

    package func range(of needle: String, in literal: StringLiteral) -> SourceRange { literal.range }

    package mutating func report(_ code: DiagnosticCode, _ arguments: [String], at range: SourceRange, fix: Text) {
        hasProblem = true
    }
}

/// A map cites the same provisions and links again and again: each distinct
/// text is parsed or checked once. Texts are told apart by their UTF-8
/// bytes, not as Swift strings (whose hashing first normalises any non-ASCII
/// text, and every citation has a `§`): two spellings of one text only cost
/// one more parse.
struct ReferenceCache: Sendable {
    private var citations: [BytesKey: Citation?] = [:]
    private var urls: [String: [BytesKey: String]] = [:] // SFS number → citation → URL
    private var safeURLs: [BytesKey: Bool] = [:]

    package mutating func citation(_ text: String) -> Citation? {
        let key = BytesKey(text)
        if let cached = citations[key] { return cached }
        let citation = Citation.parse(text)
        citations[key] = citation
        return citation
    }

    mutating func lagenNuURL(_ citation: Citation, text: String, sfs: String) -> String {
        let key = BytesKey(text)
        if let cached = urls[sfs]?[key] { return cached }
        let url = citation.lagenNuURL(sfs: sfs)
        urls[sfs, default: [:]][key] = url
        return url
    }

    mutating func isSafeURL(_ url: String) -> Bool {
        let key = BytesKey(url)
        if let cached = safeURLs[key] { return cached }
        let safe = SafeURL.isSafe(url)
        safeURLs[key] = safe
        return safe
    }
}

/// A string compared and hashed by its UTF-8 bytes.
struct BytesKey: Hashable, Sendable {
    package let string: String

    package init(_ string: String) {
        var native = string
        native.makeContiguousUTF8() // what the lexer makes already is; then this does nothing
        self.string = native
    }

    package static func == (a: BytesKey, b: BytesKey) -> Bool { a.string.utf8.elementsEqual(b.string.utf8) }

    package func hash(into hasher: inout Hasher) {
        var native = string
        native.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}
