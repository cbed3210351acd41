import Testing
@testable import TandemEngine
import TandemKube
import TandemKubeModel

/// The progress line of a waiting step is made of what the cluster reported, nothing else.
@Suite("Progress lines of waiting steps")
struct WaitProgressTests {
    static let rollout = Rollout([
        "metadata": ["name": "my-backend", "namespace": "legacy", "generation": 2],
        "spec": ["replicas": 2],
        "status": ["phase": "Progressing", "message": "more replicas need to be updated", "observedGeneration": "2",
                   "updatedReplicas": 1, "currentPodHash": "abc", "stableRS": "old"],
    ])

    @Test("pods of the new ReplicaSet, the Rollout's phase, time waited and the deadline")
    func lineFromTheCluster() {
        let line = WaitProgress.line("the preview", rollout: Self.rollout, newPods: (1, 2), elapsed: .seconds(35), total: .milliseconds(599_800))
        #expect(line.hasPrefix("waiting for the preview: 1/2 new pods ready, phase "), "\(line)")
        #expect(line.contains(Self.rollout.settledPhase.phase.rawValue))
        #expect(line.hasSuffix("(35 s of 600 s)"), "\(line)")
    }

    @Test("without the new ReplicaSet, the Rollout's own count of updated pods; without the Rollout, says it could not be read")
    func fallbacks() {
        let updated = WaitProgress.line("the promotion", rollout: Self.rollout, newPods: nil, elapsed: .seconds(10), total: .seconds(60))
        #expect(updated.hasPrefix("waiting for the promotion: 1/2 pods updated, phase "), "\(updated)")
        let unreadable = WaitProgress.line("the preview", rollout: nil, newPods: nil, elapsed: .seconds(10), total: .seconds(60))
        #expect(unreadable == "waiting for the preview: the Rollout cannot be read right now (10 s of 60 s)")
    }

    @Test("each Rollout wait is named for what it waits for")
    func purposes() {
        #expect(RolloutWaits.purpose(of: RolloutWaits.previewReady) == "the preview")
        #expect(RolloutWaits.purpose(of: RolloutWaits.promoted("abc")) == "the promotion")
        #expect(RolloutWaits.purpose(of: RolloutWaits.settled(on: "abc")) == "the rollback")
    }
}
