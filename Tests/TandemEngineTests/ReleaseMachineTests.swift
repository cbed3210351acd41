import Testing
import TandemStore
@testable import TandemEngine
import TandemRelease

private typealias Step = ReleaseSnapshot.Step

private func program(_ states: [StepState]) -> [Step] {
    let shape: [(StepKind, String?, Int?, String?)] = [
        (.deploy, "backend", 1, nil), (.verify, "backend", 1, nil), (.pin, "backend", 1, nil),
        (.deploy, "frontend", 2, nil), (.verify, "frontend", 2, nil), (.checkpoint, nil, nil, "qa"),
        (.promote, "frontend", 1, nil), (.promote, "backend", 2, nil), (.collectGarbage, nil, nil, nil),
    ]
    return shape.enumerated().map { index, s in
        Step(ordinal: index, kind: s.0, service: s.1, wave: s.2, checkpoint: s.3, state: index < states.count ? states[index] : .pending)
    }
}

private let loanApp = ["frontend": ["backend"], "backend": []]

private func next(_ snapshot: ReleaseSnapshot, dependencies: [String: [String]] = loanApp, lockstep: Bool = true) -> ReleaseAction {
    ReleaseMachine.next(snapshot, graph: StepGraph(steps: snapshot.steps, dependencies: dependencies, lockstep: lockstep))
}

@Suite("Release state machine")
struct ReleaseMachineTests {
    @Test("a fresh release runs its first step")
    func first() {
        #expect(next(ReleaseSnapshot(state: .running, steps: program([]))) == .run([0]))
    }

    @Test("services that do not depend on each other start together")
    func batch() {
        let steps = [Step(ordinal: 0, kind: .deploy, service: "a", wave: 1), Step(ordinal: 1, kind: .deploy, service: "b", wave: 1),
                     Step(ordinal: 2, kind: .verify, service: "a", wave: 1)]
        #expect(next(ReleaseSnapshot(state: .running, steps: steps), dependencies: [:]) == .run([0, 1]))
    }

    @Test("a service's verify follows its own deploy without waiting for the rest of the wave")
    func ownChain() {
        let steps = [Step(ordinal: 0, kind: .deploy, service: "a", wave: 1, state: .succeeded),
                     Step(ordinal: 1, kind: .deploy, service: "b", wave: 1, state: .running),
                     Step(ordinal: 2, kind: .verify, service: "a", wave: 1), Step(ordinal: 3, kind: .verify, service: "b", wave: 1)]
        #expect(next(ReleaseSnapshot(state: .running, steps: steps), dependencies: [:]) == .run([1, 2]))
    }

    @Test("a consumer is deployed once its own dependencies are pinned, while an unrelated slow service still deploys")
    func consumerWaitsOnlyForItsDependencies() {
        let dependencies = ["c": ["a"], "a": [], "b": []]
        let steps = [Step(ordinal: 0, kind: .deploy, service: "a", wave: 1, state: .succeeded),
                     Step(ordinal: 1, kind: .deploy, service: "b", wave: 1, state: .running),
                     Step(ordinal: 2, kind: .verify, service: "a", wave: 1, state: .succeeded),
                     Step(ordinal: 3, kind: .verify, service: "b", wave: 1),
                     Step(ordinal: 4, kind: .pin, service: "a", wave: 1),
                     Step(ordinal: 5, kind: .deploy, service: "c", wave: 2)]
        #expect(next(ReleaseSnapshot(state: .running, steps: steps), dependencies: dependencies) == .run([1, 4]))
        var pinned = steps
        pinned[4].state = .succeeded
        #expect(next(ReleaseSnapshot(state: .running, steps: pinned), dependencies: dependencies) == .run([1, 5]))
    }

    @Test("lockstep promotions wait for every deploy, then go consumers first")
    func lockstepPromotions() {
        let dependencies = ["c": ["a"], "a": [], "b": []]
        var steps = [Step(ordinal: 0, kind: .deploy, service: "a", wave: 1, state: .succeeded),
                     Step(ordinal: 1, kind: .deploy, service: "b", wave: 1, state: .running),
                     Step(ordinal: 2, kind: .deploy, service: "c", wave: 2, state: .succeeded),
                     Step(ordinal: 3, kind: .promote, service: "c", wave: 1),
                     Step(ordinal: 4, kind: .promote, service: "a", wave: 2),
                     Step(ordinal: 5, kind: .promote, service: "b", wave: 2)]
        #expect(next(ReleaseSnapshot(state: .running, steps: steps), dependencies: dependencies) == .run([1]))
        steps[1].state = .succeeded
        #expect(next(ReleaseSnapshot(state: .running, steps: steps), dependencies: dependencies) == .run([3, 5]))
        steps[3].state = .succeeded
        #expect(next(ReleaseSnapshot(state: .running, steps: steps), dependencies: dependencies) == .run([4, 5]))
    }

