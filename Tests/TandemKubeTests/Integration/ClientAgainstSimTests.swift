import Foundation
import Testing
@testable import TandemKube
import TandemKubeModel
import TandemPairing
import TandemSim

/// The same client behaviours over HTTPS with each way of authenticating.
@Suite("Client against the simulated cluster", .serialized)
struct ClientAgainstSimTests {
    @Test("rollout lifecycle: create, Healthy, set image → Paused, promote → Healthy, undo, abort/retry", arguments: AuthMode.allCases)
    func rolloutLifecycle(mode: AuthMode) async throws {
        let sim = try await SimHarness.start()
        let client = try sim.client(mode, namespace: "life-\(mode.rawValue.lowercased())")
        do {
            let ns = client.namespace
            try await Fixtures.deploy(client, "web", namespace: ns, image: "shop/web:1.0",
                                      // A real Rollout field tandem's typed view does not model: the client's
                                      // writes must keep it (a field unknown to the CRD is pruned by the API server).
                                      extra: ["spec": ["progressDeadlineAbort": true]])
            var rollout = try await client.waitForRollout("web", until: .healthy(image: "shop/web:1.0"), timeout: .seconds(30))
            #expect(rollout.isFullyPromoted)
            let firstHash = try #require(rollout.status.currentPodHash)
            #expect(try await client.replicaSets(hash: firstHash, namespace: ns).count == 1)

            try await client.setImage(rollout: "web", container: "web", image: "shop/web:2.0")
            rollout = try await client.waitForRollout("web", until: .paused, timeout: .seconds(30))
            #expect(rollout.status.pauseConditions.map(\.reason) == ["BlueGreenPause"])
            #expect(rollout.raw[path: ["spec", "progressDeadlineAbort"]] == true)

            // Preview answers with the new version through the Service proxy; active still serves the old one.
            let preview = try await client.proxyGet(service: "web-preview", port: "8080", path: "/")
            #expect(preview.status == 200)
            #expect(preview.json?["version"] == "2.0")
            let active = try await client.proxyGet(service: "web-active", port: "8080", path: "/")
            #expect(active.json?["version"] == "1.0")

            #expect(try await client.promote("web") == "rollout 'web' promoted")
            rollout = try await client.waitForRollout("web", until: .healthy(image: "shop/web:2.0"), timeout: .seconds(30))
            #expect(rollout.status.stableRS == rollout.status.currentPodHash)
            #expect(rollout.status.currentPodHash != firstHash)

            // Promote --full on a fully promoted rollout is refused with a clear message.
            let refusal = await #expect(throws: KubeError.self) { try await client.promoteFull("web") }
            #expect(refusal?.description.contains("already fully promoted") == true)

            // Undo goes back to the 1.0 template: a new rollout revision that pauses for promotion again.
            #expect(try await client.undo("web") == "rollout 'web' undo")
            rollout = try await client.waitForRollout("web", until: .paused, timeout: .seconds(30))
            #expect(rollout.template.containers.first?.image == "shop/web:1.0")
            // Revision 3 is the one undo just made (the 1.0 template again): undoing to it changes nothing.
            #expect(try await client.undo("web", toRevision: 3).hasPrefix("skipped rollback"))

            #expect(try await client.abort("web") == "rollout 'web' aborted")
            rollout = try await client.waitForRollout("web", until: .phase(.degraded), timeout: .seconds(30))
            #expect(rollout.status.abort)
            #expect(try await client.retry("web") == "rollout 'web' retried")
            rollout = try await client.waitForRollout("web", until: .init("abort cleared") { !$0.status.abort }, timeout: .seconds(30))
            #expect(!rollout.status.abort)
            #expect(try await client.pause("web") == "rollout 'web' paused")
            #expect(try await client.rollout("web").paused)
        } catch {
            await client.shutdown()
            await sim.stop()
            throw error
        }
        await client.shutdown()
        await sim.stop()
    }

    @Test("ConfigMaps, Services and Leases behave idempotently", arguments: AuthMode.allCases)
    func objectsAndLeases(mode: AuthMode) async throws {
        let sim = try await SimHarness.start()
        let client = try sim.client(mode, namespace: "objects")
        defer { Task { await client.shutdown(); await sim.stop() } }
        let cm = ConfigMap.make(name: "settings", namespace: "objects", data: ["BACKEND_HOST": "backend-active"])
        let created = try await client.createConfigMap(cm)
        let again = try await client.createConfigMap(cm)
        #expect(again.uid == created.uid)
        await #expect(throws: KubeError.self) {
            try await client.createConfigMap(ConfigMap.make(name: "settings", namespace: "objects", data: ["BACKEND_HOST": "other"]))
        }
        #expect(try await client.deleteConfigMap("settings") == true)
        #expect(try await client.deleteConfigMap("settings") == false)

