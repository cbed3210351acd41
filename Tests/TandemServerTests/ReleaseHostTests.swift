import Foundation
import Hummingbird
import HummingbirdTesting
import TandemEngine
import TandemServer
import TandemStore
import Testing

@Suite("Releases the server drives (POST /api/releases, ReleaseHost)", .serialized)
struct ReleaseHostTests {
    @Test("without cluster access POST /api/releases is 503 with a hint to start the server with --kubeconfig or --sim")
    func noCluster() async throws {
        let h = try await Harness.make()
        try await h.app.test(.router) { client in
            let r = try await client.execute(uri: "/api/releases", method: .post, headers: h.json("alice", ""),
                                             body: ServerWorld.submission())
            #expect(r.status == .serviceUnavailable)
            let hint = jsonObject(r)["hint"] as? String ?? ""
            #expect(hint.contains("--kubeconfig") && hint.contains("--sim"), "\(hint)")
            let none = try await client.execute(uri: "/api/releases", method: .post, body: ServerWorld.submission())
            #expect(none.status == .unauthorized)
        }
    }

    @Test("a submitted release: 201 with the release JSON, server-driven, started by the token's user; it waits at qa; an API approval continues it to succeeded with no CLI; each notification once")
    func approveContinues() async throws {
        try await ServerWorld.with { w in
            try await w.app.test(.router) { client in
                let r = try await client.execute(uri: "/api/releases", method: .post, headers: w.headers("ci-bot"),
                                                 body: ServerWorld.submission())
                #expect(r.status == .created, "\(text(r))")
                let object = jsonObject(r)
                let id = try #require(object["id"] as? String)
                #expect(r.headers[.location] == "/api/releases/\(id)")
                #expect(object["startedBy"] as? String == "ci-bot")
                #expect(object["versions"] as? [String: String] == ["api": "2.0", "web": "2.0"])
                #expect(object["steps"] is [Any])
                let release = try await w.store.release(id)
                #expect(release.driver == ReleaseDriverKind.server && release.startedBySource == "server-token")

                await w.host.idle()
                #expect(try await w.store.release(id).state == .waiting)
                #expect(try await w.notified() == ["checkpoint-waiting"])
                await w.host.pollOnce()  // nothing decided: nothing to drive
                #expect(await w.host.isDriving(id) == false)

                let approve = try await client.execute(uri: "/api/releases/\(id)/checkpoints/qa/approve", method: .post,
                                                       headers: w.headers("alice"), body: ByteBuffer(string: #"{"comment": "ok"}"#))
                #expect(approve.status == .ok, "\(text(approve))")
                await w.host.pollOnce()
                await w.host.idle()
                let done = try await w.store.release(id)
                #expect(done.state == .succeeded, "\(done.message ?? "")")
                #expect(try await w.image("web") == "example.com/shop/web:2.0")
                #expect(try await w.image("api") == "example.com/shop/api:2.0")
                // Polling again, or recovering, drives nothing and notifies nothing twice.
                await w.host.pollOnce()
                await w.host.recover()
                await w.host.idle()
                #expect(try await w.notified() == ["checkpoint-waiting", "release-succeeded"])
                let events = try await w.store.events(of: id, after: 0, limit: 1000)
                #expect(events.contains { $0.kind == EventKind.releaseDriver && $0.actor == "ci-bot" })
            }
        }
    }

    @Test("a rejection through the API rolls the server-driven release back; a second submission while one is active is 409 naming the holder")
    func rejectAndConflict() async throws {
        try await ServerWorld.with { w in
            try await w.app.test(.router) { client in
                let r = try await client.execute(uri: "/api/releases", method: .post, headers: w.headers("ci-bot"),
                                                 body: ServerWorld.submission())
                let id = try #require(jsonObject(r)["id"] as? String)
                let second = try await client.execute(uri: "/api/releases", method: .post, headers: w.headers("alice"),
                                                      body: ServerWorld.submission(version: "3.0"))
                #expect(second.status == .conflict, "\(text(second))")
                #expect(jsonObject(second)["holder"] as? String == id)
                #expect((jsonObject(second)["error"] as? String ?? "").contains(id))
                await w.host.idle()
                let reject = try await client.execute(uri: "/api/releases/\(id)/checkpoints/qa/reject", method: .post,
                                                      headers: w.headers("bob"), body: ByteBuffer(string: #"{"reason": "broken"}"#))
                #expect(reject.status == .ok, "\(text(reject))")
                await w.host.pollOnce()
                await w.host.idle()
                #expect(try await w.store.release(id).state == .rolledBack)
                #expect(try await w.image("web") == "example.com/shop/web:1.0")
                #expect(try await w.notified() == ["checkpoint-waiting", "rollback-finished"])
            }
        }
    }

    @Test("bad submissions: 400 for a body that is not JSON, 422 with every diagnostic for an invalid plan, 422 for unknown services or no versions")
    func invalid() async throws {
        try await ServerWorld.with { w in
            try await w.app.test(.router) { client in
                let notJSON = try await client.execute(uri: "/api/releases", method: .post, headers: w.headers("alice"),
                                                       body: ByteBuffer(string: "plan: x"))
                #expect(notJSON.status == .badRequest)
                let broken = ServerWorld.plan.replacingOccurrences(of: "rollout: api", with: "rollot: api")
                    .replacingOccurrences(of: "service: api", with: "service: nope")
                let plan = try await client.execute(uri: "/api/releases", method: .post, headers: w.headers("alice"),
                                                    body: ServerWorld.submission(plan: broken))
                #expect(plan.status == .unprocessableContent)
                let diagnostics = jsonObject(plan)["diagnostics"] as? [String] ?? []
                #expect(diagnostics.count >= 2, "\(diagnostics)")
                #expect(diagnostics.contains { $0.contains("plans/shop.yaml:") && $0.contains("rollot") }, "\(diagnostics)")
                let unknown = try await client.execute(uri: "/api/releases", method: .post, headers: w.headers("alice"),
                                                       body: ServerWorld.submission(set: ["db": "2"]))
                #expect(unknown.status == .unprocessableContent)
                #expect((jsonObject(unknown)["error"] as? String ?? "").contains("db"))
                let none = try await client.execute(uri: "/api/releases", method: .post, headers: w.headers("alice"),
                                                    body: ServerWorld.submission(version: nil))
                #expect(none.status == .unprocessableContent)
                #expect(try await w.store.releases().isEmpty)
            }
        }
    }

    @Test("a plan naming a Rollout the cluster does not have is 424 with the client's message and a hint, not a 500; nothing is recorded")
    func missingRollout() async throws {
        try await ServerWorld.with { w in
            try await w.app.test(.router) { client in
                let plan = ServerWorld.plan.replacingOccurrences(of: "rollout: api", with: "rollout: api-missing")
                let r = try await client.execute(uri: "/api/releases", method: .post, headers: w.headers("ci-bot"),
                                                 body: ServerWorld.submission(plan: plan))
                #expect(r.status.code == 424, "\(text(r))")
                #expect((jsonObject(r)["error"] as? String ?? "").contains("api-missing"), "\(text(r))")
                #expect((jsonObject(r)["hint"] as? String ?? "").contains("kubectl get rollouts"), "\(text(r))")
                #expect(try await w.store.releases().isEmpty)
            }
        }
    }

    @Test("an environment released to another kubeconfig context than the server drives is 422 naming both; nothing is recorded; the server's own context is accepted")
    func otherCluster() async throws {
        let plan = ServerWorld.plan + "\n  environments:\n    - name: staging\n      context: staging\n    - name: production\n      context: production\n"
        try await ServerWorld.with(context: "staging") { w in
            try await w.app.test(.router) { client in
                var body = try JSONSerialization.jsonObject(with: Data(buffer: ServerWorld.submission(plan: plan))) as! [String: Any]
                body["environment"] = "production"
                let r = try await client.execute(uri: "/api/releases", method: .post, headers: w.headers("ci-bot"),
                                                 body: ByteBuffer(data: try JSONSerialization.data(withJSONObject: body)))
                #expect(r.status == .unprocessableContent, "\(text(r))")
                let error = jsonObject(r)["error"] as? String ?? ""
                #expect(error == "environment production is released to kubeconfig context production, and this server drives context staging: submit it to the server of context production (one `tandem serve --context production` per cluster)",
                        "\(error)")
                #expect(try await w.store.releases().isEmpty)

                body["environment"] = "staging"
                let accepted = try await client.execute(uri: "/api/releases", method: .post, headers: w.headers("ci-bot"),
                                                        body: ByteBuffer(data: try JSONSerialization.data(withJSONObject: body)))
                #expect(accepted.status == .created, "\(text(accepted))")
                #expect(jsonObject(accepted)["environment"] as? String == "staging")
            }
        }
    }

    @Test("a database shared by the servers of two clusters: a server-driven release of another context is left to its own server")
    func foreignReleaseNotDriven() async throws {
        let plan = ServerWorld.plan + "\n  environments:\n    - name: staging\n      context: staging\n    - name: production\n      context: production\n"
        try await ServerWorld.with(context: "staging") { w in
            let release = try await w.store.startRelease(NewRelease(
                plan: PlanSnapshot(name: "shop", namespace: "shop", content: plan, hash: "sha256:cccc"),
                versions: ["api": "2.0", "web": "2.0"], startedBy: "ci-bot",
                steps: [PlannedStep(kind: .deploy, service: "api", wave: 1), PlannedStep(kind: .collectGarbage)],
                checkpoints: [], environment: "production"))
            _ = try await w.store.setReleaseDriver(release.id, to: ReleaseDriverKind.server, actor: "ci-bot")
            await w.host.recover()
            await w.host.idle()
            #expect(try await w.store.release(release.id).state == .running)
            #expect(try await w.store.steps(of: release.id).allSatisfy { $0.state == .pending })
            #expect(try await w.image("api") == "example.com/shop/api:1.0")
        }
    }

    @Test("crash recovery: a server-driven release left running is driven by the next server's recover()")
    func recovery() async throws {
        try await ServerWorld.with { w in
            let plan = try TandemPlanLoading.load(ServerWorld.plan)
            let request = ReleaseRequest(plan: plan, planContent: ServerWorld.plan, versions: ["api": "2.0", "web": "2.0"], startedBy: "ci-bot")
            let (release, _) = try await ReleaseStarter.start(request, client: w.client, store: w.store)
            try await w.store.setReleaseDriver(release.id, to: ReleaseDriverKind.server)
            // A CLI-driven release is not the server's business.
            #expect(try await w.store.releases(driver: ReleaseDriverKind.server, states: [.running]).map(\.id) == [release.id])
            await w.host.recover()
            await w.host.idle()
            #expect(try await w.store.release(release.id).state == .waiting)
        }
    }

    @Test("JSON events for pollers: ?format=json returns the events after lastEventId")
    func jsonEvents() async throws {
        let h = try await Harness.make()
        try await h.app.test(.router) { client in
            let all = try await client.execute(uri: "/api/releases/\(h.releaseID)/events?format=json", method: .get, headers: h.bearer("bob"))
            #expect(all.status == .ok)
            let events = try JSONSerialization.jsonObject(with: Data(buffer: all.body)) as? [[String: Any]] ?? []
            #expect(events.count >= 2)
            let first = try #require(events.first?["id"] as? Int)
            let rest = try await client.execute(uri: "/api/releases/\(h.releaseID)/events?format=json&lastEventId=\(first)",
                                                method: .get, headers: h.bearer("bob"))
            let after = try JSONSerialization.jsonObject(with: Data(buffer: rest.body)) as? [[String: Any]] ?? []
            #expect(after.count == events.count - 1)
            let missing = try await client.execute(uri: "/api/releases/r-20000101-000000-0000/events?format=json", method: .get, headers: h.bearer("bob"))
            #expect(missing.status == .notFound)
        }
    }
}

import TandemPlan
import TandemRelease
enum TandemPlanLoading {
    static func load(_ text: String) throws -> ReleasePlan { try PlanLoader.load(text: text, file: "shop.yaml") }
}
