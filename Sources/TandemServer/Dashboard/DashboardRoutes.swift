import Foundation
import Hummingbird
import TandemStore
import TandemRelease

/// The web dashboard: login with a token (→ signed session cookie), releases list, release page, and the
/// Approve / Reject form (CSRF token checked on POST; works without JavaScript).
struct DashboardRoutes: Sendable {
    let env: ServerEnvironment

    func register(on router: Router<BasicRequestContext>) {
        let auth = Authenticator(env: env)
        // TANDEM_DASHBOARD_CACHE=off renders every request (for comparisons in scripts/bench-server.sh).
        let cache = DashboardCache(capacity: ProcessInfo.processInfo.environment["TANDEM_DASHBOARD_CACHE"] == "off" ? 0 : 256)
        router.get("login") { _, _ in HTML.response(loginPage(error: nil)) }
        router.post("login") { request, _ in
            var request = request
            let form = try await Self.form(&request)
            guard let token = form["token"], let user = try env.users().user(token: token.trimmingCharacters(in: .whitespaces)) else {
                return HTML.response(loginPage(error: "That token is not valid. Ask an administrator for one (`tandem serve add-user`)."),
                                     status: .unauthorized)
            }
            return HTML.redirect("/", cookie: auth.setCookie(env.signer.newSession(user: user.name)))
        }
        // Revoked server-side: the old cookie, replayed, is refused like an expired one.
        router.post("logout") { request, _ in
            try await auth.revoke(request)
            return HTML.redirect("/login", cookie: Authenticator.clearCookie)
        }
        router.get("/") { request, _ in
            guard let caller = try await auth.session(request) else { return HTML.redirect("/login") }
            let store = env.store
            let template = try await cache.template("list", version: try await store.lastEventID()) {
                let releases = try await store.listView(limit: 200)
                let order = try await EnvironmentProgress.environmentOrder(of: releases, store: store)
                return ReleasePage.list(releases, progress: EnvironmentProgress.rows(releases, environments: order))
            }
            return HTML.response(template, Self.fill(caller))
        }
        router.get("releases/{id}") { request, context in
            guard let caller = try await auth.session(request) else { return HTML.redirect("/login") }
            let id = try context.parameters.require("id")
            let flash = request.uri.queryParameters.get("done")
            return try await page(id, caller, cache: cache, flash: flash, error: nil, status: .ok)
        }
        router.get("releases/{id}/events") { request, context in
            guard try await auth.session(request) != nil else { return APIError.unauthorized.response }
            do { return try await EventStream(env: env).response(releaseID: try context.parameters.require("id"), request: request) }
            catch { return APIError(error).response }
        }
        router.post("releases/{id}/checkpoints/{name}/decide") { request, context in
            guard let caller = try await auth.session(request), let session = caller.session else {
                return APIError.unauthorized.response
            }
            let id = try context.parameters.require("id"), name = try context.parameters.require("name")
            var request = request
            let form = try await Self.form(&request)
            guard let csrf = form["csrf"], UsersFile.constantTimeEqual(csrf, session.csrf) else {
                return try await page(id, caller, cache: cache, flash: nil,
                                      error: "The form was not accepted (missing or stale CSRF token): reload the page and try again.",
                                      status: .forbidden)
            }
            let verdict: Verdict = form["verdict"] == "reject" ? .reject : .approve
            let comment = form["comment"]
            if verdict == .reject, (comment ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
                return try await page(id, caller, cache: cache, flash: nil, error: "A rejection needs a reason: write it in the comment field.",
                                      status: .unprocessableContent)
            }
            do {
                let outcome = try await Decider(env: env).decide(verdict, releaseID: id, checkpoint: name, caller: caller,
                                                                 text: comment, planHash: form["planHash"])
                let done = "\(verdict == .approve ? "Approved" : "Rejected") \(name): checkpoint is \(outcome.state.rawValue)"
                let query = done.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
                return HTML.redirect("/releases/\(id)?done=\(query)")
            } catch {
                let mapped = APIError(error)
                return try await page(id, caller, cache: cache, flash: nil, error: mapped.error, status: mapped.status)
            }
        }
    }

    /// The release page: the cached template when no event of the release is newer than it, else a new render
    /// (events read before the status, so a template never claims to be newer than what it shows).
    private func page(_ id: String, _ caller: Caller, cache: DashboardCache, flash: String?, error: String?,
                      status: HTTPResponse.Status) async throws -> Response {
        let store = env.store
        do {
            // Progress of running steps is not an event: its time is part of the key, so a new report shows.
            let key = "release:" + id + (try await store.progressStamp(of: id))
            let known = await cache.version(of: key) ?? 0
            let newer = try await store.events(of: id, after: known, limit: 1000)
            let template = try await cache.template(key, version: newer.last?.id ?? known) {
                let events = try await store.eventViews(of: id)
                let view = try await store.statusView(id)
                return ReleasePage.release(view, events: events)
            }
            return HTML.response(template, Self.fill(caller, flash: flash, error: error), status: status)
        } catch {
            let mapped = APIError(error)
            return HTML.response(HTML.page(title: "Not found", user: caller.user.name,
                                           body: "<h1>Release not found</h1><p class=\"error\">\(HTML.escape(mapped.error))</p>"),
                                 Self.fill(caller), status: mapped.status)
        }
    }

    /// What a page shows for this caller: the user, the session's CSRF token, the flash and error lines.
    static func fill(_ caller: Caller, flash: String? = nil, error: String? = nil) -> PageTemplate.Fill {
        PageTemplate.Fill(user: caller.user.name, csrf: caller.session?.csrf ?? "", flash: flash, error: error)
    }

    private func loginPage(error: String?) -> PageTemplate {
        let message = error.map { "<p class=\"error\" role=\"alert\">\(HTML.escape($0))</p>" } ?? ""
        return HTML.page(title: "Sign in", user: nil, body: """
        <h1>Sign in</h1>\(message)<form method="post" action="/login"><label for="token">API token</label>
        <input id="token" name="token" type="password" autocomplete="current-password" required autofocus>
        <p><button type="submit">Sign in</button></p></form>
        """)
    }

    /// Decodes an `application/x-www-form-urlencoded` body.
    static func form(_ request: inout Request) async throws -> [String: String] {
        let buffer = try await request.body.collect(upTo: 64 * 1024)
        return parseForm(String(buffer: buffer))
    }

    static func parseForm(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String { s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(s) }
            fields[decode(kv[0])] = kv.count > 1 ? decode(kv[1]) : ""
        }
        return fields
    }
}
