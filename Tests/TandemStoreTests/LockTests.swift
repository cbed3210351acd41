import Foundation
import Testing
import TandemStore
import TandemRelease

@Suite("Per-Rollout locks")
struct LockTests {
    let clock = ManualClock()
    let here = ProcessIdentity(host: "ci-7", pid: 4242)

    @Test("a second release of the same Rollouts is refused with the holder named, whatever its plan is called")
    func held() async throws {
        let store = try ReleaseStore.inMemory(now: clock.function, process: here)
        let first = try await store.startRelease(Fixture.release(), lockTTL: 60)
        for name in ["loan-app", "loan-app-copy"] {
            let error = await storeError { try await store.startRelease(Fixture.release(name: name), lockTTL: 60) }
            guard case let .lockHeld(key, holder) = error else { Issue.record("got \(String(describing: error))"); return }
            #expect(key == "rollout/legacy/my-backend" && holder.releaseID == first.id && holder.host == "ci-7" && holder.pid == 4242)
            #expect(error?.description == "release \(first.id) (host ci-7, pid 4242) holds the lock for Rollout legacy/my-backend until \(TandemJSON.format(clock.now.addingTimeInterval(60))): wait for it to finish (`tandem release status \(first.id)`), or abort it with `tandem release abort \(first.id)`")
        }
        #expect(try await store.releases().count == 1)  // the refused releases were not recorded
    }

    @Test("one held Rollout refuses the whole release: none of its other locks is taken")
    func allOrNone() async throws {
        let store = try ReleaseStore.inMemory(now: clock.function, process: here)
        try await store.acquireLocks(keys: ["rollout/legacy/my-frontend"], releaseID: "r-1", ttl: 60)
        #expect(await storeError { try await store.startRelease(Fixture.release(), lockTTL: 60) } != nil)
        #expect(try await store.lock(key: "rollout/legacy/my-backend") == nil)
        #expect(try await store.releases().isEmpty)
    }

    @Test("the same namespace and Rollout on two clusters (kubeconfig contexts) have their own locks; a held one names the Rollout")
    func clustersKeyedApart() async throws {
        let store = try ReleaseStore.inMemory(now: clock.function, process: here)
        let staging = ["my-backend", "my-frontend"].map { LockRecord.key(rollout: $0, namespace: "legacy", cluster: "staging") }
        let production = ["my-backend", "my-frontend"].map { LockRecord.key(rollout: $0, namespace: "legacy", cluster: "production") }
        #expect(staging[0] == "rollout/legacy/my-backend@staging")
        let first = try await store.startRelease(Fixture.release(lockKeys: staging), lockTTL: 60)
        let second = try await store.startRelease(Fixture.release(lockKeys: production), lockTTL: 60)
        #expect(try await store.lock(key: staging[0])?.releaseID == first.id)
        #expect(try await store.lock(key: production[0])?.releaseID == second.id)
        let refused = await storeError { try await store.startRelease(Fixture.release(lockKeys: staging), lockTTL: 60) }
        #expect(refused?.description.contains("holds the lock for Rollout legacy/my-backend until") == true, "\(String(describing: refused))")
        #expect(LockRecord.describe(key: production[1]) == "Rollout legacy/my-frontend")
    }

    @Test("other Rollouts, or the same Rollout name in another namespace, have their own locks")
    func independentKeys() async throws {
        let store = try ReleaseStore.inMemory(now: clock.function, process: here)
        let first = try await store.startRelease(Fixture.release(), lockTTL: 60)
        let second = try await store.startRelease(Fixture.release(name: "other", lockKeys: ["rollout/legacy/other"]), lockTTL: 60)
        let staging = LockRecord.key(rollout: "my-backend", namespace: "staging")
        let taken = try await store.acquireLocks(keys: [staging], releaseID: "r-x", ttl: 60)
        #expect(taken.map(\.key) == [staging] && taken.map(\.releaseID) == ["r-x"])
        #expect(first.id != second.id)
        #expect(try await store.lock(key: "rollout/legacy/my-backend")?.releaseID == first.id)
        #expect(try await store.lock(key: "rollout/legacy/my-frontend")?.releaseID == first.id)
        #expect(try await store.lock(key: "rollout/legacy/other")?.releaseID == second.id)
        #expect(try await store.lock(key: staging)?.releaseID == "r-x")
        #expect(Set(try await store.releases().map(\.id)) == [first.id, second.id])
    }

    @Test("a lock is taken over only after it expired, with an audit event")
    func takeover() async throws {
        let store = try ReleaseStore.inMemory(now: clock.function, process: here)
        try await store.acquireLocks(keys: ["k"], releaseID: "r-old", ttl: 60)
        clock.advance(59)
        #expect(await storeError { try await store.acquireLocks(keys: ["k"], releaseID: "r-new", ttl: 60) } != nil)
        clock.advance(1)
        let lock = try #require(try await store.acquireLocks(keys: ["k"], releaseID: "r-new", ttl: 60).first)
        #expect(lock.releaseID == "r-new" && lock.acquiredAt == clock.now)
        let event = try await store.events(of: "r-new").last
        #expect(event?.kind == EventKind.lockTakenOver)
        #expect(event?.message.contains("from release r-old (host ci-7, pid 4242): it expired at") == true)
    }

