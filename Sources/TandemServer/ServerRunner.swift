import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOSSL
import TandemStore

/// Runs `tandem serve`: the HTTP(S) application, the notification worker and (with cluster access) the
/// release host, until interrupted.
public struct ServerRunner: Sendable {
    public var env: ServerEnvironment
    public var bind: String
    public var port: Int
    public var tlsCertificate: String?
    public var tlsKey: String?
    public var worker: NotificationWorker?

    public init(env: ServerEnvironment, bind: String = "127.0.0.1", port: Int = 8080, tlsCertificate: String? = nil,
                tlsKey: String? = nil, worker: NotificationWorker? = nil) {
        self.env = env
        self.bind = bind
        self.port = port
        self.tlsCertificate = tlsCertificate
        self.tlsKey = tlsKey
        self.worker = worker
    }

    /// `onRunning` receives the bound port (useful with port 0).
    public func run(onRunning: @escaping @Sendable (Int) -> Void = { _ in }) async throws {
        var logger = Logger(label: "tandem.serve")
        logger.logLevel = .info
        let server: HTTPServerBuilder
        if let cert = tlsCertificate, let key = tlsKey {
            do {
                let chain = try NIOSSLCertificate.fromPEMFile(cert).map { NIOSSLCertificateSource.certificate($0) }
                let tls = TLSConfiguration.makeServerConfiguration(certificateChain: chain, privateKey: .file(key))
                server = try .tls(.http1(), tlsConfiguration: tls)
            } catch {
                throw ServerError.tls("cannot load the TLS certificate \(cert) or key \(key): \(error); pass PEM files")
            }
        } else if tlsCertificate != nil || tlsKey != nil {
            throw ServerError.tls("pass both --tls-cert and --tls-key, or neither")
        } else {
            server = .http1()
        }
        let app = Application(
            router: TandemServerApp.router(env),
            server: server,
            configuration: ApplicationConfiguration(address: .hostname(bind, port: port), serverName: nil),
            onServerRunning: { channel in onRunning(channel.localAddress?.port ?? port) },
            logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.runService() }
            if let worker { group.addTask { await worker.run() } }
            if let host = env.host { group.addTask { await host.run() } }
            try await group.next()
            group.cancelAll()
        }
    }
}
