import Foundation
import Testing
@testable import TandemEngine
import TandemKube
import TandemPlan

/// The verify step's HTTP check compares the backend's exact status with `expectStatus` — any
/// status, not only 200 (the end-to-end 404 cases are in DecisionErrorsEndToEndTests). A fixed
/// transport plays the API server's Service proxy, so 201/204 (which the simulator's pods never
/// answer) are covered too.
@Suite("verify: expectStatus for any HTTP status")
struct VerifyStatusTests {
    /// Answers every request with one status and body, and remembers the paths it was asked.
    final class FixedTransport: KubeTransport, @unchecked Sendable {
        let status: Int
        let body: String
        private let lock = NSLock()
        private var seen: [String] = []
        init(status: Int, body: String) { self.status = status; self.body = body }
        var paths: [String] { lock.withLock { seen } }

        func execute(_ request: TransportRequest) async throws -> TransportResponse {
            lock.withLock { seen.append(request.url) }
            return TransportResponse(status: status, headers: [:], body: ResponseBody(bytes: Array(body.utf8)))
        }
        func shutdown() async {}
    }

    func check(answering status: Int, body: String = "ok", expect: VerifyCheck) async throws -> (Result<Int, any Error>, [String]) {
        let transport = FixedTransport(status: status, body: body)
        let client = try KubeClient(connection: ClusterConnection(server: "http://127.0.0.1:1"), retryPolicy: .never, transport: transport)
        defer { Task { await client.shutdown() } }
        do {
            // The deadline has passed: one attempt, then the verdict.
            let answer = try await Verifier().httpCheck(expect, service: "backend-preview", namespace: "legacy",
                                                        deadline: .now, client: client)
            return (.success(answer.status), transport.paths)
        } catch {
            return (.failure(error), transport.paths)
        }
    }

    @Test("the backend's status equals expectStatus: the check passes with that status", arguments: [200, 201, 204, 301, 404, 418, 500, 503])
    func matchingStatusPasses(status: Int) async throws {
        let (result, paths) = try await check(answering: status, expect: VerifyCheck(path: "/health/ready", expectStatus: status))
        #expect(try result.get() == status)
        #expect(paths == ["http://127.0.0.1:1/api/v1/namespaces/legacy/services/backend-preview/proxy/health/ready"])
    }

    @Test("a different status fails the check and the error names both", arguments: [(204, 200), (201, 200), (200, 204), (404, 200), (200, 503)])
    func otherStatusFails(answered: Int, expected: Int) async throws {
        let (result, _) = try await check(answering: answered, expect: VerifyCheck(path: "/x", expectStatus: expected))
        guard case .failure(let error) = result else {
            Issue.record("answer \(answered) passed a check expecting \(expected)")
            return
        }
        #expect("\(error)".contains("expected HTTP \(expected), last answer: HTTP \(answered)"), "\(error)")
    }

    @Test("expectBodyContains is checked together with the status")
    func bodyChecked() async throws {
        let wrongBody = try await check(answering: 404, body: "gone", expect: VerifyCheck(path: "/", expectStatus: 404, expectBodyContains: "missing"))
        #expect(throws: (any Error).self) { try wrongBody.0.get() }
        let rightBody = try await check(answering: 404, body: "missing page", expect: VerifyCheck(path: "/", expectStatus: 404, expectBodyContains: "missing"))
        #expect(try rightBody.0.get() == 404)
    }
}
