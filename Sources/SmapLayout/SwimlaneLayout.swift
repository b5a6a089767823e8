import SmapCore
import SmapModel
import SmapCheck

/// The swimlane layout: model (or a view of it) → geometry.
///
/// 1. **Graph.** The boxes are the shown steps (and, in a view, one arrow box
///    per process link); flows marked `loop` and flows that close a cycle are
///    set aside so the rest is acyclic (Kahn's order, broken at the first
///    unplaced step where a cycle blocks it).
/// 2. **Columns.** Longest-path layering over the acyclic flows. With phases,
///    each phase is a group of columns in declared order and the layering runs
///    inside each group; a step without a phase joins its predecessors' phase.
/// 3. **Rows.** Lanes are bands in declared order. Steps that share a lane and
///    a column get rows of the band; barycenter sweeps (down then up) order
///    them to shorten and uncross flows.
/// 4. **Routing.** Flows leave a box on its right and enter on its left.
///    Between columns run vertical *channels*, between rows horizontal
///    *corridors*; no box stands in either, so a route made of a stub, a
///    channel segment, a corridor segment, a channel segment and a stub never
///    crosses a box. Flows between neighbouring columns use one channel; a flow
///    along an empty row is a straight line; loops run back under their lane.
///    Segments sharing a channel or corridor get tracks by interval colouring.
/// 5. **Coordinates.** Channel widths and corridor heights follow from their
///    tracks; everything else from the boxes' sizes.
///
/// Every step is linear or n·log n in boxes and flows, and iterative.
public enum SwimlaneLayout {
    /// Lays out the whole map, or the steps and flows of a view or a party map.
    public static func layout(_ map: CheckedMap, view: ViewProjection? = nil,
                              options: LayoutOptions = LayoutOptions()) -> MapLayout {
        var engine = Engine(graph: LayoutGraph(model: map.model, view: view), model: map.model,
                            numbers: map.numbers, options: options)
        return engine.run()
    }
}

// MARK: - The graph to lay out

struct LayoutNode {
    package var step: Int
    package var shape: BoxShape
    package var lane: Int
    package var phase: Int?
    package var targetLane: Int?
}

struct LayoutEdge {
    package var from: Int
    package var to: Int
    package var flow: Int?
    package var label: String?
    package var isException: Bool
    package var isLoop: Bool
    var isProcessLink: Bool
}

struct LayoutGraph {
    package var nodes: [LayoutNode] = []
    package var edges: [LayoutEdge] = []

    package init(model: Model, view: ViewProjection?) {
        var nodeOfStep = [Int](repeating: -1, count: model.steps.count)
        func addStep(_ s: Int) {
            let step = model.steps[s]
            guard step.lane >= 0, step.lane < model.lanes.count, nodeOfStep[s] < 0 else { return }
            let shape: BoxShape
            if step.kind == .decision { shape = .decision }
            else if step.isEnd { shape = .end }
            else if step.isStart { shape = .start }
            else { shape = .step }
            let phase = step.phase.flatMap { $0 >= 0 && $0 < model.phases.count ? $0 : nil }
            nodeOfStep[s] = nodes.count
            nodes.append(LayoutNode(step: s, shape: shape, lane: step.lane, phase: phase, targetLane: nil))
        }
        if let view {
            view.keptSteps.forEach(addStep)
            for f in view.flows where nodeOfStep[f.from] >= 0 && nodeOfStep[f.to] >= 0 {
                let label = f.flow.flatMap { model.flows[$0].label } ?? f.label
                edges.append(LayoutEdge(from: nodeOfStep[f.from], to: nodeOfStep[f.to], flow: f.flow, label: label,
                                        isException: f.isException, isLoop: f.isLoop, isProcessLink: false))
            }
            for link in view.processLinks where nodeOfStep[link.from] >= 0 {
                let source = nodes[nodeOfStep[link.from]]
                let direct = model.outgoing[link.from].first { model.flows[$0].to == link.to }
                nodes.append(LayoutNode(step: link.to, shape: .processLink, lane: source.lane, phase: nil,
                                        targetLane: link.lane))
                edges.append(LayoutEdge(from: nodeOfStep[link.from], to: nodes.count - 1, flow: direct,
                                        label: direct.flatMap { model.flows[$0].label },
                                        isException: direct.map { model.flows[$0].isException } ?? false,
                                        isLoop: false, isProcessLink: true))
            }
        } else {
            model.steps.indices.forEach(addStep)
            for (i, f) in model.flows.enumerated() where f.from >= 0 && f.to >= 0
                && f.from < nodeOfStep.count && f.to < nodeOfStep.count
                && nodeOfStep[f.from] >= 0 && nodeOfStep[f.to] >= 0 {
                edges.append(LayoutEdge(from: nodeOfStep[f.from], to: nodeOfStep[f.to], flow: i, label: f.label,
                                        isException: f.isException, isLoop: f.isLoop, isProcessLink: false))
            }
        }
    }
}

// MARK: - The engine

