import SmapCore
import SmapSyntax
import SmapModel
import SmapCheck

/// `smap diff`: what changed in meaning between two versions of a map.
///
/// Steps are matched by id; a step whose id changed is one step removed and
/// one added. Flows are matched by the ids of the steps they join (and, for
/// the rare flow written twice, by how many times). Rules are matched by
/// what they say (`a before b`; a `within` rule with another limit is another
/// rule), and their proof results are compared. Layout and comments are not
/// meaning: two versions that differ only there are equal.
public struct MapDiff: Sendable {
    public enum ItemKind: String, Sendable { case law, lane, phase, view }

    /// One change, in machine form (`kind`, `old`, `new`) and as a line people read.
    public struct Change: Sendable {
        public var kind: String
        public var old: String?
        public var new: String?
        public var message: DiffText
        /// Extra lines under the message (the words an info text gained or lost).
        public var details: [DiffText] = []
    }

    /// A law, lane, phase or view that was added, removed or changed.
    public struct Item: Sendable {
        public var kind: ItemKind
        public var id: String
        public var description: String
        public var changes: [Change] = []
    }

    public struct ItemChanges: Sendable {
        public var added: [Item] = []
        public var removed: [Item] = []
        public var changed: [Item] = []
        public var isEmpty: Bool { added.isEmpty && removed.isEmpty && changed.isEmpty }
        public var count: Int { added.count + removed.count + changed.count }
    }

    public struct StepSummary: Sendable {
        public var id: String
        public var kind: StepKind
        public var title: String
        public var lane: String
        public var laneTitle: String
        public var number: Int?
    }

    public struct StepChanges: Sendable {
        /// The step as it is in the new version.
        public var step: StepSummary
        public var changes: [Change]
    }

    public struct FlowSummary: Sendable {
        public var from: String
        public var to: String
        public var fromTitle: String
        public var toTitle: String
        public var label: String?
        public var isBranch: Bool
        public var isLoop: Bool
        public var isException: Bool
        public var consent: Bool
        public var laws: [String]
    }

    public struct FlowChanges: Sendable {
        public var flow: FlowSummary
        public var changes: [Change]
    }

    public struct RuleSummary: Sendable {
        /// What the rule says, with step ids: `bedomning before forandringsplan`.
        public var key: String
        public var title: String?
        /// What the rule says, with step titles, in the reader's language.
        public var description: DiffText
        /// `holds`, `violated`, `unprovable`, `vacuous` or `notChecked`.
        public var status: String
    }

    public struct RuleChanges: Sendable {
        public var rule: RuleSummary
        public var changes: [Change]
    }

    public var oldPath: String
    public var newPath: String
    public var oldTitle: String
    public var newTitle: String
    /// The language of the new version (the default for printing).
    public var language: Language
    /// True when the two files hold the same bytes.
    public var identicalFiles: Bool

    public var map: [Change] = []
    public var laws = ItemChanges()
    public var lanes = ItemChanges()
    public var phases = ItemChanges()
    public var views = ItemChanges()
    public var stepsAdded: [StepSummary] = []
    public var stepsRemoved: [StepSummary] = []
    public var stepsChanged: [StepChanges] = []
    public var flowsAdded: [FlowSummary] = []
    public var flowsRemoved: [FlowSummary] = []
    public var flowsChanged: [FlowChanges] = []
    public var rulesAdded: [RuleSummary] = []
    public var rulesRemoved: [RuleSummary] = []
    public var rulesChanged: [RuleChanges] = []

    /// True when the versions mean the same map.
    public var isEmpty: Bool {
        map.isEmpty && laws.isEmpty && lanes.isEmpty && phases.isEmpty && views.isEmpty
            && stepsAdded.isEmpty && stepsRemoved.isEmpty && stepsChanged.isEmpty
            && flowsAdded.isEmpty && flowsRemoved.isEmpty && flowsChanged.isEmpty
            && rulesAdded.isEmpty && rulesRemoved.isEmpty && rulesChanged.isEmpty
    }
}

