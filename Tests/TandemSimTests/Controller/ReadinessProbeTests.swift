import Foundation
import Testing
import TandemKubeModel
@testable import TandemSim

/// Pods become Ready when their readiness probe allows, not after one global delay, so a pod slower
/// than progressDeadlineSeconds makes the Rollout Degraded (ProgressDeadlineExceeded) and it recovers
/// once the pods are ready — the argo-rollouts e2e tests TestBlueGreenProgressDeadlineExceededWithoutPause
/// and …WithPause (test/e2e/bluegreen_test.go: progressDeadlineSeconds 5, initialDelaySeconds 10).
@Suite("Readiness probes and the progress deadline")
struct ReadinessProbeTests {
    static func slowTemplate(image: String, initialDelaySeconds: Int) -> JSON {
        ["metadata": ["labels": ["app": "web"]],
         "spec": ["containers": [["name": "app", "image": .string(image),
                                  "readinessProbe": ["httpGet": ["path": "/", "port": 8080],
                                                     "initialDelaySeconds": .int(initialDelaySeconds), "periodSeconds": 30]]]]]
    }

    private func setSlowImage(_ f: ControllerFixture, _ image: String) async throws {
        try await f.patch(["spec": ["template": Self.slowTemplate(image: image, initialDelaySeconds: 10)]])
    }

    @Test("without pause: Degraded then Healthy on create, and again on update; revision 2 ends active")
    func degradedThenHealthyWithoutPause() async throws {
        let f = try ControllerFixture()
        try await f.createBlueGreen(blueGreen: ["autoPromotionEnabled": true, "previewService": ""],
                                    template: Self.slowTemplate(image: "shop/web:1.0", initialDelaySeconds: 10),
                                    extraSpec: ["progressDeadlineSeconds": 5])
        await f.settle()
        await f.advance(seconds: 6)
        var status = try await f.status()
        #expect(status.phase == "Degraded")
        #expect(status.condition("Progressing")?["reason"] == "ProgressDeadlineExceeded")
        await f.advance(seconds: 5)
        #expect(try await f.status().phase == "Healthy")

        try await setSlowImage(f, "shop/web:2.0")
        await f.settle()
        await f.advance(seconds: 6)
        status = try await f.status()
        #expect(status.phase == "Degraded")
        #expect(status.condition("Progressing")?["reason"] == "ProgressDeadlineExceeded")
        await f.advance(seconds: 5)
        status = try await f.status()
        #expect(status.phase == "Healthy")
        let active = try await f.replicaSet(hash: status["stableRS"].stringValue ?? "")
        #expect(active.annotations[ArgoKeys.revision] == "2")
    }

    @Test("with pause: the update goes Degraded, then Paused once ready, then Healthy after promote")
    func degradedThenPausedWithPause() async throws {
        let f = try ControllerFixture()
        try await f.createBlueGreen(blueGreen: ["autoPromotionEnabled": false, "previewService": ""],
                                    template: Self.slowTemplate(image: "shop/web:1.0", initialDelaySeconds: 10),
                                    extraSpec: ["progressDeadlineSeconds": 5])
        await f.settle()
        await f.advance(seconds: 11)
        #expect(try await f.status().phase == "Healthy")
        try await setSlowImage(f, "shop/web:2.0")
        await f.settle()
        await f.advance(seconds: 6)
        #expect(try await f.status().phase == "Degraded")
        await f.advance(seconds: 5)
        #expect(try await f.status().phase == "Paused")
        try await f.promote()
        await f.settle()
        await f.advance(seconds: 1)
        #expect(try await f.status().phase == "Healthy")
    }

    @Test("the ready time comes from the sim.tandem.dev/ready-after annotation, else the probe, never below the ready delay")
    func readyTimeSources() throws {
        let kubelet = Kubelet(store: try ObjectStore(statePath: nil), clock: SystemSimClock(), readyDelay: .seconds(2))
        let probe: JSON = ["spec": ["containers": [["name": "a", "readinessProbe": ["initialDelaySeconds": 30]]]]]
        #expect(kubelet.readiness(of: probe) == 30)
        var annotated = probe
        annotated[path: ["metadata", "annotations", "sim.tandem.dev/ready-after"]] = "90s"
        #expect(kubelet.readiness(of: annotated) == 90)
        #expect(kubelet.readiness(of: ["spec": ["containers": [["name": "a"]]]]) == 2)
        #expect(kubelet.readiness(of: ["spec": ["containers": [["name": "a", "readinessProbe": ["initialDelaySeconds": 1]]]]]) == 2)
    }
}
