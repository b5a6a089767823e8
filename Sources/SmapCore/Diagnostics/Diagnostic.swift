/// How serious a finding is.
public enum Severity: String, Sendable, Comparable {
    case error
    case warning

    public static func < (a: Severity, b: Severity) -> Bool {
        a == .warning && b == .error
    }
}

/// The language messages are shown in.
public enum Language: String, Sendable, CaseIterable {
    case sv
    case en
}

/// A piece of user-facing text: a catalog key and its arguments. Rendering
/// happens only when printing, in the language the user asked for.
public struct Text: Hashable, Sendable {
    public let key: TextKey
    public let arguments: [String]

    public init(_ key: TextKey, _ arguments: String...) {
        self.key = key
        self.arguments = arguments
    }
    public init(_ key: TextKey, arguments: [String]) {
        self.key = key
        self.arguments = arguments
    }

    public func render(_ language: Language) -> String {
        let rendered = arguments.map { argument -> String in
            // An argument may itself be a catalog word ("a name"), rendered in the same language.
            if argument.hasPrefix(Text.wordPrefix), let key = TextKey(rawValue: String(argument.dropFirst())) {
                return MessageCatalog.template(key, language)
            }
            if argument.hasPrefix(Text.datePrefix) { return Text.longDate(String(argument.dropFirst(Text.datePrefix.count)), language) }
            return argument
        }
        return MessageCatalog.template(key, language).filled(with: rendered)
    }

    static let wordPrefix = "\u{1}"
    static let datePrefix = "\u{1}date:"

    /// An argument that renders an ISO date (`2025-07-01`) the way the
    /// language writes it: "1 juli 2025", "1 July 2025".
    public static func date(_ iso: String) -> String { datePrefix + iso }

    static func longDate(_ iso: String, _ language: Language) -> String {
        let parts = iso.split(separator: "-")
        guard parts.count == 3, let month = Int(parts[1]), let day = Int(parts[2]), (1...12).contains(month) else { return iso }
        let sv = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
                  "november", "december"]
        let en = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                  "November", "December"]
        return "\(day) \((language == .sv ? sv : en)[month - 1]) \(parts[0])"
    }

    /// `count` of something in words, singular or plural: "1 varning",
    /// "3 varningar", "1 warning". Thousands are grouped the way the
    /// language writes them ("12 000" in Swedish, "12,000" in English).
    public static func counted(_ count: Int, one: TextKey, many: TextKey, _ language: Language) -> String {
        count == 1 ? Text(one).render(language) : Text(many, grouped(count, language)).render(language)
    }

    /// `12345` as "12 345" (Swedish, with a no-break space) or "12,345" (English).
    public static func grouped(_ n: Int, _ language: Language) -> String {
        let digits = String(n.magnitude)
        guard digits.count > 4 || (language == .en && digits.count > 3) else { return n < 0 ? "-" + digits : digits }
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out += language == .sv ? "\u{00A0}" : "," }
            out.append(c)
        }
        return n < 0 ? "-" + out : out
    }

    /// An argument that renders as the catalog text of `key`.
    public static func word(_ key: TextKey) -> String { wordPrefix + key.rawValue }
}

/// A secondary location with an explanation ("first declared here").
public struct Note: Hashable, Sendable {
    public let message: Text
    public let range: SourceRange?
    public init(_ message: Text, at range: SourceRange?) {
        self.message = message
        self.range = range
    }
}

/// A machine-applicable change to the source: replace `range` with
/// `replacement`. A diagnostic carries edits only where the fix is
/// mechanical (a did-you-mean name, `->` for `=>`, a known time unit), so a
/// tool (the language server's code actions) can apply them as they are.
public struct TextEdit: Hashable, Sendable {
    public let range: SourceRange
    public let replacement: String
    public init(_ range: SourceRange, _ replacement: String) {
        self.range = range
        self.replacement = replacement
    }
}

/// One finding: a stable code, where, what, and how to fix it.
/// Diagnostics are plain data; renderers in ``DiagnosticRenderer`` print them.
public struct Diagnostic: Hashable, Sendable {
    public let code: DiagnosticCode
    public let arguments: [String]
    public let range: SourceRange?
    public var notes: [Note]
    public var fix: Text?
    /// The fix as edits, where it is mechanical; empty otherwise.
    public var edits: [TextEdit]

    public init(_ code: DiagnosticCode, _ arguments: [String] = [], at range: SourceRange?,
                notes: [Note] = [], fix: Text? = nil, edits: [TextEdit] = []) {
        self.code = code
        self.arguments = arguments
        self.range = range
        self.notes = notes
        self.fix = fix
        self.edits = edits
    }

    public var severity: Severity { code.severity }
    public var message: Text { Text(code.messageKey, arguments: arguments) }
}

extension String {
    /// Replaces `{0}`, `{1}`, … with the arguments.
    package func filled(with arguments: [String]) -> String {
        guard contains("{") else { return self }
        var out = ""
        var chars = self[...]
        while let open = chars.firstIndex(of: "{") {
            out += chars[..<open]
            let rest = chars[chars.index(after: open)...]
            if let close = rest.firstIndex(of: "}"), let n = Int(rest[..<close]), n < arguments.count {
                out += arguments[n]
                chars = rest[rest.index(after: close)...]
            } else {
                out += "{"
                chars = rest
            }
        }
        out += chars
        return out
    }
}

/// Collects diagnostics for one stage; stages never throw at the first problem.
public struct DiagnosticBag: Sendable {
    public private(set) var items: [Diagnostic] = []
    public init() {}
    public mutating func add(_ d: Diagnostic) { items.append(d) }
    public mutating func add(_ code: DiagnosticCode, _ arguments: [String] = [], at range: SourceRange?,
                             notes: [Note] = [], fix: Text? = nil, edits: [TextEdit] = []) {
        items.append(Diagnostic(code, arguments, at: range, notes: notes, fix: fix, edits: edits))
    }
    public mutating func append(contentsOf other: [Diagnostic]) { items.append(contentsOf: other) }
    public var hasErrors: Bool { items.contains { $0.severity == .error } }
}
