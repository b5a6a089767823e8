import SmapCore
import SmapSyntax

/// The resolved map: every name replaced by an index, every value checked.
/// Emitters and checks read this; no syntax is left in it.
public struct Model: Sendable {
    public var title: String = ""
    public var version: String?
    public var owner: String?
    public var summary: String?
    public var language: Language = .sv
    public var checks: Set<MapCheck> = []
    public var mapRange: SourceRange?

    public var laws: [Law] = []
    public var lanes: [Lane] = []
    public var phases: [Phase] = []
    public var steps: [Step] = []
    public var flows: [Flow] = []
    public var rules: [Rule] = []
    public var views: [View] = []

    public var stepIndex: [String: Int] = [:]
    public var laneIndex: [String: Int] = [:]
    public var lawIndex: [String: Int] = [:]
    public var phaseIndex: [String: Int] = [:]
    public var viewIndex: [String: Int] = [:]

    /// Flow indices leaving / entering each step, in declaration order.
    public var outgoing: [[Int]] = []
    public var incoming: [[Int]] = []

    public init() {}
}

/// Opt-in checks named in `checks { … }`.
public enum MapCheck: String, Sendable, CaseIterable {
    case handoverBasis = "handover_basis"
}

public struct Law: Sendable {
    public var alias: String
    public var sfs: String
    public var title: String
    /// The declared `url`, if any.
    public var url: String?
    /// What smap's register knows of this SFS number.
    public var known: KnownLaw?
    public var range: SourceRange

    /// Where the whole law is read: the declared URL, else lagen.nu.
    public var pageURL: String { url ?? "https://lagen.nu/\(sfs)" }
}

public struct Lane: Sendable {
    public var id: String
    public var title: String
    /// `#rrggbb`, lower-case.
    public var color: String?
    public var range: SourceRange
}

public struct Phase: Sendable {
    public var id: String
    public var title: String
    public var color: String?
    public var range: SourceRange
}

public struct Actualisation: Sendable {
    public var note: String?
    /// Lanes that can actualise here; the step's own lane when `by` is not written.
    public var parties: [Int]
    public var range: SourceRange
}

/// A provision cited in a step or a flow.
public struct LawReference: Sendable {
    public var law: Int
    /// As written: `4 kap. 1 a §`; empty for the whole law.
    public var text: String
    public var citation: Citation?
    /// lagen.nu deep link (or the law's page for a whole-law reference).
    public var url: String
    public var range: SourceRange
}

public struct Link: Sendable {
    public var title: String
    public var url: String
    public var range: SourceRange
}

public struct Step: Sendable {
    public var id: String
    public var kind: StepKind
    public var title: String
    public var lane: Int
    public var participants: [Int]
    /// The number written in the map, if any.
    public var writtenNumber: Int?
    public var isStart: Bool
    public var isEnd: Bool
    public var actualisation: Actualisation?
    public var within: Duration?
    public var tags: [String]
    public var phase: Int?
    public var laws: [LawReference]
    public var links: [Link]
    /// The info text as written (safe Markdown subset).
    public var info: String?
    public var infoDocument: InfoDocument?
    public var range: SourceRange
    public var idRange: SourceRange
    public var titleRange: SourceRange?
}

public struct Flow: Sendable {
    public var from: Int
    public var to: Int
    public var label: String?
    /// True when this flow is a decision's branch (its label is the answer).
    public var isBranch: Bool
    public var isLoop: Bool
    public var isException: Bool
    public var consent: Bool
    public var laws: [LawReference]
    public var range: SourceRange
    /// Where `loop` is written, when it is.
    public var loopRange: SourceRange? = nil
}

public enum RuleClause: Sendable, Hashable {
    /// Every path from a start to `second` passes `first`.
    case before(first: Int, second: Int)
    /// Neither step is reachable from the other.
    case parallel(Int, Int)
    /// Along every path from `origin` to `target` the times add up to at most `limit`.
    case within(target: Int, limit: Duration, origin: Int)
}

public struct Rule: Sendable {
    public var title: String?
    public var clause: RuleClause
    /// How the rule was written (`after` is the same rule as `before`).
    public var writtenAsAfter: Bool
    public var range: SourceRange
}

public struct ViewItem: Sendable {
    public var include: Bool
    public var selector: ViewSelector
    public var names: [String]

    package init(include: Bool, selector: ViewSelector, names: [String]) {
        self.include = include
        self.selector = selector
        self.names = names
    }
}

public struct View: Sendable {
    public var id: String
    public var title: String
    public var items: [ViewItem]
    public var range: SourceRange

    package init(id: String, title: String, items: [ViewItem], range: SourceRange) {
        self.id = id
        self.title = title
        self.items = items
        self.range = range
    }
}

extension Model {
    public func step(_ id: String) -> Step? { stepIndex[id].map { steps[$0] } }

    /// Lanes taking part in a step: its own, then those after `with`.
    public func lanes(of step: Step) -> [Int] { [step.lane] + step.participants }

    /// True when the flow crosses from one party to another.
    public func isHandover(_ flow: Flow) -> Bool { steps[flow.from].lane != steps[flow.to].lane }
}
