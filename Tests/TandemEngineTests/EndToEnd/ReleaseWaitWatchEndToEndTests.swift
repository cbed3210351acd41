import Foundation
import Testing

/// `release start --wait`, `release status --watch` and `--output json` with the real binary.
@Suite("release --wait, --watch and --output json end to end (real binary, simulated cluster)", .serialized)
struct ReleaseWaitWatchEndToEndTests {
    @Test("start --wait blocks at the checkpoint; an approval from a second shell lets it finish with exit 0")
    func waitWithConcurrentApproval() throws {
        try TandemBinary.withSeededWorld(plan: LoanAppPlan.yaml()) { tandem in
            let driver = try tandem.spawn(["release", "start", "plan.yaml", "--version", "2.0", "--by", "ci-bot", "--wait", "--timeout", "2m"])
            defer { driver.stopIfRunning() }
            try tandem.waitFor("the release to wait at its checkpoint") { try tandem.newestReleaseState()?.state == "waiting" }
            let id = try tandem.newestRelease()
            #expect(driver.isRunning, "start --wait exited at the checkpoint")

            let approve = try tandem.run(["approve", id, "--checkpoint", "qa", "--by", "alice", "--comment", "from another shell"])
            #expect(approve.status == 0, "\(approve.output)")
            let result = try driver.wait()
            #expect(result.status == 0, "\(result.output)")
            #expect(result.output.contains("release \(id) succeeded: backend 2.0, frontend 2.0"), "\(result.output)")
            #expect(result.output.contains("promote frontend"))
            #expect(try tandem.loanAppHealthy(on: "2.0"), "\((try? tandem.rollouts()) ?? [:])")
            #expect(try tandem.run(["pairs", "plan.yaml"]).status == 0)
        }
    }

    @Test("start --wait --timeout 2s with no approval exits 3, says the timeout passed, and the release still waits")
    func waitTimeout() throws {
        try TandemBinary.withSeededWorld(plan: LoanAppPlan.yaml()) { tandem in
            let result = try tandem.run(["release", "start", "plan.yaml", "--version", "2.0", "--by", "ci-bot", "--wait", "--timeout", "2s"])
            #expect(result.status == 3, "\(result.output)")
            let id = try tandem.newestRelease()
            #expect(result.output.contains("release \(id) is still waiting (--timeout passed) at checkpoint \"qa\""), "\(result.output)")
            #expect(result.output.contains("tandem approve \(id) --checkpoint qa --by <you>"))
            #expect(try tandem.status(id)["state"] as? String == "waiting")
            // Still resumable as usual.
            #expect(try tandem.run(["approve", id, "--checkpoint", "qa", "--by", "alice"]).status == 0)
            #expect(try tandem.run(["release", "resume", id]).status == 0)
        }
    }

