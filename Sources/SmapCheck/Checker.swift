import Foundation
import SmapCore
import SmapSyntax
import SmapModel

/// Checks a resolved model: structure (reachability, dead ends, cycles,
/// numbering), coverage warnings, the opt-in handover check, and rule proofs.
public struct Checker {
    private var model: Model
    private var diagnostics = DiagnosticBag()
    private var outcomes: [RuleOutcome] = []

    public struct Result: Sendable {
        /// The number shown for each step (by index): written, or given in
        /// flow order when its lane has none.
        public var numbers: [Int?]
        public var diagnostics: [Diagnostic]
        public var ruleOutcomes: [RuleOutcome]
        /// One projection per declared view, in declaration order.
        public var views: [ViewProjection]
    }

    /// `structural` is false when earlier stages found errors: then the graph
    /// is incomplete, and reachability and rules are not judged on it (they
    /// would only repeat the same mistake in other words).
    public static func check(_ model: Model, structural: Bool) -> Result {
        var checker = Checker(model: model)
        let views = checker.run(structural: structural)
        return Result(numbers: checker.numbers, diagnostics: checker.diagnostics.items,
                      ruleOutcomes: checker.outcomes, views: views)
    }

    private init(model: Model) {
        self.model = model
        self.numbers = model.steps.map(\.writtenNumber)
    }

    private var numbers: [Int?]

    private mutating func run(structural: Bool) -> [ViewProjection] {
        let loopless = FlowGraph(model: model, includeLoops: false)
        let order = loopless.topologicalOrder()
        assignNumbers(order: order.order)
        checkCoverage()
        if model.checks.contains(.handoverBasis) { checkHandovers() }
        // The views are projected and the rules proved at once, each view and
        // the rules on a core of their own; the diagnostics follow in order.
        let resolved = model
        let provesRules = structural && !(model.mapRange != nil && model.steps.isEmpty) && !model.rules.isEmpty
        // Rules leave out only the `loop` flows that really lead back; a
        // misplaced `loop` (E124) stays in their graph, so it cannot hide a path.
        let misplaced = structural ? Checker.misplacedLoops(model, loopless: loopless, order: order) : []
        var proverGraph = loopless
        var acyclic = order.complete
        if !misplaced.isEmpty {
            let kept = Set(misplaced)
            proverGraph = FlowGraph(count: model.steps.count, edges: model.flows.indices.compactMap { index in
                !model.flows[index].isLoop || kept.contains(index)
                    ? (model.flows[index].from, model.flows[index].to, index) : nil
            })
            acyclic = proverGraph.topologicalOrder().complete
        }
        let graphForRules = proverGraph, acyclicForRules = acyclic
        var work: [@Sendable () -> CheckPiece] = model.views.indices.map { index in
            { .view(ViewProjection(model: resolved, view: index)) }
        }
        if provesRules {
            work.insert({
                var prover = RuleProver(model: resolved, graph: graphForRules, acyclic: acyclicForRules)
                return .outcomes(resolved.rules.indices.map { prover.prove($0) })
            }, at: 0)
        }
        var views: [ViewProjection] = []
        var outcomes: [RuleOutcome] = []
        for piece in inParallel(work) {
            switch piece {
            case .view(let projection): views.append(projection)
            case .outcomes(let proved): outcomes = proved
            }
        }
        let result = views
        for projection in views where projection.keptSteps.isEmpty {
            let view = model.views[projection.view!]
            diagnostics.add(.viewSelectsNothing, [view.id], at: view.range, fix: Text(.fixViewSelection))
        }
        guard structural else { return result }
        if model.mapRange != nil, model.steps.isEmpty {
            diagnostics.add(.noSteps, at: model.mapRange, fix: Text(.fixAddStep))
            return result
        }
        checkEnds()
        _ = checkCycles(loopless, complete: order.complete)
        reportMisplacedLoops(misplaced)
        checkReachability()
        reportRules(outcomes)
        return result
    }

    /// Each party's own map: one projection per lane with steps, when the map
    /// has more than one lane, projected on every core.
    static func partyMaps(_ model: Model) -> [ViewProjection] {
        inParallel(lanesWithSteps(model).map { lane -> @Sendable () -> ViewProjection in
            { ViewProjection(model: model, party: lane) }
        })
    }

    /// The lanes that get a party map: every lane with steps, when the map has
    /// more than one lane.
    static func lanesWithSteps(_ model: Model) -> [Int] {
        guard model.lanes.count > 1 else { return [] }
        var counts = [Int](repeating: 0, count: model.lanes.count)
        for step in model.steps where step.lane >= 0 && step.lane < counts.count { counts[step.lane] += 1 }
        return counts.indices.filter { counts[$0] > 0 }
    }

