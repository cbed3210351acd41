import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import NIOSSL

/// Runs the Hummingbird application on 127.0.0.1 and reports the bound port.
struct SimHTTPServer {
    let task: Task<Void, any Error>
    let port: Int

    static func start(responder: SimResponder, port: Int, tls: TLSConfiguration?) async throws -> SimHTTPServer {
        var logger = Logger(label: "tandem-sim")
        logger.logLevel = .critical  // cancellation on stop() is logged as an error otherwise
        let server: HTTPServerBuilder = if let tls { try .tls(.http1(), tlsConfiguration: tls) } else { .http1() }
        let (ports, portContinuation) = AsyncThrowingStream.makeStream(of: Int.self)
        let app = Application(
            responder: responder,
            server: server,
            configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: port), serverName: nil),
            onServerRunning: { channel in
                portContinuation.yield(channel.localAddress?.port ?? port)
                portContinuation.finish()
            },
            logger: logger
        )
        let task = Task {
            do {
                try await app.run()
                portContinuation.finish()
            } catch {
                portContinuation.finish(throwing: error)
                throw error
            }
        }
        for try await bound in ports {
            return SimHTTPServer(task: task, port: bound)
        }
        task.cancel()
        throw CancellationError()
    }

    func stop() async {
        task.cancel()
        _ = await task.result
    }
}
