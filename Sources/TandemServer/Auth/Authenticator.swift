import Crypto
import Foundation
import Hummingbird

/// Who is calling: from `Authorization: Bearer <token>` (API) or the signed session cookie (dashboard).
struct Caller: Sendable {
    var user: ServerUser
    /// The session when the caller came with the cookie (carries the CSRF token).
    var session: Session?
    /// Stored as the approval's source.
    var source: String { session == nil ? "api:token" : "web:session" }
}

struct Authenticator: Sendable {
    let env: ServerEnvironment

    /// The bearer token's user, or nil.
    func bearer(_ request: Request) throws -> Caller? {
        guard let header = request.headers[.authorization] else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        guard let user = try env.users().user(token: token) else { return nil }
        return Caller(user: user, session: nil)
    }

    /// The session cookie's user (still present in the users file, session not signed out), or nil.
    func session(_ request: Request) async throws -> Caller? {
        guard let value = Self.cookie(request, SessionSigner.cookieName),
              let session = env.signer.verify(value),
              let user = try env.users().user(named: session.user),
              try await !env.store.isSessionRevoked(key: Self.revocationKey(session)) else { return nil }
        return Caller(user: user, session: session)
    }

    /// Sign-out: the request's session (if valid) is refused from now on, even if its cookie is replayed.
    func revoke(_ request: Request) async throws {
        guard let value = Self.cookie(request, SessionSigner.cookieName), let session = env.signer.verify(value) else { return }
        try await env.store.revokeSession(key: Self.revocationKey(session), expires: Date(timeIntervalSince1970: Double(session.expires)))
    }

    /// A session's identity in the revocation list: a hash of its random CSRF token (never stored in clear).
    static func revocationKey(_ session: Session) -> String {
        SHA256.hash(data: Data(session.csrf.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    static func cookie(_ request: Request, _ name: String) -> String? {
        for header in request.headers[values: .cookie] {
            for pair in header.split(separator: ";") {
                let kv = pair.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
                if kv.count == 2, kv[0] == name { return String(kv[1]) }
            }
        }
        return nil
    }

    func setCookie(_ session: Session) -> String {
        let secure = env.secureCookies ? "; Secure" : ""
        return "\(SessionSigner.cookieName)=\(env.signer.sign(session)); Path=/; HttpOnly; SameSite=Strict; Max-Age=\(Int(env.signer.lifetime))\(secure)"
    }

    static let clearCookie = "\(SessionSigner.cookieName)=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"
}
