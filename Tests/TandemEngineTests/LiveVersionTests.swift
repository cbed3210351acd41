import Testing
import TandemKubeModel
@testable import TandemEngine

/// "Already runs V" means the stable revision runs V and the Rollout is Healthy on it.
@Suite("LiveVersion")
struct LiveVersionTests {
    func replicaSet(hash: String, tag: String) -> ReplicaSet {
        ReplicaSet(["metadata": ["name": .string("my-backend-\(hash)"), "labels": ["rollouts-pod-template-hash": .string(hash)]],
                    "spec": ["template": ["spec": ["containers": [["name": "app", "image": .string("reg/interest:\(tag)")]]]]]])
    }

    func rollout(template tag: String, stable: String?, current: String, phase: String) -> Rollout {
        var status: JSON = ["currentPodHash": .string(current), "phase": .string(phase)]
        if let stable { status["stableRS"] = .string(stable) }
        return Rollout(["metadata": ["name": "my-backend"],
                        "spec": ["template": ["spec": ["containers": [["name": "app", "image": .string("reg/interest:\(tag)")]]]]],
                        "status": status])
    }

    @Test("a Rollout paused on a 2.0 preview runs its stable 1.0, not settled: 2.0 is not 'already running'")
    func pausedPreview() {
        let live = LiveVersion.of(rollout(template: "2.0", stable: "aaa", current: "bbb", phase: "Paused"),
                                  replicaSets: [replicaSet(hash: "aaa", tag: "1.0"), replicaSet(hash: "bbb", tag: "2.0")], container: "app")
        #expect(live == LiveVersion(stableTag: "1.0", isSettled: false))
        #expect(live.settledTag == nil)
    }

    @Test("Healthy on its stable revision: the stable ReplicaSet's tag")
    func healthy() {
        let live = LiveVersion.of(rollout(template: "2.0", stable: "bbb", current: "bbb", phase: "Healthy"),
                                  replicaSets: [replicaSet(hash: "aaa", tag: "1.0"), replicaSet(hash: "bbb", tag: "2.0")], container: "app")
        #expect(live.settledTag == "2.0")
    }

    @Test("no stable revision, or its ReplicaSet gone: nothing runs for sure")
    func unknown() {
        #expect(LiveVersion.of(rollout(template: "1.0", stable: nil, current: "aaa", phase: "Progressing"),
                               replicaSets: [replicaSet(hash: "aaa", tag: "1.0")], container: "app").stableTag == nil)
        #expect(LiveVersion.of(rollout(template: "1.0", stable: "zzz", current: "zzz", phase: "Healthy"),
                               replicaSets: [replicaSet(hash: "aaa", tag: "1.0")], container: "app").settledTag == nil)
    }
}

@Suite("Lock naming and the incomplete-rollback message")
struct LockNamingTests {
    @Test("both lock paths word a held Rollout the same way")
    func sharedWording() {
        #expect(LockHeldError.heldBy("r-1", "Rollout legacy/my-backend").description
                == "Rollout legacy/my-backend is held by release r-1: wait for it to finish (`tandem release status r-1`), or abort it with `tandem release abort r-1`")
        #expect(LockedRollout(namespace: "legacy", name: "my-backend").label == "Rollout legacy/my-backend")
    }

    @Test("Lease names stay within 253 characters and differ for different long names")
    func leaseNames() {
        #expect(LockedRollout(namespace: "n", name: "web").leaseName == "tandem-rollout-web")
        let a = LockedRollout(namespace: "n", name: String(repeating: "a", count: 250) + "x").leaseName
        let b = LockedRollout(namespace: "n", name: String(repeating: "a", count: 250) + "y").leaseName
        #expect(a.count <= 253 && b.count <= 253 && a != b)
    }

    @Test("a retried rollback keeps the original reason, not the previous failure")
    func incompleteRollbackReason() {
        let message = IncompleteRollback.message(reason: "checkpoint \"qa\" was rejected", failures: ["backend": "403", "frontend": "403"])
        #expect(message == "checkpoint \"qa\" was rejected; rollback incomplete: backend: 403; frontend: 403")
        #expect(IncompleteRollback.reason(from: message) == "checkpoint \"qa\" was rejected")
        #expect(IncompleteRollback.reason(from: "aborted") == "aborted")
    }
}
