import Foundation
import Testing
import TandemKubeModel
@testable import TandemSim

@Suite("Blue/green pauses, deadlines, validation, history")
struct BlueGreenPauseAndDeadlineTests {
    @Test("autoPromotionSeconds pauses, then resumes by itself after the delay")
    func autoPromotionSeconds() async throws {
        let f = try ControllerFixture()
        _ = try await f.healthyBlueGreen(blueGreen: ["autoPromotionSeconds": 20])
        let v2 = try await f.pausedUpdate("shop/web:2.0")
        await f.advance(seconds: 15)
        #expect(try await f.status().phase == "Paused")
        await f.advance(seconds: 7)
        let status = try await f.status()
        #expect(status.phase == "Healthy")
        #expect(try await f.serviceHash("web-active") == v2)
    }

    @Test("autoPromotionEnabled (default) without seconds switches as soon as the new RS is ready")
    func autoPromotionDefault() async throws {
        let f = try ControllerFixture()
        _ = try await f.healthyBlueGreen(blueGreen: [:])
        try await f.setImage("shop/web:2.0")
        await f.settle()
        await f.advance(seconds: 1)
        let status = try await f.status()
        #expect(status.phase == "Healthy")
        #expect(status["stableRS"] == status["currentPodHash"])
    }

    @Test("spec.paused holds the update: Paused 'manually paused', no preview switch until resumed")
    func manualPause() async throws {
        let f = try ControllerFixture()
        let v1 = try await f.healthyBlueGreen(blueGreen: [:])
        try await f.patch(["spec": ["paused": true]])
        await f.settle()
        var status = try await f.status()
        #expect(status.phase == "Paused")
        #expect(status.message == "manually paused")
        #expect(status.condition("Paused")?["status"].stringValue == "True")
        try await f.setImage("shop/web:2.0")
        await f.settle()
        await f.advance(seconds: 1)
        status = try await f.status()
        #expect(status.phase == "Paused")
        #expect(try await f.serviceHash("web-preview") == v1)
        #expect(try await f.serviceHash("web-active") == v1)
        try await f.promote()
        await f.settle()
        await f.advance(seconds: 1)
        status = try await f.status()
        #expect(status.phase == "Healthy")
        #expect(try await f.serviceHash("web-active") == status["currentPodHash"].stringValue)
    }

    @Test("previewReplicaCount runs the preview small, then scales up before the switch")
    func previewReplicaCount() async throws {
        let f = try ControllerFixture()
        _ = try await f.healthyBlueGreen(replicas: 3, blueGreen: ["autoPromotionEnabled": false, "previewReplicaCount": 1])
        let v2 = try await f.pausedUpdate("shop/web:2.0")
        #expect(try await f.replicaSet(hash: v2)[path: ["spec", "replicas"]].intValue == 1)
        try await f.promote()
        await f.settle()
        #expect(try await f.replicaSet(hash: v2)[path: ["spec", "replicas"]].intValue == 3)
        await f.advance(seconds: 1)
        let status = try await f.status()
        #expect(status.phase == "Healthy")
        #expect(try await f.serviceHash("web-active") == v2)
    }

    @Test("a rollout whose pods never get ready exceeds its progress deadline")
    func progressDeadline() async throws {
        let f = try ControllerFixture()
        _ = try await f.healthyBlueGreen(extraSpec: ["progressDeadlineSeconds": 60])
        try await f.setImage("shop/web:2.0-crashloop")
        await f.settle()
        await f.advance(seconds: 50)
        #expect(try await f.status().phase == "Progressing")
        await f.advance(seconds: 15)
        let status = try await f.status()
        let hash = status["currentPodHash"].stringValue ?? ""
        #expect(status.phase == "Degraded")
        #expect(status.message == "ProgressDeadlineExceeded: ReplicaSet \"web-\(hash)\" has timed out progressing.")
        #expect(status["abort"].isNull)
    }