/// User-facing text built from catalog templates, rendered in a language when printed.
public indirect enum DiffText: Sendable, Hashable {
    case plain(String)
    case text(TextKey, [DiffText])
    case joined([DiffText], separator: String)

    public func render(_ language: Language) -> String {
        switch self {
        case .plain(let s): return s
        case .text(let key, let arguments):
            return MessageCatalog.template(key, language).filled(with: arguments.map { $0.render(language) })
        case .joined(let parts, let separator):
            return parts.map { $0.render(language) }.joined(separator: separator)
        }
    }

    package static func key(_ key: TextKey, _ arguments: DiffText...) -> DiffText { .text(key, arguments) }

    /// `5d` as "5 dagar" / "5 days".
    package static func duration(_ d: Duration) -> DiffText {
        switch (d.unit, d.value == 1) {
        case (.hours, true): return .key(.durationHour)
        case (.hours, false): return .key(.durationHours, .plain("\(d.value)"))
        case (.days, true): return .key(.durationDay)
        case (.days, false): return .key(.durationDays, .plain("\(d.value)"))
        case (.weeks, true): return .key(.durationWeek)
        case (.weeks, false): return .key(.durationWeeks, .plain("\(d.value)"))
        }
    }
    package static func quoted(_ s: String) -> DiffText { .plain("\"" + s + "\"") }
}

public enum SemanticDiff {
    /// Compares two compiled versions of a map.
    public static func compare(_ old: Compilation, _ new: Compilation, oldPath: String, newPath: String) -> MapDiff {
        let comparer = Comparer(old: old, new: new)
        var diff = MapDiff(oldPath: oldPath, newPath: newPath, oldTitle: old.model.title, newTitle: new.model.title,
                           language: new.model.language,
                           identicalFiles: old.sources.files.map(\.bytes) == new.sources.files.map(\.bytes))
        diff.map = comparer.mapChanges()
        diff.laws = comparer.lawChanges()
        diff.lanes = comparer.laneChanges()
        diff.phases = comparer.phaseChanges()
        comparer.steps(into: &diff)
        comparer.flows(into: &diff)
        comparer.rules(into: &diff)
        diff.views = comparer.viewChanges()
        return diff
    }

    // MARK: - Words

    /// How the words of two texts differ: counts and the first run added and removed.
    struct WordChange: Equatable {
        package var added: Int
        package var removed: Int
        var firstAdded: [String]
        var firstRemoved: [String]
    }

    /// Cells of the longest-common-subsequence table beyond which words are compared as bags.
    static let wordTableLimit = 4_000_000

    package static func words(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\u{00A0}" }).map(String.init)
    }

    /// A word-level comparison (longest common subsequence; iterative).
    static func compareWords(_ a: [String], _ b: [String]) -> WordChange {
        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix, a[a.count - 1 - suffix] == b[b.count - 1 - suffix] {
            suffix += 1
        }
        let x = Array(a[prefix..<(a.count - suffix)])
        let y = Array(b[prefix..<(b.count - suffix)])
        var keptX = Array(repeating: false, count: x.count)
        var keptY = Array(repeating: false, count: y.count)
        if !x.isEmpty, !y.isEmpty {
            if x.count * y.count <= wordTableLimit {
                let width = y.count + 1
                var table = [Int32](repeating: 0, count: (x.count + 1) * width)
                for i in stride(from: x.count - 1, through: 0, by: -1) {
                    for j in stride(from: y.count - 1, through: 0, by: -1) {
                        table[i * width + j] = x[i] == y[j] ? table[(i + 1) * width + j + 1] + 1
                                                            : max(table[(i + 1) * width + j], table[i * width + j + 1])
                    }
                }
                var i = 0, j = 0
                while i < x.count, j < y.count {
                    if x[i] == y[j] {
                        keptX[i] = true
                        keptY[j] = true
                        i += 1
                        j += 1
                    } else if table[(i + 1) * width + j] >= table[i * width + j + 1] {
                        i += 1
                    } else {
                        j += 1
                    }
                }
            } else {
                var counts: [String: Int] = [:]
                for w in y { counts[w, default: 0] += 1 }
                for (i, w) in x.enumerated() where counts[w, default: 0] > 0 {
                    counts[w]! -= 1
                    keptX[i] = true
                }
                counts = [:]
                for w in x { counts[w, default: 0] += 1 }
                for (j, w) in y.enumerated() where counts[w, default: 0] > 0 {
                    counts[w]! -= 1
                    keptY[j] = true
                }
            }
        }
        func firstRun(_ words: [String], _ kept: [Bool]) -> [String] {
            guard let start = kept.firstIndex(of: false) else { return [] }
            var end = start
            while end < words.count, !kept[end] { end += 1 }
            return Array(words[start..<end])
        }
        return WordChange(added: keptY.filter { !$0 }.count, removed: keptX.filter { !$0 }.count,
                          firstAdded: firstRun(y, keptY), firstRemoved: firstRun(x, keptX))
    }

