import Foundation
import Testing
import TandemKubeModel
import TandemSim

/// `syncPolicy.automated` of the emulated Argo CD: new commits synced on the next refresh,
/// self-heal reverting live drift, pruning, and Argo CD's Rollout health (paused → Suspended).
@Suite("Simulated Argo CD: automated sync", .enabled(if: Kubectl.runnable, Kubectl.skipReason), .serialized)
struct ArgoCDAutomationE2ETests {
    static let image = ["spec", "template", "spec", "containers"]

    static func backendImage(_ rollout: JSON) -> String? { rollout[path: image][0]["image"].stringValue }

    @Test("an automated Application syncs on creation and syncs (and prunes) each new commit on targetRevision at the next refresh")
    func automatedSyncOfNewCommit() async throws {
        let f = try await ArgoCDFixture.start()
        defer { Task { await f.stop() } }
        try await f.apply(f.application(automated: "{prune: true}"))
        let first = try await f.waitForApp("first automated sync") {
            $0["status"]["sync"]["status"] == "Synced" && $0["status"]["operationState"]["phase"] == "Succeeded"
        }
        #expect(first["status"]["operationState"]["operation"]["initiatedBy"]["automated"] == true)
        #expect(first["status"]["operationState"]["syncResult"]["revision"].stringValue == (try f.head()))

        let next = try f.commit(["\(ArgoCDFixture.appPath)/kustomization.yml": ArgoCDFixture.kustomization(appVersion: "2.0", backendTag: "2.0")],
                                message: "release 2.0")
        let synced = try await f.waitForApp("synced to the new commit") {
            $0["status"]["operationState"]["syncResult"]["revision"].stringValue == next && $0["status"]["sync"]["status"] == "Synced"
        }
        #expect(synced["status"]["sync"]["revision"].stringValue == next)
        #expect(synced["status"]["operationState"]["operation"]["sync"]["revision"].stringValue == next)
        #expect(Self.backendImage(try await f.get(["-n", "shop", "ro", "my-backend"])) == "docker.io/kostiscodefresh/interest:2.0")
        let maps = try await f.get(["-n", "shop", "configmaps"])["items"].arrayValue ?? []
        #expect(maps.filter { $0.name.hasPrefix("my-frontend-settings-") }.map { $0["data"]["APP_VERSION"] } == ["2.0"])
    }