private struct Engine {
    let graph: LayoutGraph
    let model: Model
    /// The number shown on each step (by model index).
    let numbers: [Int?]
    let options: LayoutOptions
    let n: Int

    var outEdges: [[Int]] = []
    var inEdges: [[Int]] = []
    /// Topological order over the layering flows, and each node's place in it.
    var order: [Int] = []
    var position: [Int] = []
    /// True for the flows that decide columns (not loops, not cycle-closing).
    var layering: [Bool] = []

    var column: [Int] = []
    var columnCount = 0
    /// Present phases (model indices) and the column range of each.
    var phaseList: [Int] = []
    var phaseStart: [Int] = []
    var phaseWidth: [Int] = []
    /// True when phases are shown as a tag in each box rather than as column groups.
    var phaseTags = false

    /// Present lanes (model indices) and each node's rank among them.
    var laneList: [Int] = []
    var laneRank: [Int] = []
    var rowsOfLane: [Int] = []
    var rowStart: [Int] = []
    var row: [Int] = []

    init(graph: LayoutGraph, model: Model, numbers: [Int?], options: LayoutOptions) {
        self.numbers = numbers
        self.graph = graph
        self.model = model
        self.options = options
        self.n = graph.nodes.count
    }

    mutating func run() -> MapLayout {
        guard n > 0 else {
            let m = options.margin
            return MapLayout(width: 2 * m + options.laneHeaderWidth, height: 2 * m, lanes: [], phases: [], boxes: [],
                             flows: [], headerLeft: m, headerRight: m + options.laneHeaderWidth, bandsTop: m,
                             columnCount: 0, boxIndexOfStep: [:])
        }
        buildAdjacency()
        orderTopologically()
        assignColumns()
        assignRows()
        return place()
    }

    // MARK: Graph

    mutating func buildAdjacency() {
        outEdges = [[Int]](repeating: [], count: n)
        inEdges = [[Int]](repeating: [], count: n)
        for (i, e) in graph.edges.enumerated() {
            outEdges[e.from].append(i)
            inEdges[e.to].append(i)
        }
    }

    /// Kahn's algorithm over non-loop flows, in node order; where a cycle
    /// blocks every remaining node, the first of them is placed anyway and
    /// the flows into it from unplaced nodes become backward flows.
    mutating func orderTopologically() {
        var indegree = [Int](repeating: 0, count: n)
        for e in graph.edges where !e.isLoop && e.from != e.to { indegree[e.to] += 1 }
        var placed = [Bool](repeating: false, count: n)
        var queue = (0..<n).filter { indegree[$0] == 0 }
        var head = 0
        var next = 0
        order.reserveCapacity(n)
        while order.count < n {
            var v: Int
            if head < queue.count {
                v = queue[head]
                head += 1
                if placed[v] { continue }
            } else {
                while placed[next] { next += 1 }
                v = next
            }
            placed[v] = true
            order.append(v)
            for e in outEdges[v] {
                let edge = graph.edges[e]
                if edge.isLoop || edge.to == v || placed[edge.to] { continue }
                indegree[edge.to] -= 1
                if indegree[edge.to] == 0 { queue.append(edge.to) }
            }
        }
        position = [Int](repeating: 0, count: n)
        for (i, v) in order.enumerated() { position[v] = i }
        layering = graph.edges.map { !$0.isLoop && $0.from != $0.to && position[$0.from] < position[$0.to] }
    }

    // MARK: Columns

    mutating func assignColumns() {
        // Effective phase: declared, else the latest phase among predecessors,
        // else the earliest among successors, else the first.
        let declaredPhases = Set(graph.nodes.compactMap(\.phase))
        var phase = [Int](repeating: -1, count: n)
        if !declaredPhases.isEmpty {
            for v in order {
                if let p = graph.nodes[v].phase { phase[v] = p; continue }
                for e in inEdges[v] where layering[e] { phase[v] = max(phase[v], phase[graph.edges[e].from]) }
            }
            for v in order.reversed() where phase[v] < 0 {
                var best = Int.max
                for e in outEdges[v] where layering[e] && phase[graph.edges[e].to] >= 0 {
                    best = min(best, phase[graph.edges[e].to])
                }
                phase[v] = best == Int.max ? (declaredPhases.min() ?? 0) : best
            }
        } else {
            phase = [Int](repeating: 0, count: n)
        }
        // Phases are column groups only where the flows agree with their
        // order. Where a flow leads into an earlier phase (each party moving
        // through its own phases), columns follow the flows and each box
        // names its phase instead.
        if !declaredPhases.isEmpty,
           graph.edges.indices.contains(where: { layering[$0] && phase[graph.edges[$0].from] > phase[graph.edges[$0].to] }) {
            phaseTags = true
            phase = [Int](repeating: 0, count: n)
        }
        // Local columns: longest path inside each phase.
        var local = [Int](repeating: 0, count: n)
        for v in order {
            for e in inEdges[v] where layering[e] {
                let u = graph.edges[e].from
                if phase[u] == phase[v] { local[v] = max(local[v], local[u] + 1) }
            }
        }
        // Pull steps that nothing leads to next to their first successor.
        for v in order.reversed() {
            if inEdges[v].contains(where: { layering[$0] && phase[graph.edges[$0].from] == phase[v] }) { continue }
            var best = Int.max
            for e in outEdges[v] where layering[e] && phase[graph.edges[e].to] == phase[v] {
                best = min(best, local[graph.edges[e].to] - 1)
            }
            if best != Int.max, best > local[v] { local[v] = best }
        }
        let present = Array(Set(phase)).sorted()
        var rank = [Int: Int]()
        for (i, p) in present.enumerated() { rank[p] = i }
        phaseWidth = [Int](repeating: 1, count: present.count)
        for v in 0..<n { phaseWidth[rank[phase[v]]!] = max(phaseWidth[rank[phase[v]]!], local[v] + 1) }
        phaseStart = [Int](repeating: 0, count: present.count)
        for i in 1..<max(present.count, 1) where i < present.count { phaseStart[i] = phaseStart[i - 1] + phaseWidth[i - 1] }
        column = (0..<n).map { phaseStart[rank[phase[$0]]!] + local[$0] }
        columnCount = (phaseStart.last ?? 0) + (phaseWidth.last ?? 1)
        phaseList = declaredPhases.isEmpty || phaseTags ? [] : present
        if phaseList.isEmpty { phaseStart = [0]; phaseWidth = [columnCount] }
    }

