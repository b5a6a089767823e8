/// A flow of a view: between two kept steps, possibly through steps the view leaves out.
public struct ProjectedFlow: Sendable, Hashable {
    public var from: Int
    public var to: Int
    /// The model flow when the flow is direct; nil when it joins left-out steps.
    public var flow: Int?
    public var label: String?
    public var isException: Bool
    public var isLoop: Bool
}

/// A kept step's flow into a party the view does not show.
public struct ProcessLink: Sendable, Hashable {
    public var from: Int
    /// The step it leads to, in the other party's process.
    public var to: Int
    public var lane: Int
}

/// The steps a view keeps and the flows between them.
public struct ViewProjection: Sendable {
    public var view: Int
    public var keptSteps: [Int]
    public var flows: [ProjectedFlow]
    public var processLinks: [ProcessLink]

    /// Projects `model.views[viewIndex]`. A view keeps the steps its `include`
    /// lines select (all steps when it has none) minus those its `exclude` lines
    /// select, and joins flows through the steps it leaves out, so every route
    /// between kept steps remains.
    public init(model: Model, view viewIndex: Int) {
        let view = model.views[viewIndex]
        let n = model.steps.count
        // Each item's names as a set: a view naming thousands of steps or tags stays linear.
        let names = view.items.map { Set($0.names) }
        func selects(_ k: Int, _ step: Step) -> Bool {
            switch view.items[k].selector {
            case .tag: return step.tags.contains { names[k].contains($0) }
            case .lane: return step.lane >= 0 && names[k].contains(model.lanes[step.lane].id)
            case .step: return names[k].contains(step.id)
            }
        }
        let hasIncludes = view.items.contains { $0.include }
        var kept = [Bool](repeating: !hasIncludes, count: n)
        for (i, step) in model.steps.enumerated() {
            if hasIncludes { kept[i] = view.items.indices.contains { view.items[$0].include && selects($0, step) } }
            if kept[i], view.items.indices.contains(where: { !view.items[$0].include && selects($0, step) }) {
                kept[i] = false
            }
        }
        var laneShown = [Bool](repeating: false, count: model.lanes.count)
        for i in 0..<n where kept[i] && model.steps[i].lane >= 0 { laneShown[model.steps[i].lane] = true }

        var flows: [ProjectedFlow] = []
        var links: [ProcessLink] = []
        var seenPairs = Set<Int64>()
        var visitedMark = [Int](repeating: -1, count: n)
        for s in 0..<n where kept[s] {
            // Direct flows first, so they win over joined ones.
            for f in model.outgoing[s] {
                let flow = model.flows[f]
                if kept[flow.to], seenPairs.insert(Int64(s) << 32 | Int64(flow.to)).inserted {
                    flows.append(ProjectedFlow(from: s, to: flow.to, flow: f, label: flow.label,
                                               isException: flow.isException, isLoop: flow.isLoop))
                }
            }
            // Then walk through left-out steps to the kept steps beyond them.
            var stack: [(node: Int, exception: Bool, loop: Bool)] = []
            let linksOfStep = links.count // this step's links are the ones appended from here on
            for f in model.outgoing[s] {
                let flow = model.flows[f]
                guard !kept[flow.to] else { continue }
                let lane = model.steps[flow.to].lane
                if lane >= 0, lane != model.steps[s].lane, !laneShown[lane],
                   !links[linksOfStep...].contains(where: { $0.lane == lane }) {
                    links.append(ProcessLink(from: s, to: flow.to, lane: lane))
                }
                if visitedMark[flow.to] != s {
                    visitedMark[flow.to] = s
                    stack.append((flow.to, flow.isException, flow.isLoop))
                }
            }
            var head = 0
            while head < stack.count {
                let (node, exception, loop) = stack[head]
                head += 1
                for f in model.outgoing[node] {
                    let flow = model.flows[f]
                    let t = flow.to
                    if kept[t] {
                        if t != s || loop || flow.isLoop, seenPairs.insert(Int64(s) << 32 | Int64(t)).inserted {
                            flows.append(ProjectedFlow(from: s, to: t, flow: nil, label: nil,
                                                       isException: exception || flow.isException,
                                                       isLoop: loop || flow.isLoop))
                        }
                    } else if visitedMark[t] != s {
                        visitedMark[t] = s
                        stack.append((t, exception || flow.isException, loop || flow.isLoop))
                    }
                }
            }
        }
        self.view = viewIndex
        self.keptSteps = (0..<n).filter { kept[$0] }
        self.flows = flows
        self.processLinks = links
    }
}