    /// At most `limit` words, with "…" when cut.
    static func excerpt(_ words: [String], limit: Int = 8) -> String {
        words.count <= limit ? words.joined(separator: " ") : words.prefix(limit).joined(separator: " ") + " …"
    }
}

/// The comparisons, section by section.
private struct Comparer {
    let old: Compilation
    let new: Compilation
    var a: Model { old.model }
    var b: Model { new.model }
    /// Each version's proof result by rule index.
    let oldStatus: [Int: RuleStatus]
    let newStatus: [Int: RuleStatus]

    init(old: Compilation, new: Compilation) {
        self.old = old
        self.new = new
        oldStatus = Dictionary(old.ruleOutcomes.map { ($0.rule, $0.status) }, uniquingKeysWith: { first, _ in first })
        newStatus = Dictionary(new.ruleOutcomes.map { ($0.rule, $0.status) }, uniquingKeysWith: { first, _ in first })
    }

    // MARK: Helpers

    private func field(_ kind: String, _ name: TextKey, _ oldValue: String?, _ newValue: String?,
                       quoted: Bool = true) -> MapDiff.Change? {
        guard oldValue != newValue else { return nil }
        func shown(_ v: String?) -> DiffText {
            guard let v else { return .key(.diffNone) }
            return quoted ? .quoted(v) : .plain(v)
        }
        return MapDiff.Change(kind: kind, old: oldValue, new: newValue,
                              message: .key(.diffFieldChange, .key(name), shown(oldValue), shown(newValue)))
    }

    /// A text compared word by word (info texts, the map's summary).
    private func textChange(_ kind: String, _ name: TextKey, _ oldText: String?, _ newText: String?,
                            oldDocument: InfoDocument? = nil, newDocument: InfoDocument? = nil) -> MapDiff.Change? {
        switch (oldText, newText) {
        case (nil, nil): return nil
        case (nil, let n?):
            return MapDiff.Change(kind: kind, old: nil, new: n, message: .key(.diffTextAdded, .key(name)))
        case (let o?, nil):
            return MapDiff.Change(kind: kind, old: o, new: nil, message: .key(.diffTextRemoved, .key(name)))
        case (let o?, let n?):
            guard o != n else { return nil }
            if let od = oldDocument, let nd = newDocument, od == nd { return nil }
            let oldWords = SemanticDiff.words(oldDocument?.plainText ?? o)
            let newWords = SemanticDiff.words(newDocument?.plainText ?? n)
            let words = SemanticDiff.compareWords(oldWords, newWords)
            if words.added == 0, words.removed == 0 {
                if oldDocument == nil || newDocument == nil, SemanticDiff.words(o) == SemanticDiff.words(n) { return nil }
                return MapDiff.Change(kind: kind, old: o, new: n, message: .key(.diffTextOnlyFormatting, .key(name)))
            }
            var change = MapDiff.Change(kind: kind, old: o, new: n,
                                        message: .key(.diffTextChanged, .key(name), .plain("\(words.added)"),
                                                      .plain("\(words.removed)")))
            if !words.firstAdded.isEmpty {
                change.details.append(.key(.diffWordsAdded, .plain(SemanticDiff.excerpt(words.firstAdded))))
            }
            if !words.firstRemoved.isEmpty {
                change.details.append(.key(.diffWordsRemoved, .plain(SemanticDiff.excerpt(words.firstRemoved))))
            }
            return change
        }
    }

