import Foundation
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
            let holder = try WriteLockHolder(database: tandem.directory + "/state.db")
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

/// `sqlite3 FILE` inside `BEGIN IMMEDIATE`: a separate process holding the write lock.
final class WriteLockHolder: @unchecked Sendable {
    private let process = Process()
    private let input = Pipe()
    var pid: Int32 { process.processIdentifier }

    init(database: String) throws {
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sqlite3", database]
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        input.fileHandleForWriting.write(Data("BEGIN IMMEDIATE;\nSELECT 'locked';\n".utf8))
        var seen = ""
        while !seen.contains("locked") {
            let data = output.fileHandleForReading.availableData
            if data.isEmpty { break }
            seen += String(decoding: data, as: UTF8.self)
        }
        try #require(seen.contains("locked"), "sqlite3 did not take the write lock on \(database)")
    }

    func release() {
        guard process.isRunning else { return }
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }
}
