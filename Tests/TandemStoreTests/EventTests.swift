import Foundation
import GRDB
import Testing
import TandemStore

@Suite("Audit events")
struct EventTests {
    let clock = ManualClock()

    @Test("events cannot be updated or deleted: the triggers abort", arguments: [
        "UPDATE events SET message = 'forged'", "DELETE FROM events", "UPDATE approvals SET by = 'x'", "DELETE FROM approvals",
    ])
    func appendOnly(_ sql: String) async throws {
        let store = try ReleaseStore.inMemory(now: clock.function)
        let release = try await store.startRelease(Fixture.release())
        try await store.openCheckpoint(release.id, name: "qa")
        try await store.recordApproval(releaseID: release.id, checkpoint: nil, by: "bob", source: "s")
        let before = try await store.events(of: release.id)
        await #expect(throws: DatabaseError.self) {
            try await store.writer.write { db in try db.execute(sql: sql) }
        }
        #expect(try await store.events(of: release.id) == before)
        #expect(try await store.approvals(of: release.id).count == 1)
    }

    @Test("events(after:) returns only newer events, oldest first, per release or for all")
    func follow() async throws {
        let store = try ReleaseStore.inMemory(now: clock.function)
        let a = try await store.startRelease(Fixture.release())
        let b = try await store.startRelease(Fixture.release(name: "other"))
        let cursor = try await store.lastEventID()
        try await store.appendEvent(releaseID: a.id, kind: .pairingPinned, service: "backend",
                                    message: "created Service backend-7c9f", data: #"{"service":"backend-7c9f"}"#)
        try await store.appendEvent(releaseID: b.id, kind: .releaseAbortRequested, message: "hello")
        let forA = try await store.events(of: a.id, after: cursor)
        #expect(forA.map(\.message) == ["created Service backend-7c9f"])
        let all = try await store.events(after: cursor)
        #expect(all.map(\.releaseID) == [a.id, b.id])
        #expect(all[0].id! < all[1].id!)
        #expect(try await store.events(after: all[1].id!).isEmpty)
    }

    @Test("an event for an unknown release or with data that is not JSON is refused")
    func refused() async throws {
        let store = try ReleaseStore.inMemory(now: clock.function)
        let release = try await store.startRelease(Fixture.release())
        #expect(await storeError { try await store.appendEvent(releaseID: "r-nope", kind: .releaseState, message: "m") } != nil)
        #expect(await storeError { try await store.appendEvent(releaseID: release.id, kind: .releaseState, message: "m", data: "{") }
            == .invalidJSON(context: "the event data"))
    }

    @Test("a failed step transition rolls back its event too (one transaction)")
    func atomic() async throws {
        let store = try ReleaseStore.inMemory(now: clock.function)
        let release = try await store.startRelease(Fixture.release())
        let before = try await store.events(of: release.id).count
        let id = try await store.steps(of: release.id)[0].id!
        _ = await storeError { try await store.markStepSucceeded(id) }
        #expect(try await store.events(of: release.id).count == before)
    }
}
