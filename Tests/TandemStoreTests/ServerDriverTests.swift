import Foundation
import GRDB
import Testing
import TandemStore
import TandemRelease

@Suite("Server-driven releases and notification dedup keys")
struct ServerDriverTests {
    @Test("the new migration adds releases.driver and outbox.dedupKey (unique) to a file database")
    func migration() async throws {
        let store = try ReleaseStore.open(path: Fixture.tempPath())
        let (releases, outbox, indexes) = try await store.writer.read { db in
            (try db.columns(in: "releases").map(\.name), try db.columns(in: "outbox").map(\.name), try db.indexes(on: "outbox"))
        }
        #expect(releases.contains("driver"))
        #expect(outbox.contains("dedupKey"))
        #expect(indexes.contains { $0.columns == ["dedupKey"] && $0.isUnique })
    }

    @Test("a release is CLI-driven until marked server-driven; the mark is in the audit trail")
    func driver() async throws {
        let store = try ReleaseStore.inMemory()
        let cli = try await store.startRelease(Fixture.release())
        let served = try await store.startRelease(Fixture.release(name: "other"))
        #expect(cli.driver == nil)
        let marked = try await store.setReleaseDriver(served.id, to: ReleaseDriverKind.server, actor: "alice")
        #expect(marked.driver == "server")
        #expect(try await store.release(served.id).driver == "server")
        #expect(try await store.releases(driver: ReleaseDriverKind.server, states: [.running]).map(\.id) == [served.id])
        #expect(try await store.releases(driver: ReleaseDriverKind.server, states: [.waiting]).isEmpty)
        let events = try await store.events(of: served.id, after: 0, limit: 100)
        #expect(events.contains { $0.kind == EventKind.releaseDriver && $0.actor == "alice" })
    }

    @Test("decidedServerReleases lists a waiting server release only once its checkpoint is decided, and no CLI release")
    func decided() async throws {
        let store = try ReleaseStore.inMemory()
        let served = try await store.startRelease(Fixture.release())
        let cli = try await store.startRelease(Fixture.release(name: "other"))
        try await store.setReleaseDriver(served.id, to: ReleaseDriverKind.server)
        for id in [served.id, cli.id] { try await store.openCheckpoint(id, name: "qa") }
        #expect(try await store.decidedServerReleases().isEmpty)
        for id in [served.id, cli.id] {
            try await store.recordApproval(releaseID: id, checkpoint: "qa", by: "alice", source: "test")
        }
        #expect(try await store.decidedServerReleases().map(\.id) == [served.id])
        // A rejection counts as decided too.
        let rejected = try await store.startRelease(Fixture.release(name: "third"))
        try await store.setReleaseDriver(rejected.id, to: ReleaseDriverKind.server)
        try await store.openCheckpoint(rejected.id, name: "qa")
        try await store.recordRejection(releaseID: rejected.id, checkpoint: "qa", by: "alice", source: "test", reason: "broken")
        #expect(Set(try await store.decidedServerReleases().map(\.id)) == [served.id, rejected.id])
    }

    @Test("enqueueNotificationOnce adds one row per key, delivered or not")
    func dedup() async throws {
        let store = try ReleaseStore.inMemory()
        let release = try await store.startRelease(Fixture.release())
        let first = try await store.enqueueNotificationOnce(url: "u", event: "checkpoint-waiting", body: "{}", releaseID: release.id, dedupKey: "k1")
        #expect(first != nil)
        #expect(try await store.enqueueNotificationOnce(url: "u", event: "checkpoint-waiting", body: "{}", releaseID: release.id, dedupKey: "k1") == nil)
        try await store.markNotificationDelivered(try #require(first?.id))
        #expect(try await store.enqueueNotificationOnce(url: "u", event: "checkpoint-waiting", body: "{}", releaseID: release.id, dedupKey: "k1") == nil)
        #expect(try await store.enqueueNotificationOnce(url: "u", event: "release-succeeded", body: "{}", releaseID: release.id, dedupKey: "k2") != nil)
        // Rows without a key are never deduplicated.
        try await store.enqueueNotification(url: "u", event: "x", body: "{}")
        try await store.enqueueNotification(url: "u", event: "x", body: "{}")
        #expect(try await store.notifications().map(\.dedupKey) == [nil, nil, "k2", "k1"])
    }
}
