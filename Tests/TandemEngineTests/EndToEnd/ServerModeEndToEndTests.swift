import Foundation
import TandemStore
import Testing

private let plan = LoanAppPlan.yaml(approvals: 2, approvers: "[alice, bob, carol, ci-bot]")

/// `tandem serve` with notifications and with the engine inside (`release start --server`), as real processes:
/// `tandem sim serve`, `tandem serve`, a webhook receiver on loopback, and the CLI.
@Suite("server mode end to end (real binary, simulated cluster)", .serialized)
struct ServerModeEndToEndTests {
    @Test("a CLI-driven release notifies checkpoint-waiting then release-succeeded, each delivered exactly once (a resume that finds it waiting re-notifies nothing)")
    func cliNotifications() async throws {
        let tandem = try TandemBinary(plan: plan)
        defer { tandem.stop() }
        #expect(try tandem.run(["sim", "seed", "plan.yaml", "--version", "1.0"]).status == 0)
        let receiver = try WebhookReceiver(directory: tandem.directory)
        defer { receiver.stop() }
        let serve = try Background(tandem, "serve", ["serve", "--port", "0", "--notify-url", "json:\(receiver.url)"])
        defer { serve.stop() }
        _ = try serve.serverURL()

        #expect(try tandem.run(["release", "start", "plan.yaml", "--version", "2.0", "--by", "ci-bot"]).status == 3)
        let id = try tandem.newestRelease()
        #expect(try tandem.run(["release", "resume", id]).status == 3)  // still waiting: no second notification
        #expect(try tandem.run(["approve", id, "--by", "alice"]).status == 0)
        #expect(try tandem.run(["approve", id, "--by", "bob"]).status == 0)
        let resume = try tandem.run(["release", "resume", id])
        #expect(resume.status == 0, "\(resume.output)")
        #expect(try tandem.run(["release", "resume", id]).status == 0)  // finished: no second notification either

        let bodies = try receiver.waitForBodies(count: 2)
        let events = bodies.compactMap { body in
            (try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]).flatMap { $0["event"] as? String }
        }
        #expect(events == ["checkpoint-waiting", "release-succeeded"])
        #expect(bodies.allSatisfy { $0.contains(id) })
        // Every outbox row is delivered, so nothing can be sent again.
        let outbox = try await ReleaseStore.open(path: tandem.directory + "/state.db").notifications()
        receiver.stop()
        #expect(outbox.count == 2)
        #expect(outbox.allSatisfy { $0.deliveredAt != nil })
    }

    @Test("release start --server: the server drives it, exit 3 at qa with the approve command; approve --server by two tokens continues it without a CLI job; --wait follows through; 409 is exit 6; refusals are clear")
    func serverDriven() throws {
        let tandem = try TandemBinary(plan: plan)
        defer { tandem.stop() }
        #expect(try tandem.run(["sim", "seed", "plan.yaml", "--version", "1.0"]).status == 0)
        var tokens: [String: String] = [:]
        for name in ["ci-bot", "alice", "bob"] {
            let added = try tandem.run(["serve", "add-user", name, "--groups", "qa"])
            tokens[name] = added.output.split(separator: "\n").last.map(String.init)
        }
        let serve = try Background(tandem, "serve", ["serve", "--port", "0", "--kubeconfig", tandem.directory + "/sim.kubeconfig"])
        defer { serve.stop() }
        let url = try serve.serverURL()
        let ci = ["--server", url, "--token", tokens["ci-bot"]!]

        let start = try tandem.run(["release", "start", "plan.yaml", "--version", "2.0"] + ci)
        #expect(start.status == 3, "\(start.output)")
        let id = try tandem.newestRelease()
        #expect(start.output.contains("release \(id) started on \(url) by ci-bot"), "\(start.output)")
        #expect(start.output.contains("deploy backend (step"), "\(start.output)")
        #expect(start.output.contains("tandem approve \(id) --checkpoint qa --server \(url)"), "\(start.output)")

        // Refusals a person can act on.
        let by = try tandem.run(["approve", id, "--by", "alice"] + ci)
        #expect(by.status == 2 && by.output.contains("--by cannot be used with --server"), "\(by.output)")
        let bad = try tandem.run(["approve", id, "--server", url, "--token", "wrong"])
        #expect(bad.status == 1 && bad.output.contains("401") && bad.output.contains("TANDEM_TOKEN"), "\(bad.output)")
        let selfApproval = try tandem.run(["approve", id] + ci)
        #expect(selfApproval.status == 1 && selfApproval.output.contains("refused by the server (403)"), "\(selfApproval.output)")
        let down = try tandem.run(["release", "status", id, "--server", "http://127.0.0.1:1", "--token", "x"])
        #expect(down.status == 1 && down.output.contains("cannot reach the tandem server at http://127.0.0.1:1"), "\(down.output)")

        // Two approvals (one through TANDEM_TOKEN); the server continues the release on its own.
        let alice = try tandem.run(["approve", id, "--server", url, "--comment", "QA ok"], extra: ["TANDEM_TOKEN": tokens["alice"]!])
        #expect(alice.status == 0 && alice.output.contains("1 of 2"), "\(alice.output)")
        #expect(try tandem.run(["approve", id, "--server", url, "--token", tokens["bob"]!]).status == 0)
        let watch = try tandem.run(["release", "status", id, "--watch"] + ci)
        #expect(watch.status == 0 && watch.output.contains("release \(id) is succeeded"), "\(watch.output)")
        let status = try tandem.run(["release", "status", id, "--json"] + ci)
        let object = try JSONSerialization.jsonObject(with: Data(status.output.utf8)) as? [String: Any]
        #expect(object?["state"] as? String == "succeeded")
        #expect(object?["startedBy"] as? String == "ci-bot")
        let approvals = ((object?["checkpoints"] as? [[String: Any]])?.first?["approvals"] as? [[String: Any]])?.compactMap { $0["by"] as? String }
        #expect(approvals == ["alice", "bob"])
        let image = try tandem.kubectl(["get", "rollout", "my-frontend", "-n", "legacy", "-o", "jsonpath={.spec.template.spec.containers[0].image}"])
        #expect(image == "docker.io/kostiscodefresh/loan:2.0")

        // 3.0 with --wait: the command follows through the checkpoint and exits 0; meanwhile a second start is exit 6.
        let waiting = try Background(tandem, "start-wait", ["release", "start", "plan.yaml", "--version", "3.0", "--wait", "--timeout", "5m"] + ci)
        let second: String = try eventually("3.0 to wait at qa") {
            let list = try tandem.run(["release", "list", "--json"]).output
            let array = (try? JSONSerialization.jsonObject(with: Data(list.utf8))) as? [[String: Any]]
            guard let newest = array?.first, newest["id"] as? String != id, newest["state"] as? String == "waiting" else { return nil }
            return newest["id"] as? String
        }
        let locked = try tandem.run(["release", "start", "plan.yaml", "--version", "4.0"] + ci)
        #expect(locked.status == 6 && locked.output.contains(second), "\(locked.output)")
        #expect(try tandem.run(["approve", second, "--server", url, "--token", tokens["alice"]!]).status == 0)
        #expect(try tandem.run(["approve", second, "--server", url, "--token", tokens["bob"]!]).status == 0)
        let finished = waiting.wait()
        #expect(finished.status == 0, "\(finished.output)")
        #expect(finished.output.contains("release \(second) succeeded"), "\(finished.output)")
    }
}

