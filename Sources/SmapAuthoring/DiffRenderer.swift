import SmapCore
import SmapSyntax
import SmapModel
import SmapCheck

/// Prints a ``MapDiff`` for people in a terminal (`human`), for tools
/// (`json`), and as Markdown for a pull request comment or a "what changed"
/// page (`markdown`).
public struct DiffRenderer: Sendable {
    public enum Format: String, Sendable, CaseIterable {
        case human, json, markdown
    }

    public var format: Format
    public var language: Language

    public init(format: Format = .human, language: Language = .sv) {
        self.format = format
        self.language = language
    }

    public func render(_ diff: MapDiff) -> String {
        switch format {
        case .human: return human(diff)
        case .json: return json(diff).serialized(pretty: true) + "\n"
        case .markdown: return markdown(diff)
        }
    }

    private func t(_ key: TextKey, _ arguments: String...) -> String {
        Text(key, arguments: arguments).render(language)
    }

    // MARK: - Shared pieces

    private func stepEntry(_ mark: String, _ s: MapDiff.StepSummary) -> Entry {
        Entry(mark: mark, code: s.id, text: "\"\(s.title)\" (\(s.laneTitle))")
    }

    /// `a → b` with the steps' titles, the label and what the flow is marked with.
    private func flowEntry(_ mark: String, _ f: MapDiff.FlowSummary) -> Entry {
        var text = "(\(f.fromTitle) → \(f.toTitle))"
        if let label = f.label { text = "\"\(label)\" " + text }
        var markers: [String] = []
        if f.isLoop { markers.append(t(.diffMarkerLoop)) }
        if f.isException { markers.append(t(.diffMarkerException)) }
        if f.consent { markers.append(t(.diffMarkerConsent)) }
        markers += f.laws
        if !markers.isEmpty { text += " [" + markers.joined(separator: ", ") + "]" }
        return Entry(mark: mark, code: "\(f.from) → \(f.to)", text: text)
    }

    private func ruleLine(_ r: MapDiff.RuleSummary) -> String {
        var text = r.description.render(language)
        if let title = r.title { text = "\"\(title)\": " + text }
        return text
    }

    /// "nya steg: 1, ändrade steg: 3, …" (only the counts that are not zero).
    private func counts(_ d: MapDiff) -> [String] {
        let other = d.map.count + d.laws.count + d.lanes.count + d.phases.count + d.views.count
        let pairs: [(TextKey, Int)] = [
            (.diffCountStepsAdded, d.stepsAdded.count), (.diffCountStepsRemoved, d.stepsRemoved.count),
            (.diffCountStepsChanged, d.stepsChanged.count), (.diffCountFlowsAdded, d.flowsAdded.count),
            (.diffCountFlowsRemoved, d.flowsRemoved.count), (.diffCountFlowsChanged, d.flowsChanged.count),
            (.diffCountRulesAdded, d.rulesAdded.count), (.diffCountRulesRemoved, d.rulesRemoved.count),
            (.diffCountRulesChanged, d.rulesChanged.count), (.diffCountOther, other),
        ]
        return pairs.filter { $0.1 > 0 }.map { t($0.0, "\($0.1)") }
    }

    /// One section's entries: a mark (+, −, ~), the subject (ids shown as code in
    /// Markdown, then text), and change lines with their details.
    private struct Entry {
        var mark: String
        var code: String?
        var text: String
        var changes: [(line: String, details: [String])] = []
    }

    private func changeLines(_ changes: [MapDiff.Change]) -> [(line: String, details: [String])] {
        changes.map { ($0.message.render(language), $0.details.map { $0.render(language) }) }
    }

    private func itemEntries(_ items: MapDiff.ItemChanges) -> [Entry] {
        items.added.map { Entry(mark: "+", text: $0.description) }
            + items.removed.map { Entry(mark: "−", text: $0.description) }
            + items.changed.map { Entry(mark: "~", text: $0.description, changes: changeLines($0.changes)) }
    }

