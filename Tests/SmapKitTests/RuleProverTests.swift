import Testing
@testable import SmapCore
@testable import SmapSyntax
@testable import SmapModel
@testable import SmapCheck
@testable import SmapLayout
@testable import SmapEmit
@testable import SmapAuthoring
import SmapGenerate

/// The rule prover on small hand-made maps: dominance with several starts,
/// loops left out, decisions, parallel work joined at fan-in, and time budgets.
@Suite("Rule prover")
struct RuleProverTests {
    /// Builds a map from steps ("id" or "id?" for a decision, "id!" for a start,
    /// "id." for an end, "id@5d" for a time) and flows, then returns the rule outcomes.
    func prove(steps: [String], flows: [String], rules: [String]) -> (Compilation, [RuleStatus]) {
        var text = "map \"T\" { version \"1\" }\nlane a \"A\"\n"
        for spec in steps {
            var id = spec
            var fields = ["info \"x\""]
            if let at = id.firstIndex(of: "@") {
                fields.append("within \(id[id.index(after: at)...])")
                id = String(id[..<at])
            }
            var kind = "step"
            if id.hasSuffix("?") { kind = "decision"; id.removeLast() }
            if id.hasSuffix("!") { fields.append("start"); fields.append("actualise"); id.removeLast() }
            if id.hasSuffix(".") { fields.append("end"); id.removeLast() }
            var branches = ""
            if kind == "decision" {
                let targets = flows.filter { $0.hasPrefix(id + " -> ") }.map { String($0.dropFirst(id.count + 4)) }
                branches = targets.enumerated().map { "\"b\($0.offset)\" -> \($0.element)" }.joined(separator: "\n")
            }
            text += "\(kind) \(id) \"\(id)\" in a {\n\(fields.joined(separator: "\n"))\n\(branches)\n}\n"
        }
        let decisions = Set(steps.filter { $0.contains("?") }.map { String($0.prefix(while: { $0 != "?" })) })
        for flow in flows where !decisions.contains(String(flow.prefix(while: { $0 != " " }))) {
            text += flow + "\n"
        }
        for rule in rules { text += "rule \(rule)\n" }
        let compilation = Compiler.compile(source: text)
        return (compilation, compilation.ruleOutcomes.map(\.status))
    }

    func stepIDs(_ c: Compilation, _ status: RuleStatus) -> [String] {
        guard case .violated(let path) = status else { return [] }
        return path.map { c.model.steps[$0].id }
    }

    @Test func beforeHoldsOnAChain() {
        let (c, s) = prove(steps: ["s!", "a", "b."], flows: ["s -> a", "a -> b"], rules: ["a before b"])
        #expect(!c.hasErrors)
        #expect(s == [.holds])
    }

    @Test func beforeIsViolatedByABypassAndShowsThePath() {
        let (c, s) = prove(steps: ["s!", "d?", "a", "b."], flows: ["s -> d", "d -> a", "d -> b", "a -> b"],
                           rules: ["a before b"])
        #expect(stepIDs(c, s[0]) == ["s", "d", "b"])
    }

    @Test func beforeConsidersEveryStart() {
        // From s1 every way passes a; from s2 it does not.
        let (c, s) = prove(steps: ["s1!", "s2!", "a", "b."], flows: ["s1 -> a", "a -> b", "s2 -> b"],
                           rules: ["a before b"])
        #expect(stepIDs(c, s[0]) == ["s2", "b"])
    }

    @Test func afterIsBeforeTheOtherWayRound() {
        let (_, s) = prove(steps: ["s!", "a", "b."], flows: ["s -> a", "a -> b"], rules: ["b after a", "a after b"])
        #expect(s[0] == .holds)
        if case .violated = s[1] {} else { Issue.record("a after b should be violated, got \(s[1])") }
    }

    @Test func parallelWorkJoinedAtFanInCountsBothBranches() {
        // s forks to x and a (both are done); b waits for both.
        let (_, s) = prove(steps: ["s!", "x", "a", "b."], flows: ["s -> [x, a]", "[x, a] -> b"],
                           rules: ["a before b"])
        #expect(s == [.holds])
    }

