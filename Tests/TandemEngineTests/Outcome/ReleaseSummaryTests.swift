import Foundation
import TandemEngine
import TandemStore
import Testing
import TandemRelease

@Suite("One summary per release outcome")
struct ReleaseSummaryTests {
    let waiting = ReleaseSummary(releaseID: "r-1", outcome: .waiting(.init(name: "qa", requiredApprovals: 2, approvers: ["alice", "group:qa"], timedOut: false)))

    @Test("the headline is the same wherever the outcome is reported; what to do next depends on where the person acts")
    func waitingText() {
        #expect(waiting.headline == #"release r-1 stopped at checkpoint "qa": needs 2 approval(s) from alice, group:qa."#)
        let local = waiting.text(acting: .locally)
        let remote = waiting.text(acting: .server("https://t.example"))
        #expect(local.hasPrefix(waiting.headline + "\n") && remote.hasPrefix(waiting.headline + "\n"))
        #expect(local.contains("approve:  tandem approve r-1 --checkpoint qa --by <you>"))
        #expect(local.contains("continue: tandem release resume r-1"))
        #expect(remote.contains("approve:  tandem approve r-1 --checkpoint qa --server https://t.example   (or the Approve button on https://t.example/releases/r-1)"))
        #expect(waiting.fields(acting: .server("https://t.example")) == [
            "release": "r-1", "state": "waiting", "checkpoint": "qa", "server": "https://t.example",
            "approveCommand": "tandem approve r-1 --checkpoint qa --server https://t.example",
        ])
    }

    @Test("a timed-out wait and an approver-less checkpoint say so")
    func timedOut() {
        let summary = ReleaseSummary(releaseID: "r-1", outcome: .waiting(.init(name: "qa", requiredApprovals: 1, approvers: [], timedOut: true)))
        #expect(summary.headline == #"release r-1 is still waiting (--timeout passed) at checkpoint "qa": needs 1 approval(s) from anyone but the starter."#)
    }

    @Test("succeeded lists the changed services by name, or says nothing changed")
    func succeeded() {
        let changed = ReleaseSummary(releaseID: "r-2", outcome: .succeeded(changed: [.init(service: "backend", version: "2.0")]))
        #expect(changed.text(acting: .locally) == "release r-2 succeeded: backend 2.0")
        #expect(ReleaseSummary(releaseID: "r-2", outcome: .succeeded(changed: [])).headline == "release r-2 succeeded: nothing to change")
        #expect(changed.fields(acting: .locally) == ["release": "r-2", "state": "succeeded"])
    }

    @Test("a failed rollback lists failures and states, then what a person must do")
    func failed() {
        let summary = ReleaseSummary(releaseID: "r-3", outcome: .failed(reason: "stuck", failures: ["backend": "403"], states: ["backend": "Degraded"]))
        #expect(summary.text(acting: .locally) == """
            release r-3 FAILED and the rollback is incomplete: stuck
              backend: 403
              backend: Degraded
            A person must look: fix the services above (kubectl argo rollouts get rollout <name>), then run `tandem release abort r-3` to retry the rollback.
            """)
        #expect(summary.fields(acting: .locally) == ["release": "r-3", "state": "failed", "reason": "stuck"])
        #expect(ReleaseSummary(releaseID: "r-3", outcome: .rolledBack(reason: "rejected", states: [:])).headline == "release r-3 rolled back: rejected")
    }

    @Test("from the server's API view: nothing while the release runs; succeeded lists only the services with steps")
    func fromView() throws {
        #expect(ReleaseSummary(try ReleaseSummaryViewFixture.view(state: .running)) == nil)
        #expect(ReleaseSummary(try ReleaseSummaryViewFixture.view(state: .succeeded))?.headline == "release r-9 succeeded: backend 2.0")
    }
}

/// A `ReleaseStatusView` as the API sends it: backend changes, frontend is already on 2.0 (no steps).
private enum ReleaseSummaryViewFixture {
    static func view(state: ReleaseState) throws -> ReleaseStatusView {
        let json = """
            {"id": "r-9", "plan": "loan-app", "namespace": "legacy", "state": "\(state.rawValue)",
             "versions": {"backend": "2.0", "frontend": "2.0"}, "startedBy": "ci", "createdAt": "2026-12-02T10:00:00Z",
             "updatedAt": "2026-12-02T10:00:00Z", "planHash": "sha256:1",
             "steps": [{"ordinal": 0, "kind": "deploy", "service": "backend", "wave": 1, "state": "succeeded", "attempt": 1},
                       {"ordinal": 1, "kind": "collect-garbage", "state": "succeeded", "attempt": 1}],
             "checkpoints": []}
            """
        return try TandemJSON.decoder().decode(ReleaseStatusView.self, from: Data(json.utf8))
    }
}
