import Foundation
import Testing
import TandemStore
import TandemRelease

@Suite("Checkpoints and approvals in the store")
struct ApprovalStoreTests {
    let clock = ManualClock()

    /// A release waiting at `qa` (default policy) with `promote` (2 of alice, group:qa) pending.
    func waitingAtQA(startedBy: String = "ci-bot") async throws -> (ReleaseStore, ReleaseRecord) {
        let store = try ReleaseStore.inMemory(now: clock.function)
        let release = try await store.startRelease(Fixture.release(startedBy: startedBy))
        try await store.openCheckpoint(release.id, name: "qa")
        return (store, release)
    }

    @Test("reaching a checkpoint makes it and the release waiting, once")
    func open() async throws {
        let (store, release) = try await waitingAtQA()
        #expect(try await store.release(release.id).state == .waiting)
        let again = try await store.openCheckpoint(release.id, name: "qa")
        #expect(again.state == .waiting && again.reachedAt == clock.now)
        let events = try await store.events(of: release.id).filter { $0.kind == EventKind.checkpointWaiting }
        #expect(events.map(\.message) == [#"waiting at checkpoint "qa" for 1 approval(s) from anyone"#])
    }

    @Test("an approval without --checkpoint applies to the waiting checkpoint and records who, when, source, comment")
    func approve() async throws {
        let (store, release) = try await waitingAtQA()
        clock.advance(30)
        let outcome = try await store.recordApproval(releaseID: release.id, checkpoint: nil, by: "bob",
                                                     source: "flag:--by", comment: "smoke tests green")
        #expect(outcome.state == .approved && outcome.approvers == ["bob"])
        #expect(outcome.checkpoint.decidedAt == clock.now)
        let decisions = try await store.approvals(of: release.id)
        #expect(decisions.count == 1)
        #expect(decisions[0].by == "bob" && decisions[0].source == "flag:--by" && decisions[0].comment == "smoke tests green")
        #expect(decisions[0].planHash == release.planHash && decisions[0].at == clock.now && decisions[0].verdict == .approve)
        let kinds = try await store.events(of: release.id).map(\.kind).suffix(2)
        #expect(Array(kinds) == [EventKind.checkpointApproval, EventKind.checkpointApproved])
    }

    @Test("two distinct approvers from the allowed list approve promote; the first leaves it waiting")
    func twoOfGroup() async throws {
        let (store, release) = try await waitingAtQA()
        try await store.recordApproval(releaseID: release.id, checkpoint: "qa", by: "bob", source: "flag:--by")
        try await store.setReleaseState(release.id, to: .running)
        try await store.openCheckpoint(release.id, name: "promote")
        let first = try await store.recordApproval(releaseID: release.id, checkpoint: "promote", by: "carol",
                                                   source: "env:TANDEM_USER", groups: Fixture.groups)
        #expect(first.state == .waiting)
        let second = try await store.recordApproval(releaseID: release.id, checkpoint: "promote", by: "alice",
                                                    source: "flag:--by", groups: Fixture.groups)
        #expect(second.state == .approved && second.approvers == ["carol", "alice"])
    }

    @Test("approving twice is refused with how many approvals are still needed")
    func twice() async throws {
        let (store, release) = try await waitingAtQA()
        try await store.recordApproval(releaseID: release.id, checkpoint: "qa", by: "bob", source: "s")
        try await store.setReleaseState(release.id, to: .running)
        try await store.openCheckpoint(release.id, name: "promote")
        try await store.recordApproval(releaseID: release.id, checkpoint: nil, by: "alice", source: "s", groups: Fixture.groups)
        let error = await storeError {
            try await store.recordApproval(releaseID: release.id, checkpoint: nil, by: "Alice", source: "s", groups: Fixture.groups)
        }
        #expect(error?.description == #"Alice already approved checkpoint "promote" of release \#(release.id) (1 of 2 approvals): approvals count distinct people; ask another approver"#)
    }

    @Test("approving a decided checkpoint says it is already approved and by whom")
    func decided() async throws {
        let (store, release) = try await waitingAtQA()
        try await store.recordApproval(releaseID: release.id, checkpoint: nil, by: "bob", source: "s")
        let error = await storeError { try await store.recordApproval(releaseID: release.id, checkpoint: "qa", by: "eve", source: "s") }
        let expected = #"checkpoint "qa" of release \#(release.id) is already approved by bob: nothing to do; the release continues when it is resumed (`tandem release resume \#(release.id)`, or the waiting run)"#
        #expect(error?.description == expected)
        // Without --checkpoint, before anyone resumed it: the same answer, not "it is not waiting at a checkpoint".
        let unnamed = await storeError { try await store.recordApproval(releaseID: release.id, checkpoint: nil, by: "eve", source: "s") }
        #expect(unnamed?.description == expected)
    }

    @Test("approving another checkpoint than the waiting one names the waiting one")
    func wrongCheckpoint() async throws {
        let (store, release) = try await waitingAtQA()
        let error = await storeError { try await store.recordApproval(releaseID: release.id, checkpoint: "promote", by: "alice", source: "s") }
        #expect(error?.description == #"release \#(release.id) is at checkpoint "qa", not "promote": pass --checkpoint qa"#)
    }