    @Test("progressDeadlineAbort aborts when the deadline is exceeded")
    func progressDeadlineAbort() async throws {
        let f = try ControllerFixture()
        let v1 = try await f.healthyBlueGreen(extraSpec: ["progressDeadlineSeconds": 60, "progressDeadlineAbort": true])
        try await f.setImage("shop/web:2.0-crashloop")
        await f.settle()
        await f.advance(seconds: 65)
        let status = try await f.status()
        let hash = status["currentPodHash"].stringValue ?? ""
        #expect(status["abort"].boolValue == true)
        #expect(status.phase == "Degraded")
        #expect(status.message == "RolloutAborted: Rollout aborted update to revision 2: ReplicaSet \"web-\(hash)\" has timed out progressing.")
        #expect(try await f.serviceHash("web-active") == v1)
    }

    @Test("a paused rollout never times out")
    func pausedDoesNotTimeOut() async throws {
        let f = try ControllerFixture()
        _ = try await f.healthyBlueGreen(extraSpec: ["progressDeadlineSeconds": 30])
        _ = try await f.pausedUpdate("shop/web:2.0")
        await f.advance(seconds: 120)
        #expect(try await f.status().phase == "Paused")
    }

    @Test("a missing active Service makes the rollout InvalidSpec", arguments: [
        ("missing", "The Rollout \"web\" is invalid: spec.strategy.blueGreen.activeService: Invalid value: \"web-active\": services \"web-active\" not found"),
    ])
    func invalidSpecMissingService(_ name: String, _ expected: String) async throws {
        let f = try ControllerFixture()
        try await f.createBlueGreen(services: false)
        await f.settle()
        let status = try await f.status()
        #expect(status.phase == "Degraded")
        #expect(status.message == "InvalidSpec: \(expected)")
        #expect(status.condition("InvalidSpec")?["status"].stringValue == "True")
        #expect(await f.replicaSets().isEmpty)
        try await f.createService("web-active")
        try await f.createService("web-preview")
        await f.settle()
        #expect(try await f.status().condition("InvalidSpec") == nil)
        #expect(await f.replicaSets().count == 1)
    }

    @Test("the same Service as active and preview is InvalidSpec")
    func sameServices() async throws {
        let f = try ControllerFixture()
        try await f.createService("web-active")
        try await f.createBlueGreen(blueGreen: ["activeService": "web-active", "previewService": "web-active"], services: false)
        await f.settle()
        #expect(try await f.status().message == "InvalidSpec: The Rollout \"web\" is invalid: spec.strategy.blueGreen.activeService: Invalid value: \"web-active\": This rollout uses the same service for the active and preview services, but two different services are required.")
    }

    @Test("both strategies, or none, is InvalidSpec", arguments: [
        (["blueGreen": ["activeService": "a"], "canary": [:]] as JSON, "Multiple Strategies can not be listed"),
        (JSON.emptyObject, "Rollout has missing field '.spec.strategy.canary or .spec.strategy.blueGreen'"),
    ])
    func strategies(_ strategy: JSON, _ fragment: String) async throws {
        let f = try ControllerFixture()
        try await f.createRollout("web", spec: [
            "replicas": 1, "selector": ["matchLabels": ["app": "web"]],
            "template": ControllerFixture.template(image: "shop/web:1.0"), "strategy": strategy,
        ])
        await f.settle()
        let status = try await f.status()
        #expect(status.phase == "Degraded")
        #expect(status.message?.contains(fragment) == true)
    }

    @Test("revisionHistoryLimit deletes the oldest scaled-down ReplicaSets")
    func revisionHistory() async throws {
        let f = try ControllerFixture()
        _ = try await f.healthyBlueGreen(blueGreen: ["scaleDownDelaySeconds": 1], extraSpec: ["revisionHistoryLimit": 1])
        for version in ["2.0", "3.0", "4.0"] {
            try await f.setImage("shop/web:\(version)")
            await f.settle()
            await f.advance(seconds: 1)
            await f.advance(seconds: 2)
        }
        let revisions = await f.replicaSets().map { $0.annotations["rollout.argoproj.io/revision"] ?? "" }
        #expect(revisions == ["3", "4"])
    }
}
