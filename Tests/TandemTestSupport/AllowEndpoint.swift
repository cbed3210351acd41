import Foundation
import Hummingbird
import Synchronization

/// An http gate's endpoint for the tests, on 127.0.0.1: `POST /allow` answers `answer` (a JSON body, changeable
/// while it runs) and records every body it was sent. Shared by the gate tests and the end-to-end runs.
public final class AllowEndpoint: Sendable {
    public let answer: Mutex<String>
    public let bodies = Mutex<[String]>([])
    private let server = LoopbackHTTPServer()

    public init(answer: String) { self.answer = Mutex(answer) }

    public func start() async throws -> Int {
        let router = Router()
        router.post("allow") { [self] request, _ -> Response in
            let buffer = try await request.body.collect(upTo: 1 << 20)
            self.bodies.withLock { $0.append(String(buffer: buffer)) }
            return Response(status: .ok, headers: [.contentType: "application/json"],
                            body: .init(byteBuffer: ByteBuffer(string: self.answer.withLock { $0 })))
        }
        return try await server.start(router)
    }

    /// Answers `text` from now on.
    public func answer(_ text: String) { answer.withLock { $0 = text } }

    public func stop() async { await server.stop() }
}
