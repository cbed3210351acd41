import Foundation
import Testing
import TandemKubeModel
import TandemSim

/// The options Argo CD reads from a resource's annotations, as the simulated Argo CD honours them:
/// `sync-options: Prune=false` and `compare-options: IgnoreExtraneous` on a generated ConfigMap
/// whose name the next commit changes (what tandem's GitOps mode relies on).
@Suite("Simulated Argo CD: Prune=false and IgnoreExtraneous", .enabled(if: Kubectl.runnable, Kubectl.skipReason), .serialized)
struct ArgoCDResourceOptionsE2ETests {
    /// The fixture's kustomization with `annotations` on the frontend's configMapGenerator.
    static func kustomization(appVersion: String, annotations: [String]) -> String {
        let options = "  options:\n    annotations:\n" + annotations.map { "      \($0)\n" }.joined()
        return ArgoCDFixture.kustomization(appVersion: appVersion)
            .replacingOccurrences(of: "  - BACKEND_HOST=\"backend-active\"\n", with: "  - BACKEND_HOST=\"backend-active\"\n" + options)
    }

    static func settingsMaps(_ f: ArgoCDFixture) async throws -> [String] {
        (try await f.get(["-n", "shop", "configmaps"])["items"].arrayValue ?? []).map(\.name)
            .filter { $0.hasPrefix("my-frontend-settings-") }.sorted()
    }

    @Test("automated prune keeps a ConfigMap annotated Prune=false (PruneSkipped, ignored (no prune)); with IgnoreExtraneous the Application stays Synced")
    func pruneFalseKeepsTheOldConfigMapAndIgnoreExtraneousKeepsItSynced() async throws {
        let f = try await ArgoCDFixture.start()
        defer { Task { await f.stop() } }
        let both = ["argocd.argoproj.io/sync-options: Prune=false", "argocd.argoproj.io/compare-options: IgnoreExtraneous"]
        try f.commit(["\(ArgoCDFixture.appPath)/kustomization.yml": Self.kustomization(appVersion: "1.0", annotations: both)], message: "annotated")
        try await f.apply(f.application(automated: "{prune: true, selfHeal: true}"))
        try await f.waitForApp("Synced") { $0["status"]["sync"]["status"] == "Synced" }
        let old = try #require(try await Self.settingsMaps(f).first)

        let next = try f.commit(["\(ArgoCDFixture.appPath)/kustomization.yml": Self.kustomization(appVersion: "2.0", annotations: both)],
                                message: "2.0: a new ConfigMap name")
        let synced = try await f.waitForApp("synced to 2.0") {
            $0["status"]["operationState"]["syncResult"]["revision"].stringValue == next && $0["status"]["sync"]["revision"].stringValue == next
        }
        #expect(try await Self.settingsMaps(f).count == 2, "the old ConfigMap is kept")
        #expect(try await Self.settingsMaps(f).contains(old))
        let result = synced["status"]["operationState"]["syncResult"]["resources"].arrayValue?.first { $0["name"].stringValue == old }
        #expect(result?["status"] == "PruneSkipped" && result?["message"] == "ignored (no prune)", "\(String(describing: result))")
        let resource = synced["status"]["resources"].arrayValue?.first { $0["name"].stringValue == old }
        #expect(resource?["status"] == "OutOfSync" && resource?["requiresPruning"] == true, "the kept object itself is extraneous")
        #expect(synced["status"]["sync"]["status"] == "Synced", "IgnoreExtraneous: it does not make the Application OutOfSync")
        try await Task.sleep(for: .seconds(1))   // two refreshes with selfHeal: still kept, still Synced
        #expect(try await Self.settingsMaps(f).contains(old))
        #expect(try await f.get(["-n", "argocd", "application", "shop"])["status"]["sync"]["status"] == "Synced")

        // Deleted by someone else (tandem's collect-garbage), it is simply gone: nothing recreates it.
        try await f.kubectl.ok(["delete", "-n", "shop", "configmap", old])
        try await Task.sleep(for: .seconds(1))
        #expect(try await !Self.settingsMaps(f).contains(old))
        #expect(try await f.get(["-n", "argocd", "application", "shop"])["status"]["sync"]["status"] == "Synced")
    }

    @Test("Prune=false without IgnoreExtraneous: the old ConfigMap is kept and the Application is OutOfSync (requires pruning); options are matched whole in a comma list")
    func pruneFalseAloneLeavesTheApplicationOutOfSync() async throws {
        let f = try await ArgoCDFixture.start()
        defer { Task { await f.stop() } }
        let pruneOnly = ["argocd.argoproj.io/sync-options: \"Replace=true, Prune=false\"",
                         "argocd.argoproj.io/compare-options: IgnoreExtraneousThings"]
        try f.commit(["\(ArgoCDFixture.appPath)/kustomization.yml": Self.kustomization(appVersion: "1.0", annotations: pruneOnly)], message: "annotated")
        try await f.apply(f.application(automated: "{prune: true}"))
        try await f.waitForApp("Synced") { $0["status"]["sync"]["status"] == "Synced" }
        let old = try #require(try await Self.settingsMaps(f).first)
        let next = try f.commit(["\(ArgoCDFixture.appPath)/kustomization.yml": Self.kustomization(appVersion: "2.0", annotations: pruneOnly)],
                                message: "2.0")
        let app = try await f.waitForApp("synced to 2.0") { $0["status"]["operationState"]["syncResult"]["revision"].stringValue == next }
        #expect(try await Self.settingsMaps(f).contains(old))
        let outOfSync = try await f.waitForApp("OutOfSync for the kept ConfigMap") { $0["status"]["sync"]["status"] == "OutOfSync" }
        #expect(outOfSync["status"]["resources"].arrayValue?.contains { $0["name"].stringValue == old && $0["requiresPruning"] == true } == true,
                "\(app["status"]["resources"])")
    }
}
