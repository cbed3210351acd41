import Foundation
import Testing
import TandemKubeModel
@testable import TandemSim

/// Argo Rollouts' own blue-green e2e scenarios (test/e2e/bluegreen_test.go, functional_test.go,
/// analysis_test.go), step for step with the manual clock. `counts` is Argo's
/// `ExpectReplicaCounts(desired, current, updated, ready, available)`. Where Argo uses a Job
/// metric (`sleep-job`), a web metric with the same outcome stands in for it.
@Suite("Argo e2e blue-green scenarios")
struct ArgoBlueGreenScenarioTests {
    private func counts(_ f: ControllerFixture) async throws -> [Int] {
        let rollout = try await f.rollout()
        let s = rollout["status"]
        return [rollout[path: ["spec", "replicas"]].intValue ?? 1] + ["replicas", "updatedReplicas", "readyReplicas", "availableReplicas"]
            .map { s[$0].intValue ?? 0 }
    }

    private func podCount(_ f: ControllerFixture, revision: Int) async -> Int {
        let rs = await f.replicaSets().first { $0.annotations["rollout.argoproj.io/revision"] == String(revision) }
        guard let hash = rs?.labels["rollouts-pod-template-hash"] else { return -1 }
        return await f.pods(hash: hash).count
    }

    private func revision(ofHash hash: String?, _ f: ControllerFixture) async -> Int? {
        guard let hash else { return nil }
        return await f.replicaSets().first { $0.labels["rollouts-pod-template-hash"] == hash }
            .flatMap { Int($0.annotations["rollout.argoproj.io/revision"] ?? "") }
    }

    @Test("TestBlueGreenPreviewReplicaCount: paused at 2, 3, 1, 2, 2; promoted at 2, 4, 2, 2, 2")
    func previewReplicaCount() async throws {
        let f = try ControllerFixture()
        _ = try await f.healthyBlueGreen(replicas: 2, blueGreen: ["autoPromotionEnabled": false, "previewReplicaCount": 1,
                                                                   "scaleDownDelaySeconds": 5])
        _ = try await f.pausedUpdate("shop/web:2.0")
        #expect(await podCount(f, revision: 2) == 1)
        #expect(await podCount(f, revision: 1) == 2)
        #expect(try await counts(f) == [2, 3, 1, 2, 2])
        try await f.promote()
        await f.settle()
        await f.advance(seconds: 1)
        #expect(try await f.status().phase == "Healthy")
        #expect(try await counts(f) == [2, 4, 2, 2, 2])
    }

    @Test("TestBlueGreenPreviewReplicaCountPromoteFull: paused past progressDeadlineSeconds stays Paused; promote-full is Healthy")
    func previewReplicaCountPromoteFull() async throws {
        let f = try ControllerFixture()
        _ = try await f.healthyBlueGreen(replicas: 2, blueGreen: ["autoPromotionEnabled": false, "previewReplicaCount": 1],
                                         extraSpec: ["progressDeadlineSeconds": 1])
        _ = try await f.pausedUpdate("shop/web:2.0")
        await f.advance(seconds: 2)
        #expect(try await f.status().phase == "Paused")
        #expect(try await counts(f) == [2, 3, 1, 2, 2])
        try await f.patch(["status": ["promoteFull": true]], status: true)
        await f.settle()
        await f.advance(seconds: 1)
        #expect(try await f.status().phase == "Healthy")
        #expect(try await counts(f) == [2, 4, 2, 2, 2])
    }