    @Test("status --watch follows a running release: stops (exit 0) when it waits at the checkpoint, and when it succeeds")
    func watch() throws {
        // The checkpoint stops after backend's wave; both verifies answer 404 twice first (about 2 s each),
        // so the release is still running while each watch starts.
        let plan = LoanAppPlan.yaml(checkpointAfter: "deploy:backend", frontendVerify: "{path: /front, expectStatus: 200}")
        try TandemBinary.withSeededWorld(plan: plan) { tandem in
            try tandem.addFault(#"{"pathContains": "/proxy/health/ready", "status": 404, "count": 2}"#)
            let driver = try tandem.spawn(["release", "start", "plan.yaml", "--version", "2.0", "--by", "ci-bot", "--wait"])
            defer { driver.stopIfRunning() }
            try tandem.waitFor("the release to be recorded") { try tandem.newestReleaseState() != nil }
            let id = try tandem.newestRelease()
            let stateAtFirstWatch = try tandem.status(id)["state"] as? String
            let first = try tandem.run(["release", "status", id, "--watch"])
            #expect(stateAtFirstWatch == "running")
            #expect(first.status == 0, "\(first.output)")
            #expect(first.output.contains("verify backend (step 1) succeeded"), "\(first.output)")
            #expect(first.output.contains("waiting at checkpoint \"qa\""))
            #expect(first.output.hasSuffix("release \(id) is waiting\n"), "\(first.output)")
            #expect(!first.output.contains("deploy frontend"))

            try tandem.addFault(#"{"pathContains": "/proxy/front", "status": 404, "count": 2}"#)
            #expect(try tandem.run(["approve", id, "--checkpoint", "qa", "--by", "alice"]).status == 0)
            try tandem.waitFor("the driving --wait process to continue") { try tandem.status(id)["state"] as? String != "waiting" }
            let stateAtSecondWatch = try tandem.status(id)["state"] as? String
            let second = try tandem.run(["release", "status", id, "--watch"])
            #expect(stateAtSecondWatch == "running")
            #expect(second.status == 0, "\(second.output)")
            for step in ["verify frontend (step 5) succeeded", "promote frontend", "promote backend", "collect-garbage"] {
                #expect(second.output.contains(step), "missing \(step): \(second.output)")
            }
            #expect(second.output.hasSuffix("release \(id) is succeeded\n"), "\(second.output)")
            #expect(try driver.wait().status == 0)

            // --watch --json on the finished release: every event as a JSON object.
            let json = try tandem.run(["release", "status", id, "--watch", "--json"])
            #expect(json.status == 0)
            let objects = try jsonLines(json.output)
            #expect(objects.contains { $0["kind"] as? String == "release.state" && ($0["data"] as? [String: Any])?["to"] as? String == "succeeded" })
            #expect(!json.output.hasSuffix("\n\n"), "\(json.output.suffix(80))")
            let summary = try #require(objects.last?["summary"] as? [String: Any], "\(json.output.suffix(200))")
            #expect(summary["release"] as? String == id && summary["state"] as? String == "succeeded")
        }
    }

    @Test("--output json: one JSON object per event line with the event fields, then a summary object")
    func jsonOutput() throws {
        try TandemBinary.withSeededWorld(plan: LoanAppPlan.yaml()) { tandem in
            let start = try tandem.run(["release", "start", "plan.yaml", "--version", "2.0", "--by", "ci-bot", "--output", "json"])
            #expect(start.status == 3)
            let id = try tandem.newestRelease()
            let events = try jsonLines(start.output)
            let summary = try #require(events.last?["summary"] as? [String: Any], "\(start.output)")
            #expect(summary["release"] as? String == id)
            #expect(summary["state"] as? String == "waiting")
            #expect(summary["checkpoint"] as? String == "qa")
            #expect(summary["approveCommand"] as? String == "tandem approve \(id) --checkpoint qa --by <you>")
            let eventObjects = events.dropLast()
            #expect(eventObjects.count >= 10)
            for event in eventObjects {
                for field in ["id", "at", "kind", "message", "releaseID"] {
                    #expect(event[field] != nil, "event without \(field): \(event)")
                }
                #expect(event["releaseID"] as? String == id)
            }
            let kinds = eventObjects.compactMap { $0["kind"] as? String }
            #expect(kinds.first == "release.started" && kinds.contains("checkpoint.waiting"), "\(kinds)")
            let ids = eventObjects.compactMap { $0["id"] as? Int }
            #expect(ids == ids.sorted() && Set(ids).count == ids.count, "event ids not increasing: \(ids)")

            #expect(try tandem.run(["approve", id, "--checkpoint", "qa", "--by", "alice"]).status == 0)
            let resume = try tandem.run(["release", "resume", id, "--output", "json"])
            #expect(resume.status == 0)
            let after = try jsonLines(resume.output)
            #expect((after.last?["summary"] as? [String: Any])?["state"] as? String == "succeeded", "\(resume.output)")
            #expect(after.dropLast().contains { $0["kind"] as? String == "step.succeeded" && $0["service"] as? String == "frontend" })
        }
    }

    /// Every non-empty line parsed as a JSON object (a line that is not one fails the test).
    func jsonLines(_ output: String) throws -> [[String: Any]] {
        try output.split(separator: "\n", omittingEmptySubsequences: true).map { line in
            let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            return try #require(object, "not a JSON object: \(line)")
        }
    }
}
