import Foundation
import Testing
import TandemKubeModel
@testable import TandemSim

/// The canary behaviour lockstep canary groups step on (issue #14 item 6): steps
/// 20 → pause → 50 → pause → 100 with 5 replicas, each behaviour checked against Argo's controller.
@Suite("Basic canary: the steps a lockstep group moves through")
struct CanaryStepBarrierTests {
    static let steps: JSON = [["setWeight": 20], ["pause": [:]], ["setWeight": 50], ["pause": [:]], ["setWeight": 100]]

    /// A Healthy canary at 1.0 updated to 2.0; returns (stable hash, canary hash).
    func updated(_ f: ControllerFixture) async throws -> (String, String) {
        try await f.createService("web-canary")
        try await f.createService("web-stable")
        try await f.createRollout("web", spec: [
            "replicas": 5, "selector": ["matchLabels": ["app": "web"]],
            "template": ControllerFixture.template(image: "shop/web:1.0"),
            "strategy": ["canary": ["canaryService": "web-canary", "stableService": "web-stable", "steps": Self.steps]],
        ])
        await f.settle()
        await f.advance(seconds: 1)
        let v1 = try #require(try await f.status()["stableRS"].stringValue)
        try await f.setImage("shop/web:2.0")
        await f.settle()
        await f.advance(seconds: 1)
        let v2 = try #require(try await f.status()["currentPodHash"].stringValue)
        #expect(v1 != v2)
        return (v1, v2)
    }

    func replicas(_ f: ControllerFixture, _ hash: String) async throws -> Int? {
        try await f.replicaSet(hash: hash)[path: ["spec", "replicas"]].intValue
    }

    // rollout/canary.go completedCurrentCanaryStep + utils/replicaset/canary.go
    // CalculateReplicaCountsForBasicCanary; pause conditions from rollout/pause.go AddPauseCondition.
    @Test("an update stops at the first pause: index 1, CanaryPauseStep, controllerPause, 1 canary + 4 stable pods")
    func pausesAtFirstPause() async throws {
        let f = try ControllerFixture()
        let (v1, v2) = try await updated(f)
        let status = try await f.status()
        #expect(status["currentStepIndex"].intValue == 1)
        #expect(status["pauseConditions"].arrayValue?.map { $0["reason"].stringValue } == ["CanaryPauseStep"])
        #expect(status["controllerPause"].boolValue == true)
        #expect(status.phase == "Paused")
        #expect(status["stableRS"].stringValue == v1)
        #expect(try await replicas(f, v2) == 1)
        #expect(try await replicas(f, v1) == 4)
    }

    // rollout/trafficrouting.go reconcileTrafficRouting: without a traffic router
    // `c.newStatus.Canary.Weights = nil`, so basic canary never has status.canary.weights.
    @Test("basic canary writes no status.canary.weights at any step")
    func noWeightsWithoutTrafficRouting() async throws {
        let f = try ControllerFixture()
        _ = try await updated(f)
        #expect(try await f.status()["canary"] == .emptyObject)
        try await f.promote()
        await f.advance(seconds: 1)
        #expect(try await f.status()["canary"] == .emptyObject)
    }

    // rollout/service.go reconcileStableAndCanaryService: stableService → stableRS, canaryService → newRS.
    @Test("the canary Service reaches only canary pods and the stable Service only stable pods")
    func servicesPinned() async throws {
        let f = try ControllerFixture()
        let (v1, v2) = try await updated(f)
        #expect(try await f.serviceHash("web-canary") == v2)
        #expect(try await f.serviceHash("web-stable") == v1)
        for _ in 0..<8 {
            #expect(try await f.ask("web-canary")["version"] == "2.0")
            #expect(try await f.ask("web-stable")["version"] == "1.0")
        }
    }