    // MARK: Rows

    mutating func assignRows() {
        var laneSeen = [Bool](repeating: false, count: model.lanes.count)
        for node in graph.nodes { laneSeen[node.lane] = true }
        laneList = model.lanes.indices.filter { laneSeen[$0] }
        var rankOfLane = [Int](repeating: -1, count: model.lanes.count)
        for (i, l) in laneList.enumerated() { rankOfLane[l] = i }
        laneRank = graph.nodes.map { rankOfLane[$0.lane] }

        // Cells: nodes sharing a lane and a column, first in topological order.
        let sorted = (0..<n).sorted {
            (column[$0], laneRank[$0], position[$0]) < (column[$1], laneRank[$1], position[$1])
        }
        var cells: [[Int]] = []
        for v in sorted {
            if let last = cells.last?.last, column[last] == column[v], laneRank[last] == laneRank[v] {
                cells[cells.count - 1].append(v)
            } else {
                cells.append([v])
            }
        }
        rowsOfLane = [Int](repeating: 1, count: laneList.count)
        row = [Int](repeating: 0, count: n)
        for cell in cells {
            rowsOfLane[laneRank[cell[0]]] = max(rowsOfLane[laneRank[cell[0]]], cell.count)
            for (i, v) in cell.enumerated() { row[v] = i }
        }
        rowStart = [Int](repeating: 0, count: laneList.count)
        for i in laneList.indices.dropFirst() { rowStart[i] = rowStart[i - 1] + rowsOfLane[i - 1] }

        // Barycenter sweeps: down (by predecessors), then up (by successors).
        for _ in 0..<options.orderingSweeps {
            var changed = false
            for cell in cells { changed = placeCell(cell, byPredecessors: true) || changed }
            for cell in cells.reversed() { changed = placeCell(cell, byPredecessors: false) || changed }
            if !changed { break }
        }
    }

    func globalRow(_ v: Int) -> Int { rowStart[laneRank[v]] + row[v] }

    /// Gives a cell's nodes distinct rows of their lane, each as near as it
    /// can to the mean row of its neighbours; returns true when a row changed.
    mutating func placeCell(_ cell: [Int], byPredecessors: Bool) -> Bool {
        let lane = laneRank[cell[0]]
        let rows = rowsOfLane[lane]
        let base = Double(rowStart[lane])
        var items: [(desired: Double, current: Int, node: Int)] = []
        items.reserveCapacity(cell.count)
        for v in cell {
            var sum = 0.0
            var count = 0
            for e in (byPredecessors ? inEdges[v] : outEdges[v]) {
                let edge = graph.edges[e]
                let other = byPredecessors ? edge.from : edge.to
                if other == v { continue }
                sum += Double(globalRow(other))
                count += 1
            }
            let desired = count > 0 ? sum / Double(count) - base : Double(row[v])
            items.append((desired, row[v], v))
        }
        if cell.count == 1 && rows == 1 { return false }
        items.sort { ($0.desired, $0.current, $0.node) < ($1.desired, $1.current, $1.node) }
        var assigned = [Int](repeating: 0, count: items.count)
        var previous = -1
        for (i, item) in items.enumerated() {
            let wanted = Int(max(0, min(Double(rows - 1), item.desired.rounded())))
            assigned[i] = max(previous + 1, wanted)
            previous = assigned[i]
        }
        var ceiling = rows
        for i in stride(from: items.count - 1, through: 0, by: -1) {
            assigned[i] = min(assigned[i], ceiling - 1)
            ceiling = assigned[i]
        }
        var changed = false
        for (i, item) in items.enumerated() where row[item.node] != assigned[i] {
            row[item.node] = assigned[i]
            changed = true
        }
        return changed
    }

