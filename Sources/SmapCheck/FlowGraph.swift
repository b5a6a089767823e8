import SmapCore
import SmapSyntax
import SmapModel

/// The steps and flows as a compact adjacency structure (CSR) for the graph
/// algorithms of the checks and the rule prover. Every algorithm here is
/// iterative: a 100,000-step chain never deepens the call stack.
public struct FlowGraph: Sendable {
    public let count: Int
    private var successorOffsets: [Int32]
    private var successorList: [Int32]
    private var predecessorOffsets: [Int32]
    private var predecessorList: [Int32]

    /// A graph of all flows, or of all flows except those marked `loop`.
    public init(model: Model, includeLoops: Bool) {
        self.init(count: model.steps.count,
                  edges: model.flows.indices.compactMap { index in
                      includeLoops || !model.flows[index].isLoop
                          ? (model.flows[index].from, model.flows[index].to, index) : nil
                  })
    }

    public init(count: Int, edges: [(from: Int, to: Int, flow: Int)]) {
        self.count = count
        var outDegree = [Int32](repeating: 0, count: count + 1)
        var inDegree = [Int32](repeating: 0, count: count + 1)
        for e in edges {
            outDegree[e.from + 1] += 1
            inDegree[e.to + 1] += 1
        }
        for i in 0..<count {
            outDegree[i + 1] += outDegree[i]
            inDegree[i + 1] += inDegree[i]
        }
        var successors = [Int32](repeating: 0, count: edges.count)
        var predecessors = [Int32](repeating: 0, count: edges.count)
        var outFill = outDegree
        var inFill = inDegree
        for e in edges {
            let o = Int(outFill[e.from])
            successors[o] = Int32(e.to)
            outFill[e.from] += 1
            let p = Int(inFill[e.to])
            predecessors[p] = Int32(e.from)
            inFill[e.to] += 1
        }
        successorOffsets = outDegree
        successorList = successors
        predecessorOffsets = inDegree
        predecessorList = predecessors
    }

    @inline(__always)
    public func successors(_ node: Int) -> ArraySlice<Int32> {
        successorList[Int(successorOffsets[node])..<Int(successorOffsets[node + 1])]
    }

    @inline(__always)
    public func predecessors(_ node: Int) -> ArraySlice<Int32> {
        predecessorList[Int(predecessorOffsets[node])..<Int(predecessorOffsets[node + 1])]
    }

    // MARK: - Reachability

    /// Nodes reachable from `sources` (inclusive) without entering `avoiding`.
    public func reachable(from sources: [Int], avoiding: Int? = nil) -> [Bool] {
        var seen = [Bool](repeating: false, count: count)
        var queue: [Int] = []
        queue.reserveCapacity(count)
        for s in sources where s != avoiding && !seen[s] {
            seen[s] = true
            queue.append(s)
        }
        var head = 0
        while head < queue.count {
            let n = queue[head]
            head += 1
            for m32 in successors(n) {
                let m = Int(m32)
                if m == avoiding || seen[m] { continue }
                seen[m] = true
                queue.append(m)
            }
        }
        return seen
    }

    /// Nodes from which `target` can be reached (inclusive).
    public func reaching(_ target: Int) -> [Bool] {
        var seen = [Bool](repeating: false, count: count)
        var stack = [target]
        seen[target] = true
        while let n = stack.popLast() {
            for m32 in predecessors(n) {
                let m = Int(m32)
                if !seen[m] {
                    seen[m] = true
                    stack.append(m)
                }
            }
        }
        return seen
    }

    /// A shortest path from one of `sources` to `target` that never enters `avoiding`.
    public func path(from sources: [Int], to target: Int, avoiding: Int? = nil) -> [Int]? {
        var parent = [Int32](repeating: -2, count: count)
        var queue: [Int] = []
        for s in sources where s != avoiding && parent[s] == -2 {
            parent[s] = -1
            queue.append(s)
        }
        var head = 0
        while head < queue.count {
            let n = queue[head]
            head += 1
            if n == target { break }
            for m32 in successors(n) {
                let m = Int(m32)
                if m == avoiding || parent[m] != -2 { continue }
                parent[m] = Int32(n)
                queue.append(m)
            }
        }
        guard parent[target] != -2 else { return nil }
        var path = [target]
        var n = Int(parent[target])
        while n >= 0 {
            path.append(n)
            n = Int(parent[n])
        }
        return path.reversed()
    }

    // MARK: - Order and cycles

    /// A topological order (Kahn), ties broken by node index; nodes on or after
    /// a cycle are appended in index order. `complete` is false when a cycle exists.
    public func topologicalOrder() -> (order: [Int], complete: Bool) {
        var indegree = [Int](repeating: 0, count: count)
        for n in 0..<count { indegree[n] = predecessors(n).count }
        var order: [Int] = []
        order.reserveCapacity(count)
        var queue = (0..<count).filter { indegree[$0] == 0 }
        var head = 0
        while head < queue.count {
            let n = queue[head]
            head += 1
            order.append(n)
            for m32 in successors(n) {
                let m = Int(m32)
                indegree[m] -= 1
                if indegree[m] == 0 { queue.append(m) }
            }
        }
        let complete = order.count == count
        if !complete {
            var placed = [Bool](repeating: false, count: count)
            for n in order { placed[n] = true }
            for n in 0..<count where !placed[n] { order.append(n) }
        }
        return (order, complete)
    }

