import Foundation
import Testing
import TandemKubeModel
@testable import TandemSim

@Suite("Rollout rules: phase, conditions, hashes")
struct RolloutRulesTests {
    static let blueGreen: JSON = ["spec": ["replicas": 2, "strategy": ["blueGreen": ["activeService": "a"]]]]
    static let canary: JSON = ["spec": ["replicas": 2, "strategy": ["canary": [:]]]]

    static func condition(_ type: String, _ status: String, _ reason: String, _ message: String = "m") -> JSON {
        ["type": .string(type), "status": .string(status), "reason": .string(reason), "message": .string(message)]
    }

    @Test("CalculateRolloutPhase follows reference §5 in order", arguments: [
        (blueGreen, JSON.object(["conditions": [condition("InvalidSpec", "True", "InvalidSpec", "bad")]]), "Degraded", "InvalidSpec: bad"),
        (blueGreen, JSON.object(["conditions": [condition("Progressing", "False", "RolloutAborted", "Rollout aborted update to revision 2")],
                          "pauseConditions": [["reason": "BlueGreenPause"]]]),
         "Degraded", "RolloutAborted: Rollout aborted update to revision 2"),
        (blueGreen, JSON.object(["conditions": [condition("Progressing", "False", "ProgressDeadlineExceeded", "x")]]), "Degraded", "ProgressDeadlineExceeded: x"),
        (blueGreen, JSON.object(["pauseConditions": [["reason": "BlueGreenPause"], ["reason": "InconclusiveAnalysisRun"]]]), "Paused", "BlueGreenPause"),
        (blueGreen, JSON.object(["updatedReplicas": 1]), "Progressing", "more replicas need to be updated"),
        (blueGreen, JSON.object(["updatedReplicas": 2, "availableReplicas": 1]), "Progressing", "updated replicas are still becoming available"),
        (blueGreen, JSON.object(["updatedReplicas": 2, "availableReplicas": 2, "currentPodHash": "h2", "blueGreen": ["activeSelector": "h1"]]),
         "Progressing", "active service cutover pending"),
        (blueGreen, JSON.object(["updatedReplicas": 2, "availableReplicas": 2, "currentPodHash": "h2", "stableRS": "h1",
                          "blueGreen": ["activeSelector": "h2"]]),
         "Progressing", "waiting for post-promotion verification to complete"),
        (blueGreen, JSON.object(["updatedReplicas": 2, "availableReplicas": 2, "currentPodHash": "h2", "stableRS": "h2",
                          "blueGreen": ["activeSelector": "h2"]]), "Healthy", ""),
        (canary, JSON.object(["updatedReplicas": 2, "availableReplicas": 2, "replicas": 3]), "Progressing", "old replicas are pending termination"),
        (canary, JSON.object(["updatedReplicas": 2, "availableReplicas": 2, "replicas": 2, "currentPodHash": "h2", "stableRS": "h1"]),
         "Progressing", "waiting for all steps to complete"),
        (canary, JSON.object(["updatedReplicas": 2, "availableReplicas": 2, "replicas": 2, "currentPodHash": "h2", "stableRS": "h2"]), "Healthy", ""),
    ])
    func phase(_ rollout: JSON, _ status: JSON, _ phase: String, _ message: String) {
        let result = RolloutPhaseCalculator.calculate(rollout: rollout, status: status)
        #expect(result.phase.rawValue == phase)
        #expect(result.message == message)
    }

    @Test("spec.paused is 'manually paused' unless a Degraded condition exists")
    func manualPause() {
        var rollout = Self.blueGreen
        rollout[path: ["spec", "paused"]] = true
        #expect(RolloutPhaseCalculator.calculate(rollout: rollout, status: [:]).message == "manually paused")
        let degraded: JSON = ["conditions": [Self.condition("Progressing", "False", "RolloutAborted", "r")]]
        #expect(RolloutPhaseCalculator.calculate(rollout: rollout, status: degraded).phase == .degraded)
    }

    @Test("SetRolloutCondition: same status and reason changes nothing; otherwise remove and append at the end")
    func setCondition() {
        let t0 = Date(timeIntervalSince1970: 1_000), t1 = Date(timeIntervalSince1970: 2_000)
        var status: JSON = [:]
        RolloutConditions.set(RolloutConditions.make(.progressing, "True", "ReplicaSetUpdated", "a", now: t0), in: &status)
        RolloutConditions.set(RolloutConditions.make(.available, "False", "AvailableReason", "b", now: t0), in: &status)
        let unchanged = RolloutConditions.set(RolloutConditions.make(.progressing, "True", "ReplicaSetUpdated", "other", now: t1), in: &status)
        #expect(!unchanged)
        #expect(status["conditions"][0]["message"].stringValue == "a")
        RolloutConditions.set(RolloutConditions.make(.progressing, "True", "NewReplicaSetAvailable", "c", now: t1), in: &status)
        #expect(status["conditions"].arrayValue?.map { $0["type"].stringValue ?? "" } == ["Available", "Progressing"])
        #expect(status["conditions"][1]["lastTransitionTime"].stringValue == KubeTime.format(t0), "status unchanged keeps lastTransitionTime")
        #expect(status["conditions"][1]["lastUpdateTime"].stringValue == KubeTime.format(t1))
        RolloutConditions.set(RolloutConditions.make(.progressing, "False", "ProgressDeadlineExceeded", "d", now: t1), in: &status)
        #expect(status["conditions"][1]["lastTransitionTime"].stringValue == KubeTime.format(t1))
    }

    @Test("pod-template hashes use the alphabet 456789bcdf, ignore the hash label and change with collisionCount")
    func templateHash() {
        let template = ControllerFixture.template(image: "shop/web:1.0")
        let hash = PodTemplateHash.compute(template: template, collisionCount: nil)
        #expect(!hash.isEmpty && hash.count <= 10)
        #expect(hash.allSatisfy { "456789bcdf".contains($0) })
        var labelled = template
        labelled[path: ["metadata", "labels", "rollouts-pod-template-hash"]] = .string(hash)
        #expect(PodTemplateHash.compute(template: labelled, collisionCount: nil) == hash)
        #expect(PodTemplateHash.compute(template: template, collisionCount: 1) != hash)
        #expect(PodTemplateHash.compute(template: ControllerFixture.template(image: "shop/web:2.0"), collisionCount: nil) != hash)
        #expect(PodTemplateHash.safeEncode("0123456789") == "456789bcdf")
    }

    @Test("FNV-1a 32-bit matches the published test vectors")
    func fnv() {
        #expect(PodTemplateHash.fnv1a([]) == 0x811c9dc5)
        #expect(PodTemplateHash.fnv1a(Array("a".utf8)) == 0xe40c292c)
        #expect(PodTemplateHash.fnv1a(Array("foobar".utf8)) == 0xbf9cf968)
    }
}
