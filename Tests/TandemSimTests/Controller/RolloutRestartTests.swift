import Foundation
import Testing
import TandemKubeModel
@testable import TandemSim

/// `kubectl argo rollouts restart` sets `spec.restartAt` (a merge patch with the current time, or
/// `--in` later). Argo's `RolloutPodRestarter` (rollout/restart.go) then evicts the pods created
/// before it — at most `max(maxUnavailable, 1)` below full availability at a time — the
/// ReplicaSets recreate them, and once no pod is older than `restartAt` the controller sets
/// `status.restartedAt` (`SetRestartedAt`); until then `CalculateRolloutPhase` says Progressing,
/// "rollout is restarting". Canary returns early from a reconcile that evicted pods
/// (rollout/canary.go); e2e: TestRolloutRestart, TestCompleteRolloutRestart (test/e2e/functional_test.go).
@Suite("Rollout restart (spec.restartAt)")
struct RolloutRestartTests {
    private func podNames(_ f: ControllerFixture) async -> Set<String> {
        Set(await f.store.list(.pods, namespace: f.namespace).items.map(\.name))
    }

    private func restart(_ f: ControllerFixture, at date: Date) async throws {
        try await f.patch(["spec": ["restartAt": .string(KubeTime.format(date))]])
    }

    @Test("blue/green: pods are replaced one at a time, the active Service keeps its revision, restartedAt is set and the rollout ends Healthy")
    func blueGreenRestart() async throws {
        let f = try ControllerFixture()
        let hash = try await f.healthyBlueGreen(replicas: 2)
        let original = await podNames(f)
        #expect(original.count == 2)
        await f.advance(seconds: 5)    // the pods are now older than the restart
        let restartAt = KubeTime.parse(KubeTime.format(f.clock.now))!
        try await restart(f, at: restartAt)
        await f.advance(seconds: 1)

        // 2 replicas: maxUnavailable rounds 25 % down to 0, so one pod at a time.
        var status = try await f.status()
        #expect(status.phase == "Progressing")
        #expect(status.message == "rollout is restarting")
        #expect(status["restartedAt"].isNull)
        var pods = await podNames(f)
        #expect(pods.count == 2)
        #expect(pods.intersection(original).count == 1, "exactly one old pod evicted so far: \(pods) vs \(original)")

        await f.advance(seconds: 1)    // the replacement is Ready: the second old pod goes
        pods = await podNames(f)
        #expect(pods.intersection(original).isEmpty)
        await f.advance(seconds: 1)

        status = try await f.status()
        #expect(status["restartedAt"].stringValue == KubeTime.format(restartAt))
        #expect(status.phase == "Healthy")
        #expect(status["currentPodHash"].stringValue == hash)
        #expect(try await f.serviceHash("web-active") == hash)
        #expect(await f.replicaSets().count == 1, "a restart creates no new revision")
        for pod in await f.store.list(.pods, namespace: f.namespace).items {
            let created = try #require(pod.creationTimestamp.flatMap(KubeTime.parse))
            #expect(created >= restartAt)
            #expect(pod.isPodReady)
        }

        // Recorded: nothing more happens on later reconciles.
        let settled = await podNames(f)
        await f.advance(seconds: 40)
        #expect(await podNames(f) == settled)
    }

    @Test("a restartAt in the future does nothing until it has passed")
    func futureRestart() async throws {
        let f = try ControllerFixture()
        _ = try await f.healthyBlueGreen(replicas: 1)
        let original = await podNames(f)
        let restartAt = KubeTime.parse(KubeTime.format(f.clock.now.addingTimeInterval(60)))!
        try await restart(f, at: restartAt)
        await f.settle()
        await f.advance(seconds: 30)
        #expect(await podNames(f) == original)
        #expect(try await f.status()["restartedAt"].isNull)
        await f.advance(seconds: 31)    // past restartAt: 1 replica, so its only pod is evicted
        #expect(await podNames(f).isDisjoint(with: original))
        await f.advance(seconds: 1)
        let status = try await f.status()
        #expect(status["restartedAt"].stringValue == KubeTime.format(restartAt))
        #expect(status.phase == "Healthy")
    }