    @Test("TestBlueGreenUpdate: 3, 3, 3, 3, 3, then 3, 6, 3, 3, 3 with revision 2 active and the Events in Argo's order")
    func update() async throws {
        let f = try ControllerFixture()
        try await f.createBlueGreen(replicas: 3, blueGreen: ["scaleDownDelaySeconds": 10, "previewService": ""])
        await f.settle()
        await f.advance(seconds: 1)
        #expect(try await counts(f) == [3, 3, 3, 3, 3])
        try await f.setImage("shop/web:2.0")
        await f.settle()
        await f.advance(seconds: 1)
        #expect(await revision(ofHash: try await f.serviceHash("web-active"), f) == 2)
        #expect(try await f.status().phase == "Healthy")
        #expect(try await counts(f) == [3, 6, 3, 3, 3])
        let reasons = await f.store.list(.events, namespace: f.namespace).items
            .sorted { (Int($0.resourceVersion ?? "") ?? 0) < (Int($1.resourceVersion ?? "") ?? 0) }
            .compactMap { $0["reason"].stringValue }
        // Argo's list (without RolloutAddedToInformer, which the simulator has no informer for). On the
        // initial deploy the simulator records RolloutCompleted before ScalingReplicaSet, where Argo's
        // list has ScalingReplicaSet first: the first five are compared as a set.
        #expect(Set(reasons.prefix(5)) == ["RolloutUpdated", "NewReplicaSetCreated", "ScalingReplicaSet", "RolloutCompleted", "SwitchService"])
        #expect(Array(reasons.prefix(2)) == ["RolloutUpdated", "NewReplicaSetCreated"])
        #expect(Array(reasons.dropFirst(5)) == ["RolloutUpdated", "NewReplicaSetCreated", "RolloutNotCompleted", "ScalingReplicaSet",
                                                "SwitchService", "RolloutCompleted"])
    }

    @Test("TestBlueGreenScaleDownDelay: limit 2 keeps revisions 2 and 3 up behind 4; lowering it to 1 scales revision 2 down")
    func scaleDownDelay() async throws {
        let f = try ControllerFixture()
        try await f.createBlueGreen(replicas: 1, blueGreen: ["scaleDownDelaySeconds": 86400, "scaleDownDelayRevisionLimit": 2,
                                                             "previewService": ""])
        await f.settle()
        await f.advance(seconds: 1)
        for (index, image) in ["shop/web:2.0", "shop/web:3.0", "shop/web:4.0"].enumerated() {
            try await f.setImage(image)
            await f.settle()
            await f.advance(seconds: 1)
            #expect(try await f.status().phase == "Healthy")
            if index == 0 {
                #expect(await podCount(f, revision: 2) == 1)
                #expect(await podCount(f, revision: 1) == 1)
                #expect(try await counts(f) == [1, 2, 1, 1, 1])
            }
        }
        #expect(await [4, 3, 2, 1].asyncMap { await podCount(f, revision: $0) } == [1, 1, 1, 0])
        #expect(try await counts(f) == [1, 3, 1, 1, 1])
        try await f.patch(["spec": ["strategy": ["blueGreen": ["scaleDownDelayRevisionLimit": 1]]]])
        await f.advance(seconds: 1)
        #expect(await [4, 3, 2, 1].asyncMap { await podCount(f, revision: $0) } == [1, 1, 0, 0])
        #expect(try await counts(f) == [1, 2, 1, 1, 1])
    }

    @Test("TestBlueGreenExceedProgressDeadlineAbort: without progressDeadlineAbort Degraded keeps the new pod; with it the rollout aborts and scales it down")
    func exceedProgressDeadlineAbort() async throws {
        let f = try ControllerFixture()
        _ = try await f.healthyBlueGreen(replicas: 1, blueGreen: ["abortScaleDownDelaySeconds": 2, "previewService": ""])
        try await f.patch(["spec": ["progressDeadlineAbort": false, "progressDeadlineSeconds": 1]])
        try await f.setImage("shop/web:2.0-crashloop")
        await f.settle()
        for _ in 0..<4 { await f.advance(seconds: 1) }
        var status = try await f.status()
        #expect(status.phase == "Degraded")
        #expect(await podCount(f, revision: 2) == 1)
        #expect(status["abort"].boolValue != true)
        try await f.patch(["spec": ["progressDeadlineAbort": true]])    // the same template: only the flag changes
        await f.settle()
        for _ in 0..<3 { await f.advance(seconds: 1) }
        status = try await f.status()
        #expect(status.phase == "Degraded")
        #expect(status["abort"].boolValue == true)
        #expect(status["conditions"].arrayValue?.count == 4, "\(status["conditions"])")
        #expect(await podCount(f, revision: 2) == 0)
    }

    @Test("TestBlueGreenScaleDownOnAbort: abortScaleDownDelaySeconds 1 takes the preview pod away after an abort")
    func scaleDownOnAbort() async throws {
        let f = try ControllerFixture()
        _ = try await f.healthyBlueGreen(replicas: 2, blueGreen: ["autoPromotionEnabled": false, "previewReplicaCount": 1,
                                                                   "abortScaleDownDelaySeconds": 1, "scaleDownDelaySeconds": 5])
        _ = try await f.pausedUpdate("shop/web:2.0")
        #expect(await podCount(f, revision: 2) == 1)
        #expect(await podCount(f, revision: 1) == 2)
        try await f.patch(["status": ["abort": true]], status: true)
        await f.settle()
        #expect(try await f.status().phase == "Degraded")
        await f.advance(seconds: 3)
        #expect(await podCount(f, revision: 2) == 0)
    }

    @Test("TestBlueGreenPrePromotionFail: a failed pre-promotion run degrades; fixed args and retry end Healthy on revision 2 with two runs")
    func prePromotionFailThenRetry() async throws {
        let f = try ControllerFixture()
        try await f.createAnalysisTemplate()
        _ = try await f.healthyBlueGreen(replicas: 2, blueGreen: [
            "abortScaleDownDelaySeconds": 0, "previewReplicaCount": 1,
            "prePromotionAnalysis": ControllerFixture.analysis(expected: "9.9"),
        ])
        #expect(await f.analysisRuns().isEmpty)
        try await f.setImage("shop/web:2.0")
        await f.settle()
        await f.advance(seconds: 1)
        var status = try await f.status()
        #expect(status.phase == "Degraded")
        #expect(await f.analysisRuns().count == 1)
        #expect(await revision(ofHash: status["stableRS"].stringValue, f) == 1)
        #expect(await revision(ofHash: try await f.serviceHash("web-active"), f) == 1)
        #expect(await revision(ofHash: try await f.serviceHash("web-preview"), f) == 2)
        try await f.patch(["spec": ["strategy": ["blueGreen": ["prePromotionAnalysis": ControllerFixture.analysis(expected: "2.0")]]]])
        try await f.patch(["status": ["abort": false]], status: true)    // kubectl argo rollouts retry
        await f.settle()
        for _ in 0..<3 { await f.advance(seconds: 1) }
        status = try await f.status()
        #expect(status.phase == "Healthy")
        #expect(await f.analysisRuns().count == 2)
        #expect(await revision(ofHash: status["stableRS"].stringValue, f) == 2)
        #expect(await revision(ofHash: try await f.serviceHash("web-active"), f) == 2)
        #expect(await revision(ofHash: try await f.serviceHash("web-preview"), f) == 2)
    }

    @Test("TestBlueGreenPromoteFull: promote-full during a running pre-promotion run is Healthy with that one run only")
    func promoteFullDuringAnalysis() async throws {
        let f = try ControllerFixture()
        try await f.createAnalysisTemplate(extraMetric: ["count": 10, "interval": "10s"])
        _ = try await f.healthyBlueGreen(replicas: 3, blueGreen: [
            "autoPromotionEnabled": false,
            "prePromotionAnalysis": ControllerFixture.analysis(expected: "2.0"),
            "postPromotionAnalysis": ControllerFixture.analysis(expected: "2.0"),
        ])
        try await f.setImage("shop/web:2.0")
        await f.settle()
        await f.advance(seconds: 1)
        let run = try #require(await f.analysisRuns().first)
        #expect(run[path: ["status", "phase"]] == "Running")
        try await f.patch(["status": ["promoteFull": true]], status: true)
        await f.settle()
        await f.advance(seconds: 1)
        #expect(try await f.status().phase == "Healthy")
        #expect(await f.analysisRuns().count == 1)
    }

    @Test("TestBlueGreenAbortAndUpdate: a failed post-promotion run degrades; a fixed revision 3 pauses with 2 marked for scale-down, then promotes")
    func abortAndUpdate() async throws {
        let f = try ControllerFixture()
        try await f.createAnalysisTemplate()
        _ = try await f.healthyBlueGreen(replicas: 1, blueGreen: ["postPromotionAnalysis": ControllerFixture.analysis(expected: "9.9")])
        #expect(await f.analysisRuns().isEmpty)
        try await f.setImage("shop/web:2.0")
        await f.settle()
        await f.advance(seconds: 1)
        #expect(try await f.status().phase == "Degraded")
        #expect(await f.analysisRuns().count == 1)
        #expect(await revision(ofHash: try await f.serviceHash("web-active"), f) == 1)
        #expect(await revision(ofHash: try await f.serviceHash("web-preview"), f) == 2)
        // A new template (annotation foo: bar), no auto-promotion, and post-promotion analysis that passes.
        _ = try await f.store.modify(.rollouts, namespace: f.namespace, name: "web") { current in
            var copy = current
            copy[path: ["spec", "template", "metadata", "annotations"]] = ["foo": "bar"]
            copy[path: ["spec", "strategy", "blueGreen", "autoPromotionEnabled"]] = false
            copy[path: ["spec", "strategy", "blueGreen", "postPromotionAnalysis"]] = ControllerFixture.analysis(expected: "2.0")
            return copy
        }
        await f.settle()
        await f.advance(seconds: 1)
        #expect(try await f.status().phase == "Paused")
        await f.advance(seconds: 2)
        #expect(await podCount(f, revision: 1) == 1)
        #expect(await f.replicaSets().first { $0.annotations["rollout.argoproj.io/revision"] == "2" }?.annotations[ArgoKeys.scaleDownDeadline] != nil)
        #expect(await podCount(f, revision: 3) == 1)
        #expect(await revision(ofHash: try await f.serviceHash("web-active"), f) == 1)
        #expect(await revision(ofHash: try await f.serviceHash("web-preview"), f) == 3)
        try await f.promote()
        await f.settle()
        await f.advance(seconds: 1)
        #expect(try await f.status().phase == "Healthy")
        await f.advance(seconds: 2)
        #expect(await podCount(f, revision: 1) == 1)
        for revision in ["1", "2"] {
            #expect(await f.replicaSets().first { $0.annotations["rollout.argoproj.io/revision"] == revision }?
                .annotations[ArgoKeys.scaleDownDeadline] != nil, "revision \(revision) waits for its scale-down")
        }
        #expect(await podCount(f, revision: 3) == 1)
        #expect(await revision(ofHash: try await f.serviceHash("web-active"), f) == 3)
        #expect(await revision(ofHash: try await f.serviceHash("web-preview"), f) == 3)
        #expect(await f.analysisRuns().count == 2)
    }

    @Test("TestBlueGreenKitchenSink: pre-promotion run, autoPromotionSeconds, previewReplicaCount, then a failed post-promotion run degrades")
    func kitchenSink() async throws {
        let f = try ControllerFixture()
        try await f.createAnalysisTemplate(extraMetric: ["count": 2, "interval": "5s"])
        try await f.createAnalysisTemplate("post-check", extraMetric: ["initialDelay": "5s"])
        _ = try await f.healthyBlueGreen(replicas: 2, blueGreen: [
            "previewReplicaCount": 1, "autoPromotionSeconds": 10, "scaleDownDelaySeconds": 5,
            "prePromotionAnalysis": ControllerFixture.analysis(expected: "2.0"),
            "postPromotionAnalysis": ControllerFixture.analysis("post-check", expected: "9.9"),
        ])
        try await f.setImage("shop/web:2.0")
        await f.settle()
        await f.advance(seconds: 1)
        await f.advance(seconds: 5)    // the second measurement: pre-promotion Successful, then the BlueGreenPause
        var status = try await f.status()
        #expect(status.phase == "Paused")
        #expect(await revision(ofHash: try await f.serviceHash("web-active"), f) == 1)
        #expect(await revision(ofHash: try await f.serviceHash("web-preview"), f) == 2)
        #expect(await revision(ofHash: status["stableRS"].stringValue, f) == 1)
        #expect(await podCount(f, revision: 1) == 2)
        #expect(await podCount(f, revision: 2) == 1)
        #expect(try await counts(f) == [2, 3, 1, 2, 2])
        #expect(await f.analysisRuns().count == 1)

        await f.advance(seconds: 5)    // not auto-promoted too early
        #expect(await revision(ofHash: try await f.serviceHash("web-active"), f) == 1)
        #expect(try await counts(f) == [2, 3, 1, 2, 2])

        await f.advance(seconds: 6)    // autoPromotionSeconds passed: scale to 2, then switch
        await f.advance(seconds: 1)
        #expect(await revision(ofHash: try await f.serviceHash("web-active"), f) == 2)
        #expect(await podCount(f, revision: 2) == 2)
        #expect(await podCount(f, revision: 1) == 2)
        #expect(try await counts(f) == [2, 4, 2, 2, 2])
        #expect(await f.analysisRuns().count == 2)

        await f.advance(seconds: 6)    // the post-promotion run measures after its initialDelay and fails
        status = try await f.status()
        #expect(status.phase == "Degraded")
        #expect(await revision(ofHash: try await f.serviceHash("web-active"), f) == 1)
        #expect(await revision(ofHash: try await f.serviceHash("web-preview"), f) == 2)
        #expect(await revision(ofHash: status["stableRS"].stringValue, f) == 1)
        #expect(await podCount(f, revision: 2) == 2)
        #expect(await podCount(f, revision: 1) == 2)
        #expect(try await counts(f) == [2, 4, 2, 2, 2])
    }

    @Test("TestBlueGreenAnalysis: pre- and post-promotion runs, then a rollback to revision 1 is fast-tracked as revision 3 with no new run")
    func analysisThenFastRollback() async throws {
        let f = try ControllerFixture()
        try await f.createAnalysisTemplate(extraMetric: ["initialDelay": "5s"])
        _ = try await f.healthyBlueGreen(replicas: 1, blueGreen: [
            "autoPromotionEnabled": false,
            "prePromotionAnalysis": ControllerFixture.analysis(expected: "2.0"),
            "postPromotionAnalysis": ControllerFixture.analysis(expected: "2.0"),
        ])
        #expect(await f.analysisRuns().isEmpty)
        try await f.setImage("shop/web:2.0")
        await f.settle()
        await f.advance(seconds: 1)
        #expect(try await f.status().phase == "Progressing")
        await f.advance(seconds: 5)
        #expect(try await f.status().phase == "Paused")
        #expect(await f.analysisRuns().count == 1)
        #expect(await revision(ofHash: try await f.serviceHash("web-active"), f) == 1)
        #expect(await revision(ofHash: try await f.serviceHash("web-preview"), f) == 2)
        try await f.promote()
        await f.settle()
        #expect(await revision(ofHash: try await f.serviceHash("web-active"), f) == 2)
        #expect(await f.analysisRuns().count == 2)
        #expect(try await counts(f) == [1, 2, 1, 1, 1])
        #expect(try await f.status().phase == "Progressing")
        await f.advance(seconds: 6)
        #expect(try await f.status().phase == "Healthy")
        #expect(await f.analysisRuns().count == 2)
        #expect(await revision(ofHash: try await f.serviceHash("web-preview"), f) == 2)

        try await f.setImage("shop/web:1.0")    // the original manifest again, within the scale-down delay
        await f.settle()
        await f.advance(seconds: 1)
        let status = try await f.status()
        #expect(status.phase == "Healthy")
        #expect(await f.analysisRuns().count == 2)
        #expect(await revision(ofHash: status["stableRS"].stringValue, f) == 3)
        #expect(await revision(ofHash: try await f.serviceHash("web-active"), f) == 3)
        #expect(await revision(ofHash: try await f.serviceHash("web-preview"), f) == 3)
    }

    @Test("TestBlueGreenToCanary: switching the strategy pauses at 50 % with 2, 2, 1, 2, 2 and the Service loses the hash selector")
    func blueGreenToCanary() async throws {
        let f = try ControllerFixture()
        _ = try await f.healthyBlueGreen(replicas: 2, blueGreen: ["scaleDownDelaySeconds": 5, "previewService": ""])
        _ = try await f.store.modify(.rollouts, namespace: f.namespace, name: "web") { current in
            var copy = current
            copy[path: ["spec", "template", "metadata", "annotations"]] = ["foo": "bar"]
            copy[path: ["spec", "strategy"]] = ["canary": ["steps": [["setWeight": 50], ["pause": [:]]]]]
            return copy
        }
        await f.settle()
        await f.advance(seconds: 1)
        #expect(try await f.status().phase == "Paused")
        #expect(try await counts(f) == [2, 2, 1, 2, 2])
        let service = try await f.store.get(.services, namespace: f.namespace, name: "web-active")
        #expect(service[path: ["spec", "selector"]] == ["app": "web"])
    }
}

extension Array {
    func asyncMap<T>(_ transform: (Element) async -> T) async -> [T] {
        var result: [T] = []
        for element in self { result.append(await transform(element)) }
        return result
    }
}
