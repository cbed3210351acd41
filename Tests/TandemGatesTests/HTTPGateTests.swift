import Foundation
import Hummingbird
import Synchronization
import TandemTestSupport
import TandemGates
import Testing

/// An allow endpoint on 127.0.0.1 answering a fixed JSON body and recording what it was sent.
final class AllowEndpoint: Sendable {
    let answer: Mutex<String>
    let bodies = Mutex<[String]>([])
    private let server = LoopbackHTTPServer()

    init(answer: String) { self.answer = Mutex(answer) }

    func start() async throws -> Int {
        let router = Router()
        router.post("allow") { [self] request, _ -> Response in
            let buffer = try await request.body.collect(upTo: 1 << 20)
            self.bodies.withLock { $0.append(String(buffer: buffer)) }
            return Response(status: .ok, headers: [.contentType: "application/json"],
                            body: .init(byteBuffer: ByteBuffer(string: self.answer.withLock { $0 })))
        }
        return try await server.start(router)
    }

    func stop() async { await server.stop() }
}

@Suite("HTTP gate")
struct HTTPGateTests {
    @Test("allowed passes, allowed false waits with the reason, final rejects; the release is POSTed as JSON")
    func answers() async throws {
        let endpoint = AllowEndpoint(answer: #"{"allowed": true}"#)
        let port = try await endpoint.start()
        let url = "http://127.0.0.1:\(port)/allow"
        let transport = HTTPGateTransport()
        let gate = HTTPGateClient(url: url, transport: transport)
        let release = ServiceNowGateTests.release
        #expect(try await gate.verdict(for: release) == .pass)
        endpoint.answer.withLock { $0 = #"{"allowed": false, "reason": "freeze until Monday"}"# }
        #expect(try await gate.verdict(for: release) == .wait("gate \(url): freeze until Monday"))
        endpoint.answer.withLock { $0 = #"{"allowed": false, "reason": "security hold", "final": true}"# }
        #expect(try await gate.verdict(for: release) == .reject("gate \(url): security hold"))
        await transport.shutdown()
        await endpoint.stop()
        let sent = try #require(endpoint.bodies.withLock { $0.first })
        let object = try #require(try JSONSerialization.jsonObject(with: Data(sent.utf8)) as? [String: Any])
        #expect(object["id"] as? String == "r-1")
        #expect(object["plan"] as? String == "loan-app")
        #expect(object["environment"] as? String == "production")
        #expect(object["checkpoint"] as? String == "change")
        #expect(object["versions"] as? [String: String] == ["backend": "2.0", "frontend": "2.0"])
    }

    @Test("an endpoint that does not answer makes the gate wait, saying so")
    func unreachable() async throws {
        let endpoint = AllowEndpoint(answer: "{}")
        let port = try await endpoint.start()
        await endpoint.stop()
        let transport = HTTPGateTransport()
        let verdict = try await HTTPGateClient(url: "http://127.0.0.1:\(port)/allow", transport: transport)
            .retrying(attempts: 2, firstPause: .milliseconds(10)).verdict(for: ServiceNowGateTests.release)
        await transport.shutdown()
        #expect(verdict.reason?.hasPrefix("gate http://127.0.0.1:\(port)/allow is unreachable") == true, "\(verdict)")
    }
}
