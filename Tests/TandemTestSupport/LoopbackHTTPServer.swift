import Hummingbird
import Synchronization

/// A real HTTP peer for tests (a webhook receiver, a gate endpoint, a ServiceNow fake): a
/// Hummingbird application on 127.0.0.1, started on a port and stopped when the test is done.
public final class LoopbackHTTPServer: Sendable {
    private let task = Mutex<Task<Void, any Error>?>(nil)

    public init() {}

    /// Serves `router` on `port` (0: any free port) and returns the port once it listens.
    public func start(_ router: Router<BasicRequestContext>, port: Int = 0) async throws -> Int {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)),
                              onServerRunning: { continuation.yield($0.localAddress?.port ?? port); continuation.finish() })
        task.withLock { $0 = Task { try await app.run() } }
        for await bound in ports { return bound }
        throw CancellationError()
    }

    /// Stops the server and waits until it has.
    public func stop() async {
        let running = task.withLock { $0 }
        running?.cancel()
        _ = await running?.result
    }
}
