import Foundation
import Hummingbird
import HummingbirdTesting
import TandemServer
import TandemStore
import Testing

@Suite("Dashboard, login and CSRF")
struct DashboardTests {
    /// Logs in and returns the cookie pair (`tandem_session=…`).
    static func login(_ client: some TestClientProtocol, token: String) async throws -> (cookie: String, setCookie: String) {
        let r = try await client.execute(uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                         body: ByteBuffer(string: "token=\(token)"))
        #expect(r.status == .seeOther)
        let set = r.headers[.setCookie] ?? ""
        return (String(set.split(separator: ";")[0]), set)
    }

    static func csrf(in html: String) -> String? {
        guard let range = html.range(of: #"name="csrf" value=""#) else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }

    @Test("login with a token sets a signed HttpOnly SameSite=Strict cookie; a bad token gets 401")
    func login() async throws {
        let h = try await Harness.make()
        try await h.app.test(.router) { client in
            let page = try await client.execute(uri: "/", method: .get)
            #expect(page.status == .seeOther)
            #expect(page.headers[.location] == "/login")
            let bad = try await client.execute(uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                               body: ByteBuffer(string: "token=wrong"))
            #expect(bad.status == .unauthorized)
            let (cookie, set) = try await Self.login(client, token: h.tokens["alice"]!)
            #expect(set.contains("HttpOnly"))
            #expect(set.contains("SameSite=Strict"))
            let list = try await client.execute(uri: "/", method: .get, headers: [.cookie: cookie])
            #expect(list.status == .ok)
            #expect(text(list).contains(h.releaseID))
            #expect(text(list).contains("signed in as <strong>alice</strong>"))
        }
    }

    @Test("a tampered or foreign-key cookie is rejected")
    func tamper() async throws {
        let h = try await Harness.make()
        let (cookie, _) = try await h.app.test(.router) { client in try await Self.login(client, token: h.tokens["alice"]!) }
        let value = String(cookie.dropFirst("tandem_session=".count))
        #expect(h.env.signer.verify(value)?.user == "alice")
        let parts = value.split(separator: ".")
        var payload = try JSONSerialization.jsonObject(with: Data(base64URL: String(parts[0]))!) as! [String: Any]
        payload["user"] = "carol"
        let forged = Data(try JSONSerialization.data(withJSONObject: payload)).base64URL + "." + parts[1]
        #expect(h.env.signer.verify(forged) == nil)
        let other = SessionSigner(secret: Data(repeating: 9, count: 32))
        #expect(other.verify(value) == nil)
        try await h.app.test(.router) { client in
            let r = try await client.execute(uri: "/releases/\(h.releaseID)", method: .get, headers: [.cookie: "tandem_session=\(forged)"])
            #expect(r.status == .seeOther)
            let api = try await client.execute(uri: "/api/releases", method: .get, headers: [.cookie: cookie])
            #expect(api.status == .unauthorized)  // the API wants a bearer token, not the cookie
        }
    }

    @Test("the release page shows the wave graph, the checkpoint form and the honest pairing placeholder")
    func releasePage() async throws {
        let h = try await Harness.make()
        try await h.app.test(.router) { client in
            let (cookie, _) = try await Self.login(client, token: h.tokens["alice"]!)
            let r = try await client.execute(uri: "/releases/\(h.releaseID)", method: .get, headers: [.cookie: cookie])
            let html = text(r)
            #expect(r.status == .ok)
            #expect(html.contains("aria-label=\"Deploy order: wave 0: backend; wave 1: frontend\""))
            #expect(html.contains("<button class=\"approve\""))
            #expect(html.contains("available when the cluster is reachable"))
            #expect(!html.contains("src=\"http"))  // no external assets
            #expect(Self.csrf(in: html) != nil)
        }
    }

    @Test("approving through the form needs the session's CSRF token, then redirects back")
    func formApprove() async throws {
        let h = try await Harness.make()
        try await h.app.test(.router) { client in
            let (cookie, _) = try await Self.login(client, token: h.tokens["alice"]!)
            let html = text(try await client.execute(uri: "/releases/\(h.releaseID)", method: .get, headers: [.cookie: cookie]))
            let token = try #require(Self.csrf(in: html))
            let form: HTTPFields = [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"]
            let uri = "/releases/\(h.releaseID)/checkpoints/qa/decide"
            let forged = try await client.execute(uri: uri, method: .post, headers: form,
                                                  body: ByteBuffer(string: "csrf=wrong&verdict=approve&comment=hi&by=carol"))
            #expect(forged.status == .forbidden)
            #expect(text(forged).contains("CSRF"))
            #expect(try await h.store.approvals(of: h.releaseID).isEmpty)
            let noCookie = try await client.execute(uri: uri, method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                                    body: ByteBuffer(string: "csrf=\(token)&verdict=approve"))
            #expect(noCookie.status == .unauthorized)
            let ok = try await client.execute(uri: uri, method: .post, headers: form,
                                              body: ByteBuffer(string: "csrf=\(token)&verdict=approve&comment=ship+it&by=carol"))
            #expect(ok.status == .seeOther)
            #expect(ok.headers[.location]?.hasPrefix("/releases/\(h.releaseID)?done=") == true)
            let approvals = try await h.store.approvals(of: h.releaseID)
            #expect(approvals.map(\.by) == ["alice"])
            #expect(approvals.first?.source == "web:session")
            #expect(approvals.first?.comment == "ship it")
        }
    }

    @Test("a self-approval through the form shows the policy message with 403")
    func formSelfApproval() async throws {
        let h = try await Harness.make()
        try await h.app.test(.router) { client in
            let (cookie, _) = try await Self.login(client, token: h.tokens["ci-bot"]!)
            let html = text(try await client.execute(uri: "/releases/\(h.releaseID)", method: .get, headers: [.cookie: cookie]))
            let token = try #require(Self.csrf(in: html))
            let r = try await client.execute(uri: "/releases/\(h.releaseID)/checkpoints/qa/decide", method: .post,
                                             headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"],
                                             body: ByteBuffer(string: "csrf=\(token)&verdict=approve"))
            #expect(r.status == .forbidden)
            #expect(text(r).contains("may not approve it"))
        }
    }
}

extension Data {
    init?(base64URL: String) {
        var s = base64URL.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while s.count % 4 != 0 { s += "=" }
        self.init(base64Encoded: s)
    }
    var base64URL: String {
        base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}

@Suite("Dashboard pairing section")
struct PairingSectionTests {
    @Test("the pairing table shows what the steps recorded (the consumer's ConfigMap), nothing invented")
    func recorded() async throws {
        let h = try await Harness.make()
        let steps = try await h.store.steps(of: h.releaseID)
        let frontend = try #require(steps.first { $0.service == "frontend" && $0.kind == .deploy })
        _ = try await h.store.markStepRunning(frontend.id!)
        _ = try await h.store.markStepSucceeded(frontend.id!, detail: #"{"configMaps":["my-frontend-settings-4dd5h"]}"#)
        try await h.app.test(.router) { client in
            let (cookie, _) = try await DashboardTests.login(client, token: h.tokens["bob"]!)
            let html = text(try await client.execute(uri: "/releases/\(h.releaseID)", method: .get, headers: [.cookie: cookie]))
            #expect(html.contains("<td>frontend</td><td>reads ConfigMap</td><td><code>my-frontend-settings-4dd5h</code>"))
            #expect(!html.contains("available when the cluster is reachable"))
            #expect(html.contains("<button class=\"approve\""))  // bob sees the form; the policy decides on POST
        }
    }
}
