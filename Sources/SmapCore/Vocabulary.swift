// The words every stage shares: what a step is, how long something takes,
// what a view selects. They belong to no one stage, so they live in the core.

/// A duration as written: `5d` is five calendar days.
public struct Duration: Hashable, Sendable, CustomStringConvertible {
    public enum Unit: String, Sendable {
        case hours = "h", days = "d", weeks = "w"
        public var hours: Int {
            switch self {
            case .hours: return 1
            case .days: return 24
            case .weeks: return 168
            }
        }
    }
    public let value: Int
    public let unit: Unit
    public init(value: Int, unit: Unit) {
        self.value = value
        self.unit = unit
    }
    public var hours: Int { value * unit.hours }
    /// As written in source: `5d`.
    public var description: String { "\(value)\(unit.rawValue)" }

    /// A total of hours in the largest unit that divides it exactly.
    public static func fromHours(_ hours: Int) -> Duration {
        if hours != 0, hours % 168 == 0 { return Duration(value: hours / 168, unit: .weeks) }
        if hours != 0, hours % 24 == 0 { return Duration(value: hours / 24, unit: .days) }
        return Duration(value: hours, unit: .hours)
    }
}

/// What a box is: a plain step or a decision (a question with branches).
public enum StepKind: String, Sendable {
    case step
    case decision
}

/// What a view item selects steps by.
public enum ViewSelector: String, Sendable {
    case tag, lane, step
}

extension Duration.Unit {
    /// The unit a spelled-out word plainly means (`dagar`, `veckor`, `hours`),
    /// for the mechanical fix of a duration written with a word.
    public init?(spelledOut word: String) {
        switch word.lowercased() {
        case "t", "tim", "timme", "timmar", "hour", "hours", "hr", "hrs": self = .hours
        case "dag", "dagar", "dygn", "day", "days": self = .days
        case "v", "vecka", "veckor", "veckan", "week", "weeks", "wk", "wks": self = .weeks
        default: return nil
        }
    }
}

extension Duration {
    /// The duration in words, from the message catalog: `5d` → "5 dagar" /
    /// "5 days", `1w` → "1 vecka" / "1 week". The one wording of a time
    /// indication: the page, the layout, the DOT and the diff all use it.
    public func words(_ language: Language) -> String { text.render(language) }

    /// The same as catalog text, rendered later in any language.
    public var text: Text {
        switch (unit, value == 1) {
        case (.hours, true): return Text(.durationHour)
        case (.hours, false): return Text(.durationHours, "\(value)")
        case (.days, true): return Text(.durationDay)
        case (.days, false): return Text(.durationDays, "\(value)")
        case (.weeks, true): return Text(.durationWeek)
        case (.weeks, false): return Text(.durationWeeks, "\(value)")
        }
    }
}