    // MARK: Boxes, routing and coordinates

    mutating func place() -> MapLayout {
        let o = options
        // Box contents and sizes.
        var boxes: [StepBox] = []
        boxes.reserveCapacity(n)
        for v in 0..<n {
            boxes.append(makeBox(v))
        }

        // Edge labels, wrapped.
        let labels: [[String]] = graph.edges.map { e in
            guard let label = e.label, !label.isEmpty else { return [] }
            return TextMetrics.wrap(label, maxWidth: o.labelMaxWidth, fontSize: o.labelFontSize,
                                    maxLines: o.maxLabelLines)
        }

        // Ports: outgoing flows on the right, incoming on the left, ordered by the other end's row.
        var outOffset = [Double](repeating: 0, count: graph.edges.count)
        var inOffset = [Double](repeating: 0, count: graph.edges.count)
        var minHeight = [Double](repeating: 0, count: n)
        for v in 0..<n {
            let outs = outEdges[v].sorted {
                let a = graph.edges[$0].to, b = graph.edges[$1].to
                return (globalRow(a), column[a], $0) < (globalRow(b), column[b], $1)
            }
            let outSlots = outs.map { labels[$0].isEmpty ? 10.0 : Double(labels[$0].count) * o.labelLineHeight + 5 }
            let outTotal = spreadPorts(outs, slots: outSlots, labelled: outs.map { !labels[$0].isEmpty }, into: &outOffset)
            let ins = inEdges[v].sorted {
                let a = graph.edges[$0].from, b = graph.edges[$1].from
                return (globalRow(a), column[a], $0) < (globalRow(b), column[b], $1)
            }
            let inTotal = spreadPorts(ins, slots: ins.map { _ in 10.0 }, labelled: ins.map { _ in false }, into: &inOffset)
            var need = max(outTotal, inTotal) + 10
            if outs.count == 1, !labels[outs[0]].isEmpty { need = 2 * (outSlots[0] + 4) }
            minHeight[v] = need
        }
        for v in 0..<n {
            let h = max(boxes[v].frame.height, minHeight[v]).rounded(.up)
            boxes[v].frame.height = h + h.truncatingRemainder(dividingBy: 2)
        }

        // Sequence of horizontal slots: per lane, corridor, row, corridor, …, row, corridor.
        let laneCount = laneList.count
        var laneSeqStart = [Int](repeating: 0, count: laneCount + 1)
        for l in 0..<laneCount { laneSeqStart[l + 1] = laneSeqStart[l] + 2 * rowsOfLane[l] + 1 }
        let seqCount = laneSeqStart[laneCount]
        func rowSeq(_ v: Int) -> Int { laneSeqStart[laneRank[v]] + 2 * row[v] + 1 }

        // Occupied columns of every global row, for straight routes.
        let totalRows = (rowStart.last ?? 0) + (rowsOfLane.last ?? 0)
        var occupied = [[Int]](repeating: [], count: totalRows)
        for v in 0..<n { occupied[globalRow(v)].append(column[v]) }
        for i in 0..<totalRows { occupied[i].sort() }
        func rowIsEmpty(_ r: Int, between a: Int, _ b: Int) -> Bool {
            let cols = occupied[r]
            var lo = 0, hi = cols.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if cols[mid] <= a { lo = mid + 1 } else { hi = mid }
            }
            return lo == cols.count || cols[lo] >= b
        }

