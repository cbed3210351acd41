import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// One HTTP exchange of a gate: method, URL, headers, body in; status and body out.
public protocol GateTransport: Sendable {
    func send(method: String, url: String, headers: [(String, String)], body: [UInt8]?) async throws -> (status: Int, body: [UInt8])
    func shutdown() async
}

/// `GateTransport` over async-http-client, as the Kubernetes client uses it (system trust roots).
public final class HTTPGateTransport: GateTransport {
    private let client: HTTPClient
    private let timeout: Duration

    public init(timeout: Duration = .seconds(20)) {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.timeout = .init(connect: .seconds(10), read: nil)
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        self.timeout = timeout
    }

    public func send(method: String, url: String, headers: [(String, String)], body: [UInt8]?) async throws -> (status: Int, body: [UInt8]) {
        var request = HTTPClientRequest(url: url)
        request.method = HTTPMethod(rawValue: method)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let seconds = Int64(timeout.components.seconds)
        let response = try await client.execute(request, deadline: .now() + .seconds(seconds))
        let buffer = try await response.body.collect(upTo: 4 << 20)
        return (Int(response.status.code), Array(buffer.readableBytesView))
    }

    deinit { client.shutdown { _ in } }

    public func shutdown() async { try? await client.shutdown() }
}

/// Repeats an exchange answered 429 or 5xx (or not answered at all) with growing pauses; the last
/// answer or error is returned to the caller, which turns it into a wait.
struct RetryingExchange: Sendable {
    var attempts = 3
    var firstPause: Duration = .seconds(1)
    var sleep: @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }

    func run(_ exchange: () async throws -> (status: Int, body: [UInt8])) async throws -> (status: Int, body: [UInt8]) {
        var pause = firstPause
        var attempt = 1
        while true {
            do {
                let answer = try await exchange()
                if attempt >= attempts || !(answer.status == 429 || answer.status >= 500) { return answer }
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                if attempt >= attempts { throw error }
            }
            try await sleep(pause)
            pause = pause * 2
            attempt += 1
        }
    }
}
