import Foundation
import GRDB
import Testing
@testable import TandemStore

/// The store's writes that arrive while another transaction commits share the next commit (one fsync for
/// many), each in its own savepoint.
@Suite("Group commit of the store's writes")
struct GroupCommitTests {
    private static func table(_ path: String) throws -> (DatabasePool, GroupCommit) {
        let pool = try DatabasePool(path: path)
        try pool.write { try $0.execute(sql: "CREATE TABLE item (name TEXT PRIMARY KEY)") }
        return (pool, GroupCommit(writer: pool))
    }

    /// A write that inserts `name` and keeps its transaction open, so the writes made meanwhile queue behind it.
    private struct HeldWrite {
        let gate: DispatchSemaphore
        let task: Task<Void, any Error>

        /// Returns once the write runs inside its transaction (so it commits alone, before what queues behind it).
        static func start(_ commits: GroupCommit, inserting name: String) async throws -> HeldWrite {
            let gate = DispatchSemaphore(value: 0)
            let entered = DispatchSemaphore(value: 0)
            let task = Task { try await commits.write { db in
                try db.execute(sql: "INSERT INTO item VALUES (?)", arguments: [name])
                entered.signal()
                gate.wait()
            } }
            try await Self.poll("the held write to run") { entered.wait(timeout: .now()) == .success }
            return HeldWrite(gate: gate, task: task)
        }

        /// Lets the held write commit once `queued` writes wait behind it; returns when it committed.
        func finish(once queued: Int, waitIn commits: GroupCommit) async throws {
            do {
                try await Self.poll("\(queued) writes to queue behind the held one") { commits.waiting >= queued }
            } catch {
                gate.signal()  // never leaves the writer blocked
                throw error
            }
            gate.signal()
            try await task.value
        }

        struct NeverHappened: Error, CustomStringConvertible { let description: String }

        /// Polls `condition` for up to 10 s; a failure instead of a test that hangs.
        private static func poll(_ what: String, _ condition: () -> Bool) async throws {
            let deadline = ContinuousClock.now + .seconds(10)
            while !condition() {
                guard ContinuousClock.now < deadline else { throw NeverHappened(description: "waited 10 s for \(what)") }
                try await Task.sleep(for: .milliseconds(5))
            }
        }
    }

    @Test("writes queued behind a commit in progress share the next one: 1 + 49 writes, 2 commits, every result its own")
    func queuedWritesShareOneCommit() async throws {
        let (pool, commits) = try Self.table(Fixture.tempPath())
        // The first write holds its transaction open until the other 49 wait behind it.
        let first = try await HeldWrite.start(commits, inserting: "first")
        let rest = Task {
            try await withThrowingTaskGroup(of: String.self) { group in
                for index in 0..<49 {
                    group.addTask { try await commits.write { db in
                        try db.execute(sql: "INSERT INTO item VALUES (?)", arguments: ["item-\(index)"])
                        return "item-\(index)"
                    } }
                }
                return try await group.reduce(into: Set<String>()) { $0.insert($1) }
            }
        }
        try await first.finish(once: 49, waitIn: commits)
        #expect(try await rest.value == Set((0..<49).map { "item-\($0)" }))
        #expect(commits.commits == 2)
        #expect(try await pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM item") } == 50)
    }

    @Test("a write that throws is rolled back alone and its caller gets the error; the others in its batch commit")
    func failedWriteRollsBackAlone() async throws {
        let (pool, commits) = try Self.table(Fixture.tempPath())
        let held = try await HeldWrite.start(commits, inserting: "held")
        struct Refused: Error {}
        let failing = Task {
            try await commits.write { db in
                try db.execute(sql: "INSERT INTO item VALUES ('half-done')")
                throw Refused()
            }
        }
        let duplicate = Task { try await commits.write { db in try db.execute(sql: "INSERT INTO item VALUES ('held')") } }
        let fine = Task { try await commits.write { db in try db.execute(sql: "INSERT INTO item VALUES ('fine')") } }
        try await held.finish(once: 3, waitIn: commits)
        await #expect(throws: Refused.self) { try await failing.value }
        await #expect(throws: DatabaseError.self) { try await duplicate.value }
        try await fine.value
        #expect(commits.commits == 2)
        let names = try await pool.read { try String.fetchAll($0, sql: "SELECT name FROM item ORDER BY name") }
        #expect(names == ["fine", "held"])
    }

    @Test("a write returns only after its commit: another connection reads it at once")
    func durableOnReturn() async throws {
        let path = Fixture.tempPath()
        let (_, commits) = try Self.table(path)
        let other = try DatabaseQueue(path: path)
        for index in 0..<20 {
            try await commits.write { db in try db.execute(sql: "INSERT INTO item VALUES (?)", arguments: ["n\(index)"]) }
            #expect(try await other.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM item") } == index + 1)
        }
    }
}