    private func sections(_ d: MapDiff) -> [(title: String, entries: [Entry])] {
        var result: [(String, [Entry])] = []
        if !d.map.isEmpty {
            result.append((t(.diffSectionMap), d.map.map {
                Entry(mark: "~", text: $0.message.render(language), changes: $0.details.map { ($0.render(language), []) })
            }))
        }
        if !d.laws.isEmpty { result.append((t(.diffSectionLaws), itemEntries(d.laws))) }
        if !d.lanes.isEmpty { result.append((t(.diffSectionLanes), itemEntries(d.lanes))) }
        if !d.phases.isEmpty { result.append((t(.diffSectionPhases), itemEntries(d.phases))) }
        if !d.stepsAdded.isEmpty {
            result.append((t(.diffSectionStepsAdded), d.stepsAdded.map { stepEntry("+", $0) }))
        }
        if !d.stepsRemoved.isEmpty {
            result.append((t(.diffSectionStepsRemoved), d.stepsRemoved.map { stepEntry("−", $0) }))
        }
        if !d.stepsChanged.isEmpty {
            result.append((t(.diffSectionStepsChanged), d.stepsChanged.map {
                var entry = stepEntry("~", $0.step)
                entry.changes = changeLines($0.changes)
                return entry
            }))
        }
        if !d.flowsAdded.isEmpty || !d.flowsRemoved.isEmpty || !d.flowsChanged.isEmpty {
            result.append((t(.diffSectionFlows),
                           d.flowsAdded.map { flowEntry("+", $0) } + d.flowsRemoved.map { flowEntry("−", $0) }
                           + d.flowsChanged.map { c -> Entry in
                               var entry = flowEntry("~", c.flow)
                               entry.changes = changeLines(c.changes)
                               return entry
                           }))
        }
        if !d.rulesAdded.isEmpty || !d.rulesRemoved.isEmpty || !d.rulesChanged.isEmpty {
            result.append((t(.diffSectionRules),
                           d.rulesAdded.map { Entry(mark: "+", text: ruleLine($0) + " — " + MapDiff.statusWord($0.status).render(language)) }
                           + d.rulesRemoved.map { Entry(mark: "−", text: ruleLine($0)) }
                           + d.rulesChanged.map { Entry(mark: "~", text: ruleLine($0.rule), changes: changeLines($0.changes)) }))
        }
        if !d.views.isEmpty { result.append((t(.diffSectionViews), itemEntries(d.views))) }
        return result
    }

    // MARK: - Human

    private func human(_ d: MapDiff) -> String {
        var out = t(.diffTitle, d.newTitle) + "\n"
        out += t(.diffFromTo, d.oldPath, d.newPath) + "\n"
        if d.isEmpty {
            out += t(.diffNoChanges) + "\n"
            if !d.identicalFiles { out += t(.diffOnlyLayout) + "\n" }
            return out
        }
        out += counts(d).joined(separator: ", ") + "\n"
        for (title, entries) in sections(d) {
            out += "\n" + title + "\n"
            for e in entries {
                out += "  \(e.mark) " + (e.code.map { $0 + " " } ?? "") + e.text + "\n"
                for c in e.changes {
                    out += "      \(c.line)\n"
                    for detail in c.details { out += "        \(detail)\n" }
                }
            }
        }
        return out
    }

    // MARK: - Markdown

