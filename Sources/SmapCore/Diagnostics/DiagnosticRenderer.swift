import Foundation

/// Prints diagnostics for people (`human`), tools (`json`) and GitHub Actions
/// (`github`). Rendering is separate from finding: the checks only make data.
public struct DiagnosticRenderer: Sendable {
    public enum Format: String, Sendable, CaseIterable {
        case human, json, github
    }

    public var format: Format
    public var language: Language
    /// Color the severity words (only for terminals).
    public var color: Bool
    /// At most this many diagnostics per map are printed; the rest are counted.
    public var limit: Int

    public init(format: Format = .human, language: Language = .en, color: Bool = false, limit: Int = 100) {
        self.format = format
        self.language = language
        self.color = color
        self.limit = limit
    }

    /// The diagnostics printed: all of them when they fit in `limit`; else
    /// where reading stopped (E029), the errors and then warnings up to the
    /// limit, each in its place in file order. A map with hundreds of
    /// warnings must not hide an error.
    package func shown(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        guard diagnostics.count > limit else { return diagnostics }
        var keep = [Bool](repeating: false, count: diagnostics.count)
        var kept = 0
        for pass in 0..<3 {
            for (i, d) in diagnostics.enumerated() where kept < limit && !keep[i] {
                // First where reading stopped (E029), then errors, then the rest.
                if pass == 2 || (pass == 1 && d.severity == .error) || d.code == .tooManyErrors {
                    keep[i] = true
                    kept += 1
                }
            }
        }
        return diagnostics.indices.filter { keep[$0] }.map { diagnostics[$0] }
    }

    /// All diagnostics of a compilation, capped at `limit`, as text.
    public func render(_ diagnostics: [Diagnostic], sources: SourceSet) -> String {
        var out = ""
        for d in shown(diagnostics) {
            switch format {
            case .human: out += human(d, sources: sources) + "\n"
            case .json: out += json(d, sources: sources).serialized() + "\n"
            case .github: out += github(d, sources: sources) + "\n"
            }
        }
        if diagnostics.count > limit, format != .json {
            let more = Text(.cliMore, "\(diagnostics.count - limit)").render(language)
            out += format == .github ? "::notice::\(escapeGitHubData(more))\n" : more + "\n"
        }
        return out
    }

    // MARK: - Human

    /// `path:line:col: error[E105]: message`, the source line with carets, notes and help.
    public func human(_ d: Diagnostic, sources: SourceSet) -> String {
        let severityWord = d.severity == .error ? (language == .sv ? "fel" : "error")
                                                : (language == .sv ? "varning" : "warning")
        let head = paint(severityWord + "[\(d.code.rawValue)]", d.severity == .error ? "1;31" : "1;33")
        var out = ""
        if let r = d.range {
            let (path, position) = sources.location(r)
            out += "\(path):\(position): \(head): \(DiagnosticRenderer.visible(d.message.render(language)))\n"
            out += snippet(r, sources: sources)
        } else {
            out += "\(head): \(DiagnosticRenderer.visible(d.message.render(language)))\n"
        }
        for note in d.notes {
            let word = language == .sv ? "obs" : "note"
            if let r = note.range {
                let (path, position) = sources.location(r)
                out += "  = \(paint(word, "1;36")): \(path):\(position): \(DiagnosticRenderer.visible(note.message.render(language)))\n"
            } else {
                out += "  = \(paint(word, "1;36")): \(DiagnosticRenderer.visible(note.message.render(language)))\n"
            }
        }
        if let fix = d.fix {
            out += "  = \(paint(language == .sv ? "så här" : "help", "1;32")): \(DiagnosticRenderer.visible(fix.render(language)))\n"
        }
        return out
    }

    /// A control character as its visible symbol (NUL as ␀): the source may
    /// hold any byte, and printing it raw could garble or drive the terminal.
    package static func visible(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        if scalar.value < 0x20 { return Unicode.Scalar(0x2400 + scalar.value)! }
        if scalar.value == 0x7F { return "\u{2421}" }
        if (0x80...0x9F).contains(scalar.value) { return "\u{FFFD}" }
        return scalar
    }

