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

/// Hostile sizes and shapes: each ends in diagnostics or success, never a
/// crash, a stack overflow or a hang. (Speed is measured by scripts/bench,
/// not here; these only guard against blow-ups.)
@Suite("Limits")
struct LimitsTests {
    static let header = """
        map "Gränser" { version "1" }
        lane a "A"

        """

    func codes(_ c: Compilation) -> [String] { c.diagnostics.map(\.code.rawValue) }

    @Test func anUnterminatedTwoMegabyteLineIsOneError() {
        let text = Self.header + "step s \"" + String(repeating: "x", count: 2_000_000) + "\nstep t \"T\" in a { start end actualise info \"i\" }\n"
        let c = Compiler.compile(source: text)
        #expect(codes(c).filter { $0 == "E003" }.count == 1)
        // The rendered snippet is cut to a window, not two megabytes.
        let rendered = DiagnosticRenderer(language: .en).render(c.diagnostics, sources: c.sources)
        #expect(rendered.utf8.count < 20_000)
    }

    @Test func aVeryLongStringIsKeptWhole() {
        let info = String(repeating: "ord ", count: 250_000)
        let text = Self.header + "step s \"S\" in a { start end actualise info \"\(info)\" }\n"
        let c = Compiler.compile(source: text)
        #expect(c.diagnostics.isEmpty)
        #expect(c.model.steps[0].info?.count == info.count)
    }

    @Test func aLongLineOfGarbageIsOneError() {
        let text = Self.header + String(repeating: "@", count: 1_000_000) + "\n"
        let c = Compiler.compile(source: text)
        #expect(codes(c).filter { $0 == "E005" }.count == 1)
    }

    @Test func aHundredThousandStepChainChecks() {
        let n = 100_000
        var text = Self.header
        text.reserveCapacity(n * 60)
        for i in 0..<n {
            let fields = i == 0 ? "start actualise " : (i == n - 1 ? "end " : "")
            text += "step s\(i) \"S\" in a { \(fields)info \"i\" }\n"
        }
        for i in 0..<(n - 1) { text += "s\(i) -> s\(i + 1)\n" }
        text += "rule s0 before s\(n - 1)\nrule s\(n - 1) after s1\n"
        let c = Compiler.compile(source: text)
        #expect(c.diagnostics.isEmpty)
        #expect(c.ruleOutcomes.map(\.status) == [.holds, .holds])
        #expect(c.numbers[n - 1] == n)
    }

    @Test func aHundredThousandStepCycleIsReportedOnce() {
        let n = 100_000
        var text = Self.header + "step s0 \"S\" in a { start actualise info \"i\" }\n"
        for i in 1..<n { text += "step s\(i) \"S\" in a { info \"i\" }\n" }
        for i in 0..<n { text += "s\(i) -> s\((i + 1) % n)\n" }
        let c = Compiler.compile(source: text)
        #expect(codes(c) == ["E118"])
    }

    @Test func aTenThousandWideFanOutAndFanIn() {
        let n = 10_000
        var text = Self.header + "step s \"S\" in a { start actualise info \"i\" }\nstep e \"E\" in a { end info \"i\" }\n"
        for i in 0..<n { text += "step m\(i) \"M\" in a { within 1d info \"i\" }\n" }
        let names = (0..<n).map { "m\($0)" }.joined(separator: ", ")
        text += "s -> [\(names)] -> e\n"
        text += "rule e within 2d after s\n"
        let c = Compiler.compile(source: text)
        #expect(codes(c) == ["W005"])
        #expect(c.model.flows.count == 2 * n)
        if case .unprovable = c.ruleOutcomes[0].status {} else {
            Issue.record("e has no time, so the rule must be unprovable; got \(c.ruleOutcomes[0].status)")
        }
    }

    @Test func fiveThousandUnknownNamesAreReportedAndTheListingIsCapped() {
        let n = 5_000
        let names = (0..<n).map { "x\($0)" }.joined(separator: ", ")
        let text = Self.header + "step s \"S\" in a { start actualise info \"i\" }\ns -> [\(names)]\n"
        let c = Compiler.compile(source: text)
        #expect(codes(c).filter { $0 == "E105" }.count == n)
        let rendered = DiagnosticRenderer(language: .en, limit: 100).render(c.diagnostics, sources: c.sources)
        #expect(rendered.contains("and 4900 more not shown"))
    }

