import Foundation
import Hummingbird

/// Refuses state-changing requests a browser sends on behalf of another site: an `Origin` that is not this
/// server's own (scheme-less host:port compared with the request's Host), or `Sec-Fetch-Site: cross-site`.
/// Applies to every POST, `/login` and `/logout` included (login CSRF). Clients that are not browsers (the
/// CLI, curl) send neither header and pass; the session cookie is SameSite=Strict besides.
struct SameOriginMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method != .get, request.method != .head, request.method != .options,
              let reason = Self.crossOrigin(request) else {
            return try await next(request, context)
        }
        return APIError(status: .forbidden, error: "cross-origin \(request.method.rawValue) refused: \(reason)",
                        hint: "use the dashboard's own pages to sign in and decide; API clients send no Origin header").response
    }

    /// Why the request comes from another origin, or nil.
    static func crossOrigin(_ request: Request) -> String? {
        if request.headers[SecurityHeaders.secFetchSite]?.lowercased() == "cross-site" {
            return "the browser says it comes from another site (Sec-Fetch-Site: cross-site)"
        }
        guard let origin = request.headers[.origin] else { return nil }
        let host = request.head.authority ?? ""
        guard let components = URLComponents(string: origin), let originHost = components.host, !host.isEmpty else {
            return "Origin \(origin) is not this server (\(host))"
        }
        let originAuthority = components.port.map { "\(originHost):\($0)" } ?? originHost
        let defaultPort = components.scheme == "https" ? "443" : "80"
        let same = originAuthority.lowercased() == host.lowercased()
            || "\(originAuthority):\(defaultPort)".lowercased() == host.lowercased()
            || originAuthority.lowercased() == host.lowercased().replacingOccurrences(of: ":\(defaultPort)", with: "")
        return same ? nil : "Origin \(origin) is not this server (\(host))"
    }
}
