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

/// Hostile shapes that once took time quadratic in their size (or memory in
/// proportion to steps times rules), each found by timing smap on generated
/// maps: now each ends quickly in diagnostics or success. These tests hold
/// what the compiler reports for them; they assert no wall-clock time, which
/// on a shared machine fails without cause and passes a slow regression on a
/// fast one (scripts/bench times the stages; a hang still stops the run).
@Suite("Hostile inputs")
struct HostileInputTests {
    static let header = "map \"Fientlig\" { version \"1\" }\nlane a \"A\"\n"

    func compiled(_ text: String) -> Compilation { Compiler.compile(source: text) }

    @Test("a step with 50,000 tags")
    func manyTags() {
        let tags = (0..<50_000).map { "t\($0)" }.joined(separator: ", ")
        let c = compiled(Self.header + "step s \"S\" in a { start end actualise tags \(tags), t7 info \"i\" }\n")
        #expect(c.diagnostics.isEmpty)
        #expect(c.model.steps[0].tags.count == 50_000)
    }

    @Test("views that name thousands of steps and tags")
    func bigViews() {
        let n = 3_000
        var text = Self.header
        for i in 0..<n {
            let fields = i == 0 ? "start actualise " : (i == n - 1 ? "end " : "")
            text += "step s\(i) \"S\" in a { \(fields)tags t\(i) info \"i\" }\n"
        }
        for i in 0..<(n - 1) { text += "s\(i) -> s\(i + 1)\n" }
        text += "view steg \"Steg\" { include step " + (0..<n).filter { $0 % 2 == 0 }.map { "s\($0)" }.joined(separator: ", ") + " }\n"
        text += "view taggar \"Taggar\" { include tag " + (0..<n).filter { $0 % 3 == 0 }.map { "t\($0)" }.joined(separator: ", ") + " }\n"
        let c = compiled(text)
        #expect(c.diagnostics.isEmpty)
        #expect(c.views.map(\.keptSteps.count) == [n / 2, n / 3])
    }

    @Test("hundreds of misspelt names among thousands: suggestions within a budget")
    func misspellings() {
        let n = 2_500, typos = 250
        var text = Self.header
        for i in 0..<n {
            let fields = i == 0 ? "start actualise " : (i == n - 1 ? "end " : "")
            text += "step kartlaggning_\(i) \"S\" in a { \(fields)info \"i\" }\n"
        }
        for i in 0..<(n - 1) { text += "kartlaggning_\(i) -> kartlaggning_\(i + 1)\n" }
        for i in 0..<typos { text += "kartlaggning_\(i) -> kartlagning_\(i)\n" }
        let c = compiled(text)
        let unknown = c.diagnostics.filter { $0.code == .unknownStep }
        #expect(unknown.count == typos)
        // The first ones get "did you mean", until the comparison budget is spent.
        #expect(unknown.first?.fix == Text(.fixDidYouMean, "kartlaggning_0"))
        #expect(unknown.last?.fix == Text(.fixDeclareStep, "kartlagning_\(typos - 1)"))
    }

    @Test("50,000 unreached loops are reported without a walk from each")
    func unreachedLoops() {
        let n = 50_000
        var text = Self.header + "step s \"S\" in a { start end actualise info \"i\" }\n"
        for i in 0..<n {
            text += "step c\(i) \"C\" in a { info \"i\" }\nstep d\(i) \"D\" in a { info \"i\" }\n"
            text += "c\(i) -> d\(i)\nd\(i) -> c\(i) { loop }\n"
        }
        let c = compiled(text)
        #expect(c.diagnostics.filter { $0.code == .unreachableStep }.count == n)
    }

    @Test("a rule broken across a 20,000-step chain lists the ends of its path, not every step")
    func longCounterexamples() {
        let n = 20_000
        var text = Self.header + """
            decision s "S" in a { start actualise info "i" "ja" -> c0 "nej" -> c1 }

            """
        for i in 0..<n { text += "step c\(i) \"C\" in a { within 1d \(i == n - 1 ? "end " : "")info \"i\" }\n" }
        for i in 0..<(n - 1) { text += "c\(i) -> c\(i + 1)\n" }
        text += "rule c0 before c\(n - 1)\nrule c\(n - 1) within 2d after c1\n"
        let c = compiled(text)
        let broken = c.diagnostics.filter { $0.code == .ruleBeforeViolated || $0.code == .ruleWithinViolated }
        #expect(broken.count == 2)
        for d in broken {
            #expect(d.notes.count <= Checker.maximumPathNotes + 2)
            #expect(d.notes.contains { $0.message.key == .notePathStepsOmitted })
        }
        // The time still adds up over the steps not listed: 19,998 days.
        let within = broken.first { $0.code == .ruleWithinViolated }
        #expect(within?.arguments.contains("19998d") == true, "\(within?.arguments ?? [])")
    }
}
