import SmapCore

/// The syntax tree of one file. Every node keeps its source range; the parser
/// always returns a tree, with what it could not read reported as diagnostics.

public struct Identifier: Hashable, Sendable {
    public var name: String
    public var range: SourceRange
}

public struct StringLiteral: Hashable, Sendable {
    public var value: String
    public var range: SourceRange
    public var isMultiline: Bool
}

public struct IntegerLiteral: Hashable, Sendable {
    public var value: Int
    public var range: SourceRange
}

public struct DurationLiteral: Hashable, Sendable {
    public var value: Duration
    public var range: SourceRange
}

/// A keyword that appears alone, such as `start` or `loop`.
public struct Marker: Hashable, Sendable {
    public var range: SourceRange
}

public struct SourceFileSyntax: Sendable {
    public var file: FileID
    public var declarations: [Declaration]
    /// Ranges of `#` comments, in order.
    public var comments: [SourceRange]
}

/// Boxed (`indirect`): a declaration is copied as one reference, and the
/// loader and the resolver hand them on by the hundred thousand.
public indirect enum Declaration: Sendable {
    case map(MapDeclaration)
    case law(LawDeclaration)
    case lane(LaneDeclaration)
    case phase(PhaseDeclaration)
    case step(StepDeclaration)
    case flow(FlowDeclaration)
    case rule(RuleDeclaration)
    case view(ViewDeclaration)
    case include(IncludeDeclaration)

    public var range: SourceRange {
        switch self {
        case .map(let d): return d.range
        case .law(let d): return d.range
        case .lane(let d): return d.range
        case .phase(let d): return d.range
        case .step(let d): return d.range
        case .flow(let d): return d.range
        case .rule(let d): return d.range
        case .view(let d): return d.range
        case .include(let d): return d.range
        }
    }
}

public struct MapDeclaration: Sendable {
    public var title: StringLiteral?
    public var version: StringLiteral?
    public var owner: StringLiteral?
    public var summary: StringLiteral?
    public var language: StringLiteral?
    public var checks: [Identifier] = []
    public var range: SourceRange
}

public struct LawDeclaration: Sendable {
    public var alias: Identifier
    public var sfs: StringLiteral?
    public var title: StringLiteral?
    public var url: StringLiteral?
    public var range: SourceRange
}

public struct LaneDeclaration: Sendable {
    public var id: Identifier
    public var title: StringLiteral?
    public var color: StringLiteral?
    public var range: SourceRange
}

public struct PhaseDeclaration: Sendable {
    public var id: Identifier
    public var title: StringLiteral?
    public var color: StringLiteral?
    public var range: SourceRange
}

/// `law ALIAS "citation"` inside a step or flow block.
public struct LawCitationSyntax: Hashable, Sendable {
    public var alias: Identifier
    public var citation: StringLiteral?
    public var range: SourceRange
}

public struct LinkSyntax: Hashable, Sendable {
    public var title: StringLiteral
    public var url: StringLiteral
    public var range: SourceRange
}

public struct ActualiseSyntax: Hashable, Sendable {
    public var note: StringLiteral?
    public var by: [Identifier]
    public var range: SourceRange
}

/// Fields of a flow: `{ loop exception consent law OSL "10 kap. 1 §" }`.
public struct FlowAttributes: Sendable {
    public var loop: Marker?
    public var exception: Marker?
    public var consent: Marker?
    public var laws: [LawCitationSyntax] = []
    public init() {}
}

/// `"Ja" -> target { … }` inside a decision.
public struct BranchSyntax: Sendable {
    public var label: StringLiteral
    public var target: Identifier
    public var attributes: FlowAttributes
    public var range: SourceRange
}

public struct StepDeclaration: Sendable {
    public var kind: StepKind
    public var id: Identifier
    public var title: StringLiteral?
    public var lane: Identifier?
    public var participants: [Identifier] = []
    public var number: IntegerLiteral?
    public var start: Marker?
    public var end: Marker?
    public var actualise: ActualiseSyntax?
    public var within: DurationLiteral?
    public var tags: [Identifier] = []
    public var phase: Identifier?
    public var laws: [LawCitationSyntax] = []
    public var links: [LinkSyntax] = []
    public var info: StringLiteral?
    public var branches: [BranchSyntax] = []
    /// True when a syntax error cut the declaration short (already reported);
    /// checks that would only repeat that error, such as "in no lane", skip it.
    public var incomplete = false
    public var range: SourceRange
}

/// `a -> [b, c] -> d : "label" { … }`: each element of `chain` is a group of one or more steps.
public struct FlowDeclaration: Sendable {
    public var chain: [[Identifier]]
    public var label: StringLiteral?
    public var attributes: FlowAttributes
    public var range: SourceRange
}

public enum RuleClauseSyntax: Sendable {
    /// `first before second`, or `second after first` (normalised by the parser).
    case before(first: Identifier, second: Identifier, writtenAsAfter: Bool, range: SourceRange)
    case parallel(Identifier, Identifier, range: SourceRange)
    /// `target within limit after origin`
    case within(target: Identifier, limit: DurationLiteral, origin: Identifier, range: SourceRange)

    public var range: SourceRange {
        switch self {
        case .before(_, _, _, let r), .parallel(_, _, let r), .within(_, _, _, let r): return r
        }
    }
}

public struct RuleDeclaration: Sendable {
    public var title: StringLiteral?
    public var clauses: [RuleClauseSyntax]
    /// True when written as `rule "…" { … }`.
    public var hasBlock: Bool
    public var range: SourceRange
}

public struct ViewItemSyntax: Sendable {
    public var include: Bool
    public var selector: ViewSelector
    public var names: [Identifier]
    public var range: SourceRange
}

public struct ViewDeclaration: Sendable {
    public var id: Identifier
    public var title: StringLiteral?
    public var items: [ViewItemSyntax]
    public var range: SourceRange
}

public struct IncludeDeclaration: Sendable {
    public var path: StringLiteral
    public var range: SourceRange
}
