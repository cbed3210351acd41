import Foundation
import Testing

/// Progress while tandem waits (issue 18 items 1 and 4): pods that take 4 s to become ready, reported every
/// second, give each waiting step several progress lines with the pod counts from the cluster.
@Suite("Progress of waiting steps (real binary, simulated cluster with a 4 s ready delay)", .serialized)
struct ProgressEndToEndTests {
    static func withSlowWorld(_ body: (TandemBinary) throws -> Void) throws {
        let tandem = try TandemBinary(plan: LoanAppPlan.yaml(deadline: "120s"), readyDelay: "4s")
        defer { tandem.stop() }
        let seed = try tandem.run(["sim", "seed", "plan.yaml", "--version", "1.0"])
        try #require(seed.status == 0, "seeding failed: \(seed.output)")
        try body(tandem)
    }

    static let start = ["release", "start", "plan.yaml", "--version", "2.0", "--by", "ci-bot", "--progress-interval", "1s"]

    @Test("without a terminal, each deploy that waits prints plain progress lines with the new pods ready and the phase")
    func plainProgressLines() throws {
        try Self.withSlowWorld { tandem in
            let result = try tandem.run(Self.start)
            #expect(result.status == 3, "\(result.output)")
            for service in ["backend", "frontend"] {
                let lines = result.output.split(separator: "\n").filter {
                    $0.contains("  \(service)  ") && $0.contains("waiting for the preview: ") && $0.contains(" new pods ready, phase ")
                }
                #expect(!lines.isEmpty, "no progress line for \(service):\n\(result.output)")
                #expect(lines.allSatisfy { $0.contains(" s of 120 s)") }, "\(lines)")
            }
            #expect(!result.output.contains("\u{1B}["), "a terminal control sequence without a terminal")
        }
    }

    @Test("on a terminal, the progress is one status line rewritten in place and cleared before the next event")
    func liveStatusLineOnATerminal() throws {
        try Self.withSlowWorld { tandem in
            // util-linux `script` runs the command on a pseudo-terminal and copies what it wrote.
            let script = Process()
            script.executableURL = URL(fileURLWithPath: "/usr/bin/script")
            script.arguments = ["-qec", ([TandemBinary.path] + Self.start).joined(separator: " "), "/dev/null"]
            script.currentDirectoryURL = URL(fileURLWithPath: tandem.directory)
            script.environment = tandem.environment.merging(["TERM": "xterm"]) { _, new in new }
            let out = Pipe()
            script.standardOutput = out
            script.standardError = out
            try script.run()
            let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            script.waitUntilExit()
            #expect(script.terminationStatus == 3, "\(output)")
            let rewrite = "\r\u{1B}[2K"
            #expect(output.contains(rewrite + "backend: waiting for the preview: "), "\(output.debugDescription)")
            #expect(output.contains(rewrite + "frontend: waiting for the preview: "), "\(output.debugDescription)")
            // Cleared, then the event line starts at the beginning of the line.
            #expect(output.range(of: #"\r\x1B\[2K\d\d:\d\d:\d\d  backend     deploy backend \(step 0\) succeeded"#, options: .regularExpression) != nil,
                    "\(output.debugDescription)")
            #expect(!output.contains("  backend     waiting for the preview"), "plain progress lines on a terminal: \(output.debugDescription)")
        }
    }

    @Test("--quiet prints the events and the summary but no progress")
    func quietShowsNoProgress() throws {
        try Self.withSlowWorld { tandem in
            let result = try tandem.run(Self.start + ["--quiet"])
            #expect(result.status == 3, "\(result.output)")
            #expect(result.output.contains("deploy backend (step 0) succeeded"), "\(result.output)")
            #expect(!result.output.contains("waiting for the preview"), "\(result.output)")
            #expect(!result.output.contains("still running"), "\(result.output)")
        }
    }

    @Test("--output json prints progress objects, one per line, that parse and name the step, service and pod counts")
    func jsonProgressObjects() throws {
        try Self.withSlowWorld { tandem in
            let result = try tandem.run(Self.start + ["--output", "json"])
            #expect(result.status == 3, "\(result.output)")
            let objects = result.output.split(separator: "\n").compactMap {
                try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
            }
            let progress = objects.filter { $0["type"] as? String == "progress" }
            for service in ["backend", "frontend"] {
                let mine = progress.filter { $0["service"] as? String == service }
                #expect(!mine.isEmpty, "no progress object for \(service):\n\(result.output)")
                #expect(mine.allSatisfy { ($0["message"] as? String)?.contains("new pods ready") == true && $0["kind"] as? String == "deploy"
                                          && $0["step"] is Int && $0["release"] is String && $0["at"] is String }, "\(mine)")
            }
            // Every stdout line is JSON (warnings go to stderr, which this test merges: there are none).
            #expect(objects.count == result.output.split(separator: "\n").count, "\(result.output)")
        }
    }

    @Test("release status --watch from a second shell shows the same progress, and status shows it on the running step")
    func watchShowsProgress() throws {
        try Self.withSlowWorld { tandem in
            let driver = try tandem.spawn(Self.start + ["--quiet"])
            defer { driver.stopIfRunning() }
            try tandem.waitFor("the release to be recorded") { try tandem.newestReleaseState() != nil }
            let id = try tandem.newestRelease()
            let watch = try tandem.run(["release", "status", id, "--watch"])
            #expect(watch.status == 0, "\(watch.output)")
            #expect(watch.output.contains("waiting for the preview: "), "\(watch.output)")
            #expect(watch.output.contains("new pods ready"), "\(watch.output)")
            #expect(try driver.wait().status == 3)
        }
    }
}
