import Foundation
import NIOCore
import NIOSSL
import TandemKubeModel

/// Decides who a request comes from: bearer token first, then the TLS client certificate;
/// plain HTTP without a token is the admin user.
struct Authenticator: Sendable {
    let adminToken: String
    let readOnlyToken: String
    let tls: Bool

    func user(authorization: String?, channel: any Channel) async -> SimUser? {
        if let authorization, authorization.lowercased().hasPrefix("bearer ") {
            let token = authorization.dropFirst("bearer ".count).trimmingCharacters(in: .whitespaces)
            if token == adminToken { return .admin }
            if token == readOnlyToken { return .readOnly }
            return nil
        }
        guard tls else { return .admin }
        // The TLS layer only accepts certificates signed by the simulator's CA (optional verification),
        // so any presented certificate is a valid admin client certificate.
        let certificate = try? await channel.nioSSL_peerCertificate().get()
        return certificate == nil ? nil : .admin
    }

    /// kubectl (client-go's clientcmd) sends no credentials at all to an `http://` server, so on
    /// plain HTTP the read-only context's cluster URL carries this path prefix instead: a request
    /// under it is served as the read-only user whatever else it presents (it can only lower rights).
    static let readOnlyPathPrefix = "/tandem-sim/readonly"

    /// The path without the read-only prefix, or nil when the request does not use it.
    static func strippingReadOnlyPrefix(_ path: String) -> String? {
        guard path == readOnlyPathPrefix || path.hasPrefix(readOnlyPathPrefix + "/") else { return nil }
        let rest = String(path.dropFirst(readOnlyPathPrefix.count))
        return rest.isEmpty ? "/" : rest
    }

    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        return String((0..<40).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
    }
}