    @Test func aDecisionBranchIsNotParallelWork() {
        // d chooses x or a; when it chooses x, b is reached without a.
        let (c, s) = prove(steps: ["s!", "d?", "x", "a", "b."], flows: ["s -> d", "d -> x", "d -> a", "[x, a] -> b"],
                           rules: ["a before b"])
        #expect(stepIDs(c, s[0]) == ["s", "d", "x", "b"])
    }

    @Test func aDecisionWhoseBranchesMeetAgainGuaranteesTheMeetingStep() {
        // The shape of the remiss example: the certificate is assessed on both branches.
        let (c, s) = prove(
            steps: ["m!", "intyg?", "begar", "bedomning", "kartl", "plan."],
            flows: ["m -> [intyg, kartl]", "intyg -> bedomning", "intyg -> begar", "begar -> bedomning",
                    "[bedomning, kartl] -> plan"],
            rules: ["bedomning before plan", "intyg parallel kartl"])
        #expect(!c.hasErrors)
        #expect(s == [.holds, .holds])
    }

    @Test func loopFlowsAreLeftOut() {
        let (c, s) = prove(steps: ["s!", "a", "b", "e."], flows: ["s -> a", "a -> b", "b -> a { loop }", "b -> e"],
                           rules: ["a before b", "b before e"])
        #expect(!c.hasErrors)
        #expect(s == [.holds, .holds])
    }

    @Test func parallelIsViolatedWhenOneReachesTheOther() {
        let (c, s) = prove(steps: ["s!", "a", "b."], flows: ["s -> a", "a -> b"], rules: ["a parallel b"])
        #expect(stepIDs(c, s[0]) == ["a", "b"])
    }

    @Test func withinSumsTheLongestPath() {
        let (c, s) = prove(steps: ["s!", "d?", "a@2d", "b@1w", "e.@1d"],
                           flows: ["s -> d", "d -> a", "d -> b", "a -> e", "b -> e"],
                           rules: ["e within 1w after s", "e within 8d after s"])
        // s → d (decision, 0) → b (7d) → e (1d) = 8 days.
        #expect(stepIDs(c, s[0]) == ["s", "d", "b", "e"])
        #expect(s[1] == .holds)
        #expect(c.ruleOutcomes[0].longestHours == 8 * 24)
    }

    @Test func withinIsUnprovableWhenAStepHasNoTime() {
        let (c, s) = prove(steps: ["s!", "a", "e.@1d"], flows: ["s -> a", "a -> e"], rules: ["e within 1w after s"])
        guard case .unprovable(let step) = s[0] else {
            Issue.record("expected unprovable, got \(s[0])")
            return
        }
        #expect(c.model.steps[step].id == "a")
        #expect(c.diagnostics.contains { $0.code == .ruleUnprovable })
    }

    @Test func withinIsVacuousWhenTheTargetCannotBeReached() {
        let (c, s) = prove(steps: ["s!", "a.@1d", "b.@1d"], flows: ["s -> [a, b]"], rules: ["a within 1w after b"])
        #expect(s == [.vacuous])
        #expect(c.diagnostics.contains { $0.code == .ruleVacuous })
    }

    @Test func dominatorsOfALongChainDoNotOverflowTheStack() {
        let n = 100_000
        let graph = FlowGraph(count: n, edges: (0..<(n - 1)).map { (from: $0, to: $0 + 1, flow: $0) })
        let idom = graph.immediateDominators(roots: [0])
        #expect(idom[n - 1] == n - 2)
        #expect(idom[0] == n)
        #expect(graph.cyclicComponents().isEmpty)
    }

    @Test func cyclicComponentsFindsTheCircleOnly() {
        let graph = FlowGraph(count: 5, edges: [(0, 1, 0), (1, 2, 1), (2, 1, 2), (2, 3, 3), (3, 3, 4)])
        #expect(graph.cyclicComponents() == [[1, 2], [3]])
        #expect(graph.cycle(through: 1, within: [1, 2]) == [1, 2, 1])
    }
}
