import Foundation
import Testing
import TandemKube
import TandemKubeModel
@testable import TandemEngine

/// When a GitOps release may say it is done: each Application Synced at tandem's last commit (or a
/// later commit containing it) and Healthy, no sync running; otherwise a bounded wait that names the
/// Application and what it is.
@Suite("Argo CD settle")
struct ArgoCDSettleTests {
    static let commit = "3f2a9c1b7d4e5f60718293a4b5c6d7e8f9012345"

    static func application(sync: String = "Synced", revision: String = commit, health: String = "Healthy",
                            phase: String = "Succeeded", operation: Bool = false) -> JSON {
        var app: JSON = ["metadata": ["name": "loan-frontend"],
                         "status": ["sync": ["status": .string(sync), "revision": .string(revision)],
                                    "health": ["status": .string(health)], "operationState": ["phase": .string(phase)]]]
        if operation { app["operation"] = ["sync": ["revision": .string(commit)]] }
        return app
    }

    @Test("Synced at the commit and Healthy is settled; a later commit counts only when it contains ours")
    func settled() {
        #expect(ArgoCDSettle.unsettled(Self.application(), commit: Self.commit, contains: { _ in false }) == nil)
        #expect(ArgoCDSettle.unsettled(Self.application(revision: "abc123"), commit: Self.commit, contains: { $0 == "abc123" }) == nil)
        #expect(ArgoCDSettle.unsettled(Self.application(revision: "abc123"), commit: Self.commit, contains: { _ in false })
                == "Synced at abc123, Healthy")
    }

    @Test("OutOfSync, not Healthy, a sync running or requested, or no status yet: not settled, and said so", arguments: [
        (application(sync: "OutOfSync"), "OutOfSync at 3f2a9c1b7d4e, Healthy"),
        (application(health: "Suspended"), "Synced at 3f2a9c1b7d4e, Suspended"),
        (application(health: "Degraded"), "Synced at 3f2a9c1b7d4e, Degraded"),
        (application(phase: "Running"), "Synced at 3f2a9c1b7d4e, Healthy, a sync running"),
        (application(operation: true), "Synced at 3f2a9c1b7d4e, Healthy"),
        (["metadata": ["name": "loan-frontend"]] as JSON, "no sync status at no revision, no health status"),
    ])
    func unsettled(application: JSON, described: String) {
        #expect(ArgoCDSettle.unsettled(application, commit: Self.commit, contains: { _ in false }) == described)
    }

    /// Answers every GET with one Application.
    final class FixedApplication: KubeTransport, @unchecked Sendable {
        let body: String
        init(_ application: JSON) { body = application.serializedString() }
        func execute(_ request: TransportRequest) async throws -> TransportResponse {
            TransportResponse(status: 200, headers: [:], body: ResponseBody(bytes: Array(body.utf8)))
        }
        func shutdown() async {}
    }

    func wait(for application: JSON, deadline: ContinuousClock.Instant) async throws {
        let client = try KubeClient(connection: ClusterConnection(server: "http://127.0.0.1:1"), retryPolicy: .never,
                                    transport: FixedApplication(application))
        defer { Task { await client.shutdown() } }
        try await ArgoCDSettle(client: client, namespace: "argocd", pollInterval: .milliseconds(10))
            .wait(["loan-frontend"], commit: Self.commit, deadline: deadline) { _ in false }
    }

    @Test("a settled Application ends the wait at once")
    func waitEnds() async throws {
        try await wait(for: Self.application(), deadline: .now)
    }

    @Test("past the deadline the wait fails, naming the Application, the commit and its last status")
    func waitTimesOut() async throws {
        do {
            try await wait(for: Self.application(sync: "OutOfSync", health: "Degraded"), deadline: .now + .milliseconds(50))
            Issue.record("an OutOfSync, Degraded Application was taken as settled")
        } catch let error as StepError {
            #expect("\(error)".contains("Argo CD Application argocd/loan-frontend did not settle on 3f2a9c1b7d4e within the deadline: "
                                        + "it is OutOfSync at 3f2a9c1b7d4e, Degraded, not Synced there and Healthy; "
                                        + "see `kubectl get application -n argocd loan-frontend -o yaml`"), "\(error)")
        }
    }
}
