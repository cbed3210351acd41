import Foundation
import Testing
import TandemKubeModel
@testable import TandemSim

/// Old ReplicaSets of a canary without traffic routing: Argo's `scaleDownOldReplicaSetsForCanary`
/// (rollout/canary.go) honours `scaleDownDelaySeconds` / `scaleDownDelayRevisionLimit`
/// (`scaleDownDelayHelper`) only when `trafficRouting` is set; for a basic canary "we must scale
/// down all other ReplicaSets because existence of those pods will cause traffic to be served by
/// them", so the previous stable and any intermediate revision go to 0 without a
/// `scale-down-deadline` annotation, whatever the delay says.
@Suite("Canary scale-down of old ReplicaSets (no traffic routing)")
struct CanaryScaleDownTests {
    private func createCanary(_ f: ControllerFixture) async throws {
        try await f.createService("web-canary")
        try await f.createService("web-stable")
        try await f.createRollout("web", spec: [
            "replicas": 2, "selector": ["matchLabels": ["app": "web"]],
            "template": ControllerFixture.template(image: "shop/web:1.0"),
            "strategy": ["canary": ["canaryService": "web-canary", "stableService": "web-stable",
                                    "scaleDownDelaySeconds": 600, "scaleDownDelayRevisionLimit": 2,
                                    "steps": [["setWeight": 50], ["pause": [:]]]]],
        ])
        await f.settle()
        await f.advance(seconds: 1)
    }

    @Test("the previous stable goes to 0 as soon as the update is promoted, scaleDownDelaySeconds notwithstanding")
    func previousStableScaledDownAtOnce() async throws {
        let f = try ControllerFixture()
        try await createCanary(f)
        let v1 = try #require(try await f.status()["stableRS"].stringValue)
        let v2 = try await f.pausedUpdate("shop/web:2.0")
        try await f.promote()
        await f.settle()
        await f.advance(seconds: 1)    // the new pods are Ready: promoted
        let status = try await f.status()
        #expect(status["stableRS"].stringValue == v2)
        #expect(status.phase == "Healthy")
        let old = try await f.replicaSet(hash: v1)
        #expect(old[path: ["spec", "replicas"]].intValue == 0)
        #expect(old.annotations[ArgoKeys.scaleDownDeadline] == nil)
        #expect(await f.pods(hash: v1).isEmpty)
    }

    @Test("an intermediate revision (v2 replaced by v3 mid-update) goes to 0 at once; the stable keeps its share")
    func intermediateScaledDownAtOnce() async throws {
        let f = try ControllerFixture()
        try await createCanary(f)
        let v1 = try #require(try await f.status()["stableRS"].stringValue)
        let v2 = try await f.pausedUpdate("shop/web:2.0")
        #expect(try await f.replicaSet(hash: v2)[path: ["spec", "replicas"]].intValue == 1)
        let v3 = try await f.pausedUpdate("shop/web:3.0")
        let intermediate = try await f.replicaSet(hash: v2)
        #expect(intermediate[path: ["spec", "replicas"]].intValue == 0)
        #expect(intermediate.annotations[ArgoKeys.scaleDownDeadline] == nil)
        #expect(try await f.replicaSet(hash: v3)[path: ["spec", "replicas"]].intValue == 1)
        #expect(try await f.replicaSet(hash: v1)[path: ["spec", "replicas"]].intValue == 1)
        #expect(try await f.serviceHash("web-stable") == v1)
    }
}
