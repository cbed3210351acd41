import Foundation
import Testing
import TandemKubeModel
import TandemSim

/// The emulated Argo CD over HTTP with the real kubectl, real git and real kustomize: manual sync
/// operations (what `argocd app sync --revision` sends), render errors and `kubectl get applications`.
@Suite("Simulated Argo CD: manual sync", .enabled(if: Kubectl.runnable, Kubectl.skipReason), .serialized)
struct ArgoCDSyncE2ETests {
    @Test("a sync operation at a revision applies that revision's objects with tracking ids, Succeeded, operation cleared")
    func manualSyncAtRevision() async throws {
        let f = try await ArgoCDFixture.start()
        defer { Task { await f.stop() } }
        let first = try f.head()
        let second = try f.commit(["\(ArgoCDFixture.appPath)/kustomization.yml": ArgoCDFixture.kustomization(appVersion: "2.0", backendTag: "2.0")],
                                  message: "release 2.0")
        try await f.apply(f.application())

        // Not synced yet: compared with main, everything is missing.
        let compared = try await f.waitForApp("compared with main") { $0["status"]["sync"]["status"] == "OutOfSync" }
        #expect(compared["status"]["sync"]["revision"].stringValue == second)
        #expect(compared["status"]["health"]["status"] == "Missing")
        #expect(compared["status"]["resources"].arrayValue?.count == 7)
        #expect(try await f.kubectl.run(["get", "-n", "shop", "ro", "my-backend"]).status != 0)

        // Sync the older commit.
        try await f.sync(revision: first)
        let synced = try await f.waitForApp("operation Succeeded") { $0["status"]["operationState"]["phase"] == "Succeeded" }
        let state = synced["status"]["operationState"]
        #expect(state["syncResult"]["revision"].stringValue == first)
        #expect(state["message"] == "successfully synced (all tasks run)")
        #expect(state["operation"]["sync"]["revision"].stringValue == first)
        #expect(state["operation"]["initiatedBy"]["username"] == "admin")
        #expect(state["startedAt"].stringValue != nil && state["finishedAt"].stringValue != nil)
        #expect(state["syncResult"]["resources"].arrayValue?.count == 7)
        #expect(state["syncResult"]["resources"].arrayValue?.allSatisfy { $0["status"] == "Synced" } == true)
        #expect(synced["operation"].isNull)
        #expect(synced["status"]["history"][0]["revision"].stringValue == first)

        let backend = try await f.get(["-n", "shop", "ro", "my-backend"])
        #expect(backend["metadata"]["annotations"]["argocd.argoproj.io/tracking-id"] == "shop:argoproj.io/Rollout:shop/my-backend")
        #expect(backend["spec"]["template"]["spec"]["containers"][0]["image"] == "docker.io/kostiscodefresh/interest:latest")
        let service = try await f.get(["-n", "shop", "svc", "backend-active"])
        #expect(service["metadata"]["annotations"]["argocd.argoproj.io/tracking-id"] == "shop:/Service:shop/backend-active")
        let maps = try await f.get(["-n", "shop", "configmaps"])["items"].arrayValue ?? []
        let settings = maps.first { $0.name.hasPrefix("my-frontend-settings-") }
        #expect(settings?["data"]["APP_VERSION"] == "1.0")
        #expect(settings.flatMap { TrackingIDs.of($0) } == "shop:/ConfigMap:shop/\(settings?.name ?? "")")

        // The live state is that older commit, so compared with main the app stays OutOfSync.
        let behind = try await f.waitForApp("OutOfSync against main") {
            $0["status"]["sync"]["status"] == "OutOfSync" && $0["status"]["sync"]["revision"].stringValue == second
        }
        #expect(behind["status"]["resources"].arrayValue?.contains { $0["name"] == "my-backend" && $0["status"] == "OutOfSync" } == true)

        // A sync without revision goes to targetRevision; with prune the 1.0 ConfigMap (another
        // hash-suffixed name) goes too, and everything is Synced at main.
        #expect(behind["status"]["resources"].arrayValue?.contains { $0["name"].stringValue == settings?.name && $0["requiresPruning"] == true } == true)
        try await f.sync(revision: nil, prune: true)
        let latest = try await f.waitForApp("Synced at main") {
            $0["status"]["operationState"]["syncResult"]["revision"].stringValue == second && $0["status"]["sync"]["status"] == "Synced"
        }
        #expect(latest["status"]["sync"]["revision"].stringValue == second)
        #expect(latest["status"]["history"].arrayValue?.count == 2)
        let updated = try await f.get(["-n", "shop", "ro", "my-backend"])
        #expect(updated["spec"]["template"]["spec"]["containers"][0]["image"] == "docker.io/kostiscodefresh/interest:2.0")
        #expect(updated["status"]["stableRS"].stringValue != nil, "the Rollout keeps the status its controller wrote")
        #expect(try await f.kubectl.run(["get", "-n", "shop", "configmap", settings?.name ?? "?"]).status != 0)
    }