    // pkg/kubectl-argo-rollouts/cmd/promote getPatches (default: clear pauseConditions) and
    // rollout/pause.go CompletedCanaryPauseStep (controllerPause && no condition → step done).
    @Test("promote moves exactly one pause: to index 3 at weight 50, then to the end and stable")
    func promoteStepByStep() async throws {
        let f = try ControllerFixture()
        let (v1, v2) = try await updated(f)
        try await f.promote()
        await f.advance(seconds: 1)    // the two new pods start
        await f.advance(seconds: 1)    // and are ready: setWeight 50 done, pause at index 3
        var status = try await f.status()
        #expect(status["currentStepIndex"].intValue == 3)
        #expect(status["pauseConditions"].arrayValue?.count == 1)
        #expect(try await replicas(f, v2) == 3)
        #expect(try await replicas(f, v1) == 3)
        #expect(status["stableRS"].stringValue == v1)

        try await f.promote()
        await f.advance(seconds: 1)
        await f.advance(seconds: 1)
        status = try await f.status()
        #expect(status["currentStepIndex"].intValue == 5)
        #expect(status.phase == "Healthy")
        #expect(status["stableRS"].stringValue == v2)
        #expect(status["pauseConditions"].isNull)
        #expect(status["controllerPause"].isNull)
        #expect(try await replicas(f, v2) == 5)
        #expect(try await replicas(f, v1) == 0)
        #expect(try await f.serviceHash("web-stable") == v2)
    }

    // `kubectl argo rollouts promote --skip-current-step` patches only status.currentStepIndex
    // (getPatches); the controller continues from the index it finds (GetCurrentCanaryStep), and
    // the pause step there is not completed while its CanaryPauseStep condition stands.
    @Test("a status patch of currentStepIndex jumps to that step")
    func skipToStep() async throws {
        let f = try ControllerFixture()
        let (_, v2) = try await updated(f)
        try await f.patch(["status": ["currentStepIndex": 3]], status: true)
        await f.advance(seconds: 1)
        let status = try await f.status()
        #expect(status["currentStepIndex"].intValue == 3)
        #expect(status.phase == "Paused")
        #expect(try await replicas(f, v2) == 3)
    }

    // rollout/canary.go syncRolloutStatusCanary (aborted: index 0) and service.go (aborted
    // without traffic routing: canaryService → stableRS); CalculateReplicaCountsForBasicCanary at weight 0.
    @Test("abort at weight 50: canary to 0 pods, index 0, canary Service back on stable, Degraded")
    func abortAtSecondPause() async throws {
        let f = try ControllerFixture()
        let (v1, v2) = try await updated(f)
        try await f.promote()
        await f.advance(seconds: 1)
        await f.advance(seconds: 1)
        #expect(try await replicas(f, v2) == 3)
        try await f.patch(["status": ["abort": true]], status: true)
        await f.advance(seconds: 1)
        let status = try await f.status()
        #expect(status.phase == "Degraded")
        #expect(status["currentStepIndex"].intValue == 0)
        #expect(status["pauseConditions"].isNull)
        #expect(status["abortedAt"].stringValue != nil)
        #expect(try await replicas(f, v2) == 0)
        #expect(try await replicas(f, v1) == 5)
        #expect(try await f.serviceHash("web-canary") == v1)
        #expect(try await f.ask("web-canary")["version"] == "1.0")
    }

    // `promote --full` sets status.promoteFull; syncRolloutStatusCanary jumps to len(steps).
    @Test("promoteFull from the first pause goes straight to 100 % and Healthy")
    func promoteFullFromFirstPause() async throws {
        let f = try ControllerFixture()
        let (v1, v2) = try await updated(f)
        try await f.patch(["status": ["promoteFull": true]], status: true)
        await f.advance(seconds: 1)
        await f.advance(seconds: 1)
        let status = try await f.status()
        #expect(status.phase == "Healthy")
        #expect(status["currentStepIndex"].intValue == 5)
        #expect(status["promoteFull"].isNull)
        #expect(try await replicas(f, v2) == 5)
        #expect(try await replicas(f, v1) == 0)
    }
}