        // Logical routes.
        enum Route {
            case straight
            case channel(Int)
            case corridor(Int, Int, Int) // first channel, corridor seq, last channel
        }
        /// A vertical run in a channel; its two ends turn left (toward lower
        /// columns) or right, at an ordinal height (`pos`).
        struct VSeg { var channel: Int; var lo: Int; var hi: Int; var edge: Int; var first: Bool
                      var ends: [SegmentEnd] }
        /// A horizontal run in a corridor; its ends turn up or down, at a channel index.
        struct HSeg { var corridor: Int; var lo: Int; var hi: Int; var edge: Int; var ends: [SegmentEnd] }
        // Ordinal heights: a row's sequence index, refined by the port's offset.
        func rowEnd(_ seq: Int, _ offset: Double) -> Double { Double(seq) + offset / 4096 }
        var routes: [Route] = []
        routes.reserveCapacity(graph.edges.count)
        var vsegs: [VSeg] = []
        var hsegs: [HSeg] = []
        // Channel c (between column c and c+1) is stored at c + 1; channel -1 is left of column 0.
        for (i, e) in graph.edges.enumerated() {
            let u = e.from, v = e.to
            let cu = column[u], cv = column[v]
            let su = rowSeq(u), sv = rowSeq(v)
            if u != v, cv > cu, su == sv, outOffset[i] == inOffset[i], rowIsEmpty(globalRow(u), between: cu, cv) {
                routes.append(.straight)
            } else if cv == cu + 1 {
                routes.append(.channel(cu))
                vsegs.append(VSeg(channel: cu + 1, lo: min(su, sv), hi: max(su, sv), edge: i, first: true,
                                  ends: [SegmentEnd(pos: rowEnd(su, outOffset[i]), towardFirst: true),
                                         SegmentEnd(pos: rowEnd(sv, inOffset[i]), towardFirst: false)]))
            } else {
                let corridor: Int
                if cv <= cu, laneRank[u] == laneRank[v] {
                    corridor = laneSeqStart[laneRank[u] + 1] - 1 // under the lane
                } else if sv < su {
                    corridor = su - 1
                } else {
                    corridor = su + 1
                }
                routes.append(.corridor(cu, corridor, cv - 1))
                let runsRight = cv - 1 > cu
                vsegs.append(VSeg(channel: cu + 1, lo: min(su, corridor), hi: max(su, corridor), edge: i, first: true,
                                  ends: [SegmentEnd(pos: rowEnd(su, outOffset[i]), towardFirst: true),
                                         SegmentEnd(pos: Double(corridor), towardFirst: !runsRight)]))
                vsegs.append(VSeg(channel: cv, lo: min(corridor, sv), hi: max(corridor, sv), edge: i, first: false,
                                  ends: [SegmentEnd(pos: Double(corridor), towardFirst: runsRight),
                                         SegmentEnd(pos: rowEnd(sv, inOffset[i]), towardFirst: false)]))
                // In the corridor, ends turn up (toward the first tracks) or down, at channel indices.
                hsegs.append(HSeg(corridor: corridor, lo: min(cu, cv - 1), hi: max(cu, cv - 1), edge: i,
                                  ends: [SegmentEnd(pos: Double(cu), towardFirst: su < corridor),
                                         SegmentEnd(pos: Double(cv - 1), towardFirst: sv < corridor)]))
            }
        }

        // Tracks.
        let channelCount = columnCount + 1
        var vsegsOfChannel = [[Int]](repeating: [], count: channelCount)
        for (i, s) in vsegs.enumerated() { vsegsOfChannel[s.channel].append(i) }
        var vTrack = [Int](repeating: 0, count: vsegs.count)
        var channelTracks = [Int](repeating: 0, count: channelCount)
        for ch in 0..<channelCount where !vsegsOfChannel[ch].isEmpty {
            let ids = vsegsOfChannel[ch]
            let (tracks, count) = OrderedTracks.assign(ids.map { (vsegs[$0].lo, vsegs[$0].hi, vsegs[$0].ends, vsegs[$0].edge) })
            for (k, id) in ids.enumerated() { vTrack[id] = tracks[k] }
            channelTracks[ch] = count
        }
        var hsegsOfCorridor = [[Int]](repeating: [], count: seqCount)
        for (i, s) in hsegs.enumerated() { hsegsOfCorridor[s.corridor].append(i) }
        var hTrack = [Int](repeating: 0, count: hsegs.count)
        var corridorTracks = [Int](repeating: 0, count: seqCount)
        for g in 0..<seqCount where !hsegsOfCorridor[g].isEmpty {
            let ids = hsegsOfCorridor[g]
            let (tracks, count) = OrderedTracks.assign(ids.map { (hsegs[$0].lo, hsegs[$0].hi, hsegs[$0].ends, hsegs[$0].edge) })
            for (k, id) in ids.enumerated() { hTrack[id] = tracks[k] }
            corridorTracks[g] = count
        }

        // Channel widths: labels of flows leaving the column, tracks, the arrow head.
        var labelZone = [Double](repeating: 0, count: channelCount)
        for (i, e) in graph.edges.enumerated() where !labels[i].isEmpty {
            let w = labels[i].map { TextMetrics.width($0, fontSize: o.labelFontSize) }.max() ?? 0
            labelZone[column[e.from] + 1] = max(labelZone[column[e.from] + 1], (w + 8).rounded(.up))
        }
        var phaseEnd = Set<Int>()
        for (k, start) in phaseStart.enumerated() where k > 0 { phaseEnd.insert(start - 1) }
        var channelWidth = [Double](repeating: 0, count: channelCount)
        for ch in 0..<channelCount {
            let tracks = Double(max(channelTracks[ch], 1))
            var w = labelZone[ch] + o.channelLead + (tracks - 1) * o.trackGap + o.arrowRoom
            w = max(w, o.minChannelWidth)
            if phaseEnd.contains(ch - 1) { w += o.phaseGap }
            channelWidth[ch] = w.rounded(.up)
        }
        let headerLeft = o.margin
        let headerRight = headerLeft + o.laneHeaderWidth
        var channelLeft = [Double](repeating: 0, count: channelCount)
        var columnLeft = [Double](repeating: 0, count: columnCount)
        channelLeft[0] = headerRight
        for c in 0..<columnCount {
            columnLeft[c] = channelLeft[c] + channelWidth[c]
            channelLeft[c + 1] = columnLeft[c] + o.boxWidth
        }
        func trackX(_ channel: Int, _ track: Int) -> Double {
            channelLeft[channel] + labelZone[channel] + o.channelLead + Double(track) * o.trackGap
        }

