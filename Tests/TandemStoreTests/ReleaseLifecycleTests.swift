import Foundation
import Testing
import TandemStore
import TandemRelease

@Suite("Releases and steps")
struct ReleaseLifecycleTests {
    let clock = ManualClock()

    func store() throws -> ReleaseStore { try ReleaseStore.inMemory(now: clock.function) }

    @Test("starting a release stores the plan snapshot, versions, the program as pending steps and pending checkpoints")
    func start() async throws {
        let store = try store()
        var new = Fixture.release()
        new.steps[3].detail = #"{"configMap":"my-frontend-settings-abc"}"#
        let release = try await store.startRelease(new)
        let stored = try await store.release(release.id)
        #expect(stored == release)
        #expect(stored.state == .running)
        #expect(stored.planHash == "sha256:aaaa1111" && stored.planCommit == "0123abcd" && stored.planContent == Fixture.planContent)
        #expect(stored.versions == ["backend": "v2", "frontend": "v2"])
        let steps = try await store.steps(of: release.id)
        #expect(steps.map(\.ordinal) == Array(0..<10))
        #expect(steps.map(\.kind) == [.deploy, .verify, .pin, .deploy, .verify, .checkpoint, .checkpoint, .promote, .promote, .collectGarbage])
        #expect(steps.map(\.service) == ["backend", "backend", "backend", "frontend", "frontend", nil, nil, "frontend", "backend", nil])
        #expect(steps.map(\.wave) == [1, 1, 1, 2, 2, nil, nil, 1, 2, nil])
        #expect(steps.allSatisfy { $0.state == .pending && $0.attempt == 0 && $0.startedAt == nil })
        #expect(steps[3].detail == #"{"configMap":"my-frontend-settings-abc"}"#)
        let checkpoints = try await store.checkpoints(of: release.id)
        #expect(checkpoints.map(\.name) == ["qa", "promote"])
        #expect(checkpoints[1].policy == ApprovalPolicy(requiredApprovals: 2, approvers: ["alice", "group:qa"]))
        let events = try await store.events(of: release.id)
        #expect(events.map(\.kind) == [EventKind.releaseStarted])
        #expect(events[0].message.contains("backend=v2, frontend=v2"))
    }

