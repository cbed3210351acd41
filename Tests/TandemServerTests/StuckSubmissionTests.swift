import Foundation
import Hummingbird
import HummingbirdTesting
import TandemEngine
import TandemServer
import TandemStore
import Synchronization
import Testing

/// Issue 11 item 2: one submission whose plan never finishes parsing must not jam the server.
/// The parser is injected (a plan marked `# stuck` blocks its thread until released) because the real
/// runaway (YAMLGuard on `*`) is fixed in TandemPlan; `ServeShutdownTests` posts the real `*` plan.
@Suite("A stuck submission does not jam the server", .serialized, .timeLimit(.minutes(2)))
struct StuckSubmissionTests {
    /// Blocks the parse of plans containing `# stuck` until `release()`; other plans parse for real.
    final class StuckParser: Sendable {
        let semaphore = DispatchSemaphore(value: 0)
        func gate(_ bounds: PlanParseGate.Bounds) -> PlanParseGate {
            PlanParseGate(bounds: bounds) { [semaphore] submission, user, source in
                if submission.plan.contains("# stuck") { semaphore.wait() }
                return try submission.request(startedBy: user, source: source)
            }
        }
        func release(_ count: Int = 8) { for _ in 0..<count { semaphore.signal() } }
    }

    static let stuckPlan = ServerWorld.plan + "\n# stuck\n"

    @Test("a parse over its time bound answers 422 'took longer than'; meanwhile another submission is created and its approval continues it to succeeded")
    func stuckParseDoesNotBlockOthers() async throws {
        let parser = StuckParser()
        defer { parser.release() }
        try await ServerWorld.with(plans: parser.gate(.init(timeout: .milliseconds(1500)))) { w in
            try await w.app.test(.live) { client in
                async let stuck = client.execute(uri: "/api/releases", method: .post, headers: w.headers("ci-bot"),
                                                 body: ServerWorld.submission(plan: Self.stuckPlan))
                // Wait until the stuck parse holds its thread, then submit a normal plan while it is stuck.
                while w.host.plans.running == 0 { try await Task.sleep(for: .milliseconds(10)) }
                let normal = try await client.execute(uri: "/api/releases", method: .post, headers: w.headers("ci-bot"),
                                                      body: ServerWorld.submission())
                #expect(normal.status == .created, "\(text(normal))")
                let id = try #require(jsonObject(normal)["id"] as? String)
                await w.host.idle()
                #expect(try await w.store.release(id).state == .waiting)
                let approve = try await client.execute(uri: "/api/releases/\(id)/checkpoints/qa/approve", method: .post,
                                                       headers: w.headers("alice"), body: ByteBuffer(string: #"{"comment": "ok"}"#))
                #expect(approve.status == .ok, "\(text(approve))")
                await w.host.pollOnce()
                await w.host.idle()
                #expect(try await w.store.release(id).state == .succeeded)

                let answer = try await stuck
                #expect(answer.status == .unprocessableContent, "\(text(answer))")
                let error = jsonObject(answer)["error"] as? String ?? ""
                #expect(error.contains("took longer than 1.5 s to parse"), "\(error)")
                #expect((jsonObject(answer)["hint"] as? String ?? "").contains("tandem plan validate"))
                // The overrun parse still holds its thread until it ends; nothing was recorded for it.
                #expect(w.host.plans.running == 1)
                #expect(try await w.store.releases().count == 1)
            }
        }
    }

    @Test("while the parse slots are all held by overrun parses, a submission answers 503 at once instead of queueing")
    func busyParsesAnswer503() async throws {
        let parser = StuckParser()
        defer { parser.release() }
        try await ServerWorld.with(plans: parser.gate(.init(timeout: .milliseconds(200), maxInFlight: 1))) { w in
            try await w.app.test(.live) { client in
                let first = try await client.execute(uri: "/api/releases", method: .post, headers: w.headers("ci-bot"),
                                                     body: ServerWorld.submission(plan: Self.stuckPlan))
                #expect(first.status == .unprocessableContent, "\(text(first))")
                let second = try await client.execute(uri: "/api/releases", method: .post, headers: w.headers("ci-bot"),
                                                      body: ServerWorld.submission())
                #expect(second.status == .serviceUnavailable, "\(text(second))")
                #expect((jsonObject(second)["error"] as? String ?? "").contains("already parsing 1 plans"))
                parser.release()
                while w.host.plans.running > 0 { try await Task.sleep(for: .milliseconds(10)) }
                let third = try await client.execute(uri: "/api/releases", method: .post, headers: w.headers("ci-bot"),
                                                     body: ServerWorld.submission())
                #expect(third.status == .created, "\(text(third))")
            }
        }
    }

    @Test("a plan over the size bound answers 413 naming the bound, without parsing it")
    func planOverSizeBound() async throws {
        let parser = StuckParser()
        defer { parser.release() }
        try await ServerWorld.with(plans: parser.gate(.init(maxBytes: 4096))) { w in
            try await w.app.test(.live) { client in
                let big = Self.stuckPlan + String(repeating: "# padding\n", count: 500)
                let r = try await client.execute(uri: "/api/releases", method: .post, headers: w.headers("ci-bot"),
                                                 body: ServerWorld.submission(plan: big))
                #expect(r.status == .contentTooLarge, "\(text(r))")
                #expect((jsonObject(r)["error"] as? String ?? "").contains("more than the 4096 bytes"))
                #expect(w.host.plans.running == 0)
            }
        }
    }

    @Test("/healthz answers 503 with the reason when the release host's loop has made no progress for longer than its bound, and ok once it runs")
    func healthzReportsWedgedHost() async throws {
        let clock = ManualClock()
        let heartbeat = HostHeartbeat(bound: .seconds(30), now: { clock.now })
        try await ServerWorld.with(heartbeat: heartbeat) { w in
            try await w.app.test(.router) { client in
                #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)
                // The host loop is not running (a wedged host): 31 s pass without a beat.
                clock.advance(.seconds(31))
                let wedged = try await client.execute(uri: "/healthz", method: .get)
                #expect(wedged.status == .serviceUnavailable)
                #expect(text(wedged).contains("the release host has made no progress for 31.0 s (bound 30.0 s)"), "\(text(wedged))")
                let loop = Task { await w.host.run() }
                defer { loop.cancel() }
                var status = wedged.status
                while status != .ok { status = try await client.execute(uri: "/healthz", method: .get).status }
                #expect(heartbeat.problem() == nil)
            }
        }
    }
}

/// A clock the test moves by hand.
final class ManualClock: Sendable {
    private let base = ContinuousClock.now
    private let offset = Mutex<Duration>(.zero)
    var now: ContinuousClock.Instant { base + offset.withLock { $0 } }
    func advance(_ by: Duration) { offset.withLock { $0 += by } }
}
