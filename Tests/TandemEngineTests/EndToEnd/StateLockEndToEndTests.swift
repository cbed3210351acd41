import Foundation
import TandemTestSupport
import Testing

/// Another process holding the state database's write lock (issue 11 item 7), with the real binary:
/// read-only commands answer, a writer says what it waits for and continues once the lock is free.
@Suite("A held state database lock (real binary)", .serialized)
struct StateLockEndToEndTests {
    @Test("release list and status answer while sqlite3 holds a write transaction; a write command (release abort) says it waits, then runs")
    func readersAnswerWritersAnnounce() throws {
        try TandemBinary.withSeededWorld(plan: LoanAppPlan.yaml()) { tandem in
            let first = try tandem.run(["release", "start", "plan.yaml", "--version", "2.0", "--by", "ci-bot"])
            try #require(first.status == 3, "\(first.output)")
            let id = try tandem.newestRelease()
            let holder = try SQLiteLockHolder(path: tandem.directory + "/state.db")
            defer { holder.release() }

            let list = try tandem.run(["release", "list"])
            #expect(list.status == 0, "\(list.output)")
            #expect(list.output.contains(id), "\(list.output)")
            #expect(!list.output.contains("waiting for the state database lock"), "\(list.output)")
            let status = try tandem.run(["release", "status", id, "--json"])
            #expect(status.status == 0, "\(status.output)")

            let writer = try tandem.spawn(["release", "abort", id, "--by", "ci-bot"])
            defer { writer.stopIfRunning() }
            try tandem.waitFor("the writer to say what it waits for") {
                (try? String(contentsOfFile: writer.outputPath, encoding: .utf8))?
                    .contains("waiting for the state database lock held by another tandem process (pid \(holder.pid))") ?? false
            }
            holder.release()
            let result = try writer.wait()
            #expect(result.status == 4, "\(result.output)")
        }
    }
}