    /// One piece of the work done at once: a view's projection, or every rule's outcome.
    private enum CheckPiece: Sendable {
        case view(ViewProjection)
        case outcomes([RuleOutcome])
    }

    // MARK: - Numbers

    /// Written numbers must be unique per lane and all-or-none; a lane with no
    /// numbers is numbered in flow order.
    private mutating func assignNumbers(order: [Int]) {
        var stepsOfLane = [[Int]](repeating: [], count: model.lanes.count)
        for i in order where model.steps[i].lane >= 0 { stepsOfLane[model.steps[i].lane].append(i) }
        for (lane, steps) in stepsOfLane.enumerated() {
            let numbered = steps.filter { model.steps[$0].writtenNumber != nil }
            if numbered.isEmpty {
                for (k, s) in steps.enumerated() { numbers[s] = k + 1 }
                continue
            }
            let laneID = model.lanes[lane].id
            let firstNumbered = numbered.min()!
            for s in steps.sorted() where model.steps[s].writtenNumber == nil {
                diagnostics.add(.partialNumbering, [model.steps[s].id, laneID], at: model.steps[s].idRange,
                                notes: [Note(Text(.noteNumberedStep), at: model.steps[firstNumbered].idRange)],
                                fix: Text(.fixNumberAll))
            }
            var seen: [Int: Int] = [:]
            for s in numbered.sorted() {
                let number = model.steps[s].writtenNumber!
                if let first = seen[number] {
                    diagnostics.add(.duplicateNumber, ["\(number)", laneID], at: model.steps[s].idRange,
                                    notes: [Note(Text(.noteFirstGiven), at: model.steps[first].idRange)],
                                    fix: Text(.fixUniqueNumber))
                } else {
                    seen[number] = s
                }
            }
        }
    }

    // MARK: - Coverage and handovers

    private mutating func checkCoverage() {
        var actualised = [Bool](repeating: false, count: model.lanes.count)
        // By index: copying each step out of the array retains every field.
        for i in model.steps.indices {
            if let parties = model.steps[i].actualisation?.parties { for p in parties { actualised[p] = true } }
            if model.steps[i].info?.isBlank ?? true {
                diagnostics.add(.stepWithoutInfo, [model.steps[i].id], at: model.steps[i].idRange, fix: Text(.fixAddInfo))
            }
        }
        for (i, lane) in model.lanes.enumerated() {
            if !actualised[i] {
                diagnostics.add(.laneWithoutActualisation, [lane.id], at: lane.range, fix: Text(.fixActualise))
            }
            if let color = lane.color, let ratio = Contrast.ratio(color, "#ffffff"), ratio < 4.5 {
                diagnostics.add(.laneColorContrast, [color, Contrast.format(ratio)], at: lane.range,
                                fix: Text(.fixDarkerColor))
            }
        }
    }

    private mutating func checkHandovers() {
        for flow in model.flows {
            let a = model.steps[flow.from].lane, b = model.steps[flow.to].lane
            guard a >= 0, b >= 0, a != b, !flow.consent, flow.laws.isEmpty else { continue }
            let aID = model.steps[flow.from].id, bID = model.steps[flow.to].id
            diagnostics.add(.handoverWithoutBasis, [aID, model.lanes[a].id, bID, model.lanes[b].id],
                            at: flow.range, fix: Text(.fixHandoverBasis, aID, bID))
        }
    }

    // MARK: - Structure

    private mutating func checkEnds() {
        for i in model.steps.indices {
            let outs = model.outgoing[i], isEnd = model.steps[i].isEnd
            if isEnd, let first = outs.first {
                diagnostics.add(.endWithFlowsOut, [model.steps[i].id], at: model.flows[first].range, fix: Text(.fixEndFlows))
            } else if !isEnd, outs.isEmpty, model.steps[i].kind == .step {
                let id = model.steps[i].id
                diagnostics.add(.deadEnd, [id], at: model.steps[i].idRange, fix: Text(.fixDeadEnd, id))
            }
        }
    }

