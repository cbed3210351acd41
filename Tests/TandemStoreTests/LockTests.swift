import Foundation
import Testing
import TandemStore

@Suite("Plan/namespace lock")
struct LockTests {
    let clock = ManualClock()
    let here = ProcessIdentity(host: "ci-7", pid: 4242)

    @Test("a second release of the same plan and namespace is refused with the holder named")
    func held() async throws {
        let store = try ReleaseStore.inMemory(now: clock.function, process: here)
        let first = try await store.startRelease(Fixture.release(), lockTTL: 60)
        let error = await storeError { try await store.startRelease(Fixture.release(), lockTTL: 60) }
        guard case let .lockHeld(key, holder) = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(key == "loan-app/legacy" && holder.releaseID == first.id && holder.host == "ci-7" && holder.pid == 4242)
        #expect(error?.description == "release \(first.id) (host ci-7, pid 4242) holds the lock for plan \"loan-app\" in namespace \"legacy\" until \(TandemJSON.format(clock.now.addingTimeInterval(60))): wait for it to finish (`tandem release status \(first.id)`), or abort it with `tandem release abort \(first.id)`")
        #expect(try await store.releases().count == 1)  // the refused release was not recorded
    }

    @Test("another plan, or the same plan in another namespace, has its own lock")
    func independentKeys() async throws {
        let store = try ReleaseStore.inMemory(now: clock.function, process: here)
        try await store.startRelease(Fixture.release(), lockTTL: 60)
        try await store.startRelease(Fixture.release(name: "other"), lockTTL: 60)
        try await store.acquireLock(plan: "loan-app", namespace: "staging", releaseID: "r-x", ttl: 60)
    }

    @Test("a lock is taken over only after it expired, with an audit event")
    func takeover() async throws {
        let store = try ReleaseStore.inMemory(now: clock.function, process: here)
        try await store.acquireLock(plan: "p", namespace: "n", releaseID: "r-old", ttl: 60)
        clock.advance(59)
        #expect(await storeError { try await store.acquireLock(plan: "p", namespace: "n", releaseID: "r-new", ttl: 60) } != nil)
        clock.advance(1)
        let lock = try await store.acquireLock(plan: "p", namespace: "n", releaseID: "r-new", ttl: 60)
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
        try await ci.parkLock(plan: "p", namespace: "n", releaseID: "r-1", ttl: 7 * 86_400)
        let other = await storeError { try await laptop.acquireLock(plan: "p", namespace: "n", releaseID: "r-2", ttl: 60) }
        guard case let .lockHeld(_, holder) = other else { Issue.record("got \(String(describing: other))"); return }
        #expect(holder.holderDescription == "release r-1 (waiting at a checkpoint, no process driving it)")
        let lock = try await laptop.acquireLock(plan: "p", namespace: "n", releaseID: "r-1", ttl: 60)
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
        try await ci.acquireLock(plan: "p", namespace: "n", releaseID: "r-1", ttl: 60)
        #expect(await storeError { try await laptop.acquireLock(plan: "p", namespace: "n", releaseID: "r-1", ttl: 60) } != nil)
        clock.advance(61)
        #expect(try await laptop.acquireLock(plan: "p", namespace: "n", releaseID: "r-1", ttl: 60).host == "laptop")
    }

    @Test("renewing extends the expiry; renewing a lost lock says so")
    func renew() async throws {
        let store = try ReleaseStore.inMemory(now: clock.function, process: here)
        try await store.acquireLock(plan: "p", namespace: "n", releaseID: "r-1", ttl: 60)
        clock.advance(50)
        #expect(try await store.renewLock(plan: "p", namespace: "n", releaseID: "r-1", ttl: 60).expiresAt == clock.now.addingTimeInterval(60))
        clock.advance(61)
        try await store.acquireLock(plan: "p", namespace: "n", releaseID: "r-2", ttl: 60)
        let error = await storeError { try await store.renewLock(plan: "p", namespace: "n", releaseID: "r-1", ttl: 60) }
        guard case let .lockLost(_, releaseID, holder) = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(releaseID == "r-1" && holder?.releaseID == "r-2")
    }

    @Test("finishing the release releases its lock so the next release can start")
    func releasedOnFinish() async throws {
        let store = try ReleaseStore.inMemory(now: clock.function, process: here)
        let first = try await store.startRelease(Fixture.release(), lockTTL: 60)
        try await store.setReleaseState(first.id, to: .succeeded)
        #expect(try await store.lock(plan: "loan-app", namespace: "legacy") == nil)
        try await store.startRelease(Fixture.release(), lockTTL: 60)
    }

    @Test("releasing a lock held by another release does nothing")
    func releaseOthers() async throws {
        let store = try ReleaseStore.inMemory(now: clock.function, process: here)
        try await store.acquireLock(plan: "p", namespace: "n", releaseID: "r-1", ttl: 60)
        #expect(try await store.releaseLock(plan: "p", namespace: "n", releaseID: "r-2") == false)
        #expect(try await store.lock(plan: "p", namespace: "n")?.releaseID == "r-1")
        #expect(try await store.releaseLock(plan: "p", namespace: "n", releaseID: "r-1"))
    }

    @Test("resuming the same release after its process died on this host takes the lock at once; a live one does not")
    func crashedHolder() async throws {
        let path = Fixture.tempPath()
        let crashed = try ReleaseStore.open(path: path, now: clock.function, process: ProcessIdentity(host: "ci-7", pid: 111))
        try await crashed.acquireLock(plan: "p", namespace: "n", releaseID: "r-1", ttl: 600)
        let alive = try ReleaseStore.open(path: path, now: clock.function, process: here, isProcessAlive: { _ in true })
        #expect(await storeError { try await alive.acquireLock(plan: "p", namespace: "n", releaseID: "r-1", ttl: 60) } != nil)
        let resumed = try ReleaseStore.open(path: path, now: clock.function, process: here, isProcessAlive: { $0 != 111 })
        #expect(try await resumed.acquireLock(plan: "p", namespace: "n", releaseID: "r-1", ttl: 60).pid == 4242)
        let otherHost = try ReleaseStore.open(path: path, now: clock.function, process: ProcessIdentity(host: "ci-8", pid: 1),
                                              isProcessAlive: { _ in false })
        #expect(await storeError { try await otherHost.acquireLock(plan: "p", namespace: "n", releaseID: "r-1", ttl: 60) } != nil)
    }
}
