import SmapCore

/// The reserved words of the language. A reserved word cannot be a name.
public enum Keyword: String, CaseIterable, Sendable {
    case map, version, owner, summary, language, checks
    case law, lane, phase, step, decision
    case `in`, with, number, start, end, actualise, by, within, tags, tag
    case link, info, color, url, include
    case rule, before, after, parallel, view, exclude
    case loop, exception, consent

    /// The case's place in declaration order: its one byte of storage.
    /// Equality and hashing use it; the conformances a raw-value enum gets
    /// otherwise hash and compare the raw strings, a cost the parser paid for
    /// every field (a test holds the ordinals to `allCases` order).
    package var ordinal: Int { Int(unsafeBitCast(self, to: UInt8.self)) }

    public static func == (a: Keyword, b: Keyword) -> Bool { a.ordinal == b.ordinal }
    public func hash(into hasher: inout Hasher) { hasher.combine(ordinal) }

    /// Words that start a declaration at the top level; the parser recovers there.
    public var startsDeclaration: Bool {
        switch self {
        case .map, .law, .lane, .phase, .step, .decision, .rule, .view, .include: return true
        default: return false
        }
    }
}

/// A set of keywords as one bit per keyword: asking whether a field's
/// keyword is allowed costs a shift, where a `Set` hashed the keyword.
struct KeywordSet: ExpressibleByArrayLiteral, Sendable {
    private var bits: UInt64 = 0

    package init(arrayLiteral keywords: Keyword...) {
        for k in keywords { bits |= 1 << UInt64(k.ordinal) }
    }

    package func contains(_ keyword: Keyword) -> Bool { bits & (1 << UInt64(keyword.ordinal)) != 0 }
}

/// What a token is.
public enum TokenKind: Equatable, Sendable {
    case identifier
    case keyword(Keyword)
    case string
    case multilineString
    case integer
    case duration
    case leftBrace, rightBrace, leftBracket, rightBracket
    case comma, colon, arrow
    case endOfFile
}

/// One token with its range. `text` is the identifier's name or the string's
/// decoded value; `integer` and `duration` hold numeric values.
///
/// Stored in 40 bytes (a large map has millions of tokens alive at once):
/// a duration keeps its value in `integer` and only its unit apart.
public struct Token: Sendable {
    public var kind: TokenKind
    /// True when no other token precedes it on its line (used for recovery).
    public var startsLine: Bool
    private var durationUnit: Duration.Unit?
    public var range: SourceRange
    public var text: String
    public var integer: Int

    public init(kind: TokenKind, range: SourceRange, text: String = "", integer: Int = 0,
                duration: Duration? = nil, startsLine: Bool = false) {
        self.kind = kind
        self.startsLine = startsLine
        self.range = range
        self.text = text
        self.integer = duration?.value ?? integer
        self.durationUnit = duration?.unit
    }

    public var duration: Duration? {
        get { durationUnit.map { Duration(value: integer, unit: $0) } }
        set {
            durationUnit = newValue?.unit
            if let newValue { integer = newValue.value }
        }
    }
}
