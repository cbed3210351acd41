import Foundation
import Hummingbird
import Synchronization
import TandemNotify
import TandemTestSupport
import TandemServer
import TandemStore
import Testing

/// A webhook receiver on 127.0.0.1 that records every body it gets.
final class Receiver: Sendable {
    let bodies = Mutex<[String]>([])
    private let server = LoopbackHTTPServer()

    /// Starts on `port` (0 = any) and returns the bound port.
    func start(port: Int) async throws -> Int {
        let router = Router()
        router.post("hook") { [self] request, _ -> HTTPResponse.Status in
            let buffer = try await request.body.collect(upTo: 1 << 20)
            self.bodies.withLock { $0.append(String(buffer: buffer)) }
            return .ok
        }
        return try await server.start(router, port: port)
    }

    func stop() async { await server.stop() }
}

@Suite("Webhook notifications")
struct NotificationTests {
    @Test("a receiver that is down for the first attempts gets each notification exactly once, across a worker restart")
    func retriesUntilDelivered() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-server-\(UUID().uuidString)/state.db").path
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let store = try ReleaseStore.open(path: path)
        let release = try await store.startRelease(NewRelease(
            plan: PlanSnapshot(name: "loan-app", namespace: "legacy", content: "x", hash: "sha256:1"),
            versions: ["backend": "v2"], startedBy: "ci-bot", steps: [PlannedStep(kind: .checkpoint, checkpoint: "qa")],
            checkpoints: [PlannedCheckpoint(name: "qa")]))
        let receiver = Receiver()
        let port = try await receiver.start(port: 0)
        await receiver.stop()  // down: nothing listens on the port now
        let url = "http://127.0.0.1:\(port)/hook"
        let composer = NotificationComposer(targets: [WebhookTarget(spec: "slack:\(url)"), WebhookTarget(spec: url)],
                                            baseURL: "http://127.0.0.1:8080")
        #expect(try await composer.enqueue(NotificationComposer.checkpointWaiting, releaseID: release.id,
                                           message: "waiting at qa", store: store) == 2)
        let backoff = OutboxBackoff(initial: 0, factor: 2, maximum: 0, maxAttempts: 10)
        let worker = NotificationWorker(store: store, backoff: backoff, lease: 0)
        for _ in 0..<3 {
            let pass = try await worker.drainOnce()
            #expect(pass.delivered == 0)
            #expect(pass.failed == 2)
        }
        // The server restarts: a new worker over the same file.
        let restarted = NotificationWorker(store: try ReleaseStore.open(path: path), backoff: backoff, lease: 0)
        _ = try await receiver.start(port: port)
        #expect(try await restarted.drainOnce().delivered == 2)
        #expect(try await restarted.drainOnce().delivered == 0)
        await receiver.stop()
        let bodies = receiver.bodies.withLock { $0 }.sorted()
        #expect(bodies.count == 2)
        let slack = try #require(bodies.first { $0.contains("\"text\"") })
        #expect(slack.contains("<http://127.0.0.1:8080/releases/\(release.id)|release page>"))
        let generic = try #require(bodies.first { $0.contains("\"event\"") })
        let json = try JSONSerialization.jsonObject(with: Data(generic.utf8)) as? [String: Any]
        #expect(json?["event"] as? String == "checkpoint-waiting")
        #expect(json?["release"] as? String == release.id)
        #expect(json?["url"] as? String == "http://127.0.0.1:8080/releases/\(release.id)")
        let outbox = try await store.notifications()
        #expect(outbox.allSatisfy { $0.deliveredAt != nil && $0.attempts == 4 })
    }

    @Test("--notify-events filters what is enqueued")
    func filter() async throws {
        let h = try await Harness.make()
        let composer = NotificationComposer(targets: [WebhookTarget(spec: "http://127.0.0.1:9/x")],
                                            events: [NotificationComposer.releaseFailed], baseURL: "http://x")
        #expect(try await composer.enqueue(NotificationComposer.checkpointWaiting, releaseID: h.releaseID, message: "m", store: h.store) == 0)
        #expect(try await composer.enqueue(NotificationComposer.releaseFailed, releaseID: h.releaseID, message: "m", store: h.store) == 1)
        #expect(try await h.store.notifications().map(\.event) == ["release-failed"])
    }
}
