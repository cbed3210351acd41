import Foundation

/// One HTTP exchange as the client core sees it; the transport knows nothing of Kubernetes.
public struct TransportRequest: Sendable {
    public var method: String
    public var url: String
    public var headers: [(String, String)]
    public var body: [UInt8]?
    /// A TLS client identity for this request (exec plugins may return one).
    public var clientIdentity: (certificatePEM: [UInt8], keyPEM: [UInt8])?
    /// The whole exchange, body included, must finish within this time.
    public var timeout: Duration

    public init(method: String, url: String, headers: [(String, String)] = [], body: [UInt8]? = nil,
                clientIdentity: (certificatePEM: [UInt8], keyPEM: [UInt8])? = nil, timeout: Duration) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.clientIdentity = clientIdentity
        self.timeout = timeout
    }
}

public struct TransportResponse: Sendable {
    public var status: Int
    /// Header names lowercased.
    public var headers: [String: String]
    /// Streamed incrementally; read it once.
    public var body: ResponseBody

    public init(status: Int, headers: [String: String], body: ResponseBody) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// A response body delivered chunk by chunk.
public struct ResponseBody: AsyncSequence, Sendable {
    public typealias Element = [UInt8]
    let stream: AsyncThrowingStream<[UInt8], any Error>

    public init(_ stream: AsyncThrowingStream<[UInt8], any Error>) { self.stream = stream }

    public init(bytes: [UInt8]) {
        self.stream = AsyncThrowingStream { continuation in
            if !bytes.isEmpty { continuation.yield(bytes) }
            continuation.finish()
        }
    }

    public func makeAsyncIterator() -> AsyncThrowingStream<[UInt8], any Error>.AsyncIterator { stream.makeAsyncIterator() }

    /// The whole body, refusing more than `limit` bytes.
    public func collect(limit: Int = 64 << 20) async throws -> [UInt8] {
        var result: [UInt8] = []
        for try await chunk in self {
            result += chunk
            if result.count > limit { throw TransportFailure(kind: .other, detail: "response body larger than \(limit) bytes") }
        }
        return result
    }
}

/// Why an exchange failed below HTTP.
public struct TransportFailure: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable { case connectionRefused, dns, tls, timeout, connectionLost, other }
    public var kind: Kind
    public var detail: String
    public init(kind: Kind, detail: String) {
        self.kind = kind
        self.detail = detail
    }
    public var description: String { detail }
}

/// Sends HTTP requests. The real one is `HTTPClientTransport` (async-http-client); tests may inject others.
public protocol KubeTransport: Sendable {
    func execute(_ request: TransportRequest) async throws -> TransportResponse
    func shutdown() async
}
