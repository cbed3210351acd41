import Testing
import TandemTestSupport
import TandemPlan
import TandemStore
@testable import TandemEngine
import TandemRelease
private func randomPlan(services count: Int, seed: UInt64) -> ReleasePlan {
    var rng = SplitMix64(seed: seed)
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
        func index(_ kind: StepKind, _ service: String) -> Int? {
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

    @Test("run by the state machine in a random completion order, every dependency rule holds at the moment each step starts",
          arguments: [(11, true), (12, true), (13, false), (14, false), (15, true)] as [(UInt64, Bool)])
    func executionOrderHolds(seed: UInt64, lockstep: Bool) {
        var plan = randomPlan(services: 40, seed: seed)
        plan.coupling = lockstep ? .lockstep : .independent
        plan.checkpoints = [Checkpoint(name: "qa", after: .deploy)]
        let program = ProgramBuilder.build(plan: plan, scope: Set(plan.services.map(\.name)))
        var snapshot = ReleaseSnapshot(state: .running, steps: program.enumerated().map { index, step in
            ReleaseSnapshot.Step(ordinal: index, kind: step.kind, service: step.service,
                                 wave: step.wave, checkpoint: step.checkpoint)
        })
        let dependencies = Dictionary(uniqueKeysWithValues: plan.services.map { ($0.name, $0.dependsOn.map(\.service)) })
        let graph = StepGraph(steps: snapshot.steps, dependencies: dependencies, lockstep: lockstep)
        var rng = SplitMix64(seed: seed)
        var finishedAt: [Int: Int] = [:], startedAt: [Int: Int] = [:]
        var clock = 0
        var running: [Int] = []
        rounds: while clock < 10_000 {
            clock += 1
            switch ReleaseMachine.next(snapshot, graph: graph) {
            case .run(let ready):
                for ordinal in ready where !running.contains(ordinal) {
                    running.append(ordinal)
                    startedAt[ordinal] = clock
                    snapshot.steps[ordinal].state = .running
                }
                // Finish one running step, picked at random: the order in which waits end is arbitrary.
                let done = running.remove(at: Int.random(in: 0..<running.count, using: &rng))
                snapshot.steps[done].state = .succeeded
                finishedAt[done] = clock
            case .reachCheckpoint(let ordinal, let name):
                #expect(running.isEmpty)
                startedAt[ordinal] = clock
                snapshot.checkpoints[name] = .approved
            case .passCheckpoint(let ordinal, _):
                snapshot.steps[ordinal].state = .succeeded
                finishedAt[ordinal] = clock
            case .finish:
                break rounds
            default:
                Issue.record("unexpected action")
                break rounds
            }
        }
        #expect(finishedAt.count == program.count)
        func step(_ kind: StepKind, _ service: String) -> Int? {
            program.firstIndex { $0.kind == kind && $0.service == service }
        }
        let checkpoint = program.firstIndex { $0.kind == .checkpoint }!
        for service in plan.services {
            let deploy = step(.deploy, service.name)!, verify = step(.verify, service.name)!, promote = step(.promote, service.name)!
            #expect(finishedAt[deploy]! < startedAt[verify]!)
            #expect(finishedAt[verify]! < startedAt[promote]!)
            for dependency in service.dependsOn {
                let ready = step(.pin, dependency.service) ?? step(.verify, dependency.service)!
                #expect(finishedAt[ready]! < startedAt[deploy]!, "\(service.name) deployed before \(dependency.service) was ready")
                if lockstep {
                    let theirs = step(.promote, dependency.service)!
                    #expect(finishedAt[promote]! < startedAt[theirs]!, "\(dependency.service) promoted before its consumer \(service.name)")
                } else {
                    #expect(finishedAt[step(.promote, dependency.service)!]! < startedAt[deploy]!)
                }
            }
            if lockstep {
                #expect(finishedAt[checkpoint]! < startedAt[promote]!)
                for other in program.indices where [.deploy, .verify, .pin].contains(program[other].kind) {
                    #expect(finishedAt[other]! < startedAt[promote]!)
                }
            }
        }
        let gc = program.firstIndex { $0.kind == .collectGarbage }!
        #expect(finishedAt.filter { $0.key != gc }.values.allSatisfy { $0 < startedAt[gc]! })
    }
}
