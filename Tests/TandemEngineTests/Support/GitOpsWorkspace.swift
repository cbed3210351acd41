import Foundation
import TandemTestSupport

/// GitOps mode on disk, as scripts/demo-gitops.sh sets it up: a bare remote (`remote.git`) and a
/// clone of it (`tree`) holding a plan (plans/loan-app-gitops.yaml unless given) and examples/gitops
/// at 1.0, committed and pushed. Lives in the directory of a `TandemBinary`, whose simulator serves
/// the Applications (`application(_:)`) that read the remote.
struct GitOpsWorkspace {
    let directory: String
    var remote: String { directory + "/remote.git" }
    var tree: String { directory + "/tree" }
    /// The plan, relative to `directory` (the binary's working directory).
    static let plan = "tree/plans/loan-app-gitops.yaml"
    /// The manifests folder, relative to the work tree's root.
    static let manifests = "examples/gitops/manifests"

    init(in directory: String, plan: String? = nil) throws {
        self.directory = directory
        try ProcessRunner.tool(["git", "init", "--quiet", "--bare", "--initial-branch=main", remote])
        try ProcessRunner.tool(["git", "clone", "--quiet", remote, tree])
        try FileManager.default.createDirectory(atPath: tree + "/plans", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: tree + "/examples", withIntermediateDirectories: true)
        try (plan ?? ExamplePlans.text("loan-app-gitops.yaml")).write(toFile: directory + "/" + Self.plan, atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(atPath: PackageRoot.url.appendingPathComponent("examples/gitops").path, toPath: tree + "/examples/gitops")
        try git(["symbolic-ref", "HEAD", "refs/heads/main"])  // whatever init.defaultBranch says
        try git(["config", "user.name", "tandem test"])
        try git(["config", "user.email", "test@tandem.invalid"])
        try commitAll("loan app 1.0")
        try git(["push", "--quiet", "origin", "main"])
    }

    /// `git ARGS` in the work tree; throws with git's stderr when it fails.
    @discardableResult
    func git(_ arguments: [String]) throws -> String {
        try ProcessRunner.tool(["git"] + arguments, directory: tree)
    }

    func commitAll(_ message: String) throws {
        try git(["add", "-A"])
        try git(["commit", "--quiet", "-m", message])
    }

    /// Writes `text` to `path` (relative to the work tree's root).
    func write(_ path: String, _ text: String) throws {
        let url = URL(fileURLWithPath: tree + "/" + path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    /// Replaces `old` in `path`; throws when the file no longer holds it (the example changed).
    func replace(_ old: String, with new: String, in path: String) throws {
        let text = try String(contentsOfFile: tree + "/" + path, encoding: .utf8)
        guard text.contains(old) else { throw MissingText(description: "\(path) no longer contains \(old.debugDescription)") }
        try write(path, text.replacingOccurrences(of: old, with: new))
    }

    /// The subjects of the remote's main branch, newest first.
    func remoteLog() throws -> [String] {
        try ProcessRunner.tool(["git", "--git-dir", remote, "log", "--format=%s", "main"]).split(separator: "\n").map(String.init)
    }

    /// The Argo CD Application `loan-<service>` (namespace argocd) that syncs the service's directory
    /// of the remote, with automated sync and self-heal when `automated`.
    func application(_ service: String, repoURL: String? = nil, path: String? = nil, automated: Bool = false) -> String {
        """
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata:
          name: loan-\(service)
          namespace: argocd
        spec:
          project: default
          source:
            repoURL: \(repoURL ?? "file://" + remote)
            path: \(path ?? Self.manifests + "/" + service)
            targetRevision: main
          destination:
            server: https://kubernetes.default.svc
            namespace: legacy
        \(automated ? "  syncPolicy:\n    automated:\n      selfHeal: true\n" : "")
        """
    }

    /// Creates namespaces legacy and argocd and applies `applications` (YAML documents) to the simulator.
    func apply(_ applications: [String], with tandem: TandemBinary) throws {
        let namespaces = ["legacy", "argocd"].map { "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: \($0)\n" }
        let file = directory + "/applications-\(UUID().uuidString.prefix(8)).yaml"
        try (namespaces + applications).joined(separator: "---\n").write(toFile: file, atomically: true, encoding: .utf8)
        try ProcessRunner.tool(["kubectl", "--kubeconfig", directory + "/sim.kubeconfig", "apply", "-f", file])
    }

    struct MissingText: Error, CustomStringConvertible { let description: String }
}