extension ServerModeEndToEndTests {
    @Test("crash recovery: tandem serve killed (SIGKILL) right after a step of a release it drives; the next tandem serve resumes it to the checkpoint, and an approval finishes it")
    func serverCrash() throws {
        let tandem = try TandemBinary(plan: plan)
        defer { tandem.stop() }
        #expect(try tandem.run(["sim", "seed", "plan.yaml", "--version", "1.0"]).status == 0)
        var tokens: [String: String] = [:]
        for name in ["ci-bot", "alice", "bob"] {
            tokens[name] = try tandem.run(["serve", "add-user", name, "--groups", "qa"]).output.split(separator: "\n").last.map(String.init)
        }
        let arguments = ["serve", "--port", "0", "--kubeconfig", tandem.directory + "/sim.kubeconfig"]
        tandem.environment["TANDEM_TEST_CRASH_AFTER_STEP"] = "0"
        let first = try Background(tandem, "serve-1", arguments)
        tandem.environment.removeValue(forKey: "TANDEM_TEST_CRASH_AFTER_STEP")
        defer { first.stop() }
        let url = try first.serverURL()
        let start = try tandem.run(["release", "start", "plan.yaml", "--version", "2.0", "--server", url, "--token", tokens["ci-bot"]!])
        #expect(start.status == 1 && start.output.contains("cannot reach the tandem server at \(url)"), "\(start.output)")
        let died = first.wait()
        #expect(died.status != 0)
        let id = try tandem.newestRelease()
        let crashed = try tandem.run(["release", "status", id, "--json"]).output
        #expect(crashed.contains("\"state\" : \"running\""), "\(crashed)")

        let second = try Background(tandem, "serve-2", arguments)
        defer { second.stop() }
        let again = try second.serverURL()
        let ci = ["--server", again, "--token", tokens["ci-bot"]!]
        let watch = try tandem.run(["release", "status", id, "--watch"] + ci)
        #expect(watch.status == 0 && watch.output.contains("release \(id) is waiting"), "\(watch.output)")
        #expect(try tandem.run(["approve", id, "--server", again, "--token", tokens["alice"]!]).status == 0)
        #expect(try tandem.run(["approve", id, "--server", again, "--token", tokens["bob"]!]).status == 0)
        let done = try tandem.run(["release", "status", id, "--watch"] + ci)
        #expect(done.status == 0 && done.output.contains("release \(id) is succeeded"), "\(done.output)")
        let log = try tandem.run(["release", "log", id]).output
        #expect(log.components(separatedBy: "(step 0) succeeded").count == 2, "\(log)")
        #expect(try tandem.run(["pairs", "plan.yaml"]).status == 0)
    }
}

