import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization
import TandemServer
import Testing

@Suite("ServerRunner")
struct ServerRunnerTests {
    @Test("serves on 127.0.0.1 by default and refuses half a TLS configuration")
    func loopback() async throws {
        let h = try await Harness.make()
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let runner = ServerRunner(env: h.env, port: 0)
        #expect(runner.bind == "127.0.0.1")
        let task = Task { try await runner.run { continuation.yield($0); continuation.finish() } }
        var port = 0
        for await bound in ports { port = bound }
        let (data, response) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/healthz")!)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect(String(decoding: data, as: UTF8.self) == "ok\n")
        task.cancel()
        _ = await task.result
        await #expect(throws: ServerError.tls("pass both --tls-cert and --tls-key, or neither")) {
            try await ServerRunner(env: h.env, port: 0, tlsCertificate: "cert.pem").run()
        }
    }
}