    @Test("a lock parked at a checkpoint is taken over at once by the same release from another host, and never by another release")
    func parked() async throws {
        let path = Fixture.tempPath()
        let ci = try ReleaseStore.open(path: path, now: clock.function, process: here)
        let laptop = try ReleaseStore.open(path: path, now: clock.function, process: ProcessIdentity(host: "laptop", pid: 77))
        try await ci.parkLocks(keys: ["k"], releaseID: "r-1", ttl: 7 * 86_400)
        let other = await storeError { try await laptop.acquireLocks(keys: ["k"], releaseID: "r-2", ttl: 60) }
        guard case let .lockHeld(_, holder) = other else { Issue.record("got \(String(describing: other))"); return }
        #expect(holder.holderDescription == "release r-1 (waiting at a checkpoint, no process driving it)")
        let lock = try #require(try await laptop.acquireLocks(keys: ["k"], releaseID: "r-1", ttl: 60).first)
        #expect(lock.host == "laptop" && lock.pid == 77)
        let event = try await laptop.events(of: "r-1").last
        #expect(event?.kind == EventKind.lockTakenOver)
        #expect(event?.message.hasSuffix("the release was waiting at a checkpoint and no process was driving it") == true)
    }

    @Test("a lock the same release holds from a live process on another host is not taken over before it expires")
    func liveDriverKeepsIt() async throws {
        let path = Fixture.tempPath()
        let ci = try ReleaseStore.open(path: path, now: clock.function, process: here)
        let laptop = try ReleaseStore.open(path: path, now: clock.function, process: ProcessIdentity(host: "laptop", pid: 77))
        try await ci.acquireLocks(keys: ["k"], releaseID: "r-1", ttl: 60)
        #expect(await storeError { try await laptop.acquireLocks(keys: ["k"], releaseID: "r-1", ttl: 60) } != nil)
        clock.advance(61)
        #expect(try await laptop.acquireLocks(keys: ["k"], releaseID: "r-1", ttl: 60).first?.host == "laptop")
    }

    @Test("renewing extends the expiry; renewing a lost lock says so")
    func renew() async throws {
        let store = try ReleaseStore.inMemory(now: clock.function, process: here)
        try await store.acquireLocks(keys: ["k"], releaseID: "r-1", ttl: 60)
        clock.advance(50)
        #expect(try await store.renewLocks(keys: ["k"], releaseID: "r-1", ttl: 60).first?.expiresAt == clock.now.addingTimeInterval(60))
        clock.advance(61)
        try await store.acquireLocks(keys: ["k"], releaseID: "r-2", ttl: 60)
        let error = await storeError { try await store.renewLocks(keys: ["k"], releaseID: "r-1", ttl: 60) }
        guard case let .lockLost(_, releaseID, holder) = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(releaseID == "r-1" && holder?.releaseID == "r-2")
    }

    @Test("finishing the release releases its lock so the next release can start")
    func releasedOnFinish() async throws {
        let store = try ReleaseStore.inMemory(now: clock.function, process: here)
        let first = try await store.startRelease(Fixture.release(), lockTTL: 60)
        try await store.setReleaseState(first.id, to: .succeeded)
        #expect(try await store.lock(key: "rollout/legacy/my-backend") == nil)
        #expect(try await store.lock(key: "rollout/legacy/my-frontend") == nil)
        try await store.startRelease(Fixture.release(), lockTTL: 60)
    }

    @Test("releasing gives up only the locks of that release")
    func releaseOthers() async throws {
        let store = try ReleaseStore.inMemory(now: clock.function, process: here)
        try await store.acquireLocks(keys: ["k1", "k2"], releaseID: "r-1", ttl: 60)
        #expect(try await store.releaseLocks(releaseID: "r-2") == 0)
        #expect(try await store.lock(key: "k1")?.releaseID == "r-1")
        #expect(try await store.releaseLocks(releaseID: "r-1") == 2)
        #expect(try await store.lock(key: "k2") == nil)
    }

    @Test("resuming the same release after its process died on this host takes the lock at once; a live one does not")
    func crashedHolder() async throws {
        let path = Fixture.tempPath()
        let crashed = try ReleaseStore.open(path: path, now: clock.function, process: ProcessIdentity(host: "ci-7", pid: 111))
        try await crashed.acquireLocks(keys: ["k"], releaseID: "r-1", ttl: 600)
        let alive = try ReleaseStore.open(path: path, now: clock.function, process: here, isProcessAlive: { _ in true })
        #expect(await storeError { try await alive.acquireLocks(keys: ["k"], releaseID: "r-1", ttl: 60) } != nil)
        let resumed = try ReleaseStore.open(path: path, now: clock.function, process: here, isProcessAlive: { $0 != 111 })
        #expect(try await resumed.acquireLocks(keys: ["k"], releaseID: "r-1", ttl: 60).first?.pid == 4242)
        let otherHost = try ReleaseStore.open(path: path, now: clock.function, process: ProcessIdentity(host: "ci-8", pid: 1),
                                              isProcessAlive: { _ in false })
        #expect(await storeError { try await otherHost.acquireLocks(keys: ["k"], releaseID: "r-1", ttl: 60) } != nil)
    }
}
