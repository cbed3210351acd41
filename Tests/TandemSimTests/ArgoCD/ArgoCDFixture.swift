import Foundation
import TandemTestSupport
import Testing
import TandemKubeModel
import TandemSim

/// A git repository in a temporary directory holding the codefresh example's two services as one
/// kustomization (both Rollouts, their four Services, the frontend's generated ConfigMap), a
/// simulated cluster with the emulated Argo CD refreshing quickly, and kubectl against it.
struct ArgoCDFixture {
    static let example = "/work/shared/examples/codefresh-multi-service"
    static let appPath = "manifests/shop"

    let dir: URL
    let repo: URL
    let cluster: SimulatedCluster
    let kubectl: Kubectl

    static func start(refresh: Duration = .milliseconds(400)) async throws -> ArgoCDFixture {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-argocd-\(UUID())")
        let repo = dir.appendingPathComponent("repo")
        let manifests = repo.appendingPathComponent(appPath)
        try FileManager.default.createDirectory(at: manifests, withIntermediateDirectories: true)
        let legacy = "\(example)/history/d0e27b1-main-initial-state/manifests/legacy"
        for file in ["rollout-fe.yml", "rollout-be.yml", "frontend-active.yml", "frontend-preview.yml", "backend-active.yml", "backend-preview.yml"] {
            try FileManager.default.copyItem(atPath: "\(legacy)/\(file)", toPath: manifests.appendingPathComponent(file).path)
        }
        try FileManager.default.copyItem(atPath: "\(example)/argo-rollouts-kustomize/rollout-transform.yaml",
                                         toPath: manifests.appendingPathComponent("rollout-transform.yaml").path)
        try kustomization(appVersion: "1.0").write(to: manifests.appendingPathComponent("kustomization.yml"), atomically: true, encoding: .utf8)
        try GitTool.initialize(repo.path)
        try git(repo, ["add", "-A"])
        try git(repo, ["commit", "-q", "-m", "release 1.0"])
        let kubeconfig = dir.appendingPathComponent("sim.kubeconfig").path
        let cluster = try await SimulatedCluster.start(options: SimulatedClusterOptions(
            readyDelay: .milliseconds(100), kubeconfigOut: kubeconfig, argoCD: ArgoCDOptions(refreshInterval: refresh)))
        return ArgoCDFixture(dir: dir, repo: repo, cluster: cluster,
                             kubectl: Kubectl(kubeconfig: kubeconfig, cacheDir: dir.appendingPathComponent("cache").path))
    }

    func stop() async {
        await cluster.stop()
        try? FileManager.default.removeItem(at: dir)
    }

    /// The kustomization of the whole shop; `images` pins the backend's tag when given.
    static func kustomization(appVersion: String, backendTag: String? = nil, services: [String]? = nil) -> String {
        let resources = services ?? ["rollout-fe.yml", "rollout-be.yml", "frontend-active.yml", "frontend-preview.yml",
                                     "backend-active.yml", "backend-preview.yml"]
        var text = """
        apiVersion: kustomize.config.k8s.io/v1beta1
        kind: Kustomization
        resources:
        \(resources.map { "- \($0)" }.joined(separator: "\n"))
        configurations:
        - rollout-transform.yaml
        configMapGenerator:
        - name: my-frontend-settings
          literals:
          - APP_VERSION=\(appVersion)
          - BACKEND_HOST="backend-active"

        """
        if let backendTag {
            text += "images:\n- name: docker.io/kostiscodefresh/interest\n  newTag: \"\(backendTag)\"\n"
        }
        return text
    }

    /// Writes files (relative to the repository) and commits them; returns the new commit.
    @discardableResult
    func commit(_ files: [String: String], message: String) throws -> String {
        try GitTool.commit(repo.path, files, message: message)
    }

    func head() throws -> String {
        try GitTool.head(repo.path)
    }

    /// The Application manifest for the shop (namespace argocd, destination shop).
    func application(_ name: String = "shop", targetRevision: String = "main", automated: String? = nil,
                     repoURL: String? = nil, path: String = ArgoCDFixture.appPath) -> String {
        ArgoCDApplicationManifest.yaml(name: name, repoURL: repoURL ?? "file://\(repo.path)", path: path,
                                       destinationNamespace: "shop", targetRevision: targetRevision, automated: automated)
    }

    func apply(_ manifest: String) async throws {
        try await kubectl.ok(["apply", "-f", "-"], stdin: manifest)
    }

    /// What `argocd app sync APP --revision R [--prune]` writes through the Kubernetes API.
    func sync(_ app: String = "shop", revision: String?, prune: Bool = false) async throws {
        var sync: JSON = ["prune": .bool(prune)]
        if let revision { sync["revision"] = .string(revision) }
        let operation: JSON = ["operation": ["sync": sync, "initiatedBy": ["username": "admin"]]]
        try await kubectl.ok(["patch", "-n", "argocd", "application", app, "--type", "merge", "-p", operation.serializedString()])
    }

    @discardableResult
    func waitForApp(_ what: String, app: String = "shop", sourceLocation: SourceLocation = #_sourceLocation,
                    _ condition: @escaping (JSON) -> Bool) async throws -> JSON {
        try await kubectl.waitFor(["-n", "argocd", "application", app], what, attempts: 150, sourceLocation: sourceLocation) { condition($0) }
    }

    func get(_ args: [String]) async throws -> JSON {
        try await kubectl.ok(["get"] + args + ["-o", "json"]).json
    }

    @discardableResult
    static func git(_ repo: URL, _ args: [String]) throws -> String {
        try GitTool.run(repo.path, args)
    }
}