    /// Unmarked cycles; returns true when the loop-free graph is acyclic.
    private mutating func checkCycles(_ graph: FlowGraph, complete: Bool) -> Bool {
        if complete { return true }
        for component in graph.cyclicComponents() {
            let members = Set(component)
            let cycle = graph.cycle(through: component[0], within: members)
            let names = cycle.map { model.steps[$0].id }.joined(separator: " → ")
            // Point at the flow that closes the circle.
            let last = cycle.count >= 2 ? cycle[cycle.count - 2] : cycle[0]
            let closing = model.outgoing[last].first { model.flows[$0].to == cycle[0] && !model.flows[$0].isLoop }
            let at = closing.map { model.flows[$0].range } ?? model.steps[cycle[0]].idRange
            var notes: [Note] = []
            for k in 0..<(cycle.count - 1) {
                let from = cycle[k], to = cycle[k + 1]
                let flow = model.outgoing[from].first { model.flows[$0].to == to && !model.flows[$0].isLoop }
                notes.append(Note(Text(.noteCycleStep, model.steps[from].id, model.steps[to].id),
                                  at: flow.map { model.flows[$0].range }))
            }
            diagnostics.add(.unmarkedCycle, [names], at: at, notes: notes, fix: Text(.fixMarkLoop))
        }
        return false
    }

    /// `loop` flows that close no circle: a flow marked `loop` must lead
    /// back to a step from which flows without `loop` lead to the flow's own
    /// first step, as a flow back to redo earlier work does. Rules leave out
    /// only such flows; leaving out any other would hide a path from them.
    /// Each search goes no further than the rank of the step it looks for
    /// (a flow without `loop` never leads to a lower rank).
    static func misplacedLoops(_ model: Model, loopless: FlowGraph, order: (order: [Int], complete: Bool)) -> [Int] {
        guard model.flows.contains(where: \.isLoop) else { return [] }
        var rank = [Int32](repeating: 0, count: loopless.count)
        if order.complete {
            for (position, n) in order.order.enumerated() { rank[n] = Int32(position) }
        } else {
            rank = loopless.componentRanks()
        }
        var mark = [Int32](repeating: -1, count: loopless.count)
        var stack: [Int] = []
        var misplaced: [Int] = []
        for index in model.flows.indices where model.flows[index].isLoop {
            let from = model.flows[index].from, to = model.flows[index].to
            if from == to { continue }
            var found = false
            if rank[to] <= rank[from] {
                let stamp = Int32(index)
                stack.removeAll(keepingCapacity: true)
                stack.append(to)
                mark[to] = stamp
                search: while let n = stack.popLast() {
                    for m32 in loopless.successors(n) {
                        let m = Int(m32)
                        if m == from { found = true; break search }
                        if mark[m] != stamp && rank[m] <= rank[from] {
                            mark[m] = stamp
                            stack.append(m)
                        }
                    }
                }
            }
            if !found { misplaced.append(index) }
        }
        return misplaced
    }

    private mutating func reportMisplacedLoops(_ misplaced: [Int]) {
        for index in misplaced {
            let flow = model.flows[index]
            let from = model.steps[flow.from].id, to = model.steps[flow.to].id
            diagnostics.add(.loopClosesNoCycle, [from, to], at: flow.loopRange ?? flow.range,
                            notes: [Note(Text(.noteLoopNoWayBack, from, to), at: nil)], fix: Text(.fixLoopBackEdge))
        }
    }

    private mutating func checkReachability() {
        let starts = model.steps.indices.filter { model.steps[$0].isStart }
        guard !starts.isEmpty else {
            let first = model.steps.first?.idRange ?? model.mapRange
            diagnostics.add(.noStart, at: first, fix: Text(.fixAddStart))
            return
        }
        let all = FlowGraph(model: model, includeLoops: true)
        let reached = all.reachable(from: starts)
        // Report the entries of each unreached region, not every step in it.
        var covered = reached
        var entries: [Int] = []
        for i in model.steps.indices where !covered[i] {
            if all.predecessors(i).allSatisfy({ covered[Int($0)] }) { entries.append(i) }
        }
        // What is covered is closed under successors, so the walk stops at covered
        // steps: each step is walked once, however many unreached regions there are.
        func cover(_ from: [Int]) {
            var stack = from.filter { !covered[$0] }
            for s in stack { covered[s] = true }
            while let n = stack.popLast() {
                for m32 in all.successors(n) where !covered[Int(m32)] {
                    covered[Int(m32)] = true
                    stack.append(Int(m32))
                }
            }
        }
        cover(entries)
        for i in model.steps.indices where !covered[i] {
            entries.append(i)
            cover([i])
        }
        for i in entries.sorted() {
            diagnostics.add(.unreachableStep, [model.steps[i].id], at: model.steps[i].idRange,
                            fix: Text(.fixUnreachable))
        }
    }

    // MARK: - Rules

