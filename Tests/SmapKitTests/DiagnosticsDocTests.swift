import Foundation
import Testing
@testable import SmapCore
@testable import SmapSyntax
@testable import SmapModel
@testable import SmapCheck
@testable import SmapLayout
@testable import SmapEmit
@testable import SmapAuthoring
import SmapGenerate

/// `docs/diagnostics.md` documents every code, and the corpus proves every
/// code: a new DiagnosticCode fails here until it has a section (in code
/// order) and a corpus file that expects it.
@Suite("docs/diagnostics.md")
struct DiagnosticsDocTests {
    /// Codes no map file can show: the command line reports them, for the option named.
    /// Codes no small corpus file can show, with a word their section must name.
    static let commandLineOnly: [DiagnosticCode: String] = [.unknownView: "--view", .tooManyErrors: "1,000", .tooManyTokens: "8 million"]

    static var document: String {
        let url = ExternalTool.packageRoot.appendingPathComponent("docs/diagnostics.md")
        return (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }

    /// `### E105 — …` sections: the code and the text up to the next heading.
    static func sections() -> [(code: String, body: String)] {
        var result: [(code: String, body: String)] = []
        for line in document.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("### ") {
                let code = line.dropFirst(4).prefix { !$0.isWhitespace }
                result.append((String(code), ""))
            } else if line.hasPrefix("## ") || line.hasPrefix("# ") {
                result.append(("", ""))
            } else if !result.isEmpty {
                result[result.count - 1].body += line + "\n"
            }
        }
        return result.filter { !$0.code.isEmpty }
    }