    private func laneID(_ m: Model, _ i: Int) -> String { m.lanes.indices.contains(i) ? m.lanes[i].id : "?" }
    private func laneTitle(_ m: Model, _ i: Int) -> String { m.lanes.indices.contains(i) ? m.lanes[i].title : "?" }
    private func phaseTitle(_ m: Model, _ i: Int?) -> String? {
        guard let i, m.phases.indices.contains(i) else { return nil }
        return m.phases[i].title
    }
    private func stepID(_ m: Model, _ i: Int) -> String { m.steps.indices.contains(i) ? m.steps[i].id : "?" }
    private func stepTitle(_ m: Model, _ i: Int) -> String { m.steps.indices.contains(i) ? m.steps[i].title : "?" }

    private func citation(_ m: Model, _ r: LawReference) -> String {
        let alias = m.laws.indices.contains(r.law) ? m.laws[r.law].alias : "?"
        return r.text.isEmpty ? alias : alias + " " + r.text
    }

    private func summary(_ c: Compilation, _ i: Int) -> MapDiff.StepSummary {
        let m = c.model, s = m.steps[i]
        return MapDiff.StepSummary(id: s.id, kind: s.kind, title: s.title, lane: laneID(m, s.lane),
                                   laneTitle: laneTitle(m, s.lane), number: c.numbers[i])
    }

    // MARK: Map

    func mapChanges() -> [MapDiff.Change] {
        var changes: [MapDiff.Change] = []
        changes += [field("title", .diffFieldTitle, a.title, b.title)].compactMap { $0 }
        changes += [field("version", .diffFieldVersion, a.version, b.version)].compactMap { $0 }
        changes += [field("owner", .diffFieldOwner, a.owner, b.owner)].compactMap { $0 }
        changes += [textChange("summary", .diffFieldSummary, a.summary, b.summary)].compactMap { $0 }
        changes += [field("language", .diffFieldLanguage, a.language.rawValue, b.language.rawValue, quoted: false)].compactMap { $0 }
        let oldChecks = a.checks.map(\.rawValue).sorted().joined(separator: ", ")
        let newChecks = b.checks.map(\.rawValue).sorted().joined(separator: ", ")
        changes += [field("checks", .diffFieldChecks, oldChecks.isEmpty ? nil : oldChecks, newChecks.isEmpty ? nil : newChecks,
                          quoted: false)].compactMap { $0 }
        return changes
    }

    // MARK: Laws, lanes, phases, views

    private func items<T>(_ kind: MapDiff.ItemKind, _ old: [T], _ new: [T], id: (T) -> String, describe: (T) -> String,
                          compare: (T, T) -> [MapDiff.Change]) -> MapDiff.ItemChanges {
        var result = MapDiff.ItemChanges()
        var oldByID: [String: T] = [:]
        for o in old where oldByID[id(o)] == nil { oldByID[id(o)] = o }
        var newIDs = Set<String>()
        for n in new {
            let key = id(n)
            guard newIDs.insert(key).inserted else { continue }
            if let o = oldByID[key] {
                let changes = compare(o, n)
                if !changes.isEmpty { result.changed.append(MapDiff.Item(kind: kind, id: key, description: describe(n), changes: changes)) }
            } else {
                result.added.append(MapDiff.Item(kind: kind, id: key, description: describe(n)))
            }
        }
        var seen = Set<String>()
        for o in old where !newIDs.contains(id(o)) && seen.insert(id(o)).inserted {
            result.removed.append(MapDiff.Item(kind: kind, id: id(o), description: describe(o)))
        }
        return result
    }

    func lawChanges() -> MapDiff.ItemChanges {
        items(.law, a.laws, b.laws, id: \.alias, describe: { "\($0.alias) \"\($0.sfs)\" \"\($0.title)\"" }) { o, n in
            [field("sfs", .diffFieldSFS, o.sfs, n.sfs), field("title", .diffFieldTitle, o.title, n.title),
             field("url", .diffFieldURL, o.url, n.url)].compactMap { $0 }
        }
    }

    func laneChanges() -> MapDiff.ItemChanges {
        items(.lane, a.lanes, b.lanes, id: \.id, describe: { "\($0.id) \"\($0.title)\"" }) { o, n in
            [field("title", .diffFieldTitle, o.title, n.title), field("color", .diffFieldColor, o.color, n.color, quoted: false)]
                .compactMap { $0 }
        }
    }

