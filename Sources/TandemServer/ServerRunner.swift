import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import NIOSSL
import ServiceLifecycle
import TandemNotify
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
    /// A connection that sends no complete request part (head, body chunk, end) for this long is closed,
    /// so half-open and trickling (slowloris) connections cannot pile up. Hummingbird counts only whole
    /// parts as activity, so the same bound is the header read timeout of each request.
    public var idleTimeout: Duration
    /// After SIGTERM/SIGINT: how long requests in flight may take to finish before they are cancelled; the
    /// process exits at the latest `shutdownGrace` + 3 s after the signal (`ShutdownWatchdog`).
    public var shutdownGrace: Duration

    public init(env: ServerEnvironment, bind: String = "127.0.0.1", port: Int = 8080, tlsCertificate: String? = nil,
                tlsKey: String? = nil, worker: NotificationWorker? = nil, idleTimeout: Duration = .seconds(30),
                shutdownGrace: Duration = .seconds(3)) {
        self.env = env
        self.idleTimeout = idleTimeout
        self.shutdownGrace = shutdownGrace
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
        let http1 = HTTPServerBuilder.http1(configuration: .init(idleTimeout: .nanoseconds(Int64(PlanParseGate.seconds(idleTimeout) * 1e9))))
        if let cert = tlsCertificate, let key = tlsKey {
            do {
                let chain = try NIOSSLCertificate.fromPEMFile(cert).map { NIOSSLCertificateSource.certificate($0) }
                let tls = TLSConfiguration.makeServerConfiguration(certificateChain: chain, privateKey: .file(key))
                server = try .tls(http1, tlsConfiguration: tls)
            } catch {
                throw ServerError.tls("cannot load the TLS certificate \(cert) or key \(key): \(error); pass PEM files")
            }
        } else if tlsCertificate != nil || tlsKey != nil {
            throw ServerError.tls("pass both --tls-cert and --tls-key, or neither")
        } else {
            server = http1
        }
        let app = Application(
            router: TandemServerApp.router(env),
            server: server,
            configuration: ApplicationConfiguration(address: .hostname(bind, port: port), serverName: nil),
            onServerRunning: { channel in onRunning(channel.localAddress?.port ?? port) },
            logger: logger)
        // The worker and the host are not children of the service group: a drive that is slow to notice
        // cancellation must not hold the shutdown beyond `shutdownGrace`.
        let background = [worker.map { w in Task { await w.run() } }, env.host.map { h in Task { await h.run() } }].compactMap { $0 }
        var configuration = ServiceGroupConfiguration(services: [.init(service: app)], gracefulShutdownSignals: [.sigterm, .sigint],
                                                      logger: logger)
        configuration.maximumGracefulShutdownDuration = shutdownGrace
        let watchdog = ShutdownWatchdog.arm(after: shutdownGrace + .seconds(3))
        defer { watchdog.disarm() }
        var failure: (any Error)?
        do { try await ServiceGroup(configuration: configuration).run() } catch { failure = error }
        for task in background { task.cancel() }
        await Self.wait(for: background, upTo: shutdownGrace)
        if let failure { throw failure }
    }

    /// Waits until every task ended or `limit` passed, whichever comes first.
    static func wait(for tasks: [Task<Void, Never>], upTo limit: Duration) async {
        let (events, continuation) = AsyncStream.makeStream(of: Void.self)
        let all = Task { for task in tasks { await task.value }; continuation.yield() }
        let timer = Task { try? await Task.sleep(for: limit); continuation.yield() }
        for await _ in events { break }
        all.cancel()
        timer.cancel()
    }
}