    @Test("approving a checkpoint the release does not have lists its checkpoints")
    func unknownCheckpoint() async throws {
        let (store, release) = try await waitingAtQA()
        let error = await storeError { try await store.recordApproval(releaseID: release.id, checkpoint: "prod", by: "a", source: "s") }
        #expect(error?.description == #"release \#(release.id) has no checkpoint "prod"; its checkpoints are "qa", "promote": pass --checkpoint with one of them"#)
    }

    @Test("approving a release that is not waiting, or an unknown release, is a clear error")
    func notWaiting() async throws {
        let store = try ReleaseStore.inMemory(now: clock.function)
        let release = try await store.startRelease(Fixture.release())
        let running = await storeError { try await store.recordApproval(releaseID: release.id, checkpoint: nil, by: "a", source: "s") }
        #expect(running?.description == "release \(release.id) is running; it is not waiting at a checkpoint: decide when `tandem release status \(release.id)` shows it waiting")
        let unknown = await storeError { try await store.recordApproval(releaseID: "r-x", checkpoint: nil, by: "a", source: "s") }
        guard case .unknownRelease(id: "r-x", _) = unknown else { Issue.record("got \(String(describing: unknown))"); return }
        try await store.setReleaseState(release.id, to: .succeeded)
        let finished = await storeError { try await store.recordApproval(releaseID: release.id, checkpoint: nil, by: "a", source: "s") }
        #expect(finished?.description == "release \(release.id) has finished (succeeded) and waits for no approval: nothing to do")
    }

    @Test("an approval bound to another plan hash cannot approve the release")
    func planChanged() async throws {
        let (store, release) = try await waitingAtQA()
        let error = await storeError {
            try await store.recordApproval(releaseID: release.id, checkpoint: nil, by: "bob", source: "s", planHash: "sha256:bbbb2222")
        }
        #expect(error == .planChanged(releaseID: release.id, releaseHash: "sha256:aaaa1111", givenHash: "sha256:bbbb2222"))
        #expect(try await store.approvals(of: release.id).isEmpty)
        #expect(try await store.recordApproval(releaseID: release.id, checkpoint: nil, by: "bob", source: "s",
                                               planHash: "sha256:aaaa1111").state == .approved)
    }

    @Test("the starter cannot approve their own release; the error says how to allow it")
    func selfApproval() async throws {
        let (store, release) = try await waitingAtQA(startedBy: "bob")
        let error = await storeError { try await store.recordApproval(releaseID: release.id, checkpoint: nil, by: "bob", source: "s") }
        #expect(error?.description == #"bob started release \#(release.id) and may not approve it: ask another approver, or set allowSelfApproval: true on checkpoint "qa" in the plan"#)
    }

    @Test("someone outside the allowed approvers is refused; the error expands the groups")
    func notAllowed() async throws {
        let (store, release) = try await waitingAtQA()
        try await store.recordApproval(releaseID: release.id, checkpoint: nil, by: "bob", source: "s")
        try await store.setReleaseState(release.id, to: .running)
        try await store.openCheckpoint(release.id, name: "promote")
        let error = await storeError {
            try await store.recordApproval(releaseID: release.id, checkpoint: nil, by: "mallory", source: "s", groups: Fixture.groups)
        }
        #expect(error?.description == #"mallory may not decide checkpoint "promote" of release \#(release.id): the allowed approvers are alice, group:qa (carol, dave); ask one of them"#)
    }

    @Test("a rejection rejects the checkpoint and records the reason on the release")
    func rejection() async throws {
        let (store, release) = try await waitingAtQA()
        let outcome = try await store.recordRejection(releaseID: release.id, checkpoint: "qa", by: "eve", source: "s",
                                                      reason: "checkout returns 500")
        #expect(outcome.state == .rejected && outcome.decision.comment == "checkout returns 500")
        let stored = try await store.release(release.id)
        #expect(stored.state == .waiting)  // the driving process rolls it back
        #expect(stored.message == #"rejected at checkpoint "qa" by eve: checkout returns 500"#)
        let error = await storeError { try await store.recordApproval(releaseID: release.id, checkpoint: "qa", by: "bob", source: "s") }
        #expect(error?.description == #"checkpoint "qa" of release \#(release.id) was already rejected by eve: start a new release to try again"#)
    }

    @Test("a policy passed by the caller overrides the stored one")
    func explicitPolicy() async throws {
        let (store, release) = try await waitingAtQA()
        let outcome = try await store.recordApproval(releaseID: release.id, checkpoint: nil, by: "bob", source: "s",
                                                     policy: ApprovalPolicy(requiredApprovals: 2))
        #expect(outcome.state == .waiting)
    }

    @Test("an abort while waiting (rolling-back) closes the checkpoint: a late approval is refused")
    func abortedWhileWaiting() async throws {
        let (store, release) = try await waitingAtQA()
        try await store.setReleaseState(release.id, to: .rollingBack, message: "aborted by ops: wrong versions", actor: "ops")
        #expect(try await store.checkpoints(of: release.id).map(\.state) == [.skipped, .skipped])
        let error = await storeError { try await store.recordApproval(releaseID: release.id, checkpoint: "qa", by: "bob", source: "s") }
        #expect(error?.description == #"checkpoint "qa" of release \#(release.id) no longer waits for approval: the release was aborted, failed or is rolling back (`tandem release status \#(release.id)`); nothing to decide"#)
    }
}