    @Test("a revision that does not render ends the operation in Error with kustomize's message and a ComparisonError")
    func renderErrorFailsTheOperation() async throws {
        let f = try await ArgoCDFixture.start()
        defer { Task { await f.stop() } }
        let broken = try f.commit([
            "\(ArgoCDFixture.appPath)/kustomization.yml": ArgoCDFixture.kustomization(appVersion: "1.0", services: ["rollout-fe.yml", "missing-service.yml"]),
        ], message: "broken kustomization")
        try await f.apply(f.application())
        try await f.sync(revision: broken)
        let failed = try await f.waitForApp("operation Error") { $0["status"]["operationState"]["phase"] == "Error" }
        let message = failed["status"]["operationState"]["message"].stringValue ?? ""
        #expect(message.hasPrefix("ComparisonError: Failed to load target state"))
        #expect(message.contains("missing-service.yml"), "kustomize's own message is passed on: \(message)")
        #expect(failed["operation"].isNull)
        let condition = try await f.waitForApp("ComparisonError condition") { $0["status"]["conditions"][0]["type"] == "ComparisonError" }
        #expect(condition["status"]["conditions"][0]["message"].stringValue?.contains("missing-service.yml") == true)
        #expect(condition["status"]["sync"]["status"] == "Unknown")

        // A revision that does not exist is an Error too, naming it.
        try await f.sync(revision: "no-such-branch")
        let unknown = try await f.waitForApp("unknown revision Error") {
            $0["status"]["operationState"]["message"].stringValue?.contains("no-such-branch") == true
        }
        #expect(unknown["status"]["operationState"]["phase"] == "Error")
        #expect(unknown["status"]["operationState"]["message"].stringValue?.contains("Unable to resolve 'no-such-branch' to a commit SHA") == true)
    }

    @Test("an object of a kind the cluster does not serve fails the sync with Argo CD's message; the rest is applied")
    func unknownKindFailsTheOperation() async throws {
        let f = try await ArgoCDFixture.start()
        defer { Task { await f.stop() } }
        let deployment = """
        apiVersion: apps/v1
        kind: StatefulSet
        metadata:
          name: db
        spec:
          selector: {matchLabels: {app: db}}
          template: {metadata: {labels: {app: db}}, spec: {containers: [{name: db, image: postgres}]}}
        """
        let commit = try f.commit([
            "\(ArgoCDFixture.appPath)/db.yml": deployment,
            "\(ArgoCDFixture.appPath)/kustomization.yml": ArgoCDFixture.kustomization(appVersion: "1.0", services: ["rollout-fe.yml", "db.yml"]),
        ], message: "add a database")
        try await f.apply(f.application())
        try await f.sync(revision: commit)
        let failed = try await f.waitForApp("operation Failed") { $0["status"]["operationState"]["phase"] == "Failed" }
        let message = failed["status"]["operationState"]["message"].stringValue ?? ""
        #expect(message.contains("one or more objects failed to apply"))
        #expect(message.contains("could not find apps/v1/StatefulSet"), "\(message)")
        let results = failed["status"]["operationState"]["syncResult"]["resources"].arrayValue ?? []
        #expect(results.first { $0["kind"] == "StatefulSet" }?["status"] == "SyncFailed")
        #expect(results.first { $0["kind"] == "Rollout" }?["status"] == "Synced")
        #expect(try await f.kubectl.run(["get", "-n", "shop", "ro", "my-frontend"]).status == 0)
    }

    @Test("kubectl get applications -n argocd prints Argo CD's SYNC STATUS and HEALTH STATUS columns")
    func kubectlGetApplications() async throws {
        let f = try await ArgoCDFixture.start()
        defer { Task { await f.stop() } }
        try await f.apply(f.application(automated: "{}"))
        try await f.waitForApp("Synced") { $0["status"]["sync"]["status"] == "Synced" }
        let table = try await f.kubectl.ok(["get", "applications", "-n", "argocd"]).out
        let lines = table.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }
        #expect(lines.first == ["NAME", "SYNC", "STATUS", "HEALTH", "STATUS", "AGE"])
        #expect(lines.dropFirst().first?.prefix(2) == ["shop", "Synced"])
        #expect(try await f.kubectl.ok(["get", "app", "-n", "argocd", "shop", "-o", "name"]).out == "application.argoproj.io/shop\n")
        let resources = try await f.kubectl.ok(["api-resources", "--api-group", "argoproj.io"]).out
        #expect(resources.contains("applications") && resources.contains("Application"))
    }
}

enum TrackingIDs {
    static func of(_ object: JSON) -> String? { object["metadata"]["annotations"]["argocd.argoproj.io/tracking-id"].stringValue }
}
