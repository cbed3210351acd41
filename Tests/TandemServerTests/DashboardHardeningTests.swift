import Foundation
import Hummingbird
import HummingbirdTesting
@testable import TandemServer
import TandemStore
import Testing

/// Issue 11 item 13: browser-hardening headers, cross-origin POSTs refused, sign-out revokes the session.
@Suite("Dashboard hardening")
struct DashboardHardeningTests {
    static let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]

    static func expectHardened(_ r: TestResponse, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(r.headers[SecurityHeaders.xFrameOptions] == "DENY", "\(what)", sourceLocation: sourceLocation)
        #expect(r.headers[.xContentTypeOptions] == "nosniff", "\(what)", sourceLocation: sourceLocation)
        #expect(r.headers[SecurityHeaders.referrerPolicy] == "same-origin", "\(what)", sourceLocation: sourceLocation)
        let csp = r.headers[.contentSecurityPolicy] ?? ""
        #expect(csp.contains("frame-ancestors 'none'") && csp.contains("default-src 'none'"), "\(what): \(csp)", sourceLocation: sourceLocation)
        #expect(!csp.contains("unsafe-inline"), "\(what): \(csp)", sourceLocation: sourceLocation)
    }

    /// The nonce of the page's CSP, which must be the one on every inline <style> and <script>.
    static func nonce(_ r: TestResponse) -> String? {
        let csp = r.headers[.contentSecurityPolicy] ?? ""
        guard let range = csp.range(of: "script-src 'nonce-") else { return nil }
        return String(csp[range.upperBound...].prefix { $0 != "'" })
    }

    @Test("every response — pages, redirects, JSON, errors, healthz — carries CSP with frame-ancestors 'none', X-Frame-Options DENY, nosniff and Referrer-Policy")
    func headersOnEveryResponse() async throws {
        let h = try await Harness.make()
        try await h.app.test(.router) { client in
            let (cookie, _) = try await DashboardTests.login(client, token: h.tokens["alice"]!)
            let signedIn: HTTPFields = [.cookie: cookie]
            for (uri, headers) in [("/login", HTTPFields()), ("/", HTTPFields()), ("/", signedIn), ("/releases/\(h.releaseID)", signedIn),
                                   ("/releases/r-20000101-000000-0000", signedIn), ("/healthz", HTTPFields()),
                                   ("/api/releases", h.bearer("bob")), ("/api/releases", HTTPFields()), ("/no-such-page", HTTPFields())] {
                Self.expectHardened(try await client.execute(uri: uri, method: .get, headers: headers), uri)
            }
            Self.expectHardened(try await client.execute(uri: "/login", method: .post, headers: Self.form,
                                                         body: ByteBuffer(string: "token=\(h.tokens["alice"]!)")), "POST /login")
        }
    }

    @Test("inline style and script run only by a per-response nonce that the page's CSP names")
    func nonces() async throws {
        let h = try await Harness.make()
        try await h.app.test(.router) { client in
            let (cookie, _) = try await DashboardTests.login(client, token: h.tokens["alice"]!)
            let first = try await client.execute(uri: "/releases/\(h.releaseID)", method: .get, headers: [.cookie: cookie])
            let second = try await client.execute(uri: "/releases/\(h.releaseID)", method: .get, headers: [.cookie: cookie])
            let nonce = try #require(Self.nonce(first))
            #expect(nonce.count >= 22)
            #expect(Self.nonce(second) != nonce)
            let html = text(first)
            #expect(html.contains("<style nonce=\"\(nonce)\">"))
            #expect(html.contains("<script nonce=\"\(nonce)\">"))
            #expect(html.components(separatedBy: "<script").count == html.components(separatedBy: "<script nonce=\"\(nonce)\"").count)
            #expect((first.headers[.contentSecurityPolicy] ?? "").contains("style-src 'nonce-\(nonce)'"))
            let login = try await client.execute(uri: "/login", method: .get)
            #expect(text(login).contains("<style nonce=\"\(try #require(Self.nonce(login)))\">"))
        }
    }

    @Test("a cross-origin POST is refused with 403, /login included: foreign Origin, Origin null, or Sec-Fetch-Site: cross-site; the same origin passes")
    func crossOriginPosts() async throws {
        let h = try await Harness.make()
        try await h.app.test(.router) { client in
            let body = ByteBuffer(string: "token=\(h.tokens["alice"]!)")
            for extra: HTTPFields in [[.origin: "https://evil.example"], [.origin: "null"], [.origin: "http://localhost:8080"],
                                      [SecurityHeaders.secFetchSite: "cross-site"]] {
                var headers = Self.form
                headers.append(contentsOf: extra)
                let r = try await client.execute(uri: "/login", method: .post, headers: headers, body: body)
                #expect(r.status == .forbidden, "\(extra)")
                #expect(r.headers[.setCookie] == nil)
                #expect((jsonObject(r)["error"] as? String ?? "").hasPrefix("cross-origin POST refused"), "\(text(r))")
            }
            // The test router's requests are for localhost.
            var same = Self.form
            same[.origin] = "http://localhost"
            same[SecurityHeaders.secFetchSite] = "same-origin"
            let ok = try await client.execute(uri: "/login", method: .post, headers: same, body: body)
            #expect(ok.status == .seeOther)
            let cookie = String((ok.headers[.setCookie] ?? "").split(separator: ";")[0])
            let page = try await client.execute(uri: "/releases/\(h.releaseID)", method: .get, headers: [.cookie: cookie])
            let csrf = try #require(DashboardTests.csrf(in: text(page)))
            var foreign = Self.form
            foreign[.cookie] = cookie
            foreign[.origin] = "https://evil.example"
            let decide = try await client.execute(uri: "/releases/\(h.releaseID)/checkpoints/qa/decide", method: .post, headers: foreign,
                                                  body: ByteBuffer(string: "csrf=\(csrf)&verdict=approve"))
            #expect(decide.status == .forbidden)
            #expect(try await h.store.approvals(of: h.releaseID).isEmpty)
            // An API client sends no Origin: it passes.
            let api = try await client.execute(uri: "/api/releases/\(h.releaseID)/checkpoints/qa/approve", method: .post,
                                               headers: h.json("alice", ""), body: ByteBuffer(string: "{}"))
            #expect(api.status == .ok)
        }
    }

    @Test("Origin matching compares host and port with the request's authority, default ports included")
    func originMatching() {
        func refused(_ origin: String, _ authority: String) -> Bool {
            let request = Request(head: HTTPRequest(method: .post, scheme: "http", authority: authority, path: "/login",
                                                    headerFields: [.origin: origin]), body: RequestBody(buffer: ByteBuffer()))
            return SameOriginMiddleware<BasicRequestContext>.crossOrigin(request) != nil
        }
        #expect(!refused("http://127.0.0.1:8080", "127.0.0.1:8080"))
        #expect(!refused("http://tandem.example", "tandem.example"))
        #expect(!refused("http://tandem.example", "tandem.example:80"))
        #expect(!refused("https://tandem.example", "tandem.example:443"))
        #expect(refused("http://127.0.0.1:8081", "127.0.0.1:8080"))
        #expect(refused("http://localhost:8080", "127.0.0.1:8080"))
        #expect(refused("http://tandem.example.evil.com", "tandem.example"))
    }

    @Test("sign-out revokes the session server-side: the old cookie, replayed, is refused for pages, the event stream and decisions")
    func signOutRevokes() async throws {
        let h = try await Harness.make()
        try await h.app.test(.router) { client in
            let (cookie, _) = try await DashboardTests.login(client, token: h.tokens["alice"]!)
            let page = try await client.execute(uri: "/releases/\(h.releaseID)", method: .get, headers: [.cookie: cookie])
            #expect(page.status == .ok)
            let csrf = try #require(DashboardTests.csrf(in: text(page)))
            let out = try await client.execute(uri: "/logout", method: .post, headers: [.cookie: cookie])
            #expect(out.status == .seeOther)
            #expect((out.headers[.setCookie] ?? "").contains("Max-Age=0"))

            let replayed = try await client.execute(uri: "/", method: .get, headers: [.cookie: cookie])
            #expect(replayed.status == .seeOther)
            #expect(replayed.headers[.location] == "/login")
            let events = try await client.execute(uri: "/releases/\(h.releaseID)/events", method: .get, headers: [.cookie: cookie])
            #expect(events.status == .unauthorized)
            var form = Self.form
            form[.cookie] = cookie
            let decide = try await client.execute(uri: "/releases/\(h.releaseID)/checkpoints/qa/decide", method: .post, headers: form,
                                                  body: ByteBuffer(string: "csrf=\(csrf)&verdict=approve"))
            #expect(decide.status == .unauthorized)
            #expect(try await h.store.approvals(of: h.releaseID).isEmpty)
            // A new sign-in works.
            let (fresh, _) = try await DashboardTests.login(client, token: h.tokens["alice"]!)
            #expect(try await client.execute(uri: "/", method: .get, headers: [.cookie: fresh]).status == .ok)
        }
    }
}