/// A `tandem` process in the background, its output in a file.
final class Background: @unchecked Sendable {
    let process = Process()
    let log: String

    init(_ tandem: TandemBinary, _ name: String, _ arguments: [String]) throws {
        log = tandem.directory + "/\(name).log"
        FileManager.default.createFile(atPath: log, contents: nil)
        process.executableURL = URL(fileURLWithPath: TandemBinary.path)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: tandem.directory)
        process.environment = tandem.environment
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        try handle.close()  // the child has its copy (ProcessRunner says why ours must be closed)
    }

    var output: String { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }

    /// The URL from the `tandem serve: http://…` line.
    func serverURL() throws -> String {
        try eventually("tandem serve to listen (\(log))") {
            guard let line = output.split(separator: "\n").first(where: { $0.hasPrefix("tandem serve: http") }) else {
                if !process.isRunning { throw ServeExited(output: output) }
                return nil
            }
            return line.split(separator: " ").first { $0.hasPrefix("http") }.map(String.init)
        }
    }

    func wait() -> TandemBinary.Result {
        process.waitUntilExit()
        return TandemBinary.Result(status: process.terminationStatus, output: output)
    }

    func stop() {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }
}

struct ServeExited: Error, CustomStringConvertible {
    let output: String
    var description: String { "the process exited: \(output)" }
}

/// A webhook receiver on loopback (python3's http.server) appending each body as one line to a file.
final class WebhookReceiver: @unchecked Sendable {
    let process = Process()
    let file: String
    let url: String

    init(directory: String) throws {
        file = directory + "/webhooks.jsonl"
        FileManager.default.createFile(atPath: file, contents: nil)
        let script = """
        import http.server, sys
        class H(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get('Content-Length', 0)))
                with open(sys.argv[1], 'ab') as f: f.write(body.replace(b'\\n', b' ') + b'\\n')
                self.send_response(200); self.end_headers()
            def log_message(self, *args): pass
        server = http.server.HTTPServer(('127.0.0.1', 0), H)
        print(server.server_address[1], flush=True)
        server.serve_forever()
        """
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, file]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        var text = ""
        while !text.contains("\n") {
            let data = pipe.fileHandleForReading.availableData
            if data.isEmpty { break }
            text += String(decoding: data, as: UTF8.self)
        }
        guard let port = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw ServeExited(output: "webhook receiver: \(text)")
        }
        url = "http://127.0.0.1:\(port)/hook"
    }

    var bodies: [String] {
        ((try? String(contentsOfFile: file, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    /// The bodies once at least `count` arrived (the server's worker delivers every second).
    func waitForBodies(count: Int) throws -> [String] {
        try eventually("\(count) webhook deliveries") { bodies.count >= count ? bodies : nil }
    }

    /// SIGKILL: python may inherit a blocked SIGTERM from the test process.
    func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }
}

/// Polls `body` every 200 ms until it returns a value; fails after 90 s naming what it waited for.
func eventually<T>(_ what: String, _ body: () throws -> T?) throws -> T {
    let deadline = Date().addingTimeInterval(90)
    while Date() < deadline {
        if let value = try body() { return value }
        Thread.sleep(forTimeInterval: 0.2)
    }
    throw ServeExited(output: "gave up waiting for \(what)")
}