    /// Strongly connected components with a cycle (more than one node, or a
    /// node with a flow to itself), each as a sorted list of nodes, ordered
    /// by their first node. Read off ``componentRanks()``, the one Tarjan.
    public func cyclicComponents() -> [[Int]] {
        let ranks = componentRanks()
        var members: [Int32: [Int]] = [:]
        for node in 0..<count { members[ranks[node], default: []].append(node) }
        return members.values
            .filter { $0.count > 1 || successors($0[0]).contains(Int32($0[0])) }
            .sorted { $0[0] < $1[0] }
    }

    /// A rank for every node that never decreases along an edge and is equal
    /// exactly within a strongly connected component: the components'
    /// topological order (iterative Tarjan, which finishes sinks first).
    public func componentRanks() -> [Int32] {
        var index = [Int32](repeating: -1, count: count)
        var low = [Int32](repeating: 0, count: count)
        var onStack = [Bool](repeating: false, count: count)
        var component = [Int32](repeating: 0, count: count)
        var stack: [Int] = []
        var next: Int32 = 0
        var finished: Int32 = 0
        var frames: [(node: Int, edge: Int)] = []
        for root in 0..<count where index[root] < 0 {
            frames.append((root, 0))
            index[root] = next; low[root] = next; next += 1
            stack.append(root); onStack[root] = true
            while !frames.isEmpty {
                let (node, edge) = frames[frames.count - 1]
                let succ = successors(node)
                if edge < succ.count {
                    frames[frames.count - 1].edge += 1
                    let m = Int(succ[succ.startIndex + edge])
                    if index[m] < 0 {
                        index[m] = next; low[m] = next; next += 1
                        stack.append(m); onStack[m] = true
                        frames.append((m, 0))
                    } else if onStack[m] {
                        low[node] = min(low[node], index[m])
                    }
                    continue
                }
                frames.removeLast()
                if let parent = frames.last?.node { low[parent] = min(low[parent], low[node]) }
                if low[node] == index[node] {
                    while true {
                        let m = stack.removeLast()
                        onStack[m] = false
                        component[m] = finished
                        if m == node { break }
                    }
                    finished += 1
                }
            }
        }
        // Tarjan finishes a component after every component it leads to.
        return component.map { finished - 1 - $0 }
    }

    /// One cycle through `node` that stays inside `component`: node, …, node.
    public func cycle(through node: Int, within component: Set<Int>) -> [Int] {
        if successors(node).contains(Int32(node)) { return [node, node] }
        var parent: [Int: Int] = [:]
        var queue = [node]
        var head = 0
        while head < queue.count {
            let n = queue[head]
            head += 1
            for m32 in successors(n) {
                let m = Int(m32)
                guard component.contains(m) else { continue }
                if m == node {
                    // n, parent(n), …, back to the first step after `node`.
                    var back: [Int] = []
                    var k = n
                    while k != node {
                        back.append(k)
                        k = parent[k]!
                    }
                    return [node] + back.reversed() + [node]
                }
                if parent[m] == nil {
                    parent[m] = n
                    queue.append(m)
                }
            }
        }
        return [node]
    }

    // MARK: - Dominators

    /// Immediate dominators over paths from a virtual root that leads to every
    /// node of `roots` (Cooper, Harvey & Kennedy). Index `count` is the virtual
    /// root; unreachable nodes get -1.
    public func immediateDominators(roots: [Int]) -> [Int] {
        let root = count
        // Reverse postorder by iterative DFS from the virtual root.
        var postorder: [Int] = []
        postorder.reserveCapacity(count + 1)
        var visited = [Bool](repeating: false, count: count + 1)
        var frames: [(node: Int, edge: Int)] = [(root, 0)]
        visited[root] = true
        while !frames.isEmpty {
            let (node, edge) = frames[frames.count - 1]
            let next: Int?
            if node == root {
                next = edge < roots.count ? roots[edge] : nil
            } else {
                let succ = successors(node)
                next = edge < succ.count ? Int(succ[succ.startIndex + edge]) : nil
            }
            guard let m = next else {
                frames.removeLast()
                postorder.append(node)
                continue
            }
            frames[frames.count - 1].edge += 1
            if !visited[m] {
                visited[m] = true
                frames.append((m, 0))
            }
        }
        var order = [Int](repeating: -1, count: count + 1) // postorder number
        for (i, n) in postorder.enumerated() { order[n] = i }
        var idom = [Int](repeating: -1, count: count + 1)
        idom[root] = root
        let isRoot = Set(roots)
        func intersect(_ a: Int, _ b: Int) -> Int {
            var x = a, y = b
            while x != y {
                while order[x] < order[y] { x = idom[x] }
                while order[y] < order[x] { y = idom[y] }
            }
            return x
        }
        var changed = true
        while changed {
            changed = false
            for node in postorder.reversed() where node != root {
                var newIdom = -1
                var preds = predecessors(node).map { Int($0) }
                if isRoot.contains(node) { preds.append(root) }
                for p in preds where idom[p] != -1 {
                    newIdom = newIdom == -1 ? p : intersect(p, newIdom)
                }
                if newIdom != -1 && idom[node] != newIdom {
                    idom[node] = newIdom
                    changed = true
                }
            }
        }
        return idom
    }
}
