/// A tiny deterministic RNG (SplitMix64) so property tests see the same graphs on every run.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random plans whose edges always point to an earlier service in a shuffled order (a DAG).
enum RandomPlans {
    static func dag(services: Int, edgesPerService: Int, rng: inout SplitMix64) -> ReleasePlanShape {
        var rank = Array(0..<services)
        rank.shuffle(using: &rng)  // rank[i] = topological rank of service i
        var byRank = [Int](repeating: 0, count: services)
        for (service, position) in rank.enumerated() { byRank[position] = service }
        var dependencies = [[Int]](repeating: [], count: services)
        for service in 0..<services where rank[service] > 0 {
            let count = Int.random(in: 0...edgesPerService, using: &rng)
            for _ in 0..<count {
                let target = byRank[Int.random(in: 0..<rank[service], using: &rng)]
                if !dependencies[service].contains(target) { dependencies[service].append(target) }
            }
        }
        return ReleasePlanShape(dependencies: dependencies)
    }
}

import TandemPlan

/// A plan as adjacency lists over services named `s0`, `s1`, … in plan order.
struct ReleasePlanShape {
    var dependencies: [[Int]]

    func plan(coupling: Coupling = .lockstep, order: ReleaseOrderKind = .dependenciesFirst) -> ReleasePlan {
        ReleasePlan(name: "random", coupling: coupling, order: order, services: dependencies.enumerated().map { index, targets in
            ServiceSpec(name: "s\(index)", image: "example/s\(index)", dependsOn: targets.map { Dependency(service: "s\($0)") })
        })
    }
}
