import Foundation
import TandemTestSupport
import Testing

/// What the end-to-end tests read back from the real binary, kubectl and the simulator.
extension TandemBinary {
    /// Starts a fresh simulator in its own directory with `plan` as `plan.yaml`, seeds it at 1.0 and
    /// runs `body`; the simulator is always stopped.
    static func withSeededWorld(plan: String, _ body: (TandemBinary) throws -> Void) throws {
        let tandem = try TandemBinary(plan: plan)
        defer { tandem.stop() }
        let seed = try tandem.run(["sim", "seed", "plan.yaml", "--version", "1.0"])
        try #require(seed.status == 0, "seeding failed: \(seed.output)")
        try body(tandem)
    }

    /// `tandem release list --json`, newest first.
    func releases() throws -> [[String: Any]] {
        let result = try run(["release", "list", "--json"])
        return try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [[String: Any]] ?? []
    }

    /// `tandem release status <id> --json`.
    func status(_ id: String) throws -> [String: Any] {
        let result = try run(["release", "status", id, "--json"])
        let object = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any]
        return try #require(object, "release status \(id) --json printed no object: \(result.output)")
    }

    /// The steps of `release status --json` as "kind service" labels, in ordinal order.
    func stepLabels(_ id: String) throws -> [String] {
        let steps = try status(id)["steps"] as? [[String: Any]] ?? []
        return steps.sorted { ($0["ordinal"] as? Int ?? 0) < ($1["ordinal"] as? Int ?? 0) }.map { step in
            [step["kind"] as? String, step["service"] as? String, step["checkpoint"] as? String]
                .compactMap { $0 }.joined(separator: " ")
        }
    }

    /// name → "Phase image" of every Rollout in namespace legacy (of the current context, or `context`), read by kubectl.
    func rollouts(context: String? = nil) throws -> [String: String] {
        let text = try kubectl(["get", "rollouts", "-n", "legacy", "-o", "json"], context: context)
        let list = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        var result: [String: String] = [:]
        for item in list?["items"] as? [[String: Any]] ?? [] {
            let name = (item["metadata"] as? [String: Any])?["name"] as? String ?? "?"
            let phase = (item["status"] as? [String: Any])?["phase"] as? String ?? "?"
            let spec = (item["spec"] as? [String: Any])?["template"] as? [String: Any]
            let containers = (spec?["spec"] as? [String: Any])?["containers"] as? [[String: Any]]
            result[name] = "\(phase) \(containers?.first?["image"] as? String ?? "?")"
        }
        return result
    }

    /// Both loan-app Rollouts Healthy on `version` (in the current context, or `context`).
    func loanAppHealthy(on version: String, context: String? = nil) throws -> Bool {
        try rollouts(context: context) == ["my-backend": "Healthy docker.io/kostiscodefresh/interest:\(version)",
                           "my-frontend": "Healthy docker.io/kostiscodefresh/loan:\(version)"]
    }

    /// The value of `key` in the ConfigMap the frontend Rollout's template reads BACKEND_HOST from.
    func frontendBackendHost() throws -> String {
        let name = try kubectl(["get", "rollout", "my-frontend", "-n", "legacy", "-o",
                                "jsonpath={.spec.template.spec.containers[0].env[?(@.name==\"BACKEND_HOST\")].valueFrom.configMapKeyRef.name}"])
        guard !name.isEmpty else { return "<no ConfigMap reference>" }
        return try kubectl(["get", "configmap", name, "-n", "legacy", "-o", "jsonpath={.data.BACKEND_HOST}"])
    }

    /// Adds a fault rule to the simulator (`--faults`): see docs/simulator.md.
    func addFault(_ rule: String) throws {
        let config = try String(contentsOfFile: directory + "/sim.kubeconfig", encoding: .utf8)
        let server = config.split(separator: "\n").first { $0.contains("server:") }
            .map { $0.split(separator: " ").last.map(String.init) ?? "" } ?? ""
        let curl = Process()
        curl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        curl.arguments = ["curl", "-sf", "-X", "POST", "-H", "Content-Type: application/json", "-d", rule, server + "/tandem-sim/faults"]
        curl.standardOutput = FileHandle.nullDevice
        try curl.run()
        curl.waitUntilExit()
        try #require(curl.terminationStatus == 0, "could not add fault \(rule) at \(server)")
    }

    /// Removes every fault rule from the simulator.
    func clearFaults() throws {
        _ = try kubectl(["delete", "--raw", "/tandem-sim/faults"])
        let left = try kubectl(["get", "--raw", "/tandem-sim/faults"])
        try #require(left.contains("\"faults\":[]"), "faults still active: \(left)")
    }

    /// Makes every write to a Rollout (PUT and PATCH, status included) fail with 403 until cleared.
    func failEveryRolloutWrite() throws {
        for method in ["PUT", "PATCH"] {
            try addFault(#"{"pathContains": "/rollouts/", "method": "\#(method)", "count": 100000, "status": 403}"#)
        }
    }

    /// Objects tandem created (label `app.kubernetes.io/managed-by=tandem`) still in namespace legacy.
    func tandemLeftovers() throws -> String {
        try kubectl(["get", "svc,cm", "-n", "legacy", "-l", "app.kubernetes.io/managed-by=tandem", "-o", "name"])
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// What each loan-app active Service answers through the Service proxy: the `version` of the pod it reached.
    func activeServiceVersions() throws -> [String: String] {
        var result: [String: String] = [:]
        for service in ["backend-active", "frontend-active"] {
            let text = try kubectl(["get", "--raw", "/api/v1/namespaces/legacy/services/\(service):8080/proxy/version"])
            let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
            result[service] = object?["version"] as? String ?? "no answer: \(text)"
        }
        return result
    }

    /// Runs the binary in the background ("a second shell"); its output goes to a file.
    func spawn(_ arguments: [String], extra: [String: String] = [:]) throws -> Spawned {
        let output = directory + "/spawned-\(UUID().uuidString.prefix(6)).out"
        FileManager.default.createFile(atPath: output, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.path)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = environment.merging(extra) { _, new in new }
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        try handle.close()  // the child has its copy (ProcessRunner says why ours must be closed)
        return Spawned(process: process, outputPath: output)
    }

    /// Polls (every 100 ms, at most `limit`) until `condition` holds; fails the test if it never does.
    func waitFor(_ what: String, limit: Duration = .seconds(30), _ condition: () throws -> Bool) throws {
        let end = ContinuousClock.now + limit
        while ContinuousClock.now < end {
            if try condition() { return }
            Thread.sleep(forTimeInterval: 0.1)
        }
        Issue.record("gave up waiting for \(what) after \(limit)")
        throw HarnessError.timedOut(what)
    }

    /// The newest release's id and state, when there is one.
    func newestReleaseState() throws -> (id: String, state: String)? {
        guard let first = try releases().first, let id = first["id"] as? String, let state = first["state"] as? String else { return nil }
        return (id, state)
    }
}

enum HarnessError: Error { case timedOut(String) }

/// A `tandem` process running in the background.
final class Spawned: @unchecked Sendable {
    let process: Process
    let outputPath: String

    init(process: Process, outputPath: String) {
        self.process = process
        self.outputPath = outputPath
    }

    var isRunning: Bool { process.isRunning }

    /// Waits for it to exit and returns its status and output.
    func wait() throws -> TandemBinary.Result {
        process.waitUntilExit()
        return TandemBinary.Result(status: process.terminationStatus,
                                   output: try String(contentsOfFile: outputPath, encoding: .utf8))
    }

    /// Stops it (SIGTERM) if a failed test left it running.
    func stopIfRunning() {
        if process.isRunning { process.terminate(); process.waitUntilExit() }
    }
}

/// Variants of plans/loan-app.yaml for the engine tests (in-process and end-to-end): the
/// example plan itself with per-test edits (short deadlines, verify checks, checkpoint policy).
enum LoanAppPlan {
    static func yaml(name: String = "loan-app", pairing: String = "revision", checkpointAfter: String = "deploy",
                     approvals: Int = 1, backendVerify: String = "{path: /health/ready, expectStatus: 200}",
                     frontendVerify: String? = nil, deadline: String = "8s", approvers: String = "[alice, bob, carol]") -> String {
        do {
            return try ExamplePlans.text("loan-app.yaml", replacing: [
                ("  name: loan-app\n", "  name: \(name)\n"),
                ("  pairing: revision\n", "  pairing: \(pairing)\n"),
                ("""
                      image: docker.io/kostiscodefresh/interest
                      verify:
                        path: /health/ready
                        expectStatus: 200

                """, """
                      image: docker.io/kostiscodefresh/interest
                      deadline: \(deadline)
                      verify: \(backendVerify)

                """),
                ("      image: docker.io/kostiscodefresh/loan\n",
                 "      image: docker.io/kostiscodefresh/loan\n      deadline: \(deadline)\n"
                    + (frontendVerify.map { "      verify: \($0)\n" } ?? "")),
                ("""
                      after: deploy
                      approvals: 1
                      approvers: [alice, "group:qa"]
                """, """
                      after: \(checkpointAfter)
                      approvals: \(approvals)
                      approvers: \(approvers)
                """),
            ])
        } catch {
            fatalError("\(error)")
        }
    }
}
