import Foundation
import Testing
import TandemKubeModel
@testable import TandemSim

/// The controller records Kubernetes Events on the Rollout with Argo's reasons and messages
/// (argo-rollouts utils/conditions/conditions.go NewReplicaSetDetailedMessage,
/// ScalingReplicaSetMessage, RolloutUpdatedMessage, RolloutCompletedMessage,
/// RolloutNotCompletedMessage, RolloutPausedMessage; rollout/service.go "Switched selector for
/// service …"; rollout/sync.go setRolloutRevision, promoteStable and sendStateChangeEvents).
@Suite("Rollout Kubernetes Events")
struct RolloutEventsTests {
    @Test("a blue-green release records NewReplicaSetCreated, ScalingReplicaSet and SwitchService on the Rollout")
    func blueGreenReleaseRecordsEvents() async throws {
        let f = try ControllerFixture()
        let v1 = try await f.healthyBlueGreen()
        let v2 = try await f.pausedUpdate("shop/web:2.0")
        try await f.promote()
        await f.settle()
        await f.advance(seconds: 31)
        let events = await f.store.list(.events, namespace: f.namespace).items
        let messages = events.compactMap { $0["message"].stringValue }
        #expect(messages.contains("Created ReplicaSet web-\(v1) (revision 1)"))
        #expect(messages.contains("Created ReplicaSet web-\(v2) (revision 2)"))
        #expect(messages.contains("Scaled up ReplicaSet web-\(v2) (revision 2) from 0 to 1"))
        #expect(messages.contains("Scaled down ReplicaSet web-\(v1) (revision 1) from 1 to 0"))
        #expect(messages.contains("Switched selector for service 'web-active' from '\(v1)' to '\(v2)'"))
        let switched = try #require(events.first { $0["reason"] == "SwitchService" })
        #expect(switched["involvedObject"]["kind"] == "Rollout")
        #expect(switched["involvedObject"]["name"] == "web")
        #expect(switched["type"] == "Normal")
        #expect(switched["source"]["component"] == "rollouts-controller")
        #expect(messages.contains("Rollout updated to revision 1"))
        #expect(messages.contains("Rollout updated to revision 2"))
        #expect(messages.contains("Rollout completed update to revision 1 (\(v1)): Initial deploy"))
        #expect(messages.contains("Rollout not completed, started update to revision 2 (\(v2))"))
        #expect(messages.contains("Rollout is paused (BlueGreenPause)"))
        #expect(messages.contains("Rollout completed update to revision 2 (\(v2)): Completed blue-green update"))
        // `kubectl argo rollouts promote` clears the pause itself, so the controller sees no
        // paused → resumed transition and records no RolloutResumed (as Argo's sendStateChangeEvents).
        #expect(Set(events.compactMap { $0["reason"].stringValue }) == ["NewReplicaSetCreated", "ScalingReplicaSet", "SwitchService",
                                                                         "RolloutUpdated", "RolloutCompleted", "RolloutNotCompleted",
                                                                         "RolloutPaused"])
    }

    @Test("auto-promotion after autoPromotionSeconds records RolloutResumed; an abort records a Warning RolloutAborted")
    func resumedAndAborted() async throws {
        let f = try ControllerFixture()
        _ = try await f.healthyBlueGreen(blueGreen: ["autoPromotionSeconds": 10])
        _ = try await f.pausedUpdate("shop/web:2.0")
        await f.advance(seconds: 11)
        var events = await f.store.list(.events, namespace: f.namespace).items
        #expect(events.contains { $0["reason"] == "RolloutResumed" && $0["message"] == "Rollout is resumed" })
        _ = try await f.pausedUpdate("shop/web:3.0")
        try await f.patch(["status": ["abort": true]], status: true)
        await f.settle()
        events = await f.store.list(.events, namespace: f.namespace).items
        let aborted = try #require(events.first { $0["reason"] == "RolloutAborted" })
        #expect(aborted["type"] == "Warning")
        #expect(aborted["message"] == "Rollout aborted update to revision 3")
        // The abort cleared the BlueGreenPause, which is not a resume (sendStateChangeEvents checks abortedAt).
        #expect(events.filter { $0["reason"] == "RolloutResumed" }.count == 1)
    }
}