        // Heights of rows and corridors, top to bottom.
        var seqHeight = [Double](repeating: 0, count: seqCount)
        for g in 0..<seqCount {
            seqHeight[g] = max(o.minCorridorHeight, Double(corridorTracks[g] + 1) * o.trackGap)
        }
        for v in 0..<n {
            let s = rowSeq(v)
            seqHeight[s] = max(seqHeight[s], boxes[v].frame.height + 2 * o.rowPadding)
        }
        var laneTitles: [[String]] = []
        for (l, lane) in laneList.enumerated() {
            let lines = TextMetrics.wrap(model.lanes[lane].title, maxWidth: o.laneHeaderWidth - 24,
                                         fontSize: o.laneTitleFontSize, bold: true, maxLines: 8)
            laneTitles.append(lines)
            let need = Double(lines.count) * o.laneTitleLineHeight + 24
            let have = (laneSeqStart[l]..<laneSeqStart[l + 1]).reduce(0.0) { $0 + seqHeight[$1] }
            if have < need { seqHeight[laneSeqStart[l + 1] - 1] += (need - have).rounded(.up) }
        }
        let bandsTop = o.margin + (phaseList.isEmpty ? 0 : o.phaseHeaderHeight)
        var seqTop = [Double](repeating: 0, count: seqCount + 1)
        seqTop[0] = bandsTop
        for g in 0..<seqCount { seqTop[g + 1] = seqTop[g] + seqHeight[g] }
        func trackY(_ corridor: Int, _ track: Int) -> Double {
            let count = Double(max(corridorTracks[corridor], 1))
            return seqTop[corridor] + (seqHeight[corridor] - (count - 1) * o.trackGap) / 2 + Double(track) * o.trackGap
        }

        // Boxes in place.
        for v in 0..<n {
            let s = rowSeq(v)
            boxes[v].frame.x = columnLeft[column[v]]
            // Heights are even and centres whole, so boxes of one row share their middle exactly.
            boxes[v].frame.y = (seqTop[s] + seqHeight[s] / 2).rounded() - boxes[v].frame.height / 2
        }

        // Routes in place.
        var vsegOfEdge = [[Int]](repeating: [], count: graph.edges.count)
        for (i, s) in vsegs.enumerated() { vsegOfEdge[s.edge].append(i) }
        var hsegOfEdge = [Int](repeating: -1, count: graph.edges.count)
        for (i, s) in hsegs.enumerated() { hsegOfEdge[s.edge] = i }
        var flows: [RoutedFlow] = []
        flows.reserveCapacity(graph.edges.count)
        for (i, e) in graph.edges.enumerated() {
            let a = boxes[e.from], b = boxes[e.to]
            let y1 = a.frame.midY + outOffset[i]
            let y2 = b.frame.midY + inOffset[i]
            let start = Point(a.rightEdge(at: y1), y1)
            let end = Point(b.leftEdge(at: y2), y2)
            var points: [Point]
            switch routes[i] {
            case .straight:
                points = [start, end]
            case .channel(let c):
                let x = trackX(c + 1, vTrack[vsegOfEdge[i][0]])
                points = [start, Point(x, y1), Point(x, y2), end]
            case .corridor(let c1, let g, let c2):
                let segs = vsegOfEdge[i]
                let firstSeg = vsegs[segs[0]].first ? segs[0] : segs[1]
                let lastSeg = firstSeg == segs[0] ? segs[1] : segs[0]
                let x1 = trackX(c1 + 1, vTrack[firstSeg])
                let x2 = trackX(c2 + 1, vTrack[lastSeg])
                let y = trackY(g, hTrack[hsegOfEdge[i]])
                points = [start, Point(x1, y1), Point(x1, y), Point(x2, y), Point(x2, y2), end]
            }
            var labelOrigin: Point?
            if !labels[i].isEmpty {
                labelOrigin = Point(a.frame.maxX + 5, y1 - 2 - Double(labels[i].count) * o.labelLineHeight)
            }
            flows.append(RoutedFlow(from: e.from, to: e.to, flow: e.flow, points: simplify(points),
                                    labelLines: labels[i], labelOrigin: labelOrigin,
                                    isException: e.isException, isLoop: e.isLoop,
                                    isBackward: column[e.to] <= column[e.from], isProcessLink: e.isProcessLink))
        }