    @Test("canary maxUnavailable 75 % evicts three of four pods at once (Argo's TestRolloutRestart: 4, 4, 1, 1, 1)")
    func canaryMaxUnavailable() async throws {
        let f = try ControllerFixture()
        try await f.createService("web-canary")
        try await f.createService("web-stable")
        try await f.createRollout("web", spec: [
            "replicas": 4, "selector": ["matchLabels": ["app": "web"]],
            "template": ControllerFixture.template(image: "shop/web:1.0"),
            "strategy": ["canary": ["canaryService": "web-canary", "stableService": "web-stable", "maxUnavailable": "75%",
                                    "steps": [["setWeight": 25], ["pause": [:]]]]],
        ])
        await f.settle()
        await f.advance(seconds: 1)
        try await f.setImage("shop/web:2.0")
        await f.settle()
        await f.advance(seconds: 1)
        #expect(try await f.status().phase == "Paused")
        let original = await podNames(f)
        await f.advance(seconds: 1)
        try await restart(f, at: KubeTime.parse(KubeTime.format(f.clock.now))!)
        await f.advance(seconds: 0.5)    // restartAt passed, the replacements are not Ready yet

        let status = try await f.status()
        #expect(await podNames(f).intersection(original).count == 1)
        #expect(status["replicas"].intValue == 4)
        #expect(status["updatedReplicas"].intValue == 1)
        #expect(status["readyReplicas"].intValue == 1)
        #expect(status["availableReplicas"].intValue == 1)

        await f.advance(seconds: 1)    // three Ready again: the fourth old pod goes
        #expect(await podNames(f).isDisjoint(with: original))
        await f.advance(seconds: 1)
        let after = try await f.status()
        #expect(after["restartedAt"].stringValue != nil)
        #expect(after.phase == "Paused", "the restart leaves the canary at its pause step")
        #expect(after["currentStepIndex"].intValue == 1)
    }

    @Test("a restart after the progress deadline passed still completes Healthy (Argo's TestCompleteRolloutRestart)")
    func restartAfterProgressDeadline() async throws {
        let f = try ControllerFixture()
        try await f.createRollout("web", spec: [
            "replicas": 2, "progressDeadlineAbort": true, "progressDeadlineSeconds": 15,
            "selector": ["matchLabels": ["app": "web"]],
            "template": ControllerFixture.template(image: "shop/web:1.0"),
            "strategy": ["canary": ["steps": [["setWeight": 20]]]],
        ])
        await f.settle()
        await f.advance(seconds: 1)
        #expect(try await f.status().phase == "Healthy")
        await f.advance(seconds: 16)
        try await restart(f, at: KubeTime.parse(KubeTime.format(f.clock.now))!)
        for _ in 0..<4 { await f.advance(seconds: 1) }
        let status = try await f.status()
        #expect(status.phase == "Healthy")
        #expect(status["abort"].isNull)
        #expect(status["restartedAt"].stringValue != nil)
    }

    @Test("watch-driven controllers wake a rollout at its future restartAt with nothing else changing")
    func runtimeWakesAtRestartAt() async throws {
        let clock = ManualSimClock()
        let store = try ObjectStore(statePath: nil, now: { clock.now })
        let controllers = SimControllers(store: store, options: SimControllerOptions(readyDelay: .seconds(1), clock: clock))
        await controllers.start()
        _ = try await store.create(.services, namespace: "ns", [
            "apiVersion": "v1", "kind": "Service", "metadata": ["name": "web-active", "namespace": "ns"],
            "spec": ["selector": ["app": "web"], "ports": [["port": 80]]],
        ])
        _ = try await store.create(.rollouts, namespace: "ns", [
            "apiVersion": "argoproj.io/v1alpha1", "kind": "Rollout", "metadata": ["name": "web", "namespace": "ns"],
            "spec": ["replicas": 1, "selector": ["matchLabels": ["app": "web"]],
                     "template": ControllerFixture.template(image: "shop/web:1.0"),
                     "strategy": ["blueGreen": ["activeService": "web-active"]]],
        ])
        #expect(await controllers.waitUntilIdle(timeout: .seconds(30)))
        clock.advance(by: .seconds(1))
        #expect(await controllers.waitUntilIdle(timeout: .seconds(30)))
        let original = Set(await store.list(.pods, namespace: "ns").items.map(\.name))
        let restartAt = KubeTime.format(clock.now.addingTimeInterval(20))
        _ = try await store.modify(.rollouts, namespace: "ns", name: "web") { MergePatch.apply(["spec": ["restartAt": .string(restartAt)]], to: $0) }
        #expect(await controllers.waitUntilIdle(timeout: .seconds(30)))
        clock.advance(by: .seconds(10))
        #expect(await controllers.waitUntilIdle(timeout: .seconds(30)))
        #expect(Set(await store.list(.pods, namespace: "ns").items.map(\.name)) == original)
        clock.advance(by: .seconds(12))
        var restarted: JSON = .null
        for _ in 0..<400 {
            _ = await controllers.waitUntilIdle(timeout: .seconds(5))
            clock.advance(by: .seconds(1))
            restarted = try await store.get(.rollouts, namespace: "ns", name: "web")["status"]
            if restarted["restartedAt"].stringValue == restartAt, restarted.phase == "Healthy" { break }
        }
        #expect(restarted["restartedAt"].stringValue == restartAt)
        #expect(restarted.phase == "Healthy")
        #expect(Set(await store.list(.pods, namespace: "ns").items.map(\.name)).isDisjoint(with: original))
        await controllers.stop()
    }
}
