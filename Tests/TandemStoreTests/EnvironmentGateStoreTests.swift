import Foundation
import Testing
import TandemStore
import TandemRelease

@Suite("Store: environments, promotions and gate answers")
struct EnvironmentGateStoreTests {
    @Test("a release keeps its environment, promotedFrom and changes; list filters by environment; succeededRelease matches exact versions")
    func environmentColumns() async throws {
        let store = try ReleaseStore.inMemory()
        var staging = Fixture.release()
        staging.environment = "staging"
        let first = try await store.startRelease(staging)
        try await store.setReleaseState(first.id, to: .succeeded)
        var production = Fixture.release()
        production.environment = "production"
        production.promotedFrom = first.id
        production.changes = ["CHG0030001"]
        let second = try await store.startRelease(production)
        let view = try await store.statusView(second.id).release
        #expect(view.environment == "production" && view.promotedFrom == first.id && view.changes == ["CHG0030001"])
        #expect(try await store.listView(environment: "staging").map(\.id) == [first.id])
        #expect(try await store.succeededRelease(plan: "loan-app", environment: "staging", versions: ["backend": "v2", "frontend": "v2"])?.id == first.id)
        #expect(try await store.succeededRelease(plan: "loan-app", environment: "staging", versions: ["backend": "v3", "frontend": "v2"]) == nil)
        #expect(try await store.succeededRelease(plan: "loan-app", environment: "production", versions: ["backend": "v2", "frontend": "v2"]) == nil)
    }

    @Test("a gate answer is recorded only when it changes; a rejection rejects the checkpoint with the reason")
    func gateAnswers() async throws {
        let store = try ReleaseStore.inMemory()
        let release = try await store.startRelease(Fixture.release())
        try await store.openCheckpoint(release.id, name: "qa")
        let waiting = GateAnswer(state: .wait, reason: "change CHG1 is not approved yet (approval: requested)")
        #expect(try await store.recordGateAnswer(release.id, checkpoint: "qa", waiting))
        #expect(try await store.recordGateAnswer(release.id, checkpoint: "qa", waiting) == false)
        #expect(try await store.latestGateAnswer(release.id, checkpoint: "qa")?.reason == waiting.reason)
        #expect(try await store.recordGateAnswer(release.id, checkpoint: "qa", GateAnswer(state: .reject, reason: "the window ended")))
        let gateEvents = try await store.events(of: release.id).filter { $0.kind == EventKind.checkpointGate }
        #expect(gateEvents.count == 2)
        #expect(try await store.checkpoints(of: release.id).first { $0.name == "qa" }?.state == .rejected)
        #expect(try await store.release(release.id).message == "rejected at checkpoint \"qa\" by its gates: the window ended")
    }

    @Test("a checkpoint without people opens when its gates pass; the work note is remembered per change")
    func openByGates() async throws {
        let store = try ReleaseStore.inMemory()
        let release = try await store.startRelease(Fixture.release())
        try await store.openCheckpoint(release.id, name: "qa")
        try await store.openCheckpointByGates(release.id, name: "qa")
        #expect(try await store.checkpoints(of: release.id).first { $0.name == "qa" }?.state == .approved)
        #expect(try await store.workNoteWritten(release.id, change: "CHG1") == false)
        try await store.appendEvent(releaseID: release.id, kind: EventKind.gateWorkNote, message: "note",
                                    data: #"{"change":"CHG1"}"#)
        #expect(try await store.workNoteWritten(release.id, change: "CHG1"))
        #expect(try await store.workNoteWritten(release.id, change: "CHG2") == false)
    }
}
