import SmapCore
import SmapSyntax

/// A flow of a view: between two kept steps, possibly through steps the view leaves out.
public struct ProjectedFlow: Sendable, Hashable {
    public var from: Int
    public var to: Int
    /// The model flow when the flow is direct; nil when it joins left-out steps.
    public var flow: Int?
    public var label: String?
    public var isException: Bool
    public var isLoop: Bool

    package init(from: Int, to: Int, flow: Int?, label: String?, isException: Bool, isLoop: Bool) {
        self.from = from
        self.to = to
        self.flow = flow
        self.label = label
        self.isException = isException
        self.isLoop = isLoop
    }
}

/// A kept step's flow into a party the view does not show.
public struct ProcessLink: Sendable, Hashable {
    public var from: Int
    /// The step it leads to, in the other party's process.
    public var to: Int
    public var lane: Int
}

/// The steps a view (or a party's own map) keeps and the flows between them.
public struct ViewProjection: Sendable {
    /// What a projection shows: a declared view, or one party's own map.
    public enum Scope: Sendable, Hashable {
        case view(Int)
        case party(lane: Int)
    }
    public var scope: Scope
    public var keptSteps: [Int]
    public var flows: [ProjectedFlow]
    public var processLinks: [ProcessLink]

    /// The index of the declared view, nil for a party map.
    public var view: Int? {
        if case .view(let index) = scope { return index }
        return nil
    }

    /// A party's own map: the steps of lane `lane`, with process links where
    /// its flows lead into other parties.
    public init(model: Model, party lane: Int) {
        let kept = model.steps.indices.map { model.steps[$0].lane == lane }
        self.init(model: model, scope: .party(lane: lane), kept: kept)
    }

    /// Projects `model.views[viewIndex]`. A view keeps the steps its `include`
    /// lines select (all steps when it has none) minus those its `exclude` lines
    /// select, and joins flows through the steps it leaves out, so every route
    /// between kept steps remains.
    public init(model: Model, view viewIndex: Int) {
        let view = model.views[viewIndex]
        let n = model.steps.count
        // Each item's names as a set: a view naming thousands of steps or tags stays linear.
        let names = view.items.map { Set($0.names) }
        // By index, not by copying each step out of the array (a copy retains every field).
        func selects(_ k: Int, _ i: Int) -> Bool {
            switch view.items[k].selector {
            case .tag: return model.steps[i].tags.contains { names[k].contains($0) }
            case .lane: return model.steps[i].lane >= 0 && names[k].contains(model.lanes[model.steps[i].lane].id)
            case .step: return names[k].contains(model.steps[i].id)
            }
        }
        let hasIncludes = view.items.contains { $0.include }
        var kept = [Bool](repeating: !hasIncludes, count: n)
        for i in 0..<n {
            if hasIncludes { kept[i] = view.items.indices.contains { view.items[$0].include && selects($0, i) } }
            if kept[i], view.items.indices.contains(where: { !view.items[$0].include && selects($0, i) }) {
                kept[i] = false
            }
        }
        self.init(model: model, scope: .view(viewIndex), kept: kept)
    }

    /// Joins flows through the steps `kept` leaves out, so every route
    /// between kept steps remains.
    private init(model: Model, scope: Scope, kept: [Bool]) {
        let n = model.steps.count
        var laneShown = [Bool](repeating: false, count: model.lanes.count)
        for i in 0..<n where kept[i] && model.steps[i].lane >= 0 { laneShown[model.steps[i].lane] = true }

        var flows: [ProjectedFlow] = []
        var links: [ProcessLink] = []
        var seenPairs = Set<Int64>()
        var visitedMark = [Int](repeating: -1, count: n)
        for s in 0..<n where kept[s] {
            // Direct flows first, so they win over joined ones.
            for f in model.outgoing[s] {
                let to = model.flows[f].to
                if kept[to], seenPairs.insert(Int64(s) << 32 | Int64(to)).inserted {
                    flows.append(ProjectedFlow(from: s, to: to, flow: f, label: model.flows[f].label,
                                               isException: model.flows[f].isException, isLoop: model.flows[f].isLoop))
                }
            }
            // Then walk through left-out steps to the kept steps beyond them.
            var stack: [(node: Int, exception: Bool, loop: Bool)] = []
            let linksOfStep = links.count // this step's links are the ones appended from here on
            for f in model.outgoing[s] {
                let to = model.flows[f].to
                guard !kept[to] else { continue }
                let lane = model.steps[to].lane
                if lane >= 0, lane != model.steps[s].lane, !laneShown[lane],
                   !links[linksOfStep...].contains(where: { $0.lane == lane }) {
                    links.append(ProcessLink(from: s, to: to, lane: lane))
                }
                if visitedMark[to] != s {
                    visitedMark[to] = s
                    stack.append((to, model.flows[f].isException, model.flows[f].isLoop))
                }
            }
            var head = 0
            while head < stack.count {
                let (node, exception, loop) = stack[head]
                head += 1
                for f in model.outgoing[node] {
                    let t = model.flows[f].to
                    let isException = exception || model.flows[f].isException, isLoop = loop || model.flows[f].isLoop
                    if kept[t] {
                        if t != s || isLoop, seenPairs.insert(Int64(s) << 32 | Int64(t)).inserted {
                            flows.append(ProjectedFlow(from: s, to: t, flow: nil, label: nil,
                                                       isException: isException, isLoop: isLoop))
                        }
                    } else if visitedMark[t] != s {
                        visitedMark[t] = s
                        stack.append((t, isException, isLoop))
                    }
                }
            }
        }
        self.scope = scope
        self.keptSteps = (0..<n).filter { kept[$0] }
        self.flows = flows
        self.processLinks = links
    }
}
