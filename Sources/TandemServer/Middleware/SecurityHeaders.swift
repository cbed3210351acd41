import Foundation
import HTTPTypes
import Hummingbird

/// The browser-hardening headers of every response (one home for their values).
enum SecurityHeaders {
    static let xFrameOptions = HTTPField.Name("X-Frame-Options")!
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
    static let secFetchSite = HTTPField.Name("Sec-Fetch-Site")!

    /// For responses that are not dashboard pages (JSON, redirects, SSE): nothing may load or frame them.
    static let defaultPolicy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"

    /// A dashboard page: only its own inline <style>/<script> (by nonce), the SSE stream and forms to itself.
    static func pagePolicy(nonce: String) -> String {
        "default-src 'none'; style-src 'nonce-\(nonce)'; script-src 'nonce-\(nonce)'; connect-src 'self'; img-src 'self' data:; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    }

    /// 128 random bits, base64.
    static func newNonce() -> String {
        var generator = SystemRandomNumberGenerator()
        return Data((0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }).base64EncodedString()
    }

    /// Sets each header the response does not set itself (a page sets its own CSP with its nonce).
    static func apply(to headers: inout HTTPFields) {
        if headers[.contentSecurityPolicy] == nil { headers[.contentSecurityPolicy] = defaultPolicy }
        headers[xFrameOptions] = "DENY"
        headers[.xContentTypeOptions] = "nosniff"
        // Not no-referrer: with it browsers send `Origin: null` on the dashboard's own form posts.
        headers[referrerPolicy] = "same-origin"
    }
}

/// Adds `SecurityHeaders` to every response, errors included.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        }
        SecurityHeaders.apply(to: &response.headers)
        return response
    }
}
