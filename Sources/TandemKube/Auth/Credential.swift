import Foundation

/// What goes on a request to prove who we are.
public enum Credential: Sendable, Equatable {
    case none
    case bearer(String)
    case basic(username: String, password: String)
    /// A client certificate obtained at run time (exec plugin); applied as the request's TLS identity.
    case clientCertificate(certificatePEM: [UInt8], keyPEM: [UInt8])

    var authorizationHeader: String? {
        switch self {
        case .bearer(let token): return "Bearer \(token)"
        case .basic(let user, let password): return "Basic \(Data("\(user):\(password)".utf8).base64EncodedString())"
        case .none, .clientCertificate: return nil
        }
    }
}

/// Gives the current credential; `invalidate` after a 401 makes the next call fetch a fresh one.
public protocol CredentialSource: Sendable {
    func credential() async throws -> Credential
    func invalidate() async
}

/// A credential that never changes (static token, basic auth, or nothing).
public struct StaticCredential: CredentialSource {
    public let value: Credential
    public init(_ value: Credential) { self.value = value }
    public func credential() async throws -> Credential { value }
    public func invalidate() async {}
}

/// A bearer token read from a file and re-read whenever the file's modification time or
/// size changes (projected service-account tokens are rotated in place).
public actor TokenFileCredential: CredentialSource {
    public let path: String
    private var cached: (token: String, stamp: String)?

    public init(path: String) { self.path = path }

    public func credential() async throws -> Credential {
        let stamp = Self.stamp(path)
        if let cached, cached.stamp == stamp { return .bearer(cached.token) }
        guard let data = FileManager.default.contents(atPath: path),
              let text = String(data: data, encoding: .utf8) else {
            throw KubeConfigError(file: path, "cannot read the token file")
        }
        let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
        cached = (token, stamp)
        return .bearer(token)
    }

    public func invalidate() async { cached = nil }

    private static func stamp(_ path: String) -> String {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        let date = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        let size = (attributes?[.size] as? NSNumber)?.intValue ?? -1
        return "\(date)/\(size)"
    }
}

extension AuthSettings {
    /// The credential source for these settings.
    public func makeSource() -> any CredentialSource {
        switch self {
        case .none: return StaticCredential(.none)
        case .token(let token): return StaticCredential(.bearer(token))
        case .tokenFile(let path): return TokenFileCredential(path: path)
        case .basic(let user, let password): return StaticCredential(.basic(username: user, password: password))
        case .exec(let config): return ExecCredentialSource(config: config)
        }
    }
}
