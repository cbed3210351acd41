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

    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        return String((0..<40).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
    }
}