    func phaseChanges() -> MapDiff.ItemChanges {
        items(.phase, a.phases, b.phases, id: \.id, describe: { "\($0.id) \"\($0.title)\"" }) { o, n in
            [field("title", .diffFieldTitle, o.title, n.title), field("color", .diffFieldColor, o.color, n.color, quoted: false)]
                .compactMap { $0 }
        }
    }

    func viewChanges() -> MapDiff.ItemChanges {
        func selection(_ v: View) -> String {
            v.items.map { "\($0.include ? "include" : "exclude") \($0.selector.rawValue) \($0.names.joined(separator: ", "))" }
                .joined(separator: "; ")
        }
        return items(.view, a.views, b.views, id: \.id, describe: { "\($0.id) \"\($0.title)\"" }) { o, n in
            [field("title", .diffFieldTitle, o.title, n.title),
             field("selection", .diffFieldSelection, selection(o), selection(n), quoted: false)].compactMap { $0 }
        }
    }

    // MARK: Steps

    func steps(into diff: inout MapDiff) {
        // A step declared twice (an error of its own) counts once: the declaration the map resolves to.
        for (i, s) in b.steps.enumerated() where b.stepIndex[s.id] == i {
            guard let oi = a.stepIndex[s.id] else {
                diff.stepsAdded.append(summary(new, i))
                continue
            }
            let changes = stepChanges(a.steps[oi], s, numbers: (old.numbers[oi], new.numbers[i]))
            if !changes.isEmpty { diff.stepsChanged.append(MapDiff.StepChanges(step: summary(new, i), changes: changes)) }
        }
        for (i, s) in a.steps.enumerated() where a.stepIndex[s.id] == i && b.stepIndex[s.id] == nil {
            diff.stepsRemoved.append(summary(old, i))
        }
    }

    private func stepChanges(_ o: Step, _ n: Step, numbers: (old: Int?, new: Int?)) -> [MapDiff.Change] {
        var changes: [MapDiff.Change] = []
        if let c = field("title", .diffFieldTitle, o.title, n.title) { changes.append(c) }
        if o.kind != n.kind {
            func word(_ k: StepKind) -> DiffText { .key(k == .decision ? .diffKindDecision : .diffKindStep) }
            changes.append(MapDiff.Change(kind: "kind", old: o.kind.rawValue, new: n.kind.rawValue,
                                          message: .key(.diffFieldChange, .key(.diffFieldKind), word(o.kind), word(n.kind))))
        }
        if laneID(a, o.lane) != laneID(b, n.lane) {
            changes.append(MapDiff.Change(kind: "lane", old: laneID(a, o.lane), new: laneID(b, n.lane),
                                          message: .key(.diffFieldChange, .key(.diffFieldLane),
                                                        .plain(laneTitle(a, o.lane)), .plain(laneTitle(b, n.lane)))))
        }
        let oldPhase = o.phase.flatMap { a.phases.indices.contains($0) ? a.phases[$0].id : nil }
        let newPhase = n.phase.flatMap { b.phases.indices.contains($0) ? b.phases[$0].id : nil }
        if oldPhase != newPhase {
            changes.append(MapDiff.Change(kind: "phase", old: oldPhase, new: newPhase,
                                          message: .key(.diffFieldChange, .key(.diffFieldPhase),
                                                        phaseTitle(a, o.phase).map { .plain($0) } ?? .key(.diffNone),
                                                        phaseTitle(b, n.phase).map { .plain($0) } ?? .key(.diffNone))))
        }
        if numbers.old != numbers.new, let c = field("number", .diffFieldNumber, numbers.old.map(String.init), numbers.new.map(String.init),
                                               quoted: false) {
            changes.append(c)
        }
        let oldWith = o.participants.map { laneID(a, $0) }, newWith = n.participants.map { laneID(b, $0) }
        if oldWith != newWith {
            changes.append(MapDiff.Change(kind: "with", old: oldWith.joined(separator: ", "), new: newWith.joined(separator: ", "),
                                          message: .key(.diffFieldChange, .key(.diffFieldWith),
                                                        oldWith.isEmpty ? .key(.diffNone) : .plain(o.participants.map { laneTitle(a, $0) }.joined(separator: ", ")),
                                                        newWith.isEmpty ? .key(.diffNone) : .plain(n.participants.map { laneTitle(b, $0) }.joined(separator: ", ")))))
        }
        if o.isStart != n.isStart {
            changes.append(MapDiff.Change(kind: "start", old: "\(o.isStart)", new: "\(n.isStart)",
                                          message: .key(n.isStart ? .diffNowStart : .diffNoLongerStart)))
        }
        if o.isEnd != n.isEnd {
            changes.append(MapDiff.Change(kind: "end", old: "\(o.isEnd)", new: "\(n.isEnd)",
                                          message: .key(n.isEnd ? .diffNowEnd : .diffNoLongerEnd)))
        }
        if o.within != n.within {
            changes.append(MapDiff.Change(kind: "within", old: o.within?.description, new: n.within?.description,
                                          message: .key(.diffFieldChange, .key(.diffFieldWithin),
                                                        o.within.map(DiffText.duration) ?? .key(.diffNone),
                                                        n.within.map(DiffText.duration) ?? .key(.diffNone))))
        }
        changes += actualisationChanges(o, n)
        // Tags
        let addedTags = n.tags.filter { !o.tags.contains($0) }, removedTags = o.tags.filter { !n.tags.contains($0) }
        if !addedTags.isEmpty {
            changes.append(MapDiff.Change(kind: "tagsAdded", old: nil, new: addedTags.joined(separator: ", "),
                                          message: .key(.diffTagsAdded, .plain(addedTags.joined(separator: ", ")))))
        }
        if !removedTags.isEmpty {
            changes.append(MapDiff.Change(kind: "tagsRemoved", old: removedTags.joined(separator: ", "), new: nil,
                                          message: .key(.diffTagsRemoved, .plain(removedTags.joined(separator: ", ")))))
        }
        changes += lawReferenceChanges(o.laws, n.laws)
        // Links
        let oldLinks = o.links.map { "\($0.title) <\($0.url)>" }, newLinks = n.links.map { "\($0.title) <\($0.url)>" }
        for link in newLinks where !oldLinks.contains(link) {
            changes.append(MapDiff.Change(kind: "linkAdded", old: nil, new: link, message: .key(.diffLinkAdded, .plain(link))))
        }
        for link in oldLinks where !newLinks.contains(link) {
            changes.append(MapDiff.Change(kind: "linkRemoved", old: link, new: nil, message: .key(.diffLinkRemoved, .plain(link))))
        }
        if let c = textChange("info", .diffFieldInfo, o.info, n.info, oldDocument: o.infoDocument, newDocument: n.infoDocument) {
            changes.append(c)
        }
        return changes
    }

