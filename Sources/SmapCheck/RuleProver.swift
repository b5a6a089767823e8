import SmapCore
import SmapSyntax
import SmapModel

/// The result of proving one rule.
public enum RuleStatus: Sendable, Equatable {
    case holds
    /// The rule is broken; `path` is one counterexample, step by step.
    case violated(path: [Int])
    /// A `within` rule meets a step without a time on the way.
    case unprovable(step: Int)
    /// A `within` rule whose target cannot be reached from its origin.
    case vacuous
    /// The map has errors that make the proof meaningless (unmarked cycles).
    case notChecked
}

public struct RuleOutcome: Sendable {
    public var rule: Int
    public var status: RuleStatus
    /// For `within` rules: the longest time found along a path, in hours.
    public var longestHours: Int?
}

/// Proves `before`, `parallel` and `within` rules over the flow graph with
/// `loop` flows left out.
///
/// Every proof looks only at the part of the graph between a rule's two
/// steps: nodes are ranked so that each flow leads to an equal or higher rank
/// (a topological order, or the order of the strongly connected components
/// when the map has an unmarked cycle), and no search goes past the rank of
/// the step it is looking for. Search marks are reused from rule to rule, so
/// a map with tens of thousands of rules is proved in time proportional to
/// the size of the map plus the spans of its rules.
public struct RuleProver {
    package let model: Model
    package let graph: FlowGraph
    package let starts: [Int]
    package let acyclic: Bool
    private var dominatorTree: DominatorTree?
    private var postDominators: [Int]?
    /// For each node a rank that never decreases along a flow (see above).
    private var ranks: [Int32] = []
    /// Per start: the steps reachable from it, and those done in every run from it.
    private var startCache: [Int: (reach: [Bool], done: [Bool])] = [:]
    private var marks: NodeMarks
    private var otherMarks: NodeMarks
    private var parents: [Int32]

    public init(model: Model, graph: FlowGraph, acyclic: Bool) {
        self.model = model
        self.graph = graph
        self.acyclic = acyclic
        self.starts = model.steps.indices.filter { model.steps[$0].isStart }
        self.marks = NodeMarks(count: graph.count)
        self.otherMarks = NodeMarks(count: graph.count)
        self.parents = [Int32](repeating: -1, count: graph.count)
    }

    public mutating func prove(_ index: Int) -> RuleOutcome {
        switch model.rules[index].clause {
        case .before(let first, let second):
            return RuleOutcome(rule: index, status: proveBefore(first, second))
        case .parallel(let a, let b):
            return RuleOutcome(rule: index, status: proveParallel(a, b))
        case .within(let target, let limit, let origin):
            return proveWithin(index, target: target, limit: limit, origin: origin)
        }
    }

