import TandemTestSupport

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