    private func actualisationChanges(_ o: Step, _ n: Step) -> [MapDiff.Change] {
        func describe(_ m: Model, _ act: Actualisation) -> (machine: String, shown: DiffText) {
            var machine = act.parties.map { laneID(m, $0) }.joined(separator: ", ")
            var parts: [DiffText] = [.key(.diffActualiseBy, .plain(act.parties.map { laneTitle(m, $0) }.joined(separator: ", ")))]
            if let note = act.note {
                machine += ": " + note
                parts.insert(.quoted(note), at: 0)
            }
            return (machine, .joined(parts, separator: " "))
        }
        switch (o.actualisation, n.actualisation) {
        case (nil, nil): return []
        case (nil, let x?):
            let d = describe(b, x)
            // The step's own party is the default: worth saying only when the note or others are there.
            let plain = x.note == nil && x.parties == [n.lane]
            return [MapDiff.Change(kind: "actualise", old: nil, new: d.machine,
                                   message: plain ? .key(.diffActualiseAdded)
                                                  : .joined([.key(.diffActualiseAdded), d.shown], separator: ": "))]
        case (let x?, nil):
            return [MapDiff.Change(kind: "actualise", old: describe(a, x).machine, new: nil, message: .key(.diffActualiseRemoved))]
        case (let x?, let y?):
            let dx = describe(a, x), dy = describe(b, y)
            guard dx.machine != dy.machine else { return [] }
            return [MapDiff.Change(kind: "actualise", old: dx.machine, new: dy.machine,
                                   message: .key(.diffFieldChange, .key(.diffFieldActualise), dx.shown, dy.shown))]
        }
    }