    /// Text for a terminal: control characters made visible, line breaks kept.
    package static func visible(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) })
        else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { out.append(scalar == "\n" ? scalar : visible(scalar)) }
        return String(out)
    }

    private func paint(_ text: String, _ code: String) -> String {
        color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    /// The source line with a gutter and carets under the range. Long lines
    /// are cut to a window around the range.
    func snippet(_ r: SourceRange, sources: SourceSet) -> String {
        let file = sources[r.file]
        let start = file.lineColumn(of: r.start)
        let lineIndex = start.line - 1
        let scalars = Array(file.lineText(lineIndex).unicodeScalars.map { $0 == "\t" ? " " : DiagnosticRenderer.visible($0) })
        let startColumn = start.column - 1
        let endPosition = file.lineColumn(of: r.end)
        let endColumn = endPosition.line == start.line ? max(startColumn + 1, endPosition.column - 1)
                                                       : max(startColumn + 1, scalars.count)
        let window = 100
        var from = 0
        if startColumn > window - 20 { from = startColumn - 20 }
        let to = min(scalars.count, from + window)
        var shown = String(String.UnicodeScalarView(scalars[min(from, scalars.count)..<max(min(from, scalars.count), to)]))
        if from > 0 { shown = "…" + shown }
        if to < scalars.count { shown += "…" }
        let caretStart = startColumn - from + (from > 0 ? 1 : 0)
        let caretLength = max(1, min(endColumn, to) - startColumn)
        let gutter = String(start.line)
        let pad = String(repeating: " ", count: gutter.count)
        var out = "\(pad) |\n"
        out += "\(gutter) | \(shown)\n"
        out += "\(pad) | " + String(repeating: " ", count: max(0, caretStart)) + paint(String(repeating: "^", count: caretLength), "1;31") + "\n"
        return out
    }

    // MARK: - JSON

    /// One JSON object per diagnostic (see docs/diagnostics.md).
    public func json(_ d: Diagnostic, sources: SourceSet) -> JSONValue {
        func location(_ r: SourceRange?) -> [(String, JSONValue)] {
            guard let r else { return [("file", .null), ("line", .null), ("column", .null), ("endLine", .null), ("endColumn", .null)] }
            let file = sources[r.file]
            let s = file.lineColumn(of: r.start), e = file.lineColumn(of: r.end)
            return [("file", .string(file.path)), ("line", .int(s.line)), ("column", .int(s.column)),
                    ("endLine", .int(e.line)), ("endColumn", .int(e.column))]
        }
        var members: [(String, JSONValue)] = [
            ("code", .string(d.code.rawValue)),
            ("severity", .string(d.severity.rawValue)),
            ("message", .string(d.message.render(language))),
        ]
        members += location(d.range)
        members.append(("notes", .array(d.notes.map { note in
            .object([("message", .string(note.message.render(language)))] + location(note.range))
        })))
        members.append(("fix", .optional(d.fix?.render(language))))
        members.append(("edits", .array(d.edits.map { edit in
            .object(location(edit.range) + [("replacement", .string(edit.replacement))])
        })))
        return .object(members)
    }

    // MARK: - GitHub

    /// A workflow command: `::error file=…,line=…,col=…,title=E105::message`.
    public func github(_ d: Diagnostic, sources: SourceSet) -> String {
        var properties: [String] = []
        if let r = d.range {
            let (path, position) = sources.location(r)
            let end = sources[r.file].lineColumn(of: r.end)
            properties.append("file=\(escapeGitHubProperty(path))")
            properties.append("line=\(position.line)")
            properties.append("col=\(position.column)")
            if end.line == position.line { properties.append("endColumn=\(end.column)") }
        }
        properties.append("title=\(d.code.rawValue)")
        var message = d.message.render(language)
        for note in d.notes {
            if let r = note.range {
                let (path, position) = sources.location(r)
                message += "\n\(path):\(position): \(note.message.render(language))"
            } else {
                message += "\n\(note.message.render(language))"
            }
        }
        if let fix = d.fix { message += "\n" + fix.render(language) }
        let command = d.severity == .error ? "error" : "warning"
        return "::\(command) \(properties.joined(separator: ","))::\(escapeGitHubData(DiagnosticRenderer.visible(message)))"
    }

    private func escapeGitHubData(_ s: String) -> String {
        s.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    private func escapeGitHubProperty(_ s: String) -> String {
        escapeGitHubData(s).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