    private mutating func rankOf(_ node: Int) -> Int32 {
        if ranks.isEmpty {
            if acyclic {
                ranks = [Int32](repeating: 0, count: graph.count)
                for (position, n) in graph.topologicalOrder().order.enumerated() { ranks[n] = Int32(position) }
            } else {
                ranks = graph.componentRanks()
            }
        }
        return ranks[node]
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
        if dominatorTree == nil {
            dominatorTree = DominatorTree(idom: graph.immediateDominators(roots: starts), root: graph.count)
        }
        let tree = dominatorTree!
        if !tree.isReachable(second) { return .holds } // unreachable: reported on its own
        if tree.dominates(first, second) { return .holds }
        guard acyclic else {
            let path = shortestPath(from: starts, to: second, avoiding: first) ?? [second]
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

    /// What a start reaches and always does, computed once per start while
    /// the cache stays within about 64 MB (beyond that, per rule).
    private mutating func startInfo(_ start: Int) -> (reach: [Bool], done: [Bool]) {
        if let cached = startCache[start] { return cached }
        let info = (reach: graph.reachable(from: [start]), done: alwaysDone(from: start))
        if (startCache.count + 1) * graph.count <= 32_000_000 { startCache[start] = info }
        return info
    }

    /// A path from `start` to `target` in which no step is guaranteed to come
    /// after `first`, or nil when every run from `start` does `first` before `target`.
    ///
    /// `after[x]`: `first` is guaranteed to precede x in every run from `start`
    /// that reaches x. It can hold only for steps reached from `first`, so only
    /// those (up to the rank of `target`) are examined, in topological order.
    private mutating func runAvoiding(_ first: Int, reaching target: Int, from start: Int) -> [Int]? {
        let (reach, done) = startInfo(start)
        guard reach[target] else { return nil }
        let targetRank = rankOf(target)
        // The steps reached from `first` (marks) and, among them, those with after[x] (otherMarks).
        marks.clear()
        otherMarks.clear()
        var region: [Int] = []
        if reach[first] && rankOf(first) <= targetRank {
            marks.insert(first)
            region.append(first)
            var head = 0
            while head < region.count {
                let n = region[head]
                head += 1
                for m32 in graph.successors(n) {
                    let m = Int(m32)
                    guard reach[m], rankOf(m) <= targetRank, marks.insert(m) else { continue }
                    region.append(m)
                }
            }
        }
        region.sort { ranks[$0] < ranks[$1] }
        for x in region {
            parents[x] = -1
            if x == first { otherMarks.insert(x); continue }
            if x == start { continue }
            var all = true
            var forced = false
            for p32 in graph.predecessors(x) {
                let p = Int(p32)
                guard reach[p] else { continue }
                if otherMarks.contains(p) {
                    if done[p] && model.steps[p].kind != .decision { forced = true }
                } else {
                    all = false
                    if parents[x] == -1 { parents[x] = Int32(p) }
                }
            }
            if all || forced { otherMarks.insert(x) }
        }
        if otherMarks.contains(target) { return nil }
        // Outside the region no step is after `first`: a step's parent there is its first reached predecessor.
        func parent(_ n: Int) -> Int {
            if marks.contains(n) { return n == first || n == start ? -1 : Int(parents[n]) }
            if n == start { return -1 }
            return graph.predecessors(n).first { reach[Int($0)] }.map { Int($0) } ?? -1
        }
        var path = [target]
        var n = target
        while n != start {
            let p = parent(n)
            if p < 0 { break }
            n = p
            path.append(n)
        }
        return path.reversed()
    }

    /// `a parallel b`: neither reachable from the other.
    private mutating func proveParallel(_ a: Int, _ b: Int) -> RuleStatus {
        if let path = shortestPath(from: [a], to: b) { return .violated(path: path) }
        if let path = shortestPath(from: [b], to: a) { return .violated(path: path) }
        return .holds
    }

    /// The path ``FlowGraph/path(from:to:avoiding:)`` finds (breadth first,
    /// the same ties), searching only steps that rank no higher than `target`:
    /// no flow leads from a higher rank back to a lower one.
    private mutating func shortestPath(from sources: [Int], to target: Int, avoiding: Int? = nil) -> [Int]? {
        let limit = rankOf(target)
        marks.clear()
        var queue: [Int] = []
        for s in sources where s != avoiding && rankOf(s) <= limit && marks.insert(s) {
            parents[s] = -1
            queue.append(s)
        }
        var head = 0
        while head < queue.count {
            let n = queue[head]
            head += 1
            if n == target { break }
            for m32 in graph.successors(n) {
                let m = Int(m32)
                if m == avoiding || ranks[m] > limit || !marks.insert(m) { continue }
                parents[m] = Int32(n)
                queue.append(m)
            }
        }
        guard marks.contains(target) else { return nil }
        var path = [target]
        var n = Int(parents[target])
        while n >= 0 {
            path.append(n)
            n = Int(parents[n])
        }
        return path.reversed()
    }

    /// `target within limit after origin`: the longest sum of `within` times
    /// over the steps after `origin` up to and including `target`.
    private mutating func proveWithin(_ index: Int, target: Int, limit: Duration, origin: Int) -> RuleOutcome {
        guard acyclic else { return RuleOutcome(rule: index, status: .notChecked) }
        // Steps reached from `origin` (marks) that reach `target` (otherMarks): those on some path between them.
        let targetRank = rankOf(target), originRank = rankOf(origin)
        marks.clear()
        marks.insert(origin)
        var forward = [origin]
        var head = 0
        while head < forward.count {
            let n = forward[head]
            head += 1
            for m32 in graph.successors(n) where ranks[Int(m32)] <= targetRank && marks.insert(Int(m32)) {
                forward.append(Int(m32))
            }
        }
        guard marks.contains(target) else { return RuleOutcome(rule: index, status: .vacuous) }
        otherMarks.clear()
        otherMarks.insert(target)
        var backward = [target]
        head = 0
        while head < backward.count {
            let n = backward[head]
            head += 1
            for m32 in graph.predecessors(n) where ranks[Int(m32)] >= originRank && otherMarks.insert(Int(m32)) {
                backward.append(Int(m32))
            }
        }
        func inside(_ n: Int) -> Bool { marks.contains(n) && otherMarks.contains(n) }
        // Nodes on some path origin → target, in topological order by a Kahn pass restricted to them.
        var indegree = [Int: Int]()
        for n in backward where inside(n) {
            indegree[n] = graph.predecessors(n).reduce(0) { $0 + (inside(Int($1)) && n != origin ? 1 : 0) }
        }
        var order: [Int] = [origin]
        head = 0
        while head < order.count {
            let n = order[head]
            head += 1
            for m32 in graph.successors(n) {
                let m = Int(m32)
                guard inside(m), m != origin else { continue }
                indegree[m]! -= 1
                if indegree[m] == 0 { order.append(m) }
            }
        }
        // Untimed steps (decisions count as zero).
        for n in order where n != origin {
            if model.steps[n].within == nil && model.steps[n].kind != .decision {
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
                guard inside(p), let d = distance[p] else { continue }
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

/// A set of graph nodes that empties in constant time: a node is in the set
/// when its stamp equals the current generation.
struct NodeMarks {
    private var stamps: [UInt32]
    private var generation: UInt32 = 1

    package init(count: Int) { stamps = [UInt32](repeating: 0, count: count) }

    mutating func clear() {
        if generation == UInt32.max {
            for i in stamps.indices { stamps[i] = 0 }
            generation = 0
        }
        generation += 1
    }

    /// Adds `node`; false when it was already there.
    @inline(__always)
    @discardableResult
    package mutating func insert(_ node: Int) -> Bool {
        if stamps[node] == generation { return false }
        stamps[node] = generation
        return true
    }

    @inline(__always)
    package func contains(_ node: Int) -> Bool { stamps[node] == generation }
}

/// The dominator tree with DFS entry and exit numbers: `a` dominates `b`
/// exactly when b's interval lies inside a's, a constant-time test.
struct DominatorTree {
    private var entry: [Int32]
    private var exit: [Int32]

    /// `idom` as ``FlowGraph/immediateDominators(roots:)`` returns it: index
    /// `root` is the virtual root, -1 marks unreachable nodes.
    package init(idom: [Int], root: Int) {
        var childCount = [Int32](repeating: 0, count: root + 2)
        for (node, parent) in idom.enumerated() where node != root && parent >= 0 { childCount[parent + 1] += 1 }
        for i in 0..<(root + 1) { childCount[i + 1] += childCount[i] }
        var fill = childCount
        var children = [Int32](repeating: 0, count: Int(childCount[root + 1]))
        for (node, parent) in idom.enumerated() where node != root && parent >= 0 {
            children[Int(fill[parent])] = Int32(node)
            fill[parent] += 1
        }
        entry = [Int32](repeating: -1, count: root + 1)
        exit = [Int32](repeating: -1, count: root + 1)
        var clock: Int32 = 0
        var frames: [(node: Int, next: Int32)] = [(root, childCount[root])]
        entry[root] = clock
        clock += 1
        while !frames.isEmpty {
            let (node, next) = frames[frames.count - 1]
            if next < childCount[node + 1] {
                frames[frames.count - 1].next += 1
                let child = Int(children[Int(next)])
                entry[child] = clock
                clock += 1
                frames.append((child, childCount[child]))
            } else {
                exit[node] = clock
                clock += 1
                frames.removeLast()
            }
        }
    }

    func isReachable(_ node: Int) -> Bool { entry[node] >= 0 }

    /// True when every path from the root to `b` passes `a` (a node dominates itself).
    package func dominates(_ a: Int, _ b: Int) -> Bool {
        entry[a] >= 0 && entry[b] >= 0 && entry[a] <= entry[b] && exit[b] <= exit[a]
    }
}
