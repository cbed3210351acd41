import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL

/// `KubeTransport` over one async-http-client connection pool, with the cluster's TLS settings.
public final class HTTPClientTransport: KubeTransport {
    private let client: HTTPClient
    private let baseTLS: TLSConfiguration?
    /// Host rewriting for `tls-server-name`: requests go to the name, connections to the real host.
    private let hostRewrite: (from: String, to: String)?

    public init(connection: ClusterConnection, connectTimeout: Duration = .seconds(10)) throws(KubeError) {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: .nanoseconds(Int64(connectTimeout.components.seconds) * 1_000_000_000), read: nil)
        configuration.redirectConfiguration = .disallow
        configuration.decompression = .disabled
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 16)
        // Fail fast on refused connections and TLS failures: the client's own retry policy decides what to repeat.
        configuration.connectionPool.retryConnectionEstablishment = false
        var rewrite: (String, String)?
        if connection.server.hasPrefix("https") {
            let tls = try Self.tlsConfiguration(connection.tls, server: connection.server)
            configuration.tlsConfiguration = tls
            baseTLS = tls
            if let name = connection.tls.serverName, let host = URLComponents(string: connection.server)?.host, name != host {
                configuration.dnsOverride = [name: host]
                rewrite = (host, name)
            }
        } else {
            baseTLS = nil
        }
        hostRewrite = rewrite
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    static func tlsConfiguration(_ settings: TLSSettings, server: String) throws(KubeError) -> TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        do {
            if let ca = settings.certificateAuthorityPEM {
                tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(ca))
            }
        } catch {
            throw KubeError.tls(server: server, cause: "the certificate authority data is not a valid PEM certificate bundle: \(error)")
        }
        if settings.insecureSkipVerify { tls.certificateVerification = .none }
        if let cert = settings.clientCertificatePEM, let key = settings.clientKeyPEM {
            try applyIdentity(to: &tls, certificatePEM: cert, keyPEM: key, server: server)
        }
        return tls
    }

    static func applyIdentity(to tls: inout TLSConfiguration, certificatePEM: [UInt8], keyPEM: [UInt8],
                              server: String) throws(KubeError) {
        do {
            tls.certificateChain = try NIOSSLCertificate.fromPEMBytes(certificatePEM).map { .certificate($0) }
        } catch {
            throw KubeError.tls(server: server, cause: "the client certificate is not valid PEM: \(error)")
        }
        do {
            tls.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: keyPEM, format: .pem))
        } catch {
            throw KubeError.tls(server: server, cause: "the client key is not a valid PEM RSA or EC private key: \(error)")
        }
    }

    public func execute(_ request: TransportRequest) async throws -> TransportResponse {
        var url = request.url
        if let rewrite = hostRewrite, var components = URLComponents(string: url), components.host == rewrite.from {
            components.host = rewrite.to
            url = components.string ?? url
        }
        var outgoing = HTTPClientRequest(url: url)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for (name, value) in request.headers { outgoing.headers.add(name: name, value: value) }
        if let body = request.body {
            outgoing.body = .bytes(ByteBuffer(bytes: body))
        }
        if let identity = request.clientIdentity, var tls = baseTLS {
            try Self.applyIdentity(to: &tls, certificatePEM: identity.certificatePEM, keyPEM: identity.keyPEM, server: request.url)
            outgoing.tlsConfiguration = tls
        }
        let deadline = NIODeadline.now() + .nanoseconds(Int64(request.timeout.components.seconds) * 1_000_000_000
            + request.timeout.components.attoseconds / 1_000_000_000)
        let response: HTTPClientResponse
        do {
            response = try await client.execute(outgoing, deadline: deadline)
        } catch {
            throw Self.classify(error)
        }
        var headers: [String: String] = [:]
        for header in response.headers { headers[header.name.lowercased()] = header.value }
        let body = response.body
        let box = IteratorBox(body.makeAsyncIterator())
        let stream = AsyncThrowingStream<[UInt8], any Error> {
            do {
                guard let buffer = try await box.next() else { return nil }
                return Array(buffer.readableBytesView)
            } catch {
                throw Self.classify(error)
            }
        }
        return TransportResponse(status: Int(response.status.code), headers: headers, body: ResponseBody(stream))
    }

    /// A client dropped without `shutdown()` (an error path, a test) would trap in
    /// async-http-client's deinit check; shut it down in the background instead.
    deinit {
        client.shutdown { _ in }
    }

    public func shutdown() async {
        try? await client.shutdown()
    }

    /// Maps NIO / AHC / BoringSSL failures to the kinds the client reports and retries.
    static func classify(_ error: any Error) -> TransportFailure {
        if let failure = error as? TransportFailure { return failure }
        if error is CancellationError { return TransportFailure(kind: .other, detail: "cancelled") }
        let text = String(describing: error)
        if let http = error as? HTTPClientError {
            switch http {
            case .deadlineExceeded, .readTimeout, .writeTimeout: return TransportFailure(kind: .timeout, detail: "timed out")
            case .connectTimeout: return TransportFailure(kind: .connectionRefused, detail: "connection timed out")
            case .tlsHandshakeTimeout: return TransportFailure(kind: .tls, detail: "TLS handshake timed out")
            case .remoteConnectionClosed: return TransportFailure(kind: .connectionLost, detail: "the server closed the connection")
            case .cancelled: return TransportFailure(kind: .other, detail: "cancelled")
            default: break
            }
        }
        if error is NIOSSLError || error is BoringSSLError || text.contains("SSL") || text.contains("certificate") {
            return TransportFailure(kind: .tls, detail: "TLS handshake failed: \(text)")
        }
        let lowered = text.lowercased()
        if lowered.contains("refused") || lowered.contains("econnrefused") {
            return TransportFailure(kind: .connectionRefused, detail: "connection refused")
        }
        if lowered.contains("dns") || lowered.contains("getaddrinfo") || lowered.contains("resolve") || lowered.contains("nodename") {
            return TransportFailure(kind: .dns, detail: "cannot resolve the host name (\(text))")
        }
        if lowered.contains("reset") || lowered.contains("eof") || lowered.contains("closed") || lowered.contains("broken pipe") {
            return TransportFailure(kind: .connectionLost, detail: "connection lost (\(text))")
        }
        return TransportFailure(kind: .other, detail: text)
    }
}

/// Holds AHC's body iterator so a `Sendable` unfolding closure can advance it (single consumer).
private final class IteratorBox: @unchecked Sendable {
    private var iterator: HTTPClientResponse.Body.AsyncIterator
    init(_ iterator: HTTPClientResponse.Body.AsyncIterator) { self.iterator = iterator }
    func next() async throws -> ByteBuffer? { try await iterator.next() }
}