        // Bands and phase groups.
        let right = channelLeft[columnCount] + channelWidth[columnCount]
        var bands: [LaneBand] = []
        for (l, lane) in laneList.enumerated() {
            let top = seqTop[laneSeqStart[l]]
            bands.append(LaneBand(lane: lane, y: top, height: seqTop[laneSeqStart[l + 1]] - top, titleLines: laneTitles[l]))
        }
        var groups: [PhaseGroup] = []
        for (k, phase) in phaseList.enumerated() {
            let first = phaseStart[k], count = phaseWidth[k]
            let x = k == 0 ? headerRight : channelLeft[first] + o.phaseGap / 2
            let endX = k == phaseList.count - 1 ? right : channelLeft[first + count] + o.phaseGap / 2
            let lines = TextMetrics.wrap(model.phases[phase].title, maxWidth: endX - x - 16,
                                         fontSize: o.phaseTitleFontSize, bold: true, maxLines: 2)
            groups.append(PhaseGroup(phase: phase, x: x, width: endX - x, firstColumn: first, columnCount: count,
                                     titleLines: lines))
        }
        var index: [Int: Int] = [:]
        for (i, node) in graph.nodes.enumerated() where node.shape != .processLink { index[node.step] = i }
        return MapLayout(width: (right + o.margin).rounded(.up), height: (seqTop[seqCount] + o.margin).rounded(.up),
                         lanes: bands, phases: groups, boxes: boxes, flows: flows,
                         headerLeft: headerLeft, headerRight: headerRight, bandsTop: bandsTop,
                         columnCount: columnCount, boxIndexOfStep: index)
    }

    /// Port offsets from a box's middle, stacked in `slots`; returns their total height.
    func spreadPorts(_ edges: [Int], slots: [Double], labelled: [Bool], into offsets: inout [Double]) -> Double {
        guard edges.count > 1 else {
            if let e = edges.first { offsets[e] = 0 }
            return slots.first ?? 0
        }
        let total = slots.reduce(0, +)
        var top = -total / 2
        for (k, e) in edges.enumerated() {
            offsets[e] = top + (labelled[k] ? slots[k] - 1 : slots[k] / 2)
            top += slots[k]
        }
        return total
    }

    /// A box with its text wrapped and its height from its contents; placed later.
    func makeBox(_ v: Int) -> StepBox {
        let o = options
        let node = graph.nodes[v]
        let step = model.steps[node.step]
        let w = o.boxWidth
        let inner: Double
        switch node.shape {
        case .step: inner = w - 20
        case .decision: inner = w - 2 * StepBox.pointDepth - 16
        case .start, .end: inner = w - 28
        case .processLink: inner = w - StepBox.pointDepth - 20
        }
        var title: [String]
        var timeLine: String?
        var participantLines: [String] = []
        if node.shape == .processLink {
            let laneTitle = node.targetLane.map { model.lanes[$0].title } ?? ""
            title = TextMetrics.wrap(o.text.processLink(laneTitle), maxWidth: inner, fontSize: o.titleFontSize,
                                     bold: true, maxLines: 3)
            participantLines = TextMetrics.wrap(step.title, maxWidth: inner, fontSize: o.footerFontSize, maxLines: 2)
        } else {
            title = TextMetrics.wrap(step.title, maxWidth: inner, fontSize: o.titleFontSize, bold: true,
                                     maxLines: o.maxTitleLines)
            if let within = step.within {
                timeLine = o.text.time(within)
            }
            let names = step.participants.filter { $0 >= 0 && $0 < model.lanes.count }.map { model.lanes[$0].title }
            if !names.isEmpty {
                participantLines = TextMetrics.wrap(o.text.participants(names), maxWidth: inner,
                                                    fontSize: o.footerFontSize, maxLines: 3)
            }
        }
        if title.isEmpty { title = [""] }
        var phaseTag: String?
        if phaseTags, node.shape != .processLink, let p = node.phase {
            phaseTag = TextMetrics.wrap(model.phases[p].title, maxWidth: inner - 14, fontSize: o.phaseTagFontSize,
                                        maxLines: 1).first
        }
        let footerCount = Double(participantLines.count + (timeLine == nil ? 0 : 1))
        let height = o.boxHeaderHeight + Double(title.count) * o.titleLineHeight
            + (footerCount > 0 ? 4 + footerCount * o.footerLineHeight : 0)
            + (phaseTag == nil ? 0 : 5 + o.phaseTagHeight) + o.boxPaddingBottom
        return StepBox(step: node.step, shape: node.shape, lane: node.lane, targetLane: node.targetLane,
                       column: column[v], row: row[v],
                       frame: Rect(x: 0, y: 0, width: w, height: height.rounded(.up)),
                       titleLines: title, timeLine: timeLine, participantLines: participantLines,
                       phase: phaseTag == nil ? nil : node.phase, phaseTag: phaseTag,
                       titleTop: o.boxHeaderHeight,
                       number: node.shape == .processLink ? nil : numbers[node.step],
                       isActualisation: node.shape != .processLink && step.actualisation != nil,
                       participants: node.shape == .processLink ? [] : step.participants)
    }

    /// Drops repeated points and middle points of straight runs.
    func simplify(_ points: [Point]) -> [Point] {
        var out: [Point] = []
        for p in points {
            if let last = out.last, abs(last.x - p.x) < 0.01, abs(last.y - p.y) < 0.01 { continue }
            if out.count >= 2 {
                let a = out[out.count - 2], b = out[out.count - 1]
                let collinear = (abs(a.x - b.x) < 0.01 && abs(b.x - p.x) < 0.01) || (abs(a.y - b.y) < 0.01 && abs(b.y - p.y) < 0.01)
                if collinear { out[out.count - 1] = p; continue }
            }
            out.append(p)
        }
        return out
    }
}

