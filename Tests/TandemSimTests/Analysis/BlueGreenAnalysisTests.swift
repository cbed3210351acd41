import Foundation
import Testing
import TandemKubeModel
@testable import TandemSim

/// Blue/green pre- and post-promotion analysis as argo-rollouts rollout/analysis.go
/// (`reconcilePrePromotionAnalysisRun`, `setPauseOrAbortForBlueGreen`, `needsNewAnalysisRun`) and
/// rollout/bluegreen.go / service.go (`completedPrePromotionAnalysis` gates the pause and the
/// active switch; `shouldFullPromote` waits for post-promotion success) behave, with the web
/// provider reaching the preview pods through the simulated Service.
@Suite("Blue/green analysis")
struct BlueGreenAnalysisTests {
    private func withPrePromotion(_ f: ControllerFixture, expected: String = "2.0") async throws -> String {
        try await f.createAnalysisTemplate()
        return try await f.healthyBlueGreen(blueGreen: ["autoPromotionEnabled": false,
                                                        "prePromotionAnalysis": ControllerFixture.analysis(expected: expected)])
    }

    @Test("a successful pre-promotion run comes before the BlueGreenPause; its name, labels and status entry follow Argo")
    func prePromotionSuccess() async throws {
        let f = try ControllerFixture()
        let v1 = try await withPrePromotion(f)
        #expect(await f.analysisRuns().isEmpty)     // no analysis on the first deploy
        let v2 = try await f.pausedUpdate("shop/web:2.0")
        let run = try await f.analysisRun("web-\(v2)-2-pre")
        #expect(run[path: ["status", "phase"]] == "Successful")
        #expect(run.labels["rollout-type"] == "PrePromotion")
        #expect(run.labels["rollouts-pod-template-hash"] == v2)
        #expect(run.labels["app"] == "web")
        #expect(run.annotations["rollout.argoproj.io/revision"] == "2")
        #expect(run.controllerOwner?["name"] == "web")
        #expect(run[path: ["spec", "args"]] == [["name": "expected", "value": "2.0"]])
        let measurement = try #require(run[path: ["status", "metricResults"]].arrayValue?.first?["measurements"].arrayValue?.first)
        #expect(measurement["value"] == "\"2.0\"")
        let status = try await f.status()
        #expect(status[path: ["blueGreen", "prePromotionAnalysisRunStatus"]] == ["name": .string(run.name), "status": "Successful"])
        #expect(status.pauseCondition("BlueGreenPause") != nil)
        #expect(try await f.serviceHash("web-active") == v1)
        try await f.promote()
        await f.settle()
        #expect(try await f.serviceHash("web-active") == v2)
        #expect(try await f.status().phase == "Healthy")
        let changes = await f.events(reason: "AnalysisRunSuccessful").compactMap { $0["message"].stringValue }
        #expect(changes.contains("PrePromotion Analysis Run '\(run.name)' Status New: 'Successful' Previous: ''"))
        #expect(changes.contains("Analysis Completed. Result: Successful"))
    }

    @Test("a failed pre-promotion run aborts: Degraded with Argo's message, active stays on stable")
    func prePromotionFailure() async throws {
        let f = try ControllerFixture()
        let v1 = try await withPrePromotion(f)
        try await f.setImage("shop/web:3.0")
        await f.settle()
        await f.advance(seconds: 1)
        let status = try await f.status()
        #expect(status.phase == "Degraded")
        let reason = "Blue/green pre-promotion analysis phase error/failed: Metric \"version\" assessed Failed due to failed (1) > failureLimit (0)"
        #expect(status.message == "RolloutAborted: Rollout aborted update to revision 2: \(reason)")
        #expect(status["abort"].boolValue == true)
        #expect(status[path: ["blueGreen", "prePromotionAnalysisRunStatus", "status"]] == "Failed")
        #expect(try await f.serviceHash("web-active") == v1)
        let aborted = try #require(await f.events(reason: "RolloutAborted").first)
        #expect(aborted["type"] == "Warning")
        #expect(aborted["message"].stringValue == "Rollout aborted update to revision 2: \(reason)")
        #expect(await f.events(reason: "AnalysisRunFailed").allSatisfy { $0["type"] == "Warning" })
    }

    @Test("retrying after a failed run starts a new run named with the collision counter")
    func retryStartsNewRun() async throws {
        let f = try ControllerFixture()
        _ = try await withPrePromotion(f, expected: "3.0")
        try await f.setImage("shop/web:2.0")
        await f.settle()
        await f.advance(seconds: 1)
        #expect(try await f.status()["abort"].boolValue == true)
        // The template now expects what is deployed; retry (abort: false) runs the analysis again.
        try await f.patch(["spec": ["strategy": ["blueGreen": ["prePromotionAnalysis": ControllerFixture.analysis(expected: "2.0")]]]])
        try await f.patch(["status": ["abort": false]], status: true)
        await f.settle()
        await f.advance(seconds: 1)
        let names = await f.analysisRuns().map(\.name)
        let hash = try await f.status()["currentPodHash"].stringValue ?? ""
        #expect(names == ["web-\(hash)-2-pre", "web-\(hash)-2-pre.1"])
        #expect(try await f.analysisRun("web-\(hash)-2-pre.1")[path: ["status", "phase"]] == "Successful")
        let after = try await f.status()
        #expect(after.pauseCondition("BlueGreenPause") != nil, "\(after)")
    }

