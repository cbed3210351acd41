import Crypto
import Foundation
import NIOSSL
import SwiftASN1
import X509

/// The simulator's private PKI, generated at every start: a CA, a server certificate for
/// 127.0.0.1/localhost and an admin client certificate (CN tandem-sim-admin, O system:masters).
struct SimCertificates: Sendable {
    let caCertificatePEM: String
    let serverCertificatePEM: String
    let serverKeyPEM: String
    let clientCertificatePEM: String
    let clientKeyPEM: String

    static func generate(now: Date = Date()) throws -> SimCertificates {
        let notBefore = now.addingTimeInterval(-3600), notAfter = now.addingTimeInterval(365 * 86_400)
        let caKey = P256.Signing.PrivateKey()
        let caName = try DistinguishedName { CommonName("tandem-sim-ca") }
        let ca = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: .init(caKey.publicKey),
            notValidBefore: notBefore, notValidAfter: notAfter, issuer: caName, subject: caName,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil))
                Critical(KeyUsage(digitalSignature: true, keyCertSign: true, cRLSign: true))
            },
            issuerPrivateKey: .init(caKey))

        let serverKey = P256.Signing.PrivateKey()
        let server = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: .init(serverKey.publicKey),
            notValidBefore: notBefore, notValidAfter: notAfter, issuer: caName,
            subject: try DistinguishedName { CommonName("tandem-sim") },
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true, keyEncipherment: true))
                try ExtendedKeyUsage([.serverAuth])
                SubjectAlternativeNames([.dnsName("localhost"), .ipAddress(ASN1OctetString(contentBytes: [127, 0, 0, 1]))])
            },
            issuerPrivateKey: .init(caKey))

        let clientKey = P256.Signing.PrivateKey()
        let client = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: .init(clientKey.publicKey),
            notValidBefore: notBefore, notValidAfter: notAfter, issuer: caName,
            subject: try DistinguishedName {
                OrganizationName("system:masters")
                CommonName("tandem-sim-admin")
            },
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true, keyEncipherment: true))
                try ExtendedKeyUsage([.clientAuth])
            },
            issuerPrivateKey: .init(caKey))

        return SimCertificates(
            caCertificatePEM: try ca.serializeAsPEM().pemString,
            serverCertificatePEM: try server.serializeAsPEM().pemString,
            serverKeyPEM: serverKey.pemRepresentation,
            clientCertificatePEM: try client.serializeAsPEM().pemString,
            clientKeyPEM: clientKey.pemRepresentation)
    }

    /// Server side: our certificate; a client certificate is optional but, when presented, must be
    /// signed by our CA (requests without one must then carry a bearer token).
    func serverTLSConfiguration() throws -> TLSConfiguration {
        let certificate = try NIOSSLCertificate(bytes: Array(serverCertificatePEM.utf8), format: .pem)
        let key = try NIOSSLPrivateKey(bytes: Array(serverKeyPEM.utf8), format: .pem)
        var config = TLSConfiguration.makeServerConfiguration(certificateChain: [.certificate(certificate)], privateKey: .privateKey(key))
        config.certificateVerification = .optionalVerification
        config.trustRoots = .certificates([try NIOSSLCertificate(bytes: Array(caCertificatePEM.utf8), format: .pem)])
        return config
    }
}
