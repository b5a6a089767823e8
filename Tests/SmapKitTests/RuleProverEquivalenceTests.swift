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

/// The rule prover searches only between a rule's two steps (see
/// ``RuleProver``). This test holds it to the plain whole-graph algorithm it
/// replaced, kept below as the reference: on thousands of random small maps —
/// decisions, several starts, loops, unmarked cycles, untimed steps — both
/// must give the same outcome and the same counterexample for every rule.
@Suite("Rule prover equivalence")
struct RuleProverEquivalenceTests {
    @Test("the bounded prover agrees with the whole-graph reference")
    func agreesWithReference() {
        var random = SplitMix64(seed: 2024)
        var compared = 0
        for _ in 0..<3_000 {
            let text = Self.randomMap(&random)
            let compilation = Compiler.compile(source: text)
            let model = compilation.model
            guard !model.steps.isEmpty else { continue }
            let graph = FlowGraph(model: model, includeLoops: false)
            let acyclic = graph.topologicalOrder().complete
            var reference = ReferenceRuleProver(model: model, graph: graph, acyclic: acyclic)
            var prover = RuleProver(model: model, graph: graph, acyclic: acyclic)
            for index in model.rules.indices {
                let expected = reference.prove(index)
                let actual = prover.prove(index)
                compared += 1
                guard expected.status != actual.status || expected.longestHours != actual.longestHours else { continue }
                Issue.record("""
                    rule \(index): reference \(expected.status) \(expected.longestHours ?? -1), \
                    prover \(actual.status) \(actual.longestHours ?? -1)
                    \(text)
                    """)
                return
            }
        }
        #expect(compared > 10_000)
    }

    /// Up to 14 steps; forward flows at random, now and then a flow back
    /// (marked `loop` or not), decisions with branches, random rules.
    static func randomMap(_ random: inout SplitMix64) -> String {
        let n = 3 + random.next(12)
        var text = "map \"R\" { version \"1\" }\nlane a \"A\"\n"
        var isDecision = [Bool](repeating: false, count: n)
        var out = [[(to: Int, loop: Bool)]](repeating: [], count: n)
        for i in 0..<n {
            isDecision[i] = random.next(4) == 0
            for j in (i + 1)..<max(i + 1, n) where random.next(3) == 0 { out[i].append((j, false)) }
            if random.next(8) == 0, i > 0 { out[i].append((random.next(i), random.next(2) == 0)) }
            if random.next(30) == 0 { out[i].append((i, true)) }
        }
        for i in 0..<n {
            var fields: [String] = []
            if i == 0 || random.next(6) == 0 { fields.append("start") }
            if random.next(5) != 0 { fields.append("within \(1 + random.next(30))h") }
            if isDecision[i] {
                for (k, e) in out[i].enumerated() {
                    fields.append("\"b\(k)\" -> s\(e.to)" + (e.loop ? " { loop }" : ""))
                }
            }
            text += "\(isDecision[i] ? "decision" : "step") s\(i) \"S\" in a { \(fields.joined(separator: "\n")) }\n"
        }
        for i in 0..<n where !isDecision[i] {
            for e in out[i] { text += "s\(i) -> s\(e.to)" + (e.loop ? " { loop }" : "") + "\n" }
        }
        for _ in 0..<6 {
            let a = random.next(n), b = random.next(n)
            guard a != b else { continue }
            switch random.next(3) {
            case 0: text += "rule s\(a) before s\(b)\n"
            case 1: text += "rule s\(a) parallel s\(b)\n"
            default: text += "rule s\(a) within \(random.next(60))h after s\(b)\n"
            }
        }
        return text
    }

    // The prover as it was before it learned to bound its searches.
    /// Proves `before`, `parallel` and `within` rules over the flow graph with
    /// `loop` flows left out.
    struct ReferenceRuleProver {
        let model: Model
        let graph: FlowGraph
        let starts: [Int]
        let acyclic: Bool
        private var dominators: [Int]?
        private var postDominators: [Int]?
        private lazy var topologicalOrder: [Int] = graph.topologicalOrder().order

        init(model: Model, graph: FlowGraph, acyclic: Bool) {
            self.model = model
            self.graph = graph
            self.acyclic = acyclic
            self.starts = model.steps.indices.filter { model.steps[$0].isStart }
        }

        mutating func prove(_ index: Int) -> RuleOutcome {
            switch model.rules[index].clause {
            case .before(let first, let second):
                return RuleOutcome(rule: index, status: proveBefore(first, second))
            case .parallel(let a, let b):
                return RuleOutcome(rule: index, status: proveParallel(a, b))
            case .within(let target, let limit, let origin):
                return proveWithin(index, target: target, limit: limit, origin: origin)
            }
        }

        /// `first before second`: in every run of the process that reaches
        /// `second`, `first` has been done before it.
        ///
        /// A run starts at one `start` step; a step that is not a decision leads
        /// to all its successors (parallel work), a decision to one branch; a step
        /// with several incoming flows waits for every one of them that the run
        /// takes (fan-in joins parallel work). When `first` dominates `second` on
        /// paths, the rule holds outright; otherwise each start is examined with
        /// the joins taken into account, and a counterexample is a path of steps
        /// none of which is guaranteed to come after `first`.
        private mutating func proveBefore(_ first: Int, _ second: Int) -> RuleStatus {
            if dominators == nil { dominators = graph.immediateDominators(roots: starts) }
            let idom = dominators!
            if idom[second] == -1 { return .holds } // unreachable: reported on its own
            var n = second
            let root = graph.count
            while n != root {
                if n == first { return .holds }
                n = idom[n]
            }
            guard acyclic else {
                let path = graph.path(from: starts, to: second, avoiding: first) ?? [second]
                return .violated(path: path)
            }
            for start in starts {
                if let path = runAvoiding(first, reaching: second, from: start) { return .violated(path: path) }
            }
            return .holds
        }

