/// The services of a plan as integers (plan order) with consumer → dependency edges.
/// Waves and cycles are computed in O(services + edges).
public struct DependencyGraph: Sendable, Equatable {
    /// Service names in plan order; a node is an index into this array.
    public let names: [String]
    /// For each node, the nodes it depends on, in the order written.
    public let dependencies: [[Int]]
    /// For each node, the nodes that depend on it.
    public let dependents: [[Int]]

    /// Builds the graph of a plan, ignoring edges to unknown services, self-edges and
    /// services whose name repeats an earlier one (the validator reports all of those).
    public init(plan: ReleasePlan) {
        var index: [String: Int] = [:]
        index.reserveCapacity(plan.services.count)
        var names: [String] = []
        for service in plan.services where index[service.name] == nil {
            index[service.name] = names.count
            names.append(service.name)
        }
        var seen = Set<String>()
        var dependencies: [[Int]] = []
        dependencies.reserveCapacity(names.count)
        var lastAddedBy = [Int](repeating: -1, count: names.count)
        for service in plan.services where seen.insert(service.name).inserted {
            let node = index[service.name]!
            var edges: [Int] = []
            for dependency in service.dependsOn {
                if let target = index[dependency.service], target != node, lastAddedBy[target] != node {
                    lastAddedBy[target] = node
                    edges.append(target)
                }
            }
            dependencies.append(edges)
        }
        self.init(names: names, dependencies: dependencies)
    }

    /// A graph from explicit adjacency (`dependencies[i]` = what node `i` depends on).
    public init(names: [String], dependencies: [[Int]]) {
        self.names = names
        self.dependencies = dependencies
        var dependents = [[Int]](repeating: [], count: names.count)
        for (consumer, targets) in dependencies.enumerated() {
            for target in targets { dependents[target].append(consumer) }
        }
        self.dependents = dependents
    }

    /// Kahn's algorithm with levels. Dependencies first: a node's wave is one more than the
    /// latest wave among its dependencies. `consumersFirst` runs it on the reversed graph.
    /// Inside a wave nodes keep plan order. Nodes on or behind a cycle are in `blocked`.
    public func waves(consumersFirst: Bool = false) -> (waves: [[Int]], blocked: [Int]) {
        let inward = consumersFirst ? dependents : dependencies
        let outward = consumersFirst ? dependencies : dependents
        var remaining = inward.map(\.count)
        var level = [Int](repeating: -1, count: names.count)
        var queue: [Int] = []
        queue.reserveCapacity(names.count)
        for node in names.indices where remaining[node] == 0 {
            level[node] = 0
            queue.append(node)
        }
        var head = 0, maxLevel = -1
        while head < queue.count {
            let node = queue[head]
            head += 1
            maxLevel = max(maxLevel, level[node])
            for next in outward[node] {
                level[next] = max(level[next], level[node] + 1)
                remaining[next] -= 1
                if remaining[next] == 0 { queue.append(next) }
            }
        }
        var waves = [[Int]](repeating: [], count: maxLevel + 1)
        var blocked: [Int] = []
        for node in names.indices {
            if remaining[node] == 0 { waves[level[node]].append(node) } else { blocked.append(node) }
        }
        return (waves, blocked)
    }

    /// Dependency cycles, each as nodes `[a, b, c]` meaning a depends on b, b on c, c on a,
    /// starting at its earliest node in plan order. Disjoint; empty when the graph is acyclic.
    public func cycles() -> [[Int]] {
        let blocked = waves().blocked
        if blocked.isEmpty { return [] }
        var isBlocked = [Bool](repeating: false, count: names.count)
        for node in blocked { isBlocked[node] = true }
        // 0 = unvisited, 1 = on the current walk, 2 = finished.
        var state = [UInt8](repeating: 0, count: names.count)
        var positionOnWalk = [Int](repeating: 0, count: names.count)
        var found: [[Int]] = []
        for start in blocked where state[start] == 0 {
            var walk: [Int] = []
            var node = start
            // Every blocked node has a blocked dependency, so the walk ends on a repeat.
            while state[node] == 0 {
                state[node] = 1
                positionOnWalk[node] = walk.count
                walk.append(node)
                guard let next = dependencies[node].first(where: { isBlocked[$0] }) else { break }
                node = next
            }
            if state[node] == 1 {
                let cycle = Array(walk[positionOnWalk[node]...])
                let first = cycle.indices.min { cycle[$0] < cycle[$1] }!
                found.append(Array(cycle[first...] + cycle[..<first]))
            }
            for visited in walk { state[visited] = 2 }
        }
        return found
    }
}
