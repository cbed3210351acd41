import Foundation
import GRDB
import Testing
import TandemStore
import TandemRelease

/// Two stores on the same file behave like two processes (separate SQLite connections).
@Suite("Two stores sharing one database file")
struct SharedFileTests {
    @Test("two stores opening a new file at once both migrate it")
    func concurrentOpen() async throws {
        for _ in 0..<20 {
            let path = Fixture.tempPath()
            let stores = try await withThrowingTaskGroup(of: ReleaseStore.self) { group in
                for _ in 0..<6 { group.addTask { try ReleaseStore.open(path: path) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let release = try await stores[0].startRelease(Fixture.release())
            #expect(try await stores[5].release(release.id).id == release.id)
        }
    }

    @Test("racing for the same plan lock: exactly one release starts")
    func lockRace() async throws {
        let path = Fixture.tempPath()
        let a = try ReleaseStore.open(path: path, process: ProcessIdentity(host: "a", pid: 1))
        let b = try ReleaseStore.open(path: path, process: ProcessIdentity(host: "b", pid: 2))
        let results = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<16 {
                let store = index.isMultiple(of: 2) ? a : b
                group.addTask { (try? await store.startRelease(Fixture.release(), lockTTL: 300)) != nil }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.filter { $0 }.count == 1)
        #expect(try await a.releases().count == 1)
        let holder = try #require(try await b.lock(key: "rollout/legacy/my-backend"))
        #expect(try await a.releases()[0].id == holder.releaseID)
    }

    @Test("racing approvers: never more accepted approvals than needed, and exactly one decides the checkpoint")
    func approvalRace() async throws {
        let path = Fixture.tempPath()
        let a = try ReleaseStore.open(path: path)
        let b = try ReleaseStore.open(path: path)
        let release = try await a.startRelease(Fixture.release(qa: ApprovalPolicy(requiredApprovals: 2)))
        try await a.openCheckpoint(release.id, name: "qa")
        let people = ["u1", "u2", "u3", "u4", "u5", "u6"]
        let outcomes = await withTaskGroup(of: CheckpointState?.self) { group in
            for (index, person) in people.enumerated() {
                let store = index.isMultiple(of: 2) ? a : b
                group.addTask {
                    try? await store.recordApproval(releaseID: release.id, checkpoint: "qa", by: person, source: "test").state
                }
            }
            return await group.reduce(into: [CheckpointState?]()) { $0.append($1) }
        }
        #expect(outcomes.compactMap { $0 }.sorted { $0.rawValue < $1.rawValue } == [.approved, .waiting])
        #expect(try await b.approvals(of: release.id).count == 2)
        #expect(try await a.checkpoints(of: release.id)[0].state == .approved)
    }

    @Test("the same person approving from two processes at once is counted once")
    func samePersonRace() async throws {
        let path = Fixture.tempPath()
        let a = try ReleaseStore.open(path: path)
        let b = try ReleaseStore.open(path: path)
        let release = try await a.startRelease(Fixture.release(qa: ApprovalPolicy(requiredApprovals: 2)))
        try await a.openCheckpoint(release.id, name: "qa")
        async let first = storeError { try await a.recordApproval(releaseID: release.id, checkpoint: "qa", by: "bob", source: "a") }
        async let second = storeError { try await b.recordApproval(releaseID: release.id, checkpoint: "qa", by: "bob", source: "b") }
        let errors = await [first, second]
        #expect(errors.filter { $0 == nil }.count == 1)
        #expect(errors.compactMap { $0 }.allSatisfy {
            if case .approvalDenied(_, _, .alreadyApproved, _) = $0 { return true } else { return false }
        })
        #expect(try await a.approvals(of: release.id).count == 1)
        #expect(try await a.checkpoints(of: release.id)[0].state == .waiting)
    }

    @Test("the file is in WAL mode and state survives reopening")
    func reopen() async throws {
        let path = Fixture.tempPath()
        let id: String
        do {
            let store = try ReleaseStore.open(path: path)
            id = try await store.startRelease(Fixture.release()).id
            let mode = try await store.writer.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
            #expect(mode == "wal")
        }
        let reopened = try ReleaseStore.open(path: path)
        #expect(try await reopened.release(id).state == .running)
        #expect(try await reopened.steps(of: id).count == 10)
    }
}
