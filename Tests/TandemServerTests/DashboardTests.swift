import Foundation
import Hummingbird
import HummingbirdTesting
@testable import TandemServer
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
            #expect(text(list).contains("<td><a href=\"/releases/\(h.releaseID)\">\(h.releaseID)</a></td><td>loan-app</td>"))
            #expect(text(list).contains("signed in as <strong>alice</strong>"))
            #expect(!text(list).contains("SQL"))  // rows are Strings, not GRDB SQL literals
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
            #expect(html.contains("aria-label=\"Deploy order: wave 1: backend; wave 2: frontend\""))
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

extension PairingSectionTests {
    @Test("a pairing report the engine recorded is shown as a table of who calls which version, MIXED pairs marked")
    func liveReport() async throws {
        let h = try await Harness.make()
        let report = #"{"pairing":{"plan":"loan-app","mixed":1,"notes":["frontend-preview has no ready pod"],"rows":[{"consumer":"frontend","consumerRevision":"7c9f","role":"active","version":"1.0","key":"BACKEND_HOST","targetService":"backend-1-0-5d8f","dependency":"backend","dependencyVersion":"1.0","dependencyRole":"active","verdict":"ok","reason":"old calls old"},{"consumer":"frontend","consumerRevision":"9a1b","role":"preview","version":"2.0","key":"BACKEND_HOST","targetService":"backend-active","dependency":"backend","dependencyVersion":"1.0","dependencyRole":"active","verdict":"MIXED","reason":"new calls old","podSays":"backend 1.0"}]}}"#
        try await h.store.appendEvent(releaseID: h.releaseID, kind: .pairingReport, message: "pairing at checkpoint \"qa\": 2 row(s), 1 MIXED pair(s)", data: report)
        try await h.app.test(.router) { client in
            let (cookie, _) = try await DashboardTests.login(client, token: h.tokens["bob"]!)
            let html = text(try await client.execute(uri: "/releases/\(h.releaseID)", method: .get, headers: [.cookie: cookie]))
            #expect(html.contains("<td>frontend <span class=\"muted\">2.0 (preview)</span></td><td><code>BACKEND_HOST</code> → <code>backend-active</code></td><td>backend <span class=\"muted\">1.0 (active)</span></td><td><span class=\"badge s-failed\">MIXED</span></td><td>backend 1.0</td>"), "\(html)")
            #expect(html.contains("<span class=\"badge s-succeeded\">ok</span>"))
            #expect(html.contains("<li>frontend-preview has no ready pod</li>"))
            #expect(html.contains("Live objects, pairing at checkpoint &quot;qa&quot;"))
        }
    }
}

@Suite("Dashboard page cache")
struct DashboardCacheTests {
    actor Counter {
        var count = 0
        func next() -> Int { count += 1; return count }
    }

    @Test("one render per version: unchanged pages are served from the cache, a newer event renders again")
    func oneRenderPerVersion() async throws {
        let cache = DashboardCache()
        let renders = Counter()
        let render: @Sendable () async throws -> PageTemplate = { PageTemplate("render \(await renders.next())") }
        let fill = PageTemplate.Fill(user: "alice", csrf: "t")
        #expect(try await cache.template("r", version: 5, render: render).render(fill) == "render 1")
        #expect(try await cache.template("r", version: 5, render: render).render(fill) == "render 1")
        #expect(try await cache.template("r", version: 3, render: render).render(fill) == "render 1")
        #expect(try await cache.template("r", version: 6, render: render).render(fill) == "render 2")
        #expect(try await cache.template("other", version: 6, render: render).render(fill) == "render 3")
        #expect(await cache.version(of: "r") == 6)
    }

    @Test("concurrent requests for the same change share one render; a failed render is not kept")
    func sharedAndFailed() async throws {
        let cache = DashboardCache()
        let renders = Counter()
        let slow: @Sendable () async throws -> PageTemplate = {
            let n = await renders.next()
            try await Task.sleep(for: .milliseconds(50))
            return PageTemplate("render \(n)")
        }
        let bodies = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<20 { group.addTask { try await cache.template("r", version: 1, render: slow).render(.init(user: "u", csrf: "")) } }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(Set(bodies) == ["render 1"])
        #expect(await renders.count == 1)
        struct Boom: Error {}
        await #expect(throws: Boom.self) { try await cache.template("gone", version: 1) { throw Boom() } }
        #expect(await cache.version(of: "gone") == nil)
    }

    @Test("holes are filled per request: user and CSRF escaped, ages from the request's clock, notices")
    func fill() {
        let start = Date(timeIntervalSince1970: 1_000_000)
        var t = PageTemplate("<p>")
        t.append(.user)
        t += " "
        t.append(.csrf)
        t += " "
        t.append(.age(start))
        t.append(.notices)
        t += "</p>"
        let early = t.render(.init(user: "<al>", csrf: "a&b", now: start.addingTimeInterval(5)))
        #expect(early == "<p>&lt;al&gt; a&amp;b 5s ago</p>")
        let later = t.render(.init(user: "bob", csrf: "x", flash: "Approved", error: "no", now: start.addingTimeInterval(125)))
        #expect(later == "<p>bob x 2m ago<p class=\"flash\" role=\"status\">Approved</p><p class=\"error\" role=\"alert\">no</p></p>")
    }

    @Test("the release page follows the store: an approval recorded elsewhere shows on the next request")
    func followsStore() async throws {
        let h = try await Harness.make()
        try await h.app.test(.router) { client in
            let (cookie, _) = try await DashboardTests.login(client, token: h.tokens["bob"]!)
            let uri = "/releases/\(h.releaseID)"
            let first = text(try await client.execute(uri: uri, method: .get, headers: [.cookie: cookie]))
            #expect(first.contains("<button class=\"approve\""))
            #expect(!first.contains("carol approved"))
            _ = try await h.store.recordApproval(releaseID: h.releaseID, checkpoint: "qa", by: "carol", source: "cli", comment: "fine",
                                             groups: ["qa": ["carol"]])
            let second = text(try await client.execute(uri: uri, method: .get, headers: [.cookie: cookie]))
            #expect(second.contains("carol approved 0s ago: fine"))
            #expect(!second.contains("<button class=\"approve\""))
            // Another user gets the same cached page with their own name and CSRF token.
            let (aliceCookie, _) = try await DashboardTests.login(client, token: h.tokens["alice"]!)
            let alice = text(try await client.execute(uri: uri, method: .get, headers: [.cookie: aliceCookie]))
            #expect(alice.contains("signed in as <strong>alice</strong>"))
            let missing = try await client.execute(uri: "/releases/r-nope", method: .get, headers: [.cookie: cookie])
            #expect(missing.status == .notFound)
        }
    }
}
