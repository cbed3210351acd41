import Foundation
import Testing
import TandemKubeModel
@testable import TandemSim

/// The controller records Kubernetes Events on the Rollout with Argo's reasons and messages
/// (argo-rollouts utils/conditions/conditions.go NewReplicaSetDetailedMessage and
/// ScalingReplicaSetMessage, rollout/service.go "Switched selector for service …").
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
        // Since the emulation records Argo's lifecycle events too (RolloutEvents.swift): the update, its pause,
        // completion, and "not completed" when the second revision starts.
        #expect(Set(events.compactMap { $0["reason"].stringValue }) == [
            "NewReplicaSetCreated", "ScalingReplicaSet", "SwitchService",
            "RolloutUpdated", "RolloutPaused", "RolloutCompleted", "RolloutNotCompleted",
        ])
    }
}
