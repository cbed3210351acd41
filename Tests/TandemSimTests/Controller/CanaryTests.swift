import Foundation
import Testing
import TandemKubeModel
@testable import TandemSim

@Suite("Basic canary")
struct CanaryTests {
    static let steps: JSON = [["setWeight": 25], ["pause": [:]], ["setWeight": 50], ["pause": ["duration": "30s"]]]

    func createCanary(_ f: ControllerFixture, steps: JSON = CanaryTests.steps) async throws {
        try await f.createService("web-canary")
        try await f.createService("web-stable")
        try await f.createRollout("web", spec: [
            "replicas": 4, "selector": ["matchLabels": ["app": "web"]],
            "template": ControllerFixture.template(image: "shop/web:1.0"),
            "strategy": ["canary": ["canaryService": "web-canary", "stableService": "web-stable", "steps": steps]],
        ])
        await f.settle()
        await f.advance(seconds: 1)
    }

    @Test("initial deploy skips the steps and is Healthy at index len(steps)")
    func initialDeploy() async throws {
        let f = try ControllerFixture()
        try await createCanary(f)
        let status = try await f.status()
        let hash = status["currentPodHash"].stringValue
        #expect(status.phase == "Healthy")
        #expect(status["currentStepIndex"].intValue == 4)
        #expect(status["stableRS"].stringValue == hash)
        #expect(status["currentStepHash"].stringValue == PodTemplateHash.steps(CanaryTests.steps))
        #expect(status["selector"].stringValue == "app=web")
        #expect(try await f.serviceHash("web-stable") == hash)
        #expect(try await f.serviceHash("web-canary") == hash)
    }

    @Test("setWeight splits replicas, a pause step waits for promotion, a timed pause resumes by itself")
    func steps() async throws {
        let f = try ControllerFixture()
        try await createCanary(f)
        let v1 = try #require(try await f.status()["stableRS"].stringValue)
        try await f.setImage("shop/web:2.0")
        await f.settle()
        await f.advance(seconds: 1)
        var status = try await f.status()
        let v2 = try #require(status["currentPodHash"].stringValue)
        #expect(status.phase == "Paused")
        #expect(status.message == "CanaryPauseStep")
        #expect(status["currentStepIndex"].intValue == 1)
        #expect(try await f.replicaSet(hash: v2)[path: ["spec", "replicas"]].intValue == 1)
        #expect(try await f.replicaSet(hash: v1)[path: ["spec", "replicas"]].intValue == 3)
        #expect(try await f.serviceHash("web-canary") == v2)
        #expect(try await f.serviceHash("web-stable") == v1)

        try await f.promote()
        await f.settle()
        await f.advance(seconds: 1)
        status = try await f.status()
        #expect(status["currentStepIndex"].intValue == 3)
        #expect(status.phase == "Paused")
        #expect(try await f.replicaSet(hash: v2)[path: ["spec", "replicas"]].intValue == 2)
        #expect(try await f.replicaSet(hash: v1)[path: ["spec", "replicas"]].intValue == 2)

        await f.advance(seconds: 32)
        await f.advance(seconds: 1)
        status = try await f.status()
        #expect(status["currentStepIndex"].intValue == 4)
        #expect(status.phase == "Healthy")
        #expect(status["stableRS"].stringValue == v2)
        #expect(try await f.serviceHash("web-stable") == v2)
        #expect(try await f.replicaSet(hash: v1)[path: ["spec", "replicas"]].intValue == 0)
    }

    @Test("promoteFull finishes every step at once")
    func promoteFull() async throws {
        let f = try ControllerFixture()
        try await createCanary(f)
        try await f.setImage("shop/web:2.0")
        await f.settle()
        await f.advance(seconds: 1)
        try await f.patch(["status": ["promoteFull": true]], status: true)
        await f.settle()
        await f.advance(seconds: 1)
        let status = try await f.status()
        #expect(status.phase == "Healthy")
        #expect(status["currentStepIndex"].intValue == 4)
        #expect(status["stableRS"] == status["currentPodHash"])
    }

    @Test("abort sends the canary weight to 0 and points the canary Service at stable")
    func abort() async throws {
        let f = try ControllerFixture()
        try await createCanary(f)
        let v1 = try #require(try await f.status()["stableRS"].stringValue)
        try await f.setImage("shop/web:2.0")
        await f.settle()
        await f.advance(seconds: 1)
        let v2 = try #require(try await f.status()["currentPodHash"].stringValue)
        try await f.patch(["status": ["abort": true]], status: true)
        await f.settle()
        await f.advance(seconds: 1)
        let status = try await f.status()
        #expect(status.phase == "Degraded")
        #expect(status.message == "RolloutAborted: Rollout aborted update to revision 2")
        #expect(status["currentStepIndex"].intValue == 0)
        #expect(try await f.replicaSet(hash: v2)[path: ["spec", "replicas"]].intValue == 0)
        #expect(try await f.replicaSet(hash: v1)[path: ["spec", "replicas"]].intValue == 4)
        #expect(try await f.serviceHash("web-canary") == v1)
    }

    @Test("replica split is ceil(replicas × weight / 100)", arguments: [(4, 25, 1), (3, 50, 2), (10, 33, 4), (5, 0, 0), (5, 100, 5)])
    func split(_ replicas: Int, _ weight: Int, _ expected: Int) {
        #expect(CanaryReconciler.share(replicas, weight) == expected)
    }

    @Test("the current weight is the last setWeight at or before the step index")
    func currentWeight() {
        let steps = CanaryTests.steps.arrayValue!
        #expect(CanaryReconciler.currentWeight(steps, index: 0) == 25)
        #expect(CanaryReconciler.currentWeight(steps, index: 1) == 25)
        #expect(CanaryReconciler.currentWeight(steps, index: 3) == 50)
    }

    @Test("a canary without steps replaces the stable RS as soon as the new one is available")
    func noSteps() async throws {
        let f = try ControllerFixture()
        try await createCanary(f, steps: [])
        let v1 = try #require(try await f.status()["stableRS"].stringValue)
        #expect(try await f.status()["currentStepIndex"].isNull)
        try await f.setImage("shop/web:2.0")
        await f.settle()
        await f.advance(seconds: 1)
        let status = try await f.status()
        #expect(status.phase == "Healthy")
        #expect(status["stableRS"] == status["currentPodHash"])
        #expect(try await f.replicaSet(hash: v1)[path: ["spec", "replicas"]].intValue == 0)
    }

    @Test("spec.paused holds canary scaling and steps until resumed")
    func manualPause() async throws {
        let f = try ControllerFixture()
        try await createCanary(f)
        try await f.patch(["spec": ["paused": true]])
        try await f.setImage("shop/web:2.0")
        await f.settle()
        await f.advance(seconds: 1)
        var status = try await f.status()
        let v2 = try #require(status["currentPodHash"].stringValue)
        #expect(status.message == "manually paused")
        #expect(try await f.replicaSet(hash: v2)[path: ["spec", "replicas"]].intValue == 0)
        try await f.patch(["spec": ["paused": false]])
        await f.settle()
        await f.advance(seconds: 1)
        status = try await f.status()
        #expect(status.message == "CanaryPauseStep")
        #expect(try await f.replicaSet(hash: v2)[path: ["spec", "replicas"]].intValue == 1)
    }
}
