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

/// What a person (and a tool) sees: diagnostics of some corpus files rendered
/// in full and compared with golden files under `Tests/Golden/diagnostics/`.
/// Paths are shown relative to the package, so the files hold no machine's paths.
@Suite("Rendered diagnostics")
struct RenderedDiagnosticsTests {
    static func render(_ corpusFile: String, _ format: DiagnosticRenderer.Format,
                       _ language: Language = .en) throws -> String {
        let path = CorpusTests.corpusFolder.appendingPathComponent(corpusFile).path
        let compilation = try Compiler.compile(path: path)
        let renderer = DiagnosticRenderer(format: format, language: language, color: false)
        let text = renderer.render(compilation.diagnostics, sources: compilation.sources)
        return text.replacingOccurrences(of: ExternalTool.packageRoot.path + "/", with: "")
    }

    @Test("human rendering", arguments: [
        ("unknown-step.smap", "unknown-step.en.txt"),            // a "did you mean"
        ("rule-before-violated.smap", "rule-before-violated.en.txt"), // a counterexample, step by step
        ("rule-within-violated.smap", "rule-within-violated.en.txt"), // times added up along the path
        ("recovery-several-errors.smap", "recovery-several-errors.en.txt"), // every error of a file
        ("recovery-missing-brace.smap", "recovery-missing-brace.en.txt"),   // a note where the block starts
        ("long-line.smap", "long-line.en.txt"),                  // a window of a long line
        ("nul-byte.smap", "nul-byte.en.txt"),                    // control characters made visible
        ("unmarked-cycle.smap", "unmarked-cycle.en.txt"),        // the circle spelled out
    ])
    func human(_ file: String, _ golden: String) throws {
        let text = try Self.render(file, .human)
        #expect(!text.isEmpty)
        Golden.assertMatches(text, "diagnostics/" + golden)
    }

    @Test("human rendering in Swedish")
    func swedish() throws {
        Golden.assertMatches(try Self.render("rule-before-violated.smap", .human, .sv),
                             "diagnostics/rule-before-violated.sv.txt")
    }

    @Test("json rendering: one object per line")
    func json() throws {
        let text = try Self.render("rule-before-violated.smap", .json)
        Golden.assertMatches(text, "diagnostics/rule-before-violated.json")
        let lines = text.split(separator: "\n")
        #expect(lines.count == 1)
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["code"] as? String == "E140")
            #expect((object?["notes"] as? [Any])?.count == 5)
        }
    }

    @Test("github rendering: workflow commands")
    func github() throws {
        let text = try Self.render("rule-before-violated.smap", .github)
        Golden.assertMatches(text, "diagnostics/rule-before-violated.github.txt")
        #expect(text.hasPrefix("::error file=Tests/Corpus/rule-before-violated.smap,line=17,col=3,"))
        let warnings = try Self.render("step-without-info.smap", .github)
        Golden.assertMatches(warnings, "diagnostics/step-without-info.github.txt")
        #expect(warnings.split(separator: "\n").allSatisfy { $0.hasPrefix("::warning ") })
    }
}