    @Test("a step goes pending → running → succeeded, each transition committed with its event and times")
    func stepSuccess() async throws {
        let store = try store()
        let release = try await store.startRelease(Fixture.release())
        let step = try await store.steps(of: release.id)[0]
        clock.advance(10)
        let running = try await store.markStepRunning(step.id!)
        #expect(running.state == .running && running.attempt == 1 && running.startedAt == clock.now)
        clock.advance(5)
        let done = try await store.markStepSucceeded(step.id!, detail: #"{"revision":"7c9f"}"#)
        #expect(done.state == .succeeded && done.finishedAt == clock.now && done.detail == #"{"revision":"7c9f"}"#)
        let events = try await store.events(of: release.id)
        #expect(events.map(\.kind) == [EventKind.releaseStarted, EventKind.stepRunning, EventKind.stepSucceeded])
        #expect(events[1].service == "backend" && events[1].step == 0)
        #expect(events[2].data == #"{"revision":"7c9f"}"#)
    }

    @Test("a failed step records the error and can be retried with a higher attempt")
    func stepFailureAndRetry() async throws {
        let store = try store()
        let release = try await store.startRelease(Fixture.release())
        let id = try await store.steps(of: release.id)[0].id!
        try await store.markStepRunning(id)
        let failed = try await store.markStepFailed(id, error: "Rollout my-backend is Degraded")
        #expect(failed.state == .failed && failed.error == "Rollout my-backend is Degraded")
        #expect(try await store.nextStep(of: release.id)?.ordinal == 1)
        let retried = try await store.markStepRunning(id)
        #expect(retried.attempt == 2 && retried.error == nil && retried.finishedAt == nil)
        let events = try await store.events(of: release.id)
        #expect(events.last?.message == "deploy backend (step 0) running (attempt 2)")
    }

    @Test("a step that was running when the process crashed can be started again")
    func crashedStep() async throws {
        let store = try store()
        let release = try await store.startRelease(Fixture.release())
        let id = try await store.steps(of: release.id)[0].id!
        try await store.markStepRunning(id)
        #expect(try await store.nextStep(of: release.id)?.id == id)
        #expect(try await store.markStepRunning(id).attempt == 2)
    }

    @Test("invalid step transitions are refused with the step's name", arguments: [
        ("succeed a pending step", 0), ("fail a pending step", 1), ("skip a running step", 2), ("run a succeeded step", 3),
    ])
    func invalidStepTransitions(_ name: String, _ index: Int) async throws {
        let store = try store()
        let release = try await store.startRelease(Fixture.release())
        let id = try await store.steps(of: release.id)[0].id!
        let error = await storeError {
            switch index {
            case 0: try await store.markStepSucceeded(id)
            case 1: try await store.markStepFailed(id, error: "x")
            case 2: try await store.markStepRunning(id); try await store.markStepSkipped(id, reason: "x")
            default: try await store.markStepRunning(id); try await store.markStepSucceeded(id); try await store.markStepRunning(id)
            }
        }
        guard case let .invalidStepTransition(releaseID, step, _, _) = error else {
            Issue.record("expected invalidStepTransition, got \(String(describing: error))")
            return
        }
        #expect(releaseID == release.id && step == "deploy backend (step 0)")
    }

    @Test("a detail that is not JSON is refused and nothing is written")
    func badDetail() async throws {
        let store = try store()
        let release = try await store.startRelease(Fixture.release())
        let id = try await store.steps(of: release.id)[0].id!
        try await store.markStepRunning(id)
        let error = await storeError { try await store.markStepSucceeded(id, detail: "not json") }
        #expect(error == .invalidJSON(context: "the step detail"))
        #expect(try await store.steps(of: release.id)[0].state == .running)
    }

    @Test("finishing a release sets finishedAt, skips undecided checkpoints and refuses further changes")
    func finish() async throws {
        let store = try store()
        let release = try await store.startRelease(Fixture.release())
        try await store.setReleaseState(release.id, to: .rollingBack, message: "Rollout my-backend is Degraded")
        clock.advance(60)
        let done = try await store.setReleaseState(release.id, to: .rolledBack)
        #expect(done.finishedAt == clock.now && done.message == "Rollout my-backend is Degraded")
        #expect(try await store.checkpoints(of: release.id).map(\.state) == [.skipped, .skipped])
        let error = await storeError { try await store.setReleaseState(release.id, to: .running) }
        #expect(error?.description == "release \(release.id) is rolled-back and cannot become running: it has finished; start a new release instead")
    }

    @Test("steps of a finished release cannot change")
    func finishedSteps() async throws {
        let store = try store()
        let release = try await store.startRelease(Fixture.release())
        try await store.setReleaseState(release.id, to: .succeeded)
        let error = await storeError { try await store.markStepRunning(try await store.steps(of: release.id)[0].id!) }
        #expect(error == .releaseFinished(releaseID: release.id, state: .succeeded, step: "deploy backend (step 0)"))
    }

    @Test("a failed release (rollback incomplete) may retry its rollback")
    func retryRollback() async throws {
        let store = try store()
        let release = try await store.startRelease(Fixture.release())
        try await store.setReleaseState(release.id, to: .failed)
        let again = try await store.setReleaseState(release.id, to: .rollingBack)
        #expect(again.state == .rollingBack && again.finishedAt == nil)
    }

    @Test("an unknown release is an error that says how to list releases")
    func unknown() async throws {
        let store = try store()
        let error = await storeError { _ = try await store.release("r-20261122-000000-0000") }
        #expect(error?.description == "no release \"r-20261122-000000-0000\" in in-memory database: run `tandem release list` to see the releases, or pass the --db that started it")
    }

    @Test("releases are listed newest first and filtered by plan; the previous succeeded release is found")
    func listing() async throws {
        let store = try store()
        let a = try await store.startRelease(Fixture.release())
        try await store.setReleaseState(a.id, to: .succeeded)
        clock.advance(1)
        let other = try await store.startRelease(Fixture.release(name: "other-app"))
        clock.advance(1)
        let b = try await store.startRelease(Fixture.release())
        try await store.setReleaseState(b.id, to: .failed)
        clock.advance(1)
        let c = try await store.startRelease(Fixture.release())
        #expect(try await store.releases().map(\.id) == [c.id, b.id, other.id, a.id])
        #expect(try await store.releases(plan: "loan-app").map(\.id) == [c.id, b.id, a.id])
        #expect(try await store.releases(states: [.running]).map(\.id) == [c.id, other.id])
        #expect(try await store.previousSucceededRelease(before: c.id)?.id == a.id)
        #expect(try await store.previousSucceededRelease(before: a.id) == nil)
    }

    @Test("a program whose checkpoint step names an undeclared checkpoint is refused")
    func invalidProgram() async throws {
        let store = try store()
        var new = Fixture.release()
        new.steps.append(PlannedStep(kind: .checkpoint, checkpoint: "later"))
        let error = await storeError { try await store.startRelease(new) }
        #expect(error == .invalidRelease("checkpoint step 10 names no declared checkpoint (later)"))
        #expect(try await store.releases().isEmpty)
    }
}

@Suite("Stored times")
struct StoredTimeTests {
    @Test("records returned by writes equal the records read back, with the system clock")
    func roundTrip() async throws {
        let store = try ReleaseStore.open(path: Fixture.tempPath())
        for _ in 0..<50 {
            let release = try await store.startRelease(Fixture.release())
            #expect(try await store.release(release.id) == release)
            let step = try await store.markStepRunning(try await store.steps(of: release.id)[0].id!)
            #expect(try await store.steps(of: release.id)[0] == step)
            try await store.setReleaseState(release.id, to: .failed)
        }
    }
}

@Suite("Changing the program")
struct ProgramTests {
    let clock = ManualClock()