    @Test("selfHeal reverts a direct edit of a Rollout's template and of a ConfigMap; without selfHeal the drift stays OutOfSync")
    func selfHealRevertsDrift() async throws {
        let f = try await ArgoCDFixture.start()
        defer { Task { await f.stop() } }
        try await f.apply(f.application(automated: "{selfHeal: true}"))
        try await f.waitForApp("Synced") { $0["status"]["sync"]["status"] == "Synced" }
        let maps = try await f.get(["-n", "shop", "configmaps"])["items"].arrayValue ?? []
        let settings = try #require(maps.first { $0.name.hasPrefix("my-frontend-settings-") }).name

        try await f.kubectl.ok(["patch", "-n", "shop", "ro", "my-backend", "--type", "json", "-p",
                                #"[{"op":"replace","path":"/spec/template/spec/containers/0/image","value":"docker.io/kostiscodefresh/interest:9.9"}]"#])
        try await f.kubectl.ok(["patch", "-n", "shop", "configmap", settings, "--type", "merge", "-p", #"{"data":{"APP_VERSION":"9.9"}}"#])
        try await f.kubectl.waitFor(["-n", "shop", "ro", "my-backend"], "template reverted") {
            Self.backendImage($0) == "docker.io/kostiscodefresh/interest:latest"
        }
        try await f.kubectl.waitFor(["-n", "shop", "configmap", settings], "ConfigMap reverted") { $0["data"]["APP_VERSION"] == "1.0" }
        let healed = try await f.waitForApp("Synced after self-heal") {
            $0["status"]["sync"]["status"] == "Synced" && $0["status"]["operationState"]["operation"]["sync"]["selfHealAttemptsCount"].intValue != nil
        }
        #expect(healed["status"]["operationState"]["phase"] == "Succeeded")

        // The same drift under an Application without selfHeal is reported, not reverted.
        try await f.apply(f.application(automated: "{selfHeal: false}"))
        try await f.kubectl.ok(["patch", "-n", "shop", "ro", "my-backend", "--type", "json", "-p",
                                #"[{"op":"replace","path":"/spec/template/spec/containers/0/image","value":"docker.io/kostiscodefresh/interest:9.9"}]"#])
        let drifted = try await f.waitForApp("OutOfSync") { $0["status"]["sync"]["status"] == "OutOfSync" }
        #expect(drifted["status"]["resources"].arrayValue?.first { $0["name"] == "my-backend" }?["status"] == "OutOfSync")
        try await Task.sleep(for: .seconds(2))   // five refreshes
        #expect(Self.backendImage(try await f.get(["-n", "shop", "ro", "my-backend"])) == "docker.io/kostiscodefresh/interest:9.9")
    }

    @Test("automated prune deletes tracked objects no longer rendered; without prune they stay, marked requiresPruning")
    func pruneRemovesObjectsNoLongerRendered() async throws {
        let f = try await ArgoCDFixture.start()
        defer { Task { await f.stop() } }
        try await f.apply(f.application(automated: "{}"))
        try await f.waitForApp("Synced") { $0["status"]["sync"]["status"] == "Synced" }
        var kept = ["rollout-fe.yml", "rollout-be.yml", "frontend-active.yml", "frontend-preview.yml", "backend-active.yml"]
        let withoutPreview = try f.commit(["\(ArgoCDFixture.appPath)/kustomization.yml": ArgoCDFixture.kustomization(appVersion: "1.0", services: kept)],
                                          message: "drop backend-preview")
        // Without prune the extra Service stays and the app is OutOfSync.
        let pending = try await f.waitForApp("requiresPruning") {
            $0["status"]["sync"]["revision"].stringValue == withoutPreview
                && $0["status"]["resources"].arrayValue?.contains { $0["name"] == "backend-preview" && $0["requiresPruning"] == true } == true
        }
        #expect(pending["status"]["sync"]["status"] == "OutOfSync")
        #expect(try await f.kubectl.run(["get", "-n", "shop", "svc", "backend-preview"]).status == 0)

        // With prune the next refresh deletes it; objects of other applications are left alone.
        try await f.kubectl.ok(["create", "-n", "shop", "-f", "-"],
                               stdin: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: not-tracked\ndata:\n  a: b\n")
        try await f.apply(f.application(automated: "{prune: true}"))
        try await f.waitForApp("pruned and Synced") { $0["status"]["sync"]["status"] == "Synced" }
        #expect(try await f.kubectl.run(["get", "-n", "shop", "svc", "backend-preview"]).status != 0)
        let results = try await f.get(["-n", "argocd", "application", "shop"])["status"]["operationState"]["syncResult"]["resources"].arrayValue ?? []
        #expect(results.first { $0["name"] == "backend-preview" }?["status"] == "Pruned")
        #expect(try await f.kubectl.run(["get", "-n", "shop", "configmap", "not-tracked"]).status == 0)

        // A manual sync with prune removes what a new commit drops as well.
        kept.removeLast()
        let withoutActive = try f.commit(["\(ArgoCDFixture.appPath)/kustomization.yml": ArgoCDFixture.kustomization(appVersion: "1.0", services: kept)],
                                         message: "drop backend-active")
        try await f.apply(f.application())
        try await f.sync(revision: withoutActive, prune: true)
        try await f.waitForApp("manual prune") { $0["status"]["operationState"]["syncResult"]["revision"].stringValue == withoutActive }
        #expect(try await f.kubectl.run(["get", "-n", "shop", "svc", "backend-active"]).status != 0)
    }

    @Test("a blue-green Rollout paused before promotion makes the Application Suspended; Healthy once promoted")
    func pausedRolloutIsSuspended() async throws {
        let f = try await ArgoCDFixture.start()
        defer { Task { await f.stop() } }
        try await f.apply(f.application(automated: "{selfHeal: true}"))
        try await f.waitForApp("Healthy") { $0["status"]["health"]["status"] == "Healthy" && $0["status"]["sync"]["status"] == "Synced" }
        try f.commit(["\(ArgoCDFixture.appPath)/kustomization.yml": ArgoCDFixture.kustomization(appVersion: "1.0", backendTag: "2.0")],
                     message: "backend 2.0")
        let suspended = try await f.waitForApp("Suspended") { $0["status"]["health"]["status"] == "Suspended" }
        let backend = suspended["status"]["resources"].arrayValue?.first { $0["name"] == "my-backend" }
        #expect(backend?["health"]["status"] == "Suspended")
        #expect(backend?["health"]["message"] == "BlueGreenPause")
        #expect(suspended["status"]["sync"]["status"] == "Synced", "a pause is not drift")

        // Promote through the status subresource (what tandem and the kubectl plugin do): Healthy again.
        try await f.kubectl.ok(["patch", "-n", "shop", "ro", "my-backend", "--subresource", "status", "--type", "merge", "-p",
                                #"{"status":{"pauseConditions":null}}"#])
        try await f.waitForApp("Healthy after promotion") { $0["status"]["health"]["status"] == "Healthy" }
    }
}