    /// Citations added and removed, and citations that now point at a repealed law.
    private func lawReferenceChanges(_ o: [LawReference], _ n: [LawReference]) -> [MapDiff.Change] {
        var changes: [MapDiff.Change] = []
        let oldTexts = o.map { citation(a, $0) }, newTexts = n.map { citation(b, $0) }
        for text in newTexts where !oldTexts.contains(text) {
            changes.append(MapDiff.Change(kind: "lawAdded", old: nil, new: text, message: .key(.diffLawRefAdded, .plain(text))))
        }
        for text in oldTexts where !newTexts.contains(text) {
            changes.append(MapDiff.Change(kind: "lawRemoved", old: text, new: nil, message: .key(.diffLawRefRemoved, .plain(text))))
        }
        func repealed(_ m: Model, _ r: LawReference) -> KnownLaw? {
            guard m.laws.indices.contains(r.law), let known = m.laws[r.law].known, known.repealed != nil else { return nil }
            return known
        }
        let oldRepealed = Set(o.filter { repealed(a, $0) != nil }.map { citation(a, $0) + "|" + a.laws[$0.law].sfs })
        var reported = Set<String>()
        for r in n {
            guard let known = repealed(b, r) else { continue }
            let text = citation(b, r)
            guard !oldRepealed.contains(text + "|" + known.sfs), reported.insert(text).inserted else { continue }
            changes.append(MapDiff.Change(kind: "repealed", old: nil, new: "\(text) (\(known.sfs))",
                                          message: .key(.diffRepealed, .plain(text), .plain(b.laws[r.law].title),
                                                        .plain(known.sfs), .plain(known.repealed ?? ""))))
        }
        return changes
    }

    // MARK: Flows

    private func flowKey(_ m: Model, _ f: Flow) -> String { stepID(m, f.from) + "\u{0}" + stepID(m, f.to) }

    private func flowSummary(_ m: Model, _ f: Flow) -> MapDiff.FlowSummary {
        MapDiff.FlowSummary(from: stepID(m, f.from), to: stepID(m, f.to), fromTitle: stepTitle(m, f.from),
                            toTitle: stepTitle(m, f.to), label: f.label, isBranch: f.isBranch, isLoop: f.isLoop,
                            isException: f.isException, consent: f.consent, laws: f.laws.map { citation(m, $0) })
    }

    /// Flows keyed by their ends and their occurrence (`a→b`, `a→b#2`).
    private func keyed(_ m: Model) -> [(key: String, flow: Flow)] {
        var seen: [String: Int] = [:]
        return m.flows.map { f in
            let base = flowKey(m, f)
            seen[base, default: 0] += 1
            return (base + "#\(seen[base]!)", f)
        }
    }

    func flows(into diff: inout MapDiff) {
        let oldFlows = keyed(a), newFlows = keyed(b)
        var oldByKey: [String: Flow] = [:]
        for (k, f) in oldFlows { oldByKey[k] = f }
        let newKeys = Set(newFlows.map(\.key))
        for (k, f) in newFlows {
            guard let o = oldByKey[k] else {
                diff.flowsAdded.append(flowSummary(b, f))
                continue
            }
            let changes = flowChanges(o, f)
            if !changes.isEmpty { diff.flowsChanged.append(MapDiff.FlowChanges(flow: flowSummary(b, f), changes: changes)) }
        }
        for (k, f) in oldFlows where !newKeys.contains(k) { diff.flowsRemoved.append(flowSummary(a, f)) }
    }

    private func flowChanges(_ o: Flow, _ n: Flow) -> [MapDiff.Change] {
        var changes: [MapDiff.Change] = []
        if let c = field("label", .diffFieldLabel, o.label, n.label) { changes.append(c) }
        func marker(_ kind: String, _ word: TextKey, _ was: Bool, _ now: Bool) {
            guard was != now else { return }
            changes.append(MapDiff.Change(kind: kind, old: "\(was)", new: "\(now)",
                                          message: .key(now ? .diffMarkerAdded : .diffMarkerRemoved, .key(word))))
        }
        marker("loop", .diffMarkerLoop, o.isLoop, n.isLoop)
        marker("exception", .diffMarkerException, o.isException, n.isException)
        marker("consent", .diffMarkerConsent, o.consent, n.consent)
        changes += lawReferenceChanges(o.laws, n.laws)
        return changes
    }

    // MARK: Rules

