import Testing
import TandemKubeModel
import TandemPlan
@testable import TandemEngine

private typealias F = CanaryRolloutFixtures

/// frontend → backend → rates, lockstep, revision pairing.
private func chain(checkpoints: [Checkpoint] = [Checkpoint(name: "qa", after: .deploy)], coupling: Coupling = .lockstep) -> ReleasePlan {
    ReleasePlan(name: "loan-app-canary", namespace: "legacy", coupling: coupling, services: [
        ServiceSpec(name: "rates", image: "example/rates"),
        ServiceSpec(name: "backend", image: "example/backend",
                    dependsOn: [Dependency(service: "rates", configMap: "backend-settings", key: "RATES_HOST")]),
        ServiceSpec(name: "frontend", image: "example/frontend",
                    dependsOn: [Dependency(service: "backend", configMap: "frontend-settings", key: "BACKEND_HOST")]),
    ], checkpoints: checkpoints)
}

private func members(_ rollouts: [Rollout]) -> [(service: String, rollout: Rollout)] {
    zip(["rates", "backend", "frontend"], rollouts).map { ($0, $1) }
}

private func problems(plan: ReleasePlan = chain(), _ rollouts: [Rollout], targets: [StableTarget] = []) -> [String] {
    do {
        _ = try CanaryPreflight.check(plan: plan, members: members(rollouts), stableTargets: targets)
        return []
    } catch {
        return error.problems
    }
}

@Suite("lockstep canary preflight")
struct CanaryPreflightTests {
    @Test("three canary Rollouts with the same steps form a group with one stage per pause")
    func group() throws {
        let group = try CanaryPreflight.check(plan: chain(), members: members([F.canary("rates"), F.canary("backend"), F.canary("frontend")]),
                                              stableTargets: [])
        #expect(group == CanaryGroup(stages: [CanaryStage(pauseIndex: 1, weight: 20), CanaryStage(pauseIndex: 3, weight: 50)]))
    }