    /// Corpus files (relative names) whose expectations include `code`.
    static func corpusFiles(expecting code: DiagnosticCode) -> [String] {
        CorpusTests.files().filter { name in
            let url = CorpusTests.corpusFolder.appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: url.path) else { return false }
            // A malformed expectation fails the corpus test of that file; here it expects nothing.
            let items = (try? CorpusTests.expectations(in: String(decoding: data, as: UTF8.self), file: name))?.items ?? []
            return items.contains { $0.code == code.rawValue && $0.severity == code.severity.rawValue }
        }
    }

    @Test("every code has one section, in code order, and no section names an unknown code")
    func sectionsMatchCodes() {
        let documented = Self.sections().map(\.code)
        #expect(documented == DiagnosticCode.allCases.map(\.rawValue),
                "missing: \(DiagnosticCode.allCases.map(\.rawValue).filter { !documented.contains($0) }), unknown: \(documented.filter { DiagnosticCode(rawValue: $0) == nil })")
    }

    @Test("each section states its severity and names a corpus file that expects the code",
          arguments: DiagnosticCode.allCases)
    func section(_ code: DiagnosticCode) throws {
        let body = try #require(Self.sections().first { $0.code == code.rawValue }?.body,
                                "docs/diagnostics.md has no section ### \(code.rawValue)")
        let severityWord = code.severity == .error ? "**Error.**" : "**Warning.**"
        #expect(body.contains(severityWord), "\(code.rawValue) should say \(severityWord)")
        #expect(body.contains("Fix"), "\(code.rawValue) should say how to fix it")
        if let option = Self.commandLineOnly[code] {
            #expect(body.contains(option), "\(code.rawValue) should name the option \(option)")
            return
        }
        let named = body.matches(of: /Tests\/Corpus\/([A-Za-z0-9_-]+\.smap)/).map { String($0.output.1) }
        #expect(!named.isEmpty, "\(code.rawValue) names no corpus file")
        let expecting = Set(Self.corpusFiles(expecting: code))
        #expect(named.contains { expecting.contains($0) },
                "\(code.rawValue) names \(named), but only \(expecting.sorted()) expect it")
        #expect(body.contains("```smap"), "\(code.rawValue) should show its example")
    }

    @Test("every code is expected by some corpus file", arguments: DiagnosticCode.allCases)
    func corpusCoversCode(_ code: DiagnosticCode) {
        guard Self.commandLineOnly[code] == nil else { return }
        #expect(!Self.corpusFiles(expecting: code).isEmpty, "no Tests/Corpus file expects \(code.rawValue)")
    }

    /// The message block of a section: what smap says for the first
    /// diagnostic with `code` in the example file, in English and Swedish.
    static func messageBlock(_ code: DiagnosticCode, example: String) throws -> [String] {
        let compilation = try Compiler.compile(path: CorpusTests.corpusFolder.appendingPathComponent(example).path)
        let d = try #require(compilation.diagnostics.first { $0.code == code }, "\(example) reports no \(code.rawValue)")
        var lines: [String] = []
        for (language, words) in [(Language.en, ("error", "warning", "help")), (.sv, ("fel", "varning", "så här"))] {
            lines.append("\(code.severity == .error ? words.0 : words.1)[\(code.rawValue)]: \(d.message.render(language))")
            if let fix = d.fix { lines.append("  = \(words.2): \(fix.render(language))") }
        }
        return lines
    }

    @Test("the messages quoted in each section are the ones smap prints")
    func messagesAreCurrent() throws {
        // Rewritten in place with SMAP_RECORD=1, like the golden files.
        var lines = Self.document.components(separatedBy: "\n")
        var code: DiagnosticCode?
        var example: String?
        var stale: [String] = []
        var i = 0
        while i < lines.count {
            let line = lines[i]
            if line.hasPrefix("### ") {
                code = DiagnosticCode(rawValue: String(line.dropFirst(4).prefix { !$0.isWhitespace }))
                example = nil
            } else if line.hasPrefix("Example: [`Tests/Corpus/"), let match = line.firstMatch(of: /Tests\/Corpus\/([A-Za-z0-9_-]+\.smap)/) {
                example = String(match.output.1)
            } else if line == "```text", let code, let file = example,
                      let end = lines[(i + 1)...].firstIndex(of: "```") {
                let expected = try Self.messageBlock(code, example: file)
                if Array(lines[(i + 1)..<end]) != expected {
                    stale.append(code.rawValue)
                    lines.replaceSubrange((i + 1)..<end, with: expected)
                }
                example = nil
                i = (i + 1) + expected.count
            }
            i += 1
        }
        guard !stale.isEmpty else { return }
        if ProcessInfo.processInfo.environment["SMAP_RECORD"] == "1" {
            let url = ExternalTool.packageRoot.appendingPathComponent("docs/diagnostics.md")
            try Data(lines.joined(separator: "\n").utf8).write(to: url)
            Issue.record("rewrote the messages of \(stale) in docs/diagnostics.md; run again without SMAP_RECORD")
        } else {
            Issue.record("docs/diagnostics.md quotes old messages for \(stale); SMAP_RECORD=1 swift test rewrites them")
        }
    }

    @Test("the documented JSON fields are the ones smap writes")
    func jsonFields() throws {
        let compilation = try Compiler.compile(
            path: CorpusTests.corpusFolder.appendingPathComponent("rule-before-violated.smap").path)
        let diagnostic = try #require(compilation.diagnostics.first)
        let json = DiagnosticRenderer(format: .json).json(diagnostic, sources: compilation.sources)
        guard case .object(let members) = json else { Issue.record("not an object"); return }
        let noteKeys: [String]
        if case .array(let notes)? = members.first(where: { $0.0 == "notes" })?.1,
           case .object(let noteMembers)? = notes.first {
            noteKeys = noteMembers.map(\.0)
        } else {
            noteKeys = []
        }
        // The field table lists `name` in its first column.
        let table = Self.document.components(separatedBy: "## `--format json`").dropFirst().first ?? ""
        let documented = table.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("| `") else { return nil }
            return String(line.dropFirst(3).prefix { $0 != "`" })
        }
        #expect(documented == members.map(\.0) + noteKeys.map { "notes[]." + $0 },
                "docs/diagnostics.md lists \(documented)")
    }
}
