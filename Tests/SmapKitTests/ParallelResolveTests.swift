import Testing
@testable import SmapCore
@testable import SmapSyntax
@testable import SmapModel
@testable import SmapCheck
@testable import SmapLayout
@testable import SmapEmit
@testable import SmapAuthoring
import SmapGenerate

/// The resolver resolves steps and looks up flow names on every core, in
/// chunks, and resolves again (reporting) only what a chunk found a problem
/// in. These maps are large enough to be cut into chunks, with mistakes
/// spread over them: every mistake must be reported once, at its line, in
/// order, with nothing else.
@Suite("Parallel resolving")
struct ParallelResolveTests {
    /// A generated map of `steps` steps with `change` applied to every
    /// `every`-th line that `matches`; returns the map and the changed lines.
    func broken(steps: Int, every: Int, matches: (String) -> Bool, change: (String) -> String)
        -> (text: String, lines: [Int]) {
        var lines = MapGenerator.generate(steps: steps, seed: 3).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var changed: [Int] = []
        var seen = 0
        for i in lines.indices where matches(lines[i]) {
            seen += 1
            if seen % every == 0 {
                lines[i] = change(lines[i])
                changed.append(i + 1)
            }
        }
        return (lines.joined(separator: "\n"), changed)
    }

    func firstReplaced(_ line: String, _ target: String, _ replacement: String) -> String {
        guard let r = line.range(of: target) else { return line }
        return line.replacingCharacters(in: r, with: replacement)
    }

    func errors(_ text: String) -> [(code: String, line: Int)] {
        let c = Compiler.compile(source: text)
        return c.diagnostics.filter { $0.severity == .error }.map { d in
            (d.code.rawValue, c.sources[d.range!.file].lineColumn(of: d.range!.start).line)
        }
    }

    /// Each changed line is reported, once and in order, with `code` and nothing else.
    func expectEachReported(_ map: (text: String, lines: [Int]), as code: DiagnosticCode, changedAtLeast minimum: Int? = nil,
                            sourceLocation: SourceLocation = #_sourceLocation) {
        if let minimum { #expect(map.lines.count >= minimum, sourceLocation: sourceLocation) }
        let found = errors(map.text)
        #expect(found.map(\.line) == map.lines, sourceLocation: sourceLocation)
        #expect(Set(found.map(\.code)) == [code.rawValue], sourceLocation: sourceLocation)
    }

    @Test func unknownLanesInStepsAcrossChunks() {
        let lanes = broken(steps: 6_000, every: 450, matches: { $0.hasPrefix("step ") && $0.contains(" in ") }) {
            $0.replacingOccurrences(of: " in ", with: " in okänd_")
        }
        expectEachReported(lanes, as: .unknownLane, changedAtLeast: 10)
    }

    @Test func unknownLawsAndBadCitationsAcrossChunks() {
        let aliases = broken(steps: 6_000, every: 150, matches: { $0.hasPrefix("  law ") }) {
            $0.replacingOccurrences(of: "  law ", with: "  law X")
        }
        expectEachReported(aliases, as: .unknownLaw, changedAtLeast: 5)

        let citations = broken(steps: 6_000, every: 150, matches: { $0.hasPrefix("  law ") && $0.hasSuffix("\"") }) {
            String($0.dropLast()) + " och mer\""
        }
        expectEachReported(citations, as: .invalidCitation)
    }

    @Test func unknownStepsInFlowsAndBranchesAcrossChunks() {
        let flows = broken(steps: 6_000, every: 300, matches: { !$0.hasPrefix(" ") && $0.contains(" -> ") }) {
            firstReplaced($0, " -> ", " -> saknas_")
        }
        expectEachReported(flows, as: .unknownStep, changedAtLeast: 10)

        let branches = broken(steps: 6_000, every: 50, matches: { $0.hasPrefix("  \"") && $0.contains("\" -> ") }) {
            $0.replacingOccurrences(of: "\" -> ", with: "\" -> saknas_")
        }
        expectEachReported(branches, as: .unknownStep, changedAtLeast: 10)
    }
}
