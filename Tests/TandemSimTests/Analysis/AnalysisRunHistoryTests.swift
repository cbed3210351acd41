import Foundation
import Testing
import TandemKubeModel
@testable import TandemSim

/// AnalysisRun history: at the end of `reconcileAnalysisRuns` (rollout/analysis.go) Argo deletes
/// the non-current runs `FilterAnalysisRunsToDelete` (utils/analysis/filter.go) picks — runs
/// without a pod-template-hash label or whose ReplicaSet is gone, and beyond the newest
/// `spec.analysis.successfulRunHistoryLimit` Successful and `unsuccessfulRunHistoryLimit`
/// Failed/Error/Inconclusive runs (default 5 each, utils/defaults/defaults.go).
@Suite("AnalysisRun history limits")
struct AnalysisRunHistoryTests {
    private static func run(_ name: String, hash: String?, phase: String?, second: Int) -> JSON {
        var labels: JSON = ["app": "web"]
        if let hash { labels["rollouts-pod-template-hash"] = .string(hash) }
        var run: JSON = ["metadata": ["name": .string(name), "labels": labels,
                                      "creationTimestamp": .string(KubeTime.format(Date(timeIntervalSince1970: 1_800_000_000 + Double(second)))),
                                      "resourceVersion": .string(String(second))]]
        if let phase { run["status"] = ["phase": .string(phase)] }
        return run
    }

    private static func replicaSet(_ hash: String) -> JSON {
        ["metadata": ["name": .string("web-\(hash)"), "labels": ["rollouts-pod-template-hash": .string(hash)]]]
    }

    @Test("the default keeps the five newest Successful and five newest unsuccessful runs; running ones and those of other phases stay")
    func defaults() {
        let successful = (0..<7).map { Self.run("ok-\($0)", hash: "h1", phase: "Successful", second: $0) }
        let unsuccessful = (0..<6).map { Self.run("bad-\($0)", hash: "h1", phase: ["Failed", "Error", "Inconclusive"][$0 % 3], second: 10 + $0) }
        let running = [Self.run("running", hash: "h1", phase: "Running", second: 0), Self.run("pending", hash: "h1", phase: nil, second: 0)]
        let doomed = AnalysisRunHistory.runsToDelete((successful + unsuccessful + running).shuffled(),
                                                     replicaSets: [Self.replicaSet("h1")], spec: .emptyObject)
        #expect(Set(doomed.map(\.name)) == ["ok-0", "ok-1", "bad-0"])
    }

    @Test("runs without the hash label, or whose ReplicaSet is gone or being deleted, are deleted whatever their phase")
    func orphans() {
        var terminating = Self.replicaSet("h3")
        terminating[path: ["metadata", "deletionTimestamp"]] = "2027-01-15T08:00:00Z"
        let runs = [Self.run("no-label", hash: nil, phase: "Successful", second: 1),
                    Self.run("rs-gone", hash: "h2", phase: "Running", second: 2),
                    Self.run("rs-deleting", hash: "h3", phase: "Failed", second: 3),
                    Self.run("kept", hash: "h1", phase: "Successful", second: 4)]
        let doomed = AnalysisRunHistory.runsToDelete(runs, replicaSets: [Self.replicaSet("h1"), terminating], spec: .emptyObject)
        #expect(doomed.map(\.name) == ["rs-deleting", "rs-gone", "no-label"])
    }

    @Test("zero limits delete every completed non-current run")
    func zeroLimits() {
        let runs = [Self.run("ok", hash: "h1", phase: "Successful", second: 1), Self.run("bad", hash: "h1", phase: "Failed", second: 2)]
        let spec: JSON = ["analysis": ["successfulRunHistoryLimit": 0, "unsuccessfulRunHistoryLimit": 0]]
        #expect(AnalysisRunHistory.runsToDelete(runs, replicaSets: [Self.replicaSet("h1")], spec: spec).map(\.name) == ["bad", "ok"])
    }

    @Test("releases through the controller: the rollout keeps the newest two Successful and the newest Failed run")
    func controllerDeletesOldRuns() async throws {
        let f = try ControllerFixture()
        try await f.createAnalysisTemplate(url: "http://web-canary.shop/version", success: "asFloat(result) < 9",
                                           failure: "asFloat(result) >= 9", args: [])
        try await f.createService("web-canary")
        try await f.createService("web-stable")
        let analysisStep: JSON = ["analysis": ["templates": [["templateName": "version-check"]]]]
        try await f.createRollout("web", spec: [
            "replicas": 1, "selector": ["matchLabels": ["app": "web"]],
            "analysis": ["successfulRunHistoryLimit": 2, "unsuccessfulRunHistoryLimit": 1],
            "template": ControllerFixture.template(image: "shop/web:1.0"),
            "strategy": ["canary": ["canaryService": "web-canary", "stableService": "web-stable",
                                    "steps": [["setWeight": 50], analysisStep]]],
        ])
        await f.settle()
        await f.advance(seconds: 1)
        var runOf: [String: String] = [:]    // version → its run's name
        for version in ["2.0", "3.0", "9.1", "9.2", "4.0"] {
            try await f.setImage("shop/web:\(version)")
            for _ in 0..<3 { await f.advance(seconds: 2) }
            let status = try await f.status()
            let hash = try #require(status["currentPodHash"].stringValue)
            let run = try #require(await f.analysisRuns().first { $0.labels["rollouts-pod-template-hash"] == hash })
            runOf[version] = run.name
            let expected = version.hasPrefix("9") ? "Failed" : "Successful"
            #expect(run[path: ["status", "phase"]].stringValue == expected, "\(version): \(run)")
            #expect(version.hasPrefix("9") ? status.phase == "Degraded" : status.phase == "Healthy", "\(version): \(status)")
        }
        await f.advance(seconds: 1)
        let left = Set(await f.analysisRuns().map(\.name))
        #expect(left == [runOf["3.0"]!, runOf["9.2"]!, runOf["4.0"]!])
    }
}