        let svc = Service.make(name: "pinned", namespace: "objects", selector: ["app": "x", Rollout.podTemplateHashLabel: "abc"],
                               ports: [ServicePort(port: 8080)])
        _ = try await client.createService(svc)
        _ = try await client.createService(svc)
        #expect(try await client.service("pinned").podTemplateHash == "abc")
        #expect(try await client.deleteService("pinned"))

        let now = Date()
        guard case .acquired(let lease) = try await client.acquireLease("release-lock", holder: "a", duration: .seconds(30), now: now) else {
            Issue.record("a did not get the free lease"); return
        }
        #expect(lease.holderIdentity == "a")
        #expect(lease.raw[path: ["spec", "acquireTime"]].stringValue?.count == "2006-01-02T15:04:05.000000Z".count)
        let blocked = try await client.acquireLease("release-lock", holder: "b", duration: .seconds(30), now: now.addingTimeInterval(5))
        guard case .heldBy(let holder, _) = blocked else { Issue.record("b took a live lease"); return }
        #expect(holder == "a")
        _ = try await client.renewLease("release-lock", holder: "a", now: now.addingTimeInterval(10))
        // Expired from b's point of view only after renewTime + duration.
        let takeover = try await client.acquireLease("release-lock", holder: "b", duration: .seconds(30), now: now.addingTimeInterval(41))
        guard case .acquired(let taken) = takeover else { Issue.record("b could not take the expired lease"); return }
        #expect(taken.leaseTransitions == 1)
        #expect(try await client.releaseLease("release-lock", holder: "a") == false)
        #expect(try await client.releaseLease("release-lock", holder: "b") == true)
        #expect(try await client.lease("release-lock")?.holderIdentity == nil)
    }

    @Test("the image and ConfigMap reference change in one write, keeping unknown fields")
    func transformUpdate() async throws {
        let sim = try await SimHarness.start()
        let client = try sim.client(.bearerToken, namespace: "pairing")
        defer { Task { await client.shutdown(); await sim.stop() } }
        try await Fixtures.deploy(client, "front", namespace: "pairing", image: "shop/front:1",
                                  extra: ["metadata": ["annotations": ["team": "web"]]])
        let updated = try await client.updateRollout("front") { raw in
            var raw = try PodTemplateRewrite.rewrite(rollout: raw, container: "front", image: "shop/front:2", configMapRenames: [:])
            raw[path: ["spec", "template", "spec", "containers"]] = .array((raw[path: ["spec", "template", "spec", "containers"]].arrayValue ?? []).map {
                var container = $0
                container["env"] = [["name": "BACKEND_HOST", "valueFrom": ["configMapKeyRef": ["name": "front-settings-abc", "key": "BACKEND_HOST"]]]]
                return container
            })
            return raw
        }
        #expect(updated.template.containers.first?.image == "shop/front:2")
        #expect(updated.template.configMapNames == ["front-settings-abc"])
        #expect(updated.annotations["team"] == "web")
        #expect(updated.generation == 2)
        let missing = await #expect(throws: PairingError.self) {
            try await client.setImage(rollout: "front", container: "nope", image: "x:1")
        }
        #expect(missing?.description.hasPrefix("container \"nope\" not found in Rollout \"front\" (it has: front)") == true)
    }

    @Test("kube check passes for the admin and names each refused permission for the read-only token")
    func accessCheck() async throws {
        let sim = try await SimHarness.start()
        let admin = try sim.client(.clientCertificate)
        let reader = try sim.client(.bearerToken, readOnly: true)
        defer { Task { await admin.shutdown(); await reader.shutdown(); await sim.stop() } }
        let all = await admin.check(namespace: "shop")
        let failedChecks = all.filter { !$0.ok }
        #expect(failedChecks.isEmpty, "\(failedChecks)")
        #expect(all.count == 3 + RequiredPermission.all.count)
        let limited = await reader.check(namespace: "shop")
        let denied = limited.filter { !$0.ok }.map(\.name)
        #expect(denied.contains("patch rollouts/status.argoproj.io in shop"))
        #expect(denied.contains("create configmaps in shop"))
        #expect(!denied.contains("get rollouts.argoproj.io in shop"))
        let row = try #require(limited.first { $0.name == "patch rollouts/status.argoproj.io in shop" })
        #expect(row.detail.contains(#"resources: ["rollouts/status"]"#))
    }
}
