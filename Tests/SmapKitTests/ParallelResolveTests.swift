import Testing
@testable import SmapKit

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

    @Test func unknownLanesInStepsAcrossChunks() {
        let (text, lines) = broken(steps: 6_000, every: 450, matches: { $0.hasPrefix("step ") && $0.contains(" in ") }) {
            $0.replacingOccurrences(of: " in ", with: " in okänd_")
        }
        #expect(lines.count >= 10)
        let found = errors(text)
        #expect(found.map(\.line) == lines)
        #expect(Set(found.map(\.code)) == [DiagnosticCode.unknownLane.rawValue])
    }

    @Test func unknownLawsAndBadCitationsAcrossChunks() {
        let (aliases, aliasLines) = broken(steps: 6_000, every: 150, matches: { $0.hasPrefix("  law ") }) {
            $0.replacingOccurrences(of: "  law ", with: "  law X")
        }
        let found = errors(aliases)
        #expect(aliasLines.count >= 5)
        #expect(found.map(\.line) == aliasLines)
        #expect(Set(found.map(\.code)) == [DiagnosticCode.unknownLaw.rawValue])

        let (citations, citationLines) = broken(steps: 6_000, every: 150, matches: { $0.hasPrefix("  law ") && $0.hasSuffix("\"") }) {
            String($0.dropLast()) + " och mer\""
        }
        let invalid = errors(citations)
        #expect(invalid.map(\.line) == citationLines)
        #expect(Set(invalid.map(\.code)) == [DiagnosticCode.invalidCitation.rawValue])
    }

    @Test func unknownStepsInFlowsAndBranchesAcrossChunks() {
        let (flows, flowLines) = broken(steps: 6_000, every: 300, matches: { !$0.hasPrefix(" ") && $0.contains(" -> ") }) {
            firstReplaced($0, " -> ", " -> saknas_")
        }
        #expect(flowLines.count >= 10)
        let found = errors(flows)
        #expect(found.map(\.line) == flowLines)
        #expect(Set(found.map(\.code)) == [DiagnosticCode.unknownStep.rawValue])

        let (branches, branchLines) = broken(steps: 6_000, every: 50, matches: { $0.hasPrefix("  \"") && $0.contains("\" -> ") }) {
            $0.replacingOccurrences(of: "\" -> ", with: "\" -> saknas_")
        }
        #expect(branchLines.count >= 10)
        let inBranches = errors(branches)
        #expect(inBranches.map(\.line) == branchLines)
        #expect(Set(inBranches.map(\.code)) == [DiagnosticCode.unknownStep.rawValue])
    }
}
