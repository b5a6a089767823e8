import SmapKit

/// The page the preview shows instead of the map while the map has errors:
/// every error and warning with its file, line and column, the source line
/// with the place marked, the notes and the fix — in the map's language —
/// and the live-reload client, so the map comes back by itself once it is
/// right. Like the map's page it is one self-contained document whose
/// Content-Security-Policy allows only its own style and the client.
package enum ErrorPage {
    package static let css = """
        :root{--ink:#1a1a1a;--muted:#455a64;--line:#b0bec5;--bg:#f4f6f7;--error:#b71c1c;--warning:#7a4b00}
        *{box-sizing:border-box}
        body{margin:0;font-family:"Liberation Sans",Arial,Helvetica,sans-serif;color:var(--ink);background:var(--bg);line-height:1.5}
        header{background:#263238;color:#fff;padding:1.1rem 1.5rem}
        header h1{margin:0;font-size:1.6rem;line-height:1.25}
        header p{margin:.3rem 0 0;color:#eceff1}
        main{padding:1rem 1.5rem 2rem;max-width:70rem}
        .ledtext{max-width:75ch}
        ol.problem{list-style:none;padding:0;margin:0}
        ol.problem>li{background:#fff;border:1px solid var(--line);border-left:6px solid var(--error);border-radius:6px;padding:.8rem 1rem;margin:0 0 1rem}
        ol.problem>li.varning{border-left-color:var(--warning)}
        ol.problem h2{font-size:1.1rem;margin:0 0 .3rem}
        .grad{font-weight:700;color:var(--error)}
        .varning .grad{color:var(--warning)}
        .kod{font-family:"Liberation Mono",Consolas,monospace;font-size:.95rem}
        .plats{margin:.1rem 0 .4rem;color:var(--muted)}
        pre{margin:.3rem 0 .5rem;padding:.5rem .7rem;background:#263238;color:#fff;border-radius:4px;overflow-x:auto;white-space:pre}
        pre .radnr{color:#b0bec5;user-select:none}
        mark{background:#ffd54f;color:#1a1a1a;padding:0 .1rem;border-radius:2px}
        .obs,.rattning{margin:.3rem 0 0}
        .rattning strong{color:#1b5e20}
        """

    /// The page for a compilation with errors.
    package static func render(_ compilation: Compilation, language: Language, liveReload: LiveReload) -> [UInt8] {
        let diagnostics = DiagnosticRenderer(language: language).shown(compilation.diagnostics)
        var body = "<p class=\"ledtext\">\(escape(Text(.servePageLead).render(language)))</p>\n"
        body += "<ol class=\"problem\">\n"
        for d in diagnostics {
            body += item(d, sources: compilation.sources, language: language)
        }
        body += "</ol>\n"
        if compilation.diagnostics.count > diagnostics.count {
            body += "<p>\(escape(Text(.cliMore, "\(compilation.diagnostics.count - diagnostics.count)").render(language)))</p>\n"
        }
        let mainPath = compilation.sources.files.first?.path ?? ""
        let summary = Text(.cliSummary, mainPath, counts(compilation, language).errors, counts(compilation, language).warnings)
            .render(language)
        return page(language: language, title: compilation.model.title, summary: summary, body: body, liveReload: liveReload)
    }

    /// The page for a map file that cannot be read (deleted, a folder, too large).
    package static func unreadable(_ message: Text, language: Language, liveReload: LiveReload) -> [UInt8] {
        let body = "<p class=\"ledtext\">\(escape(Text(.servePageLead).render(language)))</p>\n"
            + "<ol class=\"problem\"><li><h2><span class=\"grad\">\(escape(Text(.serveError).render(language))):</span> "
            + "\(escape(message.render(language)))</h2></li></ol>\n"
        return page(language: language, title: "", summary: message.render(language), body: body, liveReload: liveReload)
    }

    static func item(_ d: Diagnostic, sources: SourceSet, language: Language) -> String {
        let isError = d.severity == .error
        var out = "<li class=\"\(isError ? "fel" : "varning")\">"
        let word = Text(isError ? .serveError : .serveWarning).render(language)
        out += "<h2><span class=\"grad\">\(escape(word)) <span class=\"kod\">\(d.code.rawValue)</span>:</span> "
        out += escape(DiagnosticRenderer.visible(d.message.render(language))) + "</h2>"
        if let range = d.range {
            let file = sources[range.file]
            let start = file.lineColumn(of: range.start)
            out += "<p class=\"plats\">" + escape(Text(.serveLocation, file.path, "\(start.line)", "\(start.column)").render(language)) + "</p>"
            out += snippet(range, in: file, language: language)
        }
        for note in d.notes {
            var text = DiagnosticRenderer.visible(note.message.render(language))
            if let range = note.range {
                let (path, position) = sources.location(range)
                text = Text(.serveLocation, path, "\(position.line)", "\(position.column)").render(language) + ": " + text
            }
            out += "<p class=\"obs\"><strong>\(escape(Text(.serveNote).render(language))):</strong> \(escape(text))</p>"
        }
        if let fix = d.fix {
            out += "<p class=\"rattning\"><strong>\(escape(Text(.serveFix).render(language))):</strong> "
            out += escape(DiagnosticRenderer.visible(fix.render(language))) + "</p>"
        }
        return out + "</li>\n"
    }

    /// The source line with its number and the range marked (to the line's
    /// end when the range goes on); a very long line is cut around the range.
    static func snippet(_ range: SourceRange, in file: SourceFile, language: Language) -> String {
        let start = file.lineColumn(of: range.start), end = file.lineColumn(of: range.end)
        let scalars = Array(file.lineText(start.line - 1).unicodeScalars.map { $0 == "\t" ? " " : DiagnosticRenderer.visible($0) })
        let from = min(max(0, start.column - 1), scalars.count)
        var to = end.line == start.line ? max(from + 1, end.column - 1) : scalars.count
        to = min(max(to, from), scalars.count)
        let windowStart = from > 80 ? from - 40 : 0
        let windowEnd = min(scalars.count, max(to, from + 1) + 80)
        func text(_ a: Int, _ b: Int) -> String {
            a < b ? escape(String(String.UnicodeScalarView(scalars[a..<b]))) : ""
        }
        var line = windowStart > 0 ? "…" : ""
        line += text(windowStart, from)
        line += from < to ? "<mark>" + text(from, to) + "</mark>" : "<mark> </mark>"
        line += text(to, windowEnd)
        if windowEnd < scalars.count { line += "…" }
        let label = escape(Text(.serveSourceLine, "\(start.line)").render(language))
        return "<pre class=\"kod\" aria-label=\"\(label)\"><span class=\"radnr\">\(start.line) | </span>\(line)</pre>"
    }

    static func page(language: Language, title: String, summary: String, body: String, liveReload: LiveReload) -> [UInt8] {
        let heading = Text(.servePageHeading).render(language)
        let pageTitle = Text(.servePageTitle).render(language) + (title.isEmpty ? "" : " – " + title)
        let csp = "default-src 'none'; script-src\(liveReload.scriptSource); style-src 'sha256-\(SHA256.base64(css))'; "
            + "img-src data:; base-uri 'none'; form-action 'none'\(liveReload.connectSource)"
        var out = "<!DOCTYPE html>\n<html lang=\"\(language.rawValue)\">\n<head>\n<meta charset=\"utf-8\">\n"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        out += "<meta http-equiv=\"Content-Security-Policy\" content=\"\(csp)\">\n"
        out += "<meta name=\"generator\" content=\"smap\">\n"
        out += "<title>\(escape(pageTitle))</title>\n<link rel=\"icon\" href=\"data:,\">\n"
        out += "<style>\(css)</style>\n</head>\n<body>\n"
        out += "<header><h1 id=\"smap-fel\">\(escape(heading))</h1><p>\(escape(summary))</p></header>\n"
        out += "<main aria-labelledby=\"smap-fel\">\n" + body + "</main>\n"
        out += liveReload.element
        out += "</body>\n</html>\n"
        return Array(out.utf8)
    }

    static func escape(_ text: String) -> String { HTMLText.escape(text) }

    /// "1 fel", "3 varningar" ("1 error", "3 warnings"), as `smap check` says them.
    package static func counts(_ compilation: Compilation, _ language: Language) -> (errors: String, warnings: String) {
        (Text.counted(compilation.errorCount, one: .countError, many: .countErrors, language),
         Text.counted(compilation.warningCount, one: .countWarning, many: .countWarnings, language))
    }
}
