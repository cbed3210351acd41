import Testing
import TandemPlan
@testable import TandemEngine

/// SplitMix64: a small deterministic generator so every run checks the same graphs.
private struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

private func randomPlan(services count: Int, seed: UInt64) -> ReleasePlan {
    var rng = SeededGenerator(state: seed)
    var services: [ServiceSpec] = []
    for i in 0..<count {
        var deps: [Dependency] = []
        if i > 0 {
            for _ in 0..<Int.random(in: 0...3, using: &rng) {
                let target = Int.random(in: 0..<i, using: &rng)
                if deps.contains(where: { $0.service == "s\(target)" }) { continue }
                let writes = Bool.random(using: &rng)
                deps.append(Dependency(service: "s\(target)", configMap: writes ? "s\(i)-config" : nil,
                                       key: writes ? "S\(target)_HOST" : nil))
            }
        }
        services.append(ServiceSpec(name: "s\(i)", image: "example/s\(i)", dependsOn: deps))
    }
    return ReleasePlan(name: "random", coupling: .lockstep, services: services.shuffled(using: &rng), checkpoints: [])
}

@Suite("Release program properties")
struct ProgramPropertyTests {
    @Test("on random lockstep plans every consumer is deployed after its dependencies are deployed and pinned, and promoted before them",
          arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
    func orderingHolds(seed: UInt64) {
        let plan = randomPlan(services: 60, seed: seed)
        let steps = ProgramBuilder.build(plan: plan, scope: Set(plan.services.map(\.name)))
        func index(_ kind: ProgramStepKind, _ service: String) -> Int? {
            steps.firstIndex { $0.kind == kind && $0.service == service }
        }
        for service in plan.services {
            #expect(steps.filter { $0.kind == .deploy && $0.service == service.name }.count == 1)
            for dependency in service.dependsOn {
                #expect(index(.deploy, dependency.service)! < index(.deploy, service.name)!)
                #expect(index(.promote, service.name)! < index(.promote, dependency.service)!)
                if dependency.writesConfig {
                    #expect(index(.pin, dependency.service)! < index(.deploy, service.name)!)
                }
            }
        }
        let lastDeploy = steps.lastIndex { $0.kind == .deploy }!
        let firstPromote = steps.firstIndex { $0.kind == .promote }!
        #expect(lastDeploy < firstPromote)
        #expect(ProgramBuilder.build(plan: plan, scope: Set(plan.services.map(\.name))) == steps)
    }
}
