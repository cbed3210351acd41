import Foundation
import Testing
import TandemKubeModel
@testable import TandemSim

@Suite("Blue/green edges")
struct BlueGreenEdgeTests {
    @Test("without a preview Service the update still pauses and promotes")
    func noPreviewService() async throws {
        let f = try ControllerFixture()
        try await f.createBlueGreen(blueGreen: ["autoPromotionEnabled": false, "previewService": ""])
        await f.settle()
        await f.advance(seconds: 1)
        #expect(try await f.status().phase == "Healthy")
        let v2 = try await f.pausedUpdate("shop/web:2.0")
        try await f.promote()
        await f.settle()
        #expect(try await f.status().phase == "Healthy")
        #expect(try await f.serviceHash("web-active") == v2)
    }

    @Test("a Service managed by another Rollout makes this one InvalidSpec")
    func serviceManagedByAnother() async throws {
        let f = try ControllerFixture()
        try await f.createService("web-active")
        try await f.createService("web-preview")
        _ = try await f.store.modify(.services, namespace: f.namespace, name: "web-active") { svc in
            var copy = svc
            copy.setAnnotation("argo-rollouts.argoproj.io/managed-by-rollouts", "other")
            return copy
        }
        try await f.createBlueGreen(services: false)
        await f.settle()
        #expect(try await f.status().message == "InvalidSpec: The Rollout \"web\" is invalid: spec.strategy.blueGreen.activeService: Invalid value: \"web-active\": Service \"web-active\" is managed by another Rollout")
    }

    @Test("a Service selector key the template labels do not match is InvalidSpec")
    func serviceSelectorMismatch() async throws {
        let f = try ControllerFixture()
        try await f.createService("web-active", selector: ["tier": "front"])
        try await f.createService("web-preview")
        try await f.createBlueGreen(services: false)
        await f.settle()
        #expect(try await f.status().message?.hasSuffix("Service \"web-active\" has unmatch label \"tier\" in rollout") == true)
    }

    @Test("a new template before promotion moves preview to the newest RS and scales the skipped one down")
    func newTemplateWhilePaused() async throws {
        let f = try ControllerFixture()
        let v1 = try await f.healthyBlueGreen()
        let v2 = try await f.pausedUpdate("shop/web:2.0")
        let v3 = try await f.pausedUpdate("shop/web:3.0")
        #expect(try await f.serviceHash("web-preview") == v3)
        #expect(try await f.serviceHash("web-active") == v1)
        #expect(try await f.replicaSet(hash: v2).annotations["scale-down-deadline"] != nil)
        await f.advance(seconds: 31)
        #expect(try await f.replicaSet(hash: v2)[path: ["spec", "replicas"]].intValue == 0)
        #expect(try await f.replicaSet(hash: v1)[path: ["spec", "replicas"]].intValue == 1)
        #expect(try await f.replicaSet(hash: v3).annotations["rollout.argoproj.io/revision"] == "3")
    }

    @Test("status writes go through the status subresource and never bump generation")
    func generationStable() async throws {
        let f = try ControllerFixture()
        _ = try await f.healthyBlueGreen()
        #expect(try await f.rollout().generation == 1)
        _ = try await f.pausedUpdate("shop/web:2.0")
        try await f.promote()
        await f.settle()
        let rollout = try await f.rollout()
        #expect(rollout.generation == 2)
        #expect(rollout["status"]["observedGeneration"].stringValue == "2")
        #expect(rollout.annotations["rollout.argoproj.io/revision"] == "2")
    }
}
