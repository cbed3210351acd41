import Testing
import TandemStore
@testable import TandemEngine

private typealias Step = ReleaseSnapshot.Step

private func program(_ states: [StepState]) -> [Step] {
    let shape: [(StepKind, String?, Int?, String?)] = [
        (.deploy, "backend", 1, nil), (.verify, "backend", 1, nil), ("pin", "backend", 1, nil),
        (.deploy, "frontend", 2, nil), (.verify, "frontend", 2, nil), (.checkpoint, nil, nil, "qa"),
        (.promote, "frontend", 1, nil), (.promote, "backend", 2, nil), ("collect-garbage", nil, nil, nil),
    ]
    return shape.enumerated().map { index, s in
        Step(ordinal: index, kind: s.0, service: s.1, wave: s.2, checkpoint: s.3, state: index < states.count ? states[index] : .pending)
    }
}

@Suite("Release state machine")
struct ReleaseMachineTests {
    @Test("a fresh release runs its first step")
    func first() {
        #expect(ReleaseMachine.next(ReleaseSnapshot(state: .running, steps: program([]))) == .run([0]))
    }

    @Test("steps of one kind and wave run as one batch")
    func batch() {
        let steps = [Step(ordinal: 0, kind: .deploy, service: "a", wave: 1), Step(ordinal: 1, kind: .deploy, service: "b", wave: 1),
                     Step(ordinal: 2, kind: .verify, service: "a", wave: 1)]
        #expect(ReleaseMachine.next(ReleaseSnapshot(state: .running, steps: steps)) == .run([0, 1]))
    }

    @Test("a step left running by a crash is run again")
    func crashedStep() {
        #expect(ReleaseMachine.next(ReleaseSnapshot(state: .running, steps: program([.succeeded, .running]))) == .run([1]))
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
        #expect(ReleaseMachine.next(snapshot) == action)
    }

    @Test("a failed step rolls the release back with its error")
    func failure() {
        var steps = program([.succeeded, .failed])
        steps[1].error = "timed out"
        #expect(ReleaseMachine.next(ReleaseSnapshot(state: .running, steps: steps)) == .rollBack(reason: "step verify backend (step 1) failed: timed out"))
    }

    @Test("an abort request wins over the next step")
    func abort() {
        #expect(ReleaseMachine.next(ReleaseSnapshot(state: .running, steps: program([]), abortReason: "stop")) == .rollBack(reason: "stop"))
    }

    @Test("every step finished means finish; terminal states are done")
    func end() {
        #expect(ReleaseMachine.next(ReleaseSnapshot(state: .running, steps: program(Array(repeating: .succeeded, count: 9)))) == .finish)
        #expect(ReleaseMachine.next(ReleaseSnapshot(state: .rolledBack, steps: program([]))) == .done(.rolledBack))
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
