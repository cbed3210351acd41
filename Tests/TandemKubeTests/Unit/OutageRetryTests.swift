import Foundation
import Synchronization
import Testing
@testable import TandemKube
import TandemKubeModel

/// An API server that cannot be reached for a while is waited for (issue 11 item 6), within a
/// time budget rather than a number of attempts, and the wait is reported.
@Suite("Client: retrying through an API server outage")
struct OutageRetryTests {
    /// Many fast attempts (far more than `maxAttempts`), all inside a generous outage budget.
    static let patient = RetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(1), maxDelay: .milliseconds(2),
                                     outageLimit: .seconds(30))

    @Test("connection refused is retried beyond maxAttempts until the server answers, and reported")
    func refusedThenRecovered() async throws {
        let transport = FakeTransport { _, index in
            if index < 12 { throw TransportFailure(kind: .connectionRefused, detail: "connection refused") }
            return .init(200, #"{"metadata":{"name":"cm"}}"#)
        }
        let notices = Mutex<[OutageNotice]>([])
        let client = try makeClient(transport, retry: Self.patient, outageObserver: { notice in notices.withLock { $0.append(notice) } })
        let object = try await client.get(.configMaps, name: "cm")
        #expect(object.name == "cm")
        #expect(transport.requests.count == 13)
        let seen = notices.withLock { $0 }
        #expect(seen.first?.kind == .waiting)
        #expect(seen.first?.description.hasPrefix("API server unreachable (connection refused), retrying for up to 30s (") == true)
        #expect(seen.last?.kind == .recovered)
    }

    @Test("a create refused at connect time is sent again: the server never saw it")
    func refusedWriteIsRepeated() async throws {
        let transport = FakeTransport { _, index in
            if index < 3 { throw TransportFailure(kind: .connectionRefused, detail: "connection refused") }
            return .init(201, #"{"metadata":{"name":"x"}}"#)
        }
        let created = try await makeClient(transport, retry: Self.patient).create(.configMaps, ["metadata": ["name": "x"]])
        #expect(created.name == "x")
        #expect(transport.requests.map(\.method) == ["POST", "POST", "POST", "POST"])
    }

    @Test("503 and 429 count as an outage; DNS failures and TLS handshake timeouts too; a bad certificate does not")
    func outageClassification() {
        let info = RequestInfo(method: "GET", path: "/api/v1/namespaces/shop/configmaps/cm", verb: "get", resource: .configMaps, namespace: "shop", name: "cm")
        let unavailable = KubeError.api(APIStatus(code: 503, reason: "ServiceUnavailable", message: "down"), info)
        #expect(OutageReason(failure: unavailable, transportKind: nil)?.requestNeverArrived == true)
        let unreachable = KubeError.unreachable(server: "s", cause: "x")
        #expect(OutageReason(failure: unreachable, transportKind: .dns)?.cause == "cannot resolve the host name")
        #expect(OutageReason(failure: unreachable, transportKind: .connectionLost)?.requestNeverArrived == false)
        #expect(OutageReason(failure: .tls(server: "s", cause: "TLS handshake timed out"), transportKind: .tls) != nil)
        #expect(OutageReason(failure: .tls(server: "s", cause: "certificate signed by unknown authority"), transportKind: .tls) == nil)
        let internalError = KubeError.api(APIStatus(code: 500, reason: "InternalError", message: "boom"), info)
        #expect(OutageReason(failure: internalError, transportKind: nil) == nil)
    }

    @Test("an outage longer than the budget fails with what was tried, for how long, and how to wait longer")
    func budgetExhausted() async throws {
        let transport = FakeTransport { _, _ in throw TransportFailure(kind: .connectionRefused, detail: "connection refused") }
        let short = RetryPolicy(maxAttempts: 50, baseDelay: .milliseconds(5), maxDelay: .milliseconds(10), outageLimit: .milliseconds(100))
        let error = await #expect(throws: KubeError.self) { try await makeClient(transport, retry: short).get(.configMaps, name: "cm") }
        guard case .unavailable(let server, let cause, let after)? = error else {
            Issue.record("expected .unavailable, got \(String(describing: error))")
            return
        }
        #expect(server == "https://kube.test:6443")
        #expect(cause == "connection refused")
        #expect(after == .milliseconds(100))
        #expect(transport.requests.count > 1)
        #expect(error?.isTransient == false)
        #expect(error?.description.contains("raise --api-retry-for (or TANDEM_API_RETRY_FOR)") == true)
    }
}