/// One end of a channel or corridor segment: where it turns (`pos`, along
/// the segment) and to which side — toward the first tracks (left in a
/// channel, up in a corridor) or toward the last.
struct SegmentEnd {
    var pos: Double
    var towardFirst: Bool
}

/// Tracks for the segments sharing a channel or corridor, in an order that
/// avoids needless crossings: segments turning only toward the first side
/// come first (shorter ones nearest that side), those turning only toward the
/// last side come last (shorter ones nearest it), and Z-shaped ones in
/// between, nested so that the outer one is farther out. Then each takes the
/// lowest track after every earlier segment it overlaps, which keeps that
/// order wherever segments meet. n·log n with a segment tree.
enum OrderedTracks {
    static func assign(_ segments: [(lo: Int, hi: Int, ends: [SegmentEnd], edge: Int)]) -> (tracks: [Int], count: Int) {
        struct Key: Comparable {
            var group: Int, key: Double, tie: Double, edge: Int, index: Int
            static func < (a: Key, b: Key) -> Bool {
                (a.group, a.key, a.tie, a.edge, a.index) < (b.group, b.key, b.tie, b.edge, b.index)
            }
        }
        var keys: [Key] = []
        keys.reserveCapacity(segments.count)
        for (i, s) in segments.enumerated() {
            let a = s.ends[0], b = s.ends[1]
            let span = abs(a.pos - b.pos)
            let key: Key
            if a.towardFirst && b.towardFirst {
                key = Key(group: 0, key: span, tie: min(a.pos, b.pos), edge: s.edge, index: i)
            } else if !a.towardFirst && !b.towardFirst {
                key = Key(group: 3, key: -span, tie: min(a.pos, b.pos), edge: s.edge, index: i)
            } else {
                let first = a.towardFirst ? a : b, last = a.towardFirst ? b : a
                if first.pos <= last.pos {
                    // Turns first-side at the lower end: the earlier it turns, the farther out.
                    key = Key(group: 1, key: -first.pos, tie: last.pos, edge: s.edge, index: i)
                } else {
                    key = Key(group: 2, key: first.pos, tie: -last.pos, edge: s.edge, index: i)
                }
            }
            keys.append(key)
        }
        keys.sort()
        // Compress coordinates, then place in order.
        let coordinates = Array(Set(segments.flatMap { [$0.lo, $0.hi] })).sorted()
        var rank: [Int: Int] = [:]
        for (i, c) in coordinates.enumerated() { rank[c] = i }
        var tree = MaxTree(size: coordinates.count)
        var tracks = [Int](repeating: 0, count: segments.count)
        var count = 0
        for k in keys {
            let s = segments[k.index]
            let lo = rank[s.lo]!, hi = rank[s.hi]!
            let track = tree.max(lo, hi) + 1
            tracks[k.index] = track
            count = Swift.max(count, track + 1)
            tree.raise(lo, hi, to: track)
        }
        return (tracks, count)
    }
}

/// Range "raise to at least v" and range maximum over positions 0..<size,
/// bottom-up and iterative. Empty positions read as -1.
struct MaxTree {
    private var size: Int
    private var best: [Int]
    private var tag: [Int]

    package init(size: Int) {
        var n = 1
        while n < Swift.max(size, 1) { n *= 2 }
        self.size = n
        best = [Int](repeating: -1, count: 2 * n)
        tag = [Int](repeating: -1, count: 2 * n)
    }

    package mutating func raise(_ lo: Int, _ hi: Int, to value: Int) {
        var l = lo + size, r = hi + size + 1
        let l0 = l, r0 = r - 1
        while l < r {
            if l & 1 == 1 { apply(l, value); l += 1 }
            if r & 1 == 1 { r -= 1; apply(r, value) }
            l >>= 1
            r >>= 1
        }
        rebuild(l0)
        rebuild(r0)
    }

    package func max(_ lo: Int, _ hi: Int) -> Int {
        var result = -1
        var l = lo + size, r = hi + size + 1
        // Tags on ancestors of the range's ends cover every canonical node.
        var i = (lo + size) >> 1
        while i >= 1 { result = Swift.max(result, tag[i]); i >>= 1 }
        i = (hi + size) >> 1
        while i >= 1 { result = Swift.max(result, tag[i]); i >>= 1 }
        while l < r {
            if l & 1 == 1 { result = Swift.max(result, best[l]); l += 1 }
            if r & 1 == 1 { r -= 1; result = Swift.max(result, best[r]) }
            l >>= 1
            r >>= 1
        }
        return result
    }

    private mutating func apply(_ node: Int, _ value: Int) {
        best[node] = Swift.max(best[node], value)
        tag[node] = Swift.max(tag[node], value)
    }

    private mutating func rebuild(_ leaf: Int) {
        var i = leaf >> 1
        while i >= 1 {
            best[i] = Swift.max(Swift.max(best[2 * i], best[2 * i + 1]), tag[i])
            i >>= 1
        }
    }
}
