import Foundation
import Testing
import TandemEngine
import TandemKube
import TandemKubeModel
import TandemPairing
import TandemStore

@Suite("Release runner on the simulated cluster", .serialized)
struct ReleaseRunnerTests {
    @Test("2.0 then 3.0: each stops at the checkpoint, continues after approval, and leaves every pod paired")
    func twoReleases() async throws {
        try await LoanAppWorld.with { world in
        for version in ["2.0", "3.0"] {
            let runner = try await world.startRelease(version)
            let first = try await runner.drive()
            #expect(first == .waiting(checkpoint: "qa", timedOut: false))
            let report = try await world.pairingReport()
            #expect(!report.hasMixed, "\(report.table())")
            try await world.store.recordApproval(releaseID: runner.context.releaseID, checkpoint: "qa", by: "alice", source: "test")
            let second = try await runner.drive()
            #expect(second == .succeeded)
            #expect(try await world.image("my-backend") == "docker.io/kostiscodefresh/interest:\(version)")
            #expect(try await world.image("my-frontend") == "docker.io/kostiscodefresh/loan:\(version)")
            let after = try await world.pairingReport()
            #expect(!after.hasMixed, "\(after.table())")
            let steps = try await world.store.steps(of: runner.context.releaseID)
            #expect(steps.allSatisfy { $0.state == .succeeded }, "\(steps.map { "\($0.label) \($0.state)" })")
            // The live pairing report is in the audit log at the checkpoint and at the end, for the dashboard.
            let reports = try await world.store.events(of: runner.context.releaseID).filter { $0.kind == .pairingReport }
            #expect(reports.map(\.message) == ["pairing at checkpoint \"qa\": \(after.rows.count) row(s), every pair matched",
                                                "pairing after the release: \(after.rows.count) row(s), every pair matched"])
            let recorded = try JSON.parse(try #require(reports.last?.data))
            #expect(recorded["pairing"]["rows"].arrayValue?.count == after.rows.count)
            #expect(recorded["pairing"]["rows"][0]["consumer"] == "frontend")
        }
        }
    }

    @Test("a rejection at the checkpoint rolls both services back to the old version and leaves nothing behind")
    func rejection() async throws {
        try await LoanAppWorld.with { world in
        let runner = try await world.startRelease("2.0")
        #expect(try await runner.drive() == .waiting(checkpoint: "qa", timedOut: false))
        try await world.store.recordRejection(releaseID: runner.context.releaseID, checkpoint: "qa", by: "alice", source: "test",
                                              reason: "broken")
        let outcome = try await runner.drive()
        guard case .rolledBack = outcome else { Issue.record("expected a rollback, got \(outcome)"); return }
        for (rollout, image) in [("my-backend", "interest"), ("my-frontend", "loan")] {
            let object = try await world.client.waitForRollout(rollout, namespace: "legacy", until: .healthy, timeout: .seconds(20))
            #expect(object.template.containers.first?.image == "docker.io/kostiscodefresh/\(image):1.0")
        }
        #expect(try await world.tandemObjects() == [])
        #expect(try await world.store.release(runner.context.releaseID).state == .rolledBack)
        }
    }
}
