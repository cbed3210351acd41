import Testing
import TandemRelease

/// The strings the store keeps for these values are in every existing database: a renamed case
/// would make old releases unreadable, so each raw value is pinned here.
@Suite("Stored strings of the release vocabulary")
struct StoredStringsTests {
    @Test("step kinds keep the names existing databases hold")
    func stepKinds() {
        #expect(StepKind.allCases.map(\.rawValue) == [
            "deploy", "verify", "pin", "checkpoint", "promote", "repoint", "collect-garbage", "canary-step", "gitops-commit",
        ])
        #expect(StepKind(rawValue: "finalize") == nil)
    }

    @Test("release, step and checkpoint states keep their names")
    func states() {
        #expect(ReleaseState.allCases.map(\.rawValue) == ["running", "waiting", "rolling-back", "succeeded", "rolled-back", "failed"])
        #expect(StepState.allCases.map(\.rawValue) == ["pending", "running", "succeeded", "failed", "skipped"])
        #expect(CheckpointState.allCases.map(\.rawValue) == ["pending", "waiting", "approved", "rejected", "skipped"])
        #expect(Verdict.allCases.map(\.rawValue) == ["approve", "reject"])
    }

    @Test("event kinds keep the names existing audit trails hold, each once")
    func eventKinds() {
        let names = EventKind.allCases.map(\.rawValue)
        #expect(Set(names).count == names.count)
        #expect(Set(names) == [
            "release.started", "release.state", "release.driver", "release.abort-requested", "release.previous-versions",
            "release.skipped-service", "step.running", "step.succeeded", "step.failed", "step.blocked", "step.skipped", "steps.added",
            "checkpoint.waiting", "checkpoint.approval", "checkpoint.approved", "checkpoint.rejected", "checkpoint.gate",
            "gate.work-note", "gate.work-note-failed", "lock.acquired", "lock.taken-over", "lock.released",
            "pairing.report", "pairing.pinned", "pairing.collected", "rollback.action", "rollback.failed",
            "rollback.retried", "server.drive-failed",
        ])
        #expect("\(EventKind.pairingReport)" == "pairing.report")
    }
}
