import Foundation
import Hummingbird
import Synchronization
import TandemTestSupport
import TandemGates
import Testing

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
        // A short deadline: the default (20 s) would only make the test wait longer for the same verdict.
        let transport = HTTPGateTransport(timeout: .seconds(2))
        let verdict = try await HTTPGateClient(url: "http://127.0.0.1:\(port)/allow", transport: transport)
            .retrying(attempts: 2, firstPause: .milliseconds(10)).verdict(for: ServiceNowGateTests.release)
        await transport.shutdown()
        #expect(verdict.reason?.hasPrefix("gate http://127.0.0.1:\(port)/allow is unreachable") == true, "\(verdict)")
    }
}