    @Test("a rejection skips the pending steps, one event each, and leaves nothing to resume")
    func rollbackProgram() async throws {
        let store = try ReleaseStore.inMemory(now: clock.function)
        let release = try await store.startRelease(Fixture.release())
        let steps = try await store.steps(of: release.id)
        let qa = 5  // the qa checkpoint, after deploy, verify and pin backend, deploy and verify frontend
        for step in steps.prefix(qa) {
            try await store.markStepRunning(step.id!)
            try await store.markStepSucceeded(step.id!)
        }
        try await store.markStepRunning(steps[qa].id!)
        try await store.openCheckpoint(release.id, name: "qa")
        try await store.recordRejection(releaseID: release.id, checkpoint: nil, by: "eve", source: "s", reason: "500s")
        try await store.markStepFailed(steps[qa].id!, error: "rejected by eve")
        try await store.setReleaseState(release.id, to: .rollingBack)
        let skipped = try await store.skipPendingSteps(release.id, reason: "rejected at qa")
        #expect(skipped.map(\.ordinal) == [6, 7, 8, 9])
        let all = try await store.steps(of: release.id)
        #expect(all.map(\.state) == [.succeeded, .succeeded, .succeeded, .succeeded, .succeeded, .failed, .skipped, .skipped, .skipped, .skipped])
        #expect(try await store.nextStep(of: release.id) == nil)
        let last = try await store.events(of: release.id).last
        #expect(last?.kind == .stepSkipped && last?.message == "collect-garbage (step 9) skipped: rejected at qa")
    }
}