    /// Escapes text so Markdown shows it as written.
    static func escapeMarkdown(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "\\", "*", "_", "[", "]", "<", ">", "`", "#", "|", "~": out += "\\" + String(c)
            case "\n": out += " "
            default: out.append(c)
            }
        }
        return out
    }

    private func code(_ s: String) -> String {
        let fence = s.contains("`") ? "``" : "`"
        return fence + (s.hasPrefix("`") || s.hasSuffix("`") ? " \(s) " : s) + fence
    }

    private func markdown(_ d: MapDiff) -> String {
        let e = DiffRenderer.escapeMarkdown
        var out = "### " + e(t(.diffTitle, d.newTitle)) + "\n\n"
        let compared = t(.diffFromTo, "\u{1}", "\u{2}")
            .replacingOccurrences(of: "\u{1}", with: code(d.oldPath)).replacingOccurrences(of: "\u{2}", with: code(d.newPath))
        var first = compared.prefix(1).uppercased() + compared.dropFirst()
        if d.isEmpty {
            out += first + ": " + e(t(.diffNoChanges)) + ".\n"
            if !d.identicalFiles { out += "\n" + e(capitalized(t(.diffOnlyLayout))) + ".\n" }
            return out
        }
        first += ": " + counts(d).map(e).joined(separator: " · ")
        out += first + "\n"
        for (title, entries) in sections(d) {
            out += "\n#### " + e(title) + "\n\n"
            for entry in entries {
                let mark = entry.mark == "~" ? "**~**" : "**\(entry.mark)**"
                out += "- \(mark) " + (entry.code.map { code($0) + " " } ?? "") + e(entry.text) + "\n"
                for c in entry.changes {
                    out += "  - " + e(c.line) + "\n"
                    for detail in c.details { out += "    - " + e(detail) + "\n" }
                }
            }
        }
        return out
    }

    private func capitalized(_ s: String) -> String { s.prefix(1).uppercased() + s.dropFirst() }

    // MARK: - JSON

    private func json(_ d: MapDiff) -> JSONValue {
        func change(_ c: MapDiff.Change) -> JSONValue {
            .object([("kind", .string(c.kind)), ("old", .optional(c.old)), ("new", .optional(c.new)),
                     ("message", .string(c.message.render(language))),
                     ("details", .array(c.details.map { .string($0.render(language)) }))])
        }
        func items(_ x: MapDiff.ItemChanges) -> JSONValue {
            func item(_ i: MapDiff.Item) -> JSONValue {
                .object([("id", .string(i.id)), ("description", .string(i.description)), ("changes", .array(i.changes.map(change)))])
            }
            return .object([("added", .array(x.added.map(item))), ("removed", .array(x.removed.map(item))),
                            ("changed", .array(x.changed.map(item)))])
        }
        func step(_ s: MapDiff.StepSummary) -> [(String, JSONValue)] {
            [("id", .string(s.id)), ("kind", .string(s.kind.rawValue)), ("title", .string(s.title)), ("lane", .string(s.lane)),
             ("number", s.number.map { .int($0) } ?? .null)]
        }
        func flow(_ f: MapDiff.FlowSummary) -> [(String, JSONValue)] {
            [("from", .string(f.from)), ("to", .string(f.to)), ("label", .optional(f.label)), ("branch", .bool(f.isBranch)),
             ("loop", .bool(f.isLoop)), ("exception", .bool(f.isException)), ("consent", .bool(f.consent)),
             ("laws", .array(f.laws.map { .string($0) }))]
        }
        func rule(_ r: MapDiff.RuleSummary) -> [(String, JSONValue)] {
            [("rule", .string(r.key)), ("title", .optional(r.title)), ("status", .string(r.status))]
        }
        return .object([
            ("old", .object([("path", .string(d.oldPath)), ("title", .string(d.oldTitle))])),
            ("new", .object([("path", .string(d.newPath)), ("title", .string(d.newTitle))])),
            ("equal", .bool(d.isEmpty)),
            ("identicalFiles", .bool(d.identicalFiles)),
            ("map", .array(d.map.map(change))),
            ("laws", items(d.laws)),
            ("lanes", items(d.lanes)),
            ("phases", items(d.phases)),
            ("steps", .object([
                ("added", .array(d.stepsAdded.map { .object(step($0)) })),
                ("removed", .array(d.stepsRemoved.map { .object(step($0)) })),
                ("changed", .array(d.stepsChanged.map { .object(step($0.step) + [("changes", .array($0.changes.map(change)))]) })),
            ])),
            ("flows", .object([
                ("added", .array(d.flowsAdded.map { .object(flow($0)) })),
                ("removed", .array(d.flowsRemoved.map { .object(flow($0)) })),
                ("changed", .array(d.flowsChanged.map { .object(flow($0.flow) + [("changes", .array($0.changes.map(change)))]) })),
            ])),
            ("rules", .object([
                ("added", .array(d.rulesAdded.map { .object(rule($0)) })),
                ("removed", .array(d.rulesRemoved.map { .object(rule($0)) })),
                ("changed", .array(d.rulesChanged.map { .object(rule($0.rule) + [("changes", .array($0.changes.map(change)))]) })),
            ])),
            ("views", items(d.views)),
        ])
    }
}
