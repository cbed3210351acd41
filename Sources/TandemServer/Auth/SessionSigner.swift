import Crypto
import Foundation

/// A signed session: who, the CSRF token of the session, and when it expires.
public struct Session: Codable, Sendable, Equatable {
    public var user: String
    public var csrf: String
    public var expires: Int64
}

/// Signs and verifies session cookies with HMAC-SHA256 and a server secret.
/// Cookie value: base64url(JSON payload) "." base64url(MAC).
public struct SessionSigner: Sendable {
    let key: SymmetricKey
    public var lifetime: TimeInterval

    public init(secret: Data, lifetime: TimeInterval = 12 * 3600) {
        key = SymmetricKey(data: secret)
        self.lifetime = lifetime
    }

    public static let cookieName = "tandem_session"

    public func newSession(user: String, now: Date = Date()) -> Session {
        Session(user: user, csrf: UsersFile.newToken(), expires: Int64(now.addingTimeInterval(lifetime).timeIntervalSince1970))
    }

    public func sign(_ session: Session) -> String {
        let payload = (try? JSONEncoder().encode(session)) ?? Data()
        let mac = HMAC<SHA256>.authenticationCode(for: payload, using: key)
        return Self.base64url(payload) + "." + Self.base64url(Data(mac))
    }

    /// The session in a cookie value, or nil when it was tampered with, malformed or expired.
    public func verify(_ value: String, now: Date = Date()) -> Session? {
        let parts = value.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let payload = Self.unbase64url(String(parts[0])),
              let mac = Self.unbase64url(String(parts[1])),
              HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: payload, using: key),
              let session = try? JSONDecoder().decode(Session.self, from: payload),
              Double(session.expires) > now.timeIntervalSince1970
        else { return nil }
        return session
    }

    /// The secret in `path`, created (32 random bytes, mode 0600) when missing.
    public static func loadOrCreateSecret(path: String) throws -> Data {
        if let data = FileManager.default.contents(atPath: path), data.count >= 32 { return data }
        var generator = SystemRandomNumberGenerator()
        let secret = Data((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
        do {
            try FileManager.default.createDirectory(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path,
                                                    withIntermediateDirectories: true)
            guard FileManager.default.createFile(atPath: path, contents: secret, attributes: [.posixPermissions: 0o600]) else {
                throw ServerError.secret(path: path, reason: "the file could not be written")
            }
        } catch let error as ServerError { throw error } catch {
            throw ServerError.secret(path: path, reason: error.localizedDescription)
        }
        return secret
    }

    static func base64url(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func unbase64url(_ text: String) -> Data? {
        var s = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while s.count % 4 != 0 { s += "=" }
        return Data(base64Encoded: s)
    }
}