        /// Steps done in every run from `start`: the closure of `start` under
        /// "a step that is not a decision leads to all its successors" and "every
        /// branch of a decision leads through its immediate post-dominator".
        private mutating func alwaysDone(from start: Int) -> [Bool] {
            if postDominators == nil {
                let reversed = FlowGraph(count: graph.count, edges: (0..<graph.count).flatMap { n in
                    graph.successors(n).map { (from: Int($0), to: n, flow: 0) }
                })
                let exits = (0..<graph.count).filter { graph.successors($0).isEmpty }
                postDominators = reversed.immediateDominators(roots: exits)
            }
            let ipdom = postDominators!
            var done = [Bool](repeating: false, count: graph.count)
            var stack = [start]
            done[start] = true
            while let n = stack.popLast() {
                var next: [Int] = []
                if model.steps[n].kind == .decision {
                    let p = ipdom[n]
                    if p >= 0 && p < graph.count { next = [p] }
                } else {
                    next = graph.successors(n).map { Int($0) }
                }
                for m in next where !done[m] {
                    done[m] = true
                    stack.append(m)
                }
            }
            return done
        }

        /// A path from `start` to `target` in which no step is guaranteed to come
        /// after `first`, or nil when every run from `start` does `first` before `target`.
        private mutating func runAvoiding(_ first: Int, reaching target: Int, from start: Int) -> [Int]? {
            let reach = graph.reachable(from: [start])
            guard reach[target] else { return nil }
            let done = alwaysDone(from: start)
            // after[x]: `first` is guaranteed to precede x in every run from `start` that reaches x.
            var after = [Bool](repeating: false, count: graph.count)
            var parent = [Int](repeating: -1, count: graph.count)
            for x in topologicalOrder where reach[x] {
                if x == first { after[x] = true; continue }
                if x == start { continue }
                var all = true
                var forced = false
                for p32 in graph.predecessors(x) {
                    let p = Int(p32)
                    guard reach[p] else { continue }
                    if after[p] {
                        if done[p] && model.steps[p].kind != .decision { forced = true }
                    } else {
                        all = false
                        if parent[x] == -1 { parent[x] = p }
                    }
                }
                after[x] = all || forced
            }
            if after[target] { return nil }
            var path = [target]
            var n = target
            while n != start, parent[n] >= 0 {
                n = parent[n]
                path.append(n)
            }
            return path.reversed()
        }

        /// `a parallel b`: neither reachable from the other.
        private func proveParallel(_ a: Int, _ b: Int) -> RuleStatus {
            if let path = graph.path(from: [a], to: b) { return .violated(path: path) }
            if let path = graph.path(from: [b], to: a) { return .violated(path: path) }
            return .holds
        }

        /// `target within limit after origin`: the longest sum of `within` times
        /// over the steps after `origin` up to and including `target`.
        private func proveWithin(_ index: Int, target: Int, limit: Duration, origin: Int) -> RuleOutcome {
            guard acyclic else { return RuleOutcome(rule: index, status: .notChecked) }
            let forward = graph.reachable(from: [origin])
            guard forward[target] else { return RuleOutcome(rule: index, status: .vacuous) }
            let backward = graph.reaching(target)
            // Nodes on some path origin → target, in topological order by a Kahn pass restricted to them.
            var inside = [Bool](repeating: false, count: graph.count)
            var nodes: [Int] = []
            for n in 0..<graph.count where forward[n] && backward[n] {
                inside[n] = true
                nodes.append(n)
            }
            var indegree = [Int: Int]()
            for n in nodes {
                indegree[n] = graph.predecessors(n).reduce(0) { $0 + (inside[Int($1)] && n != origin ? 1 : 0) }
            }
            var order: [Int] = [origin]
            var head = 0
            while head < order.count {
                let n = order[head]
                head += 1
                for m32 in graph.successors(n) {
                    let m = Int(m32)
                    guard inside[m], m != origin else { continue }
                    indegree[m]! -= 1
                    if indegree[m] == 0 { order.append(m) }
                }
            }
            // Untimed steps (decisions count as zero).
            for n in order where n != origin {
                let step = model.steps[n]
                if step.within == nil && step.kind != .decision {
                    return RuleOutcome(rule: index, status: .unprovable(step: n))
                }
            }
            var distance = [Int: Int]()
            var parent = [Int: Int]()
            distance[origin] = 0
            for n in order where n != origin {
                let weight = model.steps[n].within?.hours ?? 0
                var best = -1
                var bestParent = -1
                for p32 in graph.predecessors(n) {
                    let p = Int(p32)
                    guard inside[p], let d = distance[p] else { continue }
                    if d > best { best = d; bestParent = p }
                }
                distance[n] = best + weight
                parent[n] = bestParent
            }
            let longest = distance[target] ?? 0
            if longest <= limit.hours {
                return RuleOutcome(rule: index, status: .holds, longestHours: longest)
            }
            var path = [target]
            var n = target
            while n != origin, let p = parent[n], p >= 0 {
                path.append(p)
                n = p
            }
            return RuleOutcome(rule: index, status: .violated(path: path.reversed()), longestHours: longest)
        }
    }
}
