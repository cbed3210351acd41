import GRDB
import Synchronization

/// Group commit of the store's writes: a write that arrives while another transaction commits waits for
/// the next commit and shares it with every write that arrived meanwhile, each in its own savepoint.
///
/// Why: every transaction ends in an fsync of the WAL (a few milliseconds; tens under load). A wave of
/// 50 services writes about 300 step transitions, which one after another put seconds of fsync on the
/// release's critical path. Batched, a wave pays a handful of fsyncs and nothing is less durable: a
/// caller returns only after the commit that holds its write, and a write that throws rolls back only
/// its own savepoint (the error goes to its caller alone; the others commit).
final class GroupCommit: Sendable {
    private struct Job: Sendable {
        /// Runs the write in the open transaction; returns how to answer its caller once the commit is known.
        let run: @Sendable (Database) -> Answer
        /// Answers the caller with `error` instead (the commit itself failed).
        let fail: @Sendable (any Error) -> Void
    }

    /// What to tell one caller after a successful commit.
    private struct Answer: Sendable {
        let deliver: @Sendable () -> Void
    }

    private struct Queue: Sendable {
        var pending: [Job] = []
        var committing = false
        /// Transactions committed so far (for tests and benchmarks).
        var commits = 0
    }

    private let writer: any DatabaseWriter
    private let queue = Mutex(Queue())

    init(writer: any DatabaseWriter) { self.writer = writer }

    /// Writes waiting for the next commit.
    var waiting: Int { queue.withLock { $0.pending.count } }
    /// Transactions committed so far.
    var commits: Int { queue.withLock { $0.commits } }

    /// Runs `body` in a write transaction shared with the writes queued at the same moment; returns after
    /// that transaction committed.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let job = Job(
                run: { db in
                    do {
                        var value: T?
                        try db.inSavepoint {
                            value = try body(db)
                            return .commit
                        }
                        let result = value!
                        return Answer { continuation.resume(returning: result) }
                    } catch {
                        return Answer { continuation.resume(throwing: error) }
                    }
                },
                fail: { continuation.resume(throwing: $0) })
            let startsDrain = queue.withLock { queue -> Bool in
                queue.pending.append(job)
                guard !queue.committing else { return false }
                queue.committing = true
                return true
            }
            if startsDrain { Task { await self.drain() } }
        }
    }

    /// Commits batches until no write is waiting.
    private func drain() async {
        while true {
            let batch = queue.withLock { queue -> [Job] in
                let batch = queue.pending
                queue.pending = []
                if batch.isEmpty { queue.committing = false }
                return batch
            }
            if batch.isEmpty { return }
            do {
                let answers = try await writer.writeWithoutTransaction { db in
                    var answers: [Answer] = []
                    try db.inTransaction(.immediate) {
                        answers = batch.map { $0.run(db) }
                        return .commit
                    }
                    return answers
                }
                queue.withLock { $0.commits += 1 }
                for answer in answers { answer.deliver() }
            } catch {
                for job in batch { job.fail(error) }
            }
        }
    }
}
