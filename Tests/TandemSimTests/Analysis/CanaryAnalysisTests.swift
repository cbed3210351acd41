import Foundation
import Testing
import TandemKubeModel
@testable import TandemSim

/// Canary analysis steps and background analysis as argo-rollouts rollout/analysis.go
/// (`reconcileStepBasedAnalysisRun`, `reconcileBackgroundAnalysisRun`) and rollout/canary.go
/// (`completedCurrentCanaryStep`: an analysis step completes when its run is Successful) behave.
@Suite("Canary analysis")
struct CanaryAnalysisTests {
    static let steps: JSON = [["setWeight": 50], ["analysis": ControllerFixture.analysis(expected: "2.0")], ["setWeight": 100]]

    private func createCanary(_ f: ControllerFixture, steps: JSON = CanaryAnalysisTests.steps,
                              background: JSON? = nil) async throws {
        try await f.createAnalysisTemplate(url: "http://web-canary.shop/version")
        try await f.createService("web-canary")
        try await f.createService("web-stable")
        var canary: JSON = ["canaryService": "web-canary", "stableService": "web-stable", "steps": steps]
        if let background { canary["analysis"] = background }
        try await f.createRollout("web", spec: [
            "replicas": 2, "selector": ["matchLabels": ["app": "web"]],
            "template": ControllerFixture.template(image: "shop/web:1.0"), "strategy": ["canary": canary],
        ])
        await f.settle()
        await f.advance(seconds: 1)
        #expect(try await f.status().phase == "Healthy")
    }

    @Test("a successful analysis step completes and the rollout goes on to full promotion")
    func stepSuccess() async throws {
        let f = try ControllerFixture()
        try await createCanary(f)
        try await f.setImage("shop/web:2.0")
        await f.settle()
        await f.advance(seconds: 1)
        await f.advance(seconds: 1)
        let status = try await f.status()
        let v2 = status["currentPodHash"].stringValue ?? ""
        #expect(status["stableRS"].stringValue == v2)
        #expect(status.phase == "Healthy")
        #expect(status[path: ["canary", "currentStepAnalysisRunStatus"]].isNull)
        let run = try await f.analysisRun("web-\(v2)-2-1")
        #expect(run[path: ["status", "phase"]] == "Successful")
        #expect(run.labels["rollout-type"] == "Step")
        #expect(run.labels["step-index"] == "1")
        let steps = await f.events(reason: "RolloutStepCompleted").compactMap { $0["message"].stringValue }
        #expect(steps == ["Rollout step 1/3 completed (setWeight: 50)", "Rollout step 2/3 completed (analysis)",
                          "Rollout step 3/3 completed (setWeight: 100)"])
    }

    @Test("a failed analysis step aborts: weight 0, canary Service back on stable, Degraded with the step-based message")
    func stepFailure() async throws {
        let f = try ControllerFixture()
        try await createCanary(f)
        let v1 = try await f.status()["stableRS"].stringValue ?? ""
        try await f.setImage("shop/web:3.0")
        await f.settle()
        await f.advance(seconds: 1)
        await f.settle()
        let status = try await f.status()
        let v3 = status["currentPodHash"].stringValue ?? ""
        #expect(status["abort"].boolValue == true)
        #expect(status.phase == "Degraded")
        #expect(status.message == "RolloutAborted: Rollout aborted update to revision 2: Step-based analysis phase error/failed: Metric \"version\" assessed Failed due to failed (1) > failureLimit (0)")
        #expect(status["currentStepIndex"].intValue == 0)
        #expect(try await f.replicaSet(hash: v3)[path: ["spec", "replicas"]].intValue == 0)
        #expect(try await f.serviceHash("web-canary") == v1)
    }

    @Test("background analysis runs from startingStep and a failure aborts the update")
    func backgroundFailure() async throws {
        let f = try ControllerFixture()
        var background = ControllerFixture.analysis(expected: "9.9")
        background["startingStep"] = 1
        try await createCanary(f, steps: [["setWeight": 50], ["pause": [:]]], background: background)
        try await f.setImage("shop/web:2.0")
        await f.settle()
        await f.advance(seconds: 1)
        await f.settle()
        let status = try await f.status()
        let v2 = status["currentPodHash"].stringValue ?? ""
        let run = try await f.analysisRun("web-\(v2)-2")
        #expect(run.labels["rollout-type"] == "Background")
        #expect(run[path: ["status", "phase"]] == "Failed")
        #expect(status["abort"].boolValue == true)
        #expect(status.message?.hasPrefix("RolloutAborted: Rollout aborted update to revision 2: Background analysis phase error/failed") == true)
    }

    @Test("a step with a missing template is InvalidSpec naming the step's field path")
    func missingStepTemplate() async throws {
        let f = try ControllerFixture()
        try await f.createService("web-canary")
        try await f.createService("web-stable")
        try await f.createRollout("web", spec: [
            "replicas": 1, "selector": ["matchLabels": ["app": "web"]],
            "template": ControllerFixture.template(image: "shop/web:1.0"),
            "strategy": ["canary": ["canaryService": "web-canary", "stableService": "web-stable",
                                    "steps": [["setWeight": 50], ["analysis": ["templates": [["templateName": "absent"]]]]]]],
        ])
        await f.settle()
        #expect(try await f.status().condition("InvalidSpec")?["message"].stringValue
                == "The Rollout \"web\" is invalid: spec.strategy.canary.steps[1].analysis.templates: Invalid value: \"absent\": AnalysisTemplate 'absent' not found")
    }
}