    private func statusName(_ s: RuleStatus?) -> String {
        switch s {
        case .holds?: return "holds"
        case .violated?: return "violated"
        case .unprovable?: return "unprovable"
        case .vacuous?: return "vacuous"
        case .notChecked?, nil: return "notChecked"
        }
    }

    static func statusWord(_ name: String) -> DiffText {
        switch name {
        case "holds": return .key(.diffStatusHolds)
        case "violated": return .key(.diffStatusViolated)
        case "unprovable": return .key(.diffStatusUnprovable)
        case "vacuous": return .key(.diffStatusVacuous)
        default: return .key(.diffStatusNotChecked)
        }
    }

    private func ruleSummary(_ m: Model, _ statuses: [Int: RuleStatus], _ index: Int) -> MapDiff.RuleSummary {
        let rule = m.rules[index]
        let key: String, description: DiffText
        switch rule.clause {
        case .before(let first, let second):
            if rule.writtenAsAfter {
                key = "\(stepID(m, second)) after \(stepID(m, first))"
                description = .key(.diffClauseAfter, .plain(stepTitle(m, second)), .plain(stepTitle(m, first)))
            } else {
                key = "\(stepID(m, first)) before \(stepID(m, second))"
                description = .key(.diffClauseBefore, .plain(stepTitle(m, first)), .plain(stepTitle(m, second)))
            }
        case .parallel(let x, let y):
            key = "\(stepID(m, x)) parallel \(stepID(m, y))"
            description = .key(.diffClauseParallel, .plain(stepTitle(m, x)), .plain(stepTitle(m, y)))
        case .within(let target, let limit, let origin):
            key = "\(stepID(m, target)) within \(limit) after \(stepID(m, origin))"
            description = .key(.diffClauseWithin, .plain(stepTitle(m, target)), .duration(limit), .plain(stepTitle(m, origin)))
        }
        let status = statuses[index]
        return MapDiff.RuleSummary(key: key, title: rule.title, description: description, status: statusName(status))
    }

    /// The meaning of a rule, for matching: `after` is the same rule as `before`.
    private func ruleIdentity(_ m: Model, _ r: Rule) -> String {
        switch r.clause {
        case .before(let first, let second): return "before \(stepID(m, first)) \(stepID(m, second))"
        case .parallel(let x, let y): return "parallel " + [stepID(m, x), stepID(m, y)].sorted().joined(separator: " ")
        case .within(let t, let limit, let o): return "within \(stepID(m, t)) \(limit.hours) \(stepID(m, o))"
        }
    }

    private func keyedRules(_ c: Compilation) -> [(key: String, index: Int)] {
        var seen: [String: Int] = [:]
        return c.model.rules.indices.map { i in
            let base = ruleIdentity(c.model, c.model.rules[i])
            seen[base, default: 0] += 1
            return (base + "#\(seen[base]!)", i)
        }
    }

    func rules(into diff: inout MapDiff) {
        let oldRules = keyedRules(old), newRules = keyedRules(new)
        var oldByKey: [String: Int] = [:]
        for (k, i) in oldRules { oldByKey[k] = i }
        let newKeys = Set(newRules.map(\.key))
        for (k, i) in newRules {
            let summary = ruleSummary(b, newStatus, i)
            guard let oi = oldByKey[k] else {
                diff.rulesAdded.append(summary)
                continue
            }
            let before = ruleSummary(a, oldStatus, oi)
            var changes: [MapDiff.Change] = []
            if let c = field("title", .diffFieldTitle, before.title, summary.title) { changes.append(c) }
            if before.status != summary.status {
                changes.append(MapDiff.Change(kind: "status", old: before.status, new: summary.status,
                                              message: .key(.diffFieldChange, .key(.diffFieldResult),
                                                            Comparer.statusWord(before.status), Comparer.statusWord(summary.status))))
            }
            if !changes.isEmpty { diff.rulesChanged.append(MapDiff.RuleChanges(rule: summary, changes: changes)) }
        }
        for (k, i) in oldRules where !newKeys.contains(k) { diff.rulesRemoved.append(ruleSummary(a, oldStatus, i)) }
    }
}

extension MapDiff {
    static func statusWord(_ name: String) -> DiffText { Comparer.statusWord(name) }
}