    @Test func aFileOfTokensStopsAtTheTokenLimit() {
        // A file of commas: one token per byte without the limit.
        var sources = SourceSet()
        let id = sources.add(path: "m.smap", bytes: Array(String(repeating: ",", count: 50_000).utf8))
        let lexed = Lexer.lex(sources[id], maximumTokens: 10_000)
        #expect(lexed.tokens.count <= 10_001)
        #expect(lexed.diagnostics.map(\.code) == [.tooManyTokens])
        #expect(lexed.diagnostics.first?.message.render(.en).hasPrefix("the file holds more than") == true)
        #expect(Lexer.lex(sources[id]).diagnostics.isEmpty)
    }

    @Test func aFileOfErrorsStopsAfterTheLimit() {
        // Every two lines of `a` are a broken flow: 50,000 errors without the limit.
        let c = Compiler.compile(source: String(repeating: "a\n", count: 100_000))
        let parserErrors = c.diagnostics.filter { $0.code == .expected }
        #expect(parserErrors.count == Parser.errorLimit)
        let stop = c.diagnostics.filter { $0.code == .tooManyErrors }
        #expect(stop.count == 1)
        #expect(stop.first?.message.render(.en) == "too many syntax errors (1000); the rest of the file was not read")
        // It is printed although it comes after the first 100 errors.
        #expect(DiagnosticRenderer(language: .en).render(c.diagnostics, sources: c.sources).contains("E029"))
        // A file that could be read in parts is read whole once the parser
        // gives up, so where it stops does not depend on the parts.
        let blocks = (0..<3_000).map { "a\nstep s\($0) \"S\"\n" }.joined()
        var sources = SourceSet()
        let id = sources.add(path: "m.smap", bytes: Array(blocks.utf8))
        #expect(ParallelFrontEnd.parse(sources[id], parts: 2, minimumPartSize: 16) == nil)
        #expect(Parser.parse(sources[id]).diagnostics == Parser.parseWhole(sources[id]).diagnostics)
    }

    @Test func errorsAreShownBeforeHundredsOfWarnings() {
        // 300 steps without info (W002 each) come before the one error in the file.
        let steps = (0..<300).map { "step s\($0) \"S\" in a { \($0 == 0 ? "start actualise" : "") }" }.joined(separator: "\n")
        let flows = (0..<299).map { "s\($0) -> s\($0 + 1)" }.joined(separator: "\n")
        let text = Self.header + steps + "\n" + flows + "\ns299 -> okand\n"
        let c = Compiler.compile(source: text)
        #expect(c.errorCount == 1 && c.warningCount > 100)
        let renderer = DiagnosticRenderer(language: .en, limit: 100)
        let shown = renderer.shown(c.diagnostics)
        #expect(shown.count == 100)
        #expect(shown.contains { $0.code == .unknownStep })
        // The ones shown keep their order in the file.
        let starts = shown.compactMap { $0.range?.start }
        #expect(starts == starts.sorted())
        #expect(renderer.render(c.diagnostics, sources: c.sources).contains("E105"))
    }

    @Test func aDeepIncludeChainLoads() throws {
        let depth = 500
        var files: [String: String] = ["root/main.smap": Self.header + "include \"d1/f.smap\"\n"]
        var folder = "root"
        for level in 1...depth {
            folder += "/d\(level)"
            let next = level < depth ? "include \"d\(level + 1)/f.smap\"\n" : ""
            let fields = level == 1 ? "start actualise " : (level == depth ? "end " : "")
            var body = "step s\(level) \"S\" in a { \(fields)info \"i\" }\n"
            if level > 1 { body += "s\(level - 1) -> s\(level)\n" }
            files[folder + "/f.smap"] = body + next
        }
        let provider = MemorySourceProvider(files)
        let c = try Compiler.compile(path: "root/main.smap", provider: provider)
        #expect(c.sources.files.count == depth + 1)
        #expect(c.diagnostics.isEmpty, "\(codes(c).prefix(5))")
    }

    @Test func includeEscapesAndCyclesAreDiagnostics() throws {
        let provider = MemorySourceProvider([
            "m/main.smap": Self.header + """
                include "../secret.smap"
                include "/etc/passwd"
                include "a.smap"
                step s "S" in a { start end actualise info "i" }
                """,
            "m/a.smap": "include \"b.smap\"\n",
            "m/b.smap": "include \"a.smap\"\n",
            "secret.smap": "step x \"X\" in a { }\n",
        ])
        let c = try Compiler.compile(path: "m/main.smap", provider: provider)
        #expect(codes(c).sorted() == ["E120", "E120", "E121"])
        #expect(c.model.step("x") == nil)
    }

    @Test func deeplyNestedBracketsAndBracesDoNotRecurse() {
        let text = Self.header + String(repeating: "{", count: 200_000) + String(repeating: "[", count: 200_000) + "\n"
        let c = Compiler.compile(source: text)
        #expect(c.hasErrors)
    }
}