    /// Records each rule's outcome (in rule order) with a diagnostic for each broken one.
    private mutating func reportRules(_ proved: [RuleOutcome]) {
        for outcome in proved {
            outcomes.append(outcome)
            let rule = model.rules[outcome.rule]
            // The rule's own words, where it has a title (its place is the diagnostic's own).
            let ruleNote: [Note] = rule.title.map { [Note(Text(.noteRuleStated, $0), at: nil)] } ?? []
            switch (rule.clause, outcome.status) {
            case (.before(let a, let b), .violated(let path)):
                diagnostics.add(.ruleBeforeViolated, [model.steps[a].id, model.steps[b].id], at: rule.range,
                                notes: pathNotes(path) + ruleNote, fix: Text(.fixRuleBefore, model.steps[a].id, model.steps[b].id))
            case (.parallel(let a, let b), .violated(let path)):
                let (x, y) = path.first == a ? (a, b) : (b, a)
                diagnostics.add(.ruleParallelViolated, [model.steps[x].id, model.steps[y].id], at: rule.range,
                                notes: pathNotes(path) + ruleNote, fix: Text(.fixRuleParallel))
            case (.within(let target, let limit, let origin), .violated(let path)):
                diagnostics.add(.ruleWithinViolated,
                                [model.steps[target].id, model.steps[origin].id,
                                 Duration.fromHours(outcome.longestHours ?? 0).description, limit.description],
                                at: rule.range, notes: pathNotes(path, timed: true) + ruleNote, fix: Text(.fixRuleWithin))
            case (.within, .unprovable(let step)):
                diagnostics.add(.ruleUnprovable, [model.steps[step].id], at: rule.range,
                                notes: [Note(Text(.noteStepWithoutTime, model.steps[step].id), at: model.steps[step].idRange)],
                                fix: Text(.fixAddWithin, model.steps[step].id))
            case (.within(let target, _, let origin), .vacuous):
                diagnostics.add(.ruleVacuous, [model.steps[target].id, model.steps[origin].id], at: rule.range,
                                fix: Text(.fixRuleVacuous, model.steps[target].id, model.steps[origin].id))
            default:
                break
            }
        }
    }

    /// A counterexample longer than this shows its first and last steps and
    /// counts the ones between, so that a rule broken across a very long map
    /// does not print (or hold in memory) a note for every step.
    static let maximumPathNotes = 40

    /// One note per step of a counterexample, each pointing at the step.
    private func pathNotes(_ path: [Int], timed: Bool = false) -> [Note] {
        var total = 0
        var notes: [Note] = []
        let keep = Checker.maximumPathNotes / 2
        let omitted = path.count > Checker.maximumPathNotes ? keep..<(path.count - keep) : 0..<0
        for (k, s) in path.enumerated() {
            let step = model.steps[s]
            if omitted.contains(k) {
                if timed { total += step.within?.hours ?? 0 }
                if k == omitted.lowerBound { notes.append(Note(Text(.notePathStepsOmitted, "\(omitted.count)"), at: nil)) }
                continue
            }
            if timed && k > 0 {
                total += step.within?.hours ?? 0
                notes.append(Note(Text(.notePathStepTimed, "\(k + 1)", step.id, step.within?.description ?? "0h",
                                       Duration.fromHours(total).description), at: step.idRange))
            } else if step.kind == .decision, k + 1 < path.count,
                      let label = model.outgoing[s].lazy.map({ self.model.flows[$0] })
                          .first(where: { $0.to == path[k + 1] })?.label {
                // Which answer of the decision the path takes.
                notes.append(Note(Text(.notePathStepAnswer, "\(k + 1)", step.id, label), at: step.idRange))
            } else {
                notes.append(Note(Text(.notePathStep, "\(k + 1)", step.id), at: step.idRange))
            }
        }
        return notes
    }
}

/// WCAG 2.1 contrast between two `#rrggbb` colors.
public enum Contrast {
    public static func ratio(_ a: String, _ b: String) -> Double? {
        guard let la = luminance(a), let lb = luminance(b) else { return nil }
        return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
    }

    public static func luminance(_ hex: String) -> Double? {
        guard hex.count == 7, hex.hasPrefix("#"), let value = Int(hex.dropFirst(), radix: 16) else { return nil }
        func channel(_ v: Int) -> Double {
            let c = Double(v) / 255
            return c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * channel(value >> 16 & 0xFF) + 0.7152 * channel(value >> 8 & 0xFF) + 0.0722 * channel(value & 0xFF)
    }

    /// `4.52` → "4.5" (rounded down, so a shown 4.5 is never really 4.49).
    public static func format(_ ratio: Double) -> String {
        let tenths = Int((ratio * 10).rounded(.down))
        return "\(tenths / 10).\(tenths % 10)"
    }
}