    @Test("an inconclusive run pauses with InconclusiveAnalysisRun; promoting starts a new run")
    func inconclusivePauses() async throws {
        let f = try ControllerFixture()
        try await f.createAnalysisTemplate(success: "result == '2.0'", failure: "result == '3.0'", args: [])
        _ = try await f.healthyBlueGreen(blueGreen: ["autoPromotionEnabled": false,
                                                     "prePromotionAnalysis": ["templates": [["templateName": "version-check"]]]])
        let v4 = try await {
            try await f.setImage("shop/web:4.0")
            await f.settle()
            await f.advance(seconds: 1)
            return try await f.status()["currentPodHash"].stringValue ?? ""
        }()
        let status = try await f.status()
        #expect(status.phase == "Paused")
        #expect(status["pauseConditions"].arrayValue?.map { $0["reason"] } == ["InconclusiveAnalysisRun"])
        #expect(status[path: ["blueGreen", "prePromotionAnalysisRunStatus", "status"]] == "Inconclusive")
        #expect(try await f.analysisRun("web-\(v4)-2-pre")[path: ["status", "message"]]
                == "Metric \"version\" assessed Inconclusive due to inconclusive (1) > inconclusiveLimit (0)")
        #expect(await f.events(reason: "RolloutPaused").contains { $0["message"] == "Rollout is paused (InconclusiveAnalysisRun)" })
        try await f.promote()
        await f.settle()
        #expect(await f.analysisRuns().map(\.name).contains("web-\(v4)-2-pre.1"))
    }

    @Test("a missing AnalysisTemplate makes the Rollout InvalidSpec with Argo's field error, and creating it recovers")
    func missingTemplateIsInvalidSpec() async throws {
        let f = try ControllerFixture()
        try await f.createBlueGreen(blueGreen: ["autoPromotionEnabled": false, "prePromotionAnalysis": ControllerFixture.analysis()])
        await f.settle()
        var status = try await f.status()
        #expect(status.phase == "Degraded")
        #expect(status.condition("InvalidSpec")?["message"].stringValue
                == "The Rollout \"web\" is invalid: spec.strategy.blueGreen.prePromotionAnalysis.templates: Invalid value: \"version-check\": AnalysisTemplate 'version-check' not found")
        try await f.createAnalysisTemplate()
        await f.settle()
        await f.advance(seconds: 21)
        status = try await f.status()
        #expect(status.condition("InvalidSpec") == nil)
        #expect(status.phase == "Healthy")
    }

    @Test("a template arg the Rollout does not supply is InvalidSpec (args.NAME was not resolved)")
    func unresolvedArgIsInvalidSpec() async throws {
        let f = try ControllerFixture()
        try await f.createAnalysisTemplate("cluster-check", clusterScoped: true)
        try await f.createBlueGreen(blueGreen: ["autoPromotionEnabled": false, "prePromotionAnalysis":
                                                    ["templates": [["templateName": "cluster-check", "clusterScope": true]]]])
        await f.settle()
        #expect(try await f.status().condition("InvalidSpec")?["message"].stringValue
                == "The Rollout \"web\" is invalid: spec.strategy.blueGreen.prePromotionAnalysis.templates: Invalid value: \"templateNames: [cluster-check]\": args.expected was not resolved")
    }

    @Test("a failed post-promotion run aborts after the switch and puts the active Service back on stable")
    func postPromotionFailure() async throws {
        let f = try ControllerFixture()
        try await f.createAnalysisTemplate(url: "http://web-active/version")
        let v1 = try await f.healthyBlueGreen(blueGreen: ["postPromotionAnalysis": ControllerFixture.analysis(expected: "9.9")])
        try await f.setImage("shop/web:2.0")
        await f.settle()
        await f.advance(seconds: 1)
        let status = try await f.status()
        let v2 = status["currentPodHash"].stringValue ?? ""
        #expect(try await f.analysisRun("web-\(v2)-2-post")[path: ["status", "phase"]] == "Failed")
        #expect(status["abort"].boolValue == true)
        #expect(status["stableRS"].stringValue == v1)
        #expect(status.message?.hasPrefix("RolloutAborted: Rollout aborted update to revision 2: Blue/green post-promotion analysis phase error/failed") == true)
        #expect(try await f.serviceHash("web-active") == v1)
    }

    @Test("post-promotion success completes the update (RolloutCompleted), then the old RS goes after its scale-down delay")
    func postPromotionSuccess() async throws {
        let f = try ControllerFixture()
        try await f.createAnalysisTemplate(url: "http://web-active/version")
        let v1 = try await f.healthyBlueGreen(blueGreen: ["postPromotionAnalysis": ControllerFixture.analysis(expected: "2.0")])
        try await f.setImage("shop/web:2.0")
        await f.settle()
        await f.advance(seconds: 1)
        let status = try await f.status()
        let v2 = status["currentPodHash"].stringValue ?? ""
        #expect(status["stableRS"].stringValue == v2)
        #expect(status.phase == "Healthy")
        #expect(status[path: ["blueGreen", "postPromotionAnalysisRunStatus", "status"]] == "Successful")
        #expect(await f.events(reason: "RolloutCompleted").contains {
            $0["message"].stringValue == "Rollout completed update to revision 2 (\(v2)): Completed blue-green update"
        })
        await f.advance(seconds: 31)
        #expect(try await f.replicaSet(hash: v1)[path: ["spec", "replicas"]].intValue == 0)
    }
}