    @Test("independent coupling promotes a service before its consumer is deployed")
    func independentChain() {
        let steps = [Step(ordinal: 0, kind: .deploy, service: "backend", wave: 1, state: .succeeded),
                     Step(ordinal: 1, kind: .verify, service: "backend", wave: 1, state: .succeeded),
                     Step(ordinal: 2, kind: .promote, service: "backend", wave: 1),
                     Step(ordinal: 3, kind: .deploy, service: "frontend", wave: 2)]
        #expect(next(ReleaseSnapshot(state: .running, steps: steps), lockstep: false) == .run([2]))
    }

    @Test("nothing after a checkpoint runs before it is passed")
    func checkpointIsABarrier() {
        let steps = [Step(ordinal: 0, kind: .deploy, service: "a", wave: 1, state: .running),
                     Step(ordinal: 1, kind: .checkpoint, checkpoint: "qa"),
                     Step(ordinal: 2, kind: .deploy, service: "b", wave: 2)]
        #expect(next(ReleaseSnapshot(state: .running, steps: steps), dependencies: [:]) == .run([0]))
    }

    @Test("a step left running by a crash is run again")
    func crashedStep() {
        #expect(next(ReleaseSnapshot(state: .running, steps: program([.succeeded, .running]))) == .run([1]))
    }

    @Test("checkpoint states map to reach, await, pass and roll back", arguments: [
        (CheckpointState.pending, ReleaseAction.reachCheckpoint(step: 5, name: "qa")),
        (.waiting, .awaitDecision(step: 5, name: "qa")),
        (.approved, .passCheckpoint(step: 5, name: "qa")),
        (.rejected, .rollBack(reason: "rejected by alice")),
    ])
    func checkpoint(state: CheckpointState, action: ReleaseAction) {
        let snapshot = ReleaseSnapshot(state: .waiting, steps: program(Array(repeating: .succeeded, count: 5)),
                                       checkpoints: ["qa": state], message: "rejected by alice")
        #expect(next(snapshot) == action)
    }

    @Test("a failed step rolls the release back with its error")
    func failure() {
        var steps = program([.succeeded, .failed])
        steps[1].error = "timed out"
        #expect(next(ReleaseSnapshot(state: .running, steps: steps)) == .rollBack(reason: "step verify backend (step 1) failed: timed out"))
    }

    @Test("an abort request wins over the next step")
    func abort() {
        #expect(next(ReleaseSnapshot(state: .running, steps: program([]), abortReason: "stop")) == .rollBack(reason: "stop"))
    }

    @Test("every step finished means finish; terminal states are done")
    func end() {
        #expect(next(ReleaseSnapshot(state: .running, steps: program(Array(repeating: .succeeded, count: 9)))) == .finish)
        #expect(next(ReleaseSnapshot(state: .rolledBack, steps: program([]))) == .done(.rolledBack))
    }
}

@Suite("Rollback order")
struct RollbackPlannerTests {
    let order = ["frontend", "backend"]

    @Test("before any promotion: abort consumers first, then restore consumers first, then clean up")
    func beforePromotion() {
        let steps = program([.succeeded, .succeeded, .succeeded, .succeeded, .succeeded, .running])
        #expect(RollbackPlanner.plan(steps: steps, consumersFirst: order)
            == [.abort("frontend"), .abort("backend"), .restore("frontend"), .restore("backend"), .cleanUp])
    }

    @Test("after the consumer's promotion: revert it first, then abort and restore the rest")
    func afterPromotion() {
        let steps = program(Array(repeating: .succeeded, count: 7) + [.failed])
        #expect(RollbackPlanner.plan(steps: steps, consumersFirst: order)
            == [.revertPromoted("frontend"), .revertPromoted("backend"), .cleanUp])
        let partial = program(Array(repeating: .succeeded, count: 7))
        #expect(RollbackPlanner.plan(steps: partial, consumersFirst: order)
            == [.revertPromoted("frontend"), .abort("backend"), .restore("backend"), .cleanUp])
    }

    @Test("a service never deployed is left alone")
    func untouched() {
        #expect(RollbackPlanner.plan(steps: program([.failed]), consumersFirst: order) == [.abort("backend"), .restore("backend"), .cleanUp])
    }
}

@Suite("Plan hash")
struct PlanHashTests {
    @Test("SHA-256 matches the known digests", arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (String(repeating: "a", count: 1000), "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3"),
    ])
    func digest(input: String, expected: String) {
        #expect(PlanHash.of(input) == expected)
    }
}
