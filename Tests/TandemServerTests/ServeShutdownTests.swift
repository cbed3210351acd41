import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// Issue 11 items 2 and 13 against the real `tandem serve` binary: the `*` plan is answered promptly, a held
/// request does not stop SIGTERM, and half-open connections are closed after the idle timeout.
@Suite("tandem serve: stuck requests, SIGTERM and half-open connections", .serialized, .timeLimit(.minutes(3)))
struct ServeShutdownTests {
    /// `tandem serve --sim` (so it drives releases) with user ci-bot; returns the process, base URL, port and token.
    static func serve(_ world: DashboardWorld, _ extra: [String] = []) throws -> (Process, String, Int, String) {
        let db = world.directory + "/state.db"
        let added = try world.run(["serve", "add-user", "ci-bot", "--groups", "qa", "--db", db])
        try #require(added.status == 0, "add-user: \(added.output)")
        let token = try #require(added.output.split(separator: "\n").last.map(String.init))
        let serve = try world.start("serve", ["serve", "--db", db, "--port", "0", "--sim"] + extra)
        let line = try world.waitForLine(in: "serve", containing: "tandem serve: http://", process: serve)
        let base = try #require(line.split(separator: " ").first { $0.hasPrefix("http://") }.map(String.init), "\(line)")
        let port = try #require(Int(base.split(separator: ":").last ?? ""), "\(base)")
        return (serve, base, port, token)
    }

    static func request(_ base: String, _ path: String, method: String = "GET", token: String? = nil,
                        body: Data? = nil) async throws -> (Int, String) {
        var request = URLRequest(url: URL(string: base + path)!)
        request.httpMethod = method
        request.timeoutInterval = 30
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let body { request.httpBody = body; request.setValue("application/json", forHTTPHeaderField: "Content-Type") }
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    @Test("a plan with * in plain values is answered promptly; later requests answer; with a request held open SIGTERM stops the server within a few seconds")
    func starPlanAndSigterm() async throws {
        let world = try DashboardWorld()
        var passed = false
        defer { if !passed { print(world.logs(["setup", "serve"])) }; world.stop() }
        let (serve, base, port, token) = try Self.serve(world)

        // The plan of issue 11 item 2 (`*` inside plain values and a key); it names no `image` tag Rollout
        // that exists, so the answer is a refusal, but it must be an answer, not a hang.
        let plan = (try String(contentsOfFile: DashboardWorld.root + "/plans/loan-app.yaml", encoding: .utf8))
            .replacingOccurrences(of: "spec:\n", with: "spec:\n  ver*ify: x/a*b\n")
        let body = try JSONSerialization.data(withJSONObject: ["plan": plan, "version": "2.0"])
        let started = ContinuousClock.now
        let (status, text) = try await Self.request(base, "/api/releases", method: "POST", token: token, body: body)
        // The issue asks for a bound: the server's parse bound is 5 s; allow for a loaded machine.
        #expect(ContinuousClock.now - started < .seconds(15), "answered after \(ContinuousClock.now - started)")
        #expect(status == 422, "\(status) \(text)")
        #expect(text.contains("\"error\""), "\(text)")
        let list = try await Self.request(base, "/api/releases", token: token)
        #expect(list.0 == 200)
        #expect(try await Self.request(base, "/healthz").0 == 200)

        // A request whose body never completes, held open; then SIGTERM.
        let held = try RawConnection(port: port)
        held.send("POST /api/releases HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\n" +
                  "Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{\"plan\": \"")
        try await Task.sleep(for: .milliseconds(300))
        let signalled = ContinuousClock.now
        kill(serve.processIdentifier, SIGTERM)
        try world.waitForExit(serve, timeout: .seconds(10), what: "tandem serve after SIGTERM")
        // The bound the issue asks for ("within a few seconds"): grace 3 s, watchdog at 6 s.
        #expect(ContinuousClock.now - signalled < .seconds(8), "exited after \(ContinuousClock.now - signalled)")
        passed = true
    }

    @Test("2,000 half-open connections (connected, headers never finished) are closed after --idle-timeout and the server still answers")
    func halfOpenConnectionsAreClosed() async throws {
        let world = try DashboardWorld()
        var passed = false
        defer { if !passed { print(world.logs(["setup", "serve"])) }; world.stop() }
        let (_, base, port, _) = try Self.serve(world, ["--idle-timeout", "2"])
        var connections: [RawConnection] = []
        for index in 0..<2000 {
            let connection = try RawConnection(port: port)
            if index % 2 == 0 { connection.send("GET /healthz HTTP/1.1\r\nHost: 127") }  // half the headers, never the rest
            connections.append(connection)
        }
        #expect(try await Self.request(base, "/healthz").0 == 200)
        let open = connections.filter { !$0.closedByPeer(within: .seconds(10)) }.count
        #expect(open == 0, "\(open) of 2000 connections still open after the idle timeout")
        #expect(try await Self.request(base, "/healthz").0 == 200)
        passed = true
    }
}