    @Test("a plan of blue/green Rollouts is no canary group and is not refused")
    func blueGreenPlan() throws {
        #expect(try CanaryPreflight.check(plan: chain(), members: members([F.blueGreen("rates"), F.blueGreen("backend"), F.blueGreen("frontend")]),
                                          stableTargets: []) == nil)
    }

    @Test("mixed strategies are refused, naming which Rollout uses which")
    func mixed() {
        let found = problems([F.canary("rates"), F.blueGreen("backend"), F.canary("frontend")])
        #expect(found.count == 1)
        #expect(found.first?.contains("mixed strategies in one lockstep plan: rates, frontend use canary, backend use blueGreen") == true, "\(found)")
        #expect(found.first?.contains("move them to one strategy, or release them in separate plans") == true)
    }

    @Test("different setWeight sequences are refused with both sequences")
    func differentWeights() {
        let other: [JSON] = [["setWeight": 30], ["pause": [:]], ["setWeight": 100]]
        let found = problems([F.canary("rates"), F.canary("backend", steps: other), F.canary("frontend")])
        #expect(found == ["the setWeight/pause steps of Rollout backend [setWeight 30, pause, setWeight 100] differ from those of Rollout rates "
            + "[setWeight 20, pause, setWeight 50, pause, setWeight 100]: the group moves one step at a time, so give every Rollout the same setWeight and pause steps"])
    }

    @Test("a timed pause is refused: the group needs pause: {}")
    func timedPause() {
        let timed: [JSON] = [["setWeight": 20], ["pause": ["duration": "30s"]], ["setWeight": 50], ["pause": [:]], ["setWeight": 100]]
        let found = problems([F.canary("rates", steps: timed), F.canary("backend", steps: timed), F.canary("frontend", steps: timed)])
        #expect(found.count == 3, "\(found)")
        #expect(found.first == #"Rollout legacy/rates (service rates) step 1 is a timed pause ({"duration":"30s"}): the controller would move on by itself, ahead of the group; write `- pause: {}` and let tandem promote the group"#)
    }

    @Test("steps without any pause are refused")
    func noPause() {
        let steps: [JSON] = [["setWeight": 50], ["setWeight": 100]]
        let found = problems([F.canary("rates", steps: steps), F.canary("backend", steps: steps), F.canary("frontend", steps: steps)])
        #expect(found.count == 3)
        #expect(found.allSatisfy { $0.contains("has no `pause: {}` step") })
    }

    @Test("a canary Rollout without stableService or canaryService is refused, each with its fix")
    func missingServices() {
        let found = problems([F.canary("rates", stableService: nil), F.canary("backend", canaryService: nil), F.canary("frontend")])
        #expect(found == [
            "Rollout legacy/rates (service rates) has no spec.strategy.canary.stableService: tandem needs it to keep stable pods paired with stable pods; add a Service (selector = the Rollout's pod labels) and name it in stableService",
            "Rollout legacy/backend (service backend) has no spec.strategy.canary.canaryService: tandem verifies each step through it; add a Service (selector = the Rollout's pod labels) and name it in canaryService",
        ])
    }

    @Test("a consumer whose stable pods call a Service over both revisions of a canary dependency is refused")
    func stableReachesCanary() {
        let rollouts = [F.canary("rates"), F.canary("backend"), F.canary("frontend")]
        let plain = StableTarget(consumer: "frontend", dependency: "backend", key: "BACKEND_HOST", configMap: "frontend-settings",
                                 value: "backend", service: F.service("backend", selector: ["app": "backend"]))
        let found = problems(rollouts, targets: [plain])
        #expect(found == ["stable pods of frontend would reach canary pods of backend: ConfigMap frontend-settings has BACKEND_HOST=backend, Service backend — "
            + "its selector has no rollouts-pod-template-hash, so during the canary it load-balances over both revisions of Rollout backend; "
            + "set BACKEND_HOST to backend-stable (the stableService of backend, pinned to the stable hash by Argo) before the release"])
        let canary = StableTarget(consumer: "frontend", dependency: "backend", key: "BACKEND_HOST", configMap: "frontend-settings",
                                  value: "backend-canary", service: F.service("backend-canary", selector: ["app": "backend"]))
        #expect(problems(rollouts, targets: [canary]).first?.contains("that is the canaryService of Rollout backend, which selects its canary pods") == true)
        // Between releases Argo points the canaryService at the stable hash too; it still moves to the canary.
        let canaryOnStable = StableTarget(consumer: "frontend", dependency: "backend", key: "BACKEND_HOST", configMap: "frontend-settings",
                                          value: "backend-canary", service: F.service("backend-canary", selector: ["app": "backend", "rollouts-pod-template-hash": "stable1"]))
        #expect(problems(rollouts, targets: [canaryOnStable]).first?.contains("that is the canaryService of Rollout backend") == true)
    }

    @Test("stable pods calling the stableService or a Service pinned to the stable hash pass")
    func stablePairingAccepted() throws {
        let rollouts = [F.canary("rates"), F.canary("backend"), F.canary("frontend")]
        let viaStable = StableTarget(consumer: "frontend", dependency: "backend", key: "BACKEND_HOST", configMap: "frontend-settings",
                                     value: "backend-stable", service: F.service("backend-stable", selector: ["app": "backend"]))
        let pinned = StableTarget(consumer: "backend", dependency: "rates", key: "RATES_HOST", configMap: "backend-settings-abc",
                                  value: "rates-stable1", service: F.service("rates-stable1", selector: ["app": "rates", "rollouts-pod-template-hash": "stable1"]))
        #expect(problems(rollouts, targets: [viaStable, pinned]).isEmpty)
        let stale = StableTarget(consumer: "backend", dependency: "rates", key: "RATES_HOST", configMap: "backend-settings-abc",
                                 value: "rates-old9", service: F.service("rates-old9", selector: ["app": "rates", "rollouts-pod-template-hash": "old9"]))
        #expect(problems(rollouts, targets: [stale]).first?.contains("it is pinned to revision old9, not to the stable revision stable1") == true)
    }

    @Test("a weight checkpoint must name the weight of one of the group's pauses")
    func weightCheckpoint() throws {
        let rollouts = [F.canary("rates"), F.canary("backend"), F.canary("frontend")]
        #expect(problems(plan: chain(checkpoints: [Checkpoint(name: "half", after: .weight(50))]), rollouts).isEmpty)
        #expect(problems(plan: chain(checkpoints: [Checkpoint(name: "third", after: .weight(30))]), rollouts) == [
            "checkpoint \"third\" is after weight:30, but no pause of the group's steps is at weight 30: use one of weight:20, weight:50, or add a setWeight 30 followed by pause: {}"])
        let blueGreen = [F.blueGreen("rates"), F.blueGreen("backend"), F.blueGreen("frontend")]
        #expect(problems(plan: chain(checkpoints: [Checkpoint(name: "half", after: .weight(50))]), blueGreen).first?
            .contains("no Rollout of the plan uses the canary strategy") == true)
    }

    @Test("every problem is reported at once")
    func allAtOnce() {
        let other: [JSON] = [["setWeight": 30], ["pause": ["duration": 10]], ["setWeight": 100]]
        let found = problems([F.canary("rates", canaryService: nil), F.canary("backend", steps: other), F.blueGreen("frontend")])
        #expect(found.count == 4, "\(found)")
    }
}
