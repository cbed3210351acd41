import Foundation
import Hummingbird
import HummingbirdTesting
import TandemServer
import TandemStore
import Testing

@Suite("JSON API")
struct APITests {
    @Test("healthz answers ok without a token")
    func healthz() async throws {
        let h = try await Harness.make()
        try await h.app.test(.router) { client in
            let r = try await client.execute(uri: "/healthz", method: .get)
            #expect(r.status == .ok)
            #expect(text(r) == "ok\n")
        }
    }

    @Test("every API route refuses a missing or wrong token with 401 and a JSON error", arguments: [
        ("/api/releases", HTTPRequest.Method.get), ("/api/releases/X", .get), ("/api/releases/X/events", .get),
        ("/api/releases/X/checkpoints/qa/approve", .post), ("/api/releases/X/checkpoints/qa/reject", .post),
    ])
    func unauthorized(path: String, method: HTTPRequest.Method) async throws {
        let h = try await Harness.make()
        let uri = path.replacingOccurrences(of: "X", with: h.releaseID)
        try await h.app.test(.router) { client in
            let none = try await client.execute(uri: uri, method: method)
            #expect(none.status == .unauthorized)
            #expect((jsonObject(none)["error"] as? String) == "no valid API token")
            let wrong = try await client.execute(uri: uri, method: method, headers: [.authorization: "Bearer nope"])
            #expect(wrong.status == .unauthorized)
        }
    }

    @Test("list and status return exactly the store's view JSON (same as release status --json)")
    func listAndStatus() async throws {
        let h = try await Harness.make()
        try await h.app.test(.router) { client in
            let list = try await client.execute(uri: "/api/releases", method: .get, headers: h.bearer("bob"))
            #expect(list.status == .ok)
            #expect(text(list) == (try TandemJSON.string(try await h.store.listView(), pretty: true)) + "\n")
            let status = try await client.execute(uri: "/api/releases/\(h.releaseID)", method: .get, headers: h.bearer("bob"))
            #expect(text(status) == (try TandemJSON.string(try await h.store.statusView(h.releaseID), pretty: true)) + "\n")
            #expect((jsonObject(status)["waitingAt"] as? String) == "qa")
            let missing = try await client.execute(uri: "/api/releases/r-20000101-000000-0000", method: .get, headers: h.bearer("bob"))
            #expect(missing.status == .notFound)
            #expect(jsonObject(missing)["hint"] is String)
        }
    }

    @Test("approve records the token's user (not a body field) and approves the checkpoint")
    func approve() async throws {
        let h = try await Harness.make()
        try await h.app.test(.router) { client in
            let r = try await client.execute(uri: "/api/releases/\(h.releaseID)/checkpoints/qa/approve", method: .post,
                                             headers: h.json("alice", ""), body: ByteBuffer(string: #"{"comment":"looks good","by":"mallory"}"#))
            #expect(r.status == .ok)
            #expect((jsonObject(r)["state"] as? String) == "approved")
            let approvals = try await h.store.approvals(of: h.releaseID)
            #expect(approvals.map(\.by) == ["alice"])
            #expect(approvals.first?.source == "api:token")
            #expect(approvals.first?.comment == "looks good")
            let again = try await client.execute(uri: "/api/releases/\(h.releaseID)/checkpoints/qa/approve", method: .post,
                                                 headers: h.json("carol", ""), body: ByteBuffer(string: "{}"))
            #expect(again.status == .conflict)
        }
    }

    @Test("a user outside the approver groups gets 403 with the store's policy message")
    func wrongGroup() async throws {
        let h = try await Harness.make()
        try await h.app.test(.router) { client in
            let r = try await client.execute(uri: "/api/releases/\(h.releaseID)/checkpoints/qa/approve", method: .post,
                                             headers: h.json("bob", ""), body: ByteBuffer(string: "{}"))
            #expect(r.status == .forbidden)
            let message = jsonObject(r)["error"] as? String ?? ""
            #expect(message.contains("bob may not decide checkpoint \"qa\""))
            #expect(message.contains("group:qa (alice, ci-bot, carol)"))
            #expect(try await h.store.approvals(of: h.releaseID).isEmpty)
        }
    }

    @Test("the starter may not approve their own release (403)")
    func selfApproval() async throws {
        let h = try await Harness.make()
        try await h.app.test(.router) { client in
            let r = try await client.execute(uri: "/api/releases/\(h.releaseID)/checkpoints/qa/approve", method: .post,
                                             headers: h.json("ci-bot", ""), body: ByteBuffer(string: "{}"))
            #expect(r.status == .forbidden)
            #expect((jsonObject(r)["error"] as? String ?? "").contains("ci-bot started release"))
        }
    }

    @Test("approving a changed plan (stale plan hash) is refused with 409")
    func stalePlanHash() async throws {
        let h = try await Harness.make()
        try await h.app.test(.router) { client in
            let r = try await client.execute(uri: "/api/releases/\(h.releaseID)/checkpoints/qa/approve", method: .post,
                                             headers: h.json("alice", ""), body: ByteBuffer(string: #"{"planHash":"sha256:bbbb2222"}"#))
            #expect(r.status == .conflict)
            #expect((jsonObject(r)["error"] as? String ?? "").contains("cannot approve a changed plan"))
            let ok = try await client.execute(uri: "/api/releases/\(h.releaseID)/checkpoints/qa/approve", method: .post,
                                              headers: h.json("alice", ""), body: ByteBuffer(string: #"{"planHash":"\#(Harness.planHash)"}"#))
            #expect(ok.status == .ok)
        }
    }

    @Test("reject needs a reason (422), then records it; unknown checkpoint is 404")
    func reject() async throws {
        let h = try await Harness.make()
        try await h.app.test(.router) { client in
            let base = "/api/releases/\(h.releaseID)/checkpoints"
            let empty = try await client.execute(uri: "\(base)/qa/reject", method: .post, headers: h.json("alice", ""), body: ByteBuffer(string: "{}"))
            #expect(empty.status == .unprocessableContent)
            let bad = try await client.execute(uri: "\(base)/qa/reject", method: .post, headers: h.json("alice", ""), body: ByteBuffer(string: "not json"))
            #expect(bad.status == .unprocessableContent)
            let unknown = try await client.execute(uri: "\(base)/nope/reject", method: .post, headers: h.json("alice", ""),
                                                   body: ByteBuffer(string: #"{"reason":"x"}"#))
            #expect(unknown.status == .notFound)
            let r = try await client.execute(uri: "\(base)/qa/reject", method: .post, headers: h.json("alice", ""),
                                             body: ByteBuffer(string: #"{"reason":"login is broken"}"#))
            #expect(r.status == .ok)
            #expect((jsonObject(r)["state"] as? String) == "rejected")
            #expect(try await h.store.release(h.releaseID).message?.contains("login is broken") == true)
        }
    }
}
