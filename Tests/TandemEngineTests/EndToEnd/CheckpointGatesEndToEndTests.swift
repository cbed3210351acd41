import Foundation
import TandemTestSupport
import Testing

/// Gated checkpoints run by the real binary on one simulated cluster: environment production's checkpoint `change`
/// (after deploy) asks the ServiceNow Table API fake or an http gate endpoint on loopback. Every rejection rolls
/// the release back to 1.0 (exit 4); every wait stops it at the checkpoint (exit 3) with the reason.
@Suite("E2E: checkpoint gates (ServiceNow, http, with people)", .serialized)
struct CheckpointGatesEndToEndTests {
    /// loan-app with one environment, production, whose checkpoint `change` has `gates` (YAML list items at
    /// 10 spaces) and, when given, `people` (YAML keys at 10 spaces).
    static func plan(gates: [String], people: [String] = []) -> String {
        var lines = ["", "  environments:", "    - name: production", "      checkpoints:",
                     "        - name: change", "          after: deploy"]
        lines += people.map { "          " + $0 }
        lines += ["          gates:"] + gates.map { "            - " + $0 }
        return LoanAppPlan.yaml() + lines.joined(separator: "\n") + "\n"
    }

    /// A seeded cluster at 1.0, the ServiceNow fake and an allow endpoint (answering `{"allowed": true}`) running.
    func withWorld(gates: (_ serviceNow: String, _ allow: String) -> [String], people: [String] = [],
                   _ body: (TandemBinary, FakeServiceNow, AllowEndpoint) async throws -> Void) async throws {
        let serviceNow = FakeServiceNow(), allow = AllowEndpoint(answer: #"{"allowed": true}"#)
        let snowPort = try await serviceNow.start()
        let allowPort = try await allow.start()
        do {
            let plan = Self.plan(gates: gates("http://127.0.0.1:\(snowPort)", "http://127.0.0.1:\(allowPort)/allow"), people: people)
            let tandem = try TandemBinary(plan: plan)
            defer { tandem.stop() }
            let seed = try tandem.run(["sim", "seed", "plan.yaml", "--version", "1.0"])
            try #require(seed.status == 0, "\(seed.output)")
            tandem.environment.merge(serviceNow.credentials()) { _, new in new }
            try await body(tandem, serviceNow, allow)
        } catch {
            await serviceNow.stop(); await allow.stop()
            throw error
        }
        await serviceNow.stop(); await allow.stop()
    }

    static let start = ["release", "start", "plan.yaml", "--env", "production", "--version", "2.0", "--change", "CHG0030001"]

    @Test("the change window ends while the release waits: the checkpoint is rejected, the release rolls back (exit 4), one work note")
    func windowEndsWhileWaiting() async throws {
        try await withWorld(gates: { snow, _ in ["servicenow: {url: \"\(snow)\"}"] }) { tandem, serviceNow, _ in
            let opens = FakeServiceNow.date(3600)
            serviceNow.put("CHG0030001", ["state": "-2", "start_date": opens, "end_date": FakeServiceNow.date(7200)])
            let waiting = try await tandem.runDetached(Self.start)
            #expect(waiting.status == 3, "\(waiting.output)")
            #expect(waiting.output.contains("the window of change CHG0030001 opens at \(opens) UTC"), "\(waiting.output)")
            let id = try tandem.newestRelease()

            let ended = FakeServiceNow.date(-60)
            serviceNow.update("CHG0030001", ["start_date": FakeServiceNow.date(-7200), "end_date": ended])
            let rejected = try await tandem.runDetached(["release", "resume", id])
            #expect(rejected.status == 4, "\(rejected.output)")
            #expect(rejected.output.contains("the window of change CHG0030001 ended at \(ended) UTC"), "\(rejected.output)")
            #expect(try tandem.status(id)["state"] as? String == "rolled-back")
            #expect(try tandem.loanAppHealthy(on: "1.0"))
            let notes = serviceNow.workNotes("CHG0030001")
            #expect(notes.count == 1, "\(notes)")
            #expect(notes.first?.hasPrefix("tandem release \(id) (plan loan-app, environment production) rolled back (") == true, "\(notes)")
            #expect(notes.first?.hasSuffix(": backend=2.0 frontend=2.0") == true, "\(notes)")
        }
    }

    @Test("a change listing other versions rejects the checkpoint naming the difference; the release rolls back")
    func changeListsOtherVersions() async throws {
        try await withWorld(gates: { snow, _ in ["servicenow: {url: \"\(snow)\"}"] }) { tandem, serviceNow, _ in
            serviceNow.put("CHG0030001", versions: "backend=1.9, frontend=2.0")
            let result = try await tandem.runDetached(Self.start)
            #expect(result.status == 4, "\(result.output)")
            #expect(result.output.contains("change CHG0030001 does not list backend=2.0 in description; it lists backend=1.9"), "\(result.output)")
            #expect(try tandem.loanAppHealthy(on: "1.0"))
            #expect(serviceNow.workNotes("CHG0030001").count == 1)
        }
    }

    @Test("401 from ServiceNow: exit 1 naming SERVICENOW_USER/SERVICENOW_PASSWORD/SERVICENOW_TOKEN; the secret is nowhere; fixed, resume succeeds")
    func refusedCredentials() async throws {
        try await withWorld(gates: { snow, _ in ["servicenow: {url: \"\(snow)\"}"] }) { tandem, serviceNow, _ in
            serviceNow.put("CHG0030001")
            let secret = "Wr0ng-s3cret-4711"
            let basic = Data("\(serviceNow.user):\(secret)".utf8).base64EncodedString()
            let refused = try await tandem.runDetached(Self.start, extra: serviceNow.credentials(password: secret))
            #expect(refused.status == 1, "\(refused.output)")
            #expect(refused.output.contains("refused the credentials (HTTP 401"), "\(refused.output)")
            #expect(refused.output.contains("set SERVICENOW_USER and SERVICENOW_PASSWORD, or SERVICENOW_TOKEN"), "\(refused.output)")
            let id = try tandem.newestRelease()
            #expect(try tandem.status(id)["state"] as? String == "waiting")
            let log = try tandem.run(["release", "log", id, "--output", "json"]).output
            #expect(log.contains("checkpoint.gate"), "\(log)")
            let status = try tandem.run(["release", "status", id, "--json"]).output
            for text in [refused.output, log, status] {
                #expect(!text.contains(secret) && !text.contains(basic), "a credential leaked: \(text)")
            }
            for file in ["state.db", "state.db-wal", "state.db-shm"] {
                guard let bytes = FileManager.default.contents(atPath: tandem.directory + "/" + file) else { continue }
                let text = String(decoding: bytes, as: UTF8.self)
                #expect(!text.contains(secret) && !text.contains(basic), "\(file) holds the credential")
            }

            let resumed = try await tandem.runDetached(["release", "resume", id])
            #expect(resumed.status == 0, "\(resumed.output)")
            #expect(try tandem.loanAppHealthy(on: "2.0"))
            #expect(serviceNow.workNotes("CHG0030001").count == 1)
        }
    }

    @Test("http gate: allowed false waits with the reason (exit 3), final rejects and rolls back (exit 4), allowed passes")
    func httpGate() async throws {
        try await withWorld(gates: { _, allow in ["http: {url: \"\(allow)\"}"] }) { tandem, _, allow in
            allow.answer(#"{"allowed": false, "reason": "change freeze until Monday"}"#)
            let waiting = try await tandem.runDetached(Self.start)
            #expect(waiting.status == 3, "\(waiting.output)")
            #expect(waiting.output.contains("change freeze until Monday"), "\(waiting.output)")
            let id = try tandem.newestRelease()
            let sent = try #require(allow.bodies.withLock { $0.first })
            let body = try #require(try JSONSerialization.jsonObject(with: Data(sent.utf8)) as? [String: Any])
            #expect(body["id"] as? String == id)
            #expect(body["environment"] as? String == "production")
            #expect(body["checkpoint"] as? String == "change")
            #expect(body["versions"] as? [String: String] == ["backend": "2.0", "frontend": "2.0"])

            allow.answer(#"{"allowed": false, "reason": "security hold", "final": true}"#)
            let rejected = try await tandem.runDetached(["release", "resume", id])
            #expect(rejected.status == 4, "\(rejected.output)")
            #expect(rejected.output.contains("security hold"), "\(rejected.output)")
            #expect(try tandem.loanAppHealthy(on: "1.0"))

            allow.answer(#"{"allowed": true}"#)
            let passed = try await tandem.runDetached(Self.start)
            #expect(passed.status == 0, "\(passed.output)")
            #expect(try tandem.loanAppHealthy(on: "2.0"))
        }
    }

    @Test("a checkpoint with a gate and approvers opens only when both are satisfied")
    func gateAndPeople() async throws {
        try await withWorld(gates: { _, allow in ["http: {url: \"\(allow)\"}"] }, people: ["approvers: [alice]"]) { tandem, _, allow in
            let people = try await tandem.runDetached(Self.start)
            #expect(people.status == 3, "the gate passes, alice has not approved: \(people.output)")
            let id = try tandem.newestRelease()
            #expect(people.output.contains("tandem approve \(id) --checkpoint change"), "\(people.output)")

            allow.answer(#"{"allowed": false, "reason": "error budget exhausted"}"#)
            let approve = try tandem.run(["approve", id, "--checkpoint", "change", "--by", "alice"])
            #expect(approve.status == 0, "\(approve.output)")
            let gate = try await tandem.runDetached(["release", "resume", id])
            #expect(gate.status == 3, "alice approved, the gate waits: \(gate.output)")
            #expect(gate.output.contains("error budget exhausted"), "\(gate.output)")
            #expect(try tandem.status(id)["state"] as? String == "waiting")

            allow.answer(#"{"allowed": true}"#)
            let both = try await tandem.runDetached(["release", "resume", id])
            #expect(both.status == 0, "\(both.output)")
            #expect(try tandem.loanAppHealthy(on: "2.0"))
        }
    }
}
