import Foundation
import TandemTestSupport

/// The git side of `GitOpsWorld` without its Argo CD: a bare remote (`remote.git`) and a clone of it
/// (`tree`) holding a plan (plans/loan-app-gitops.yaml unless given) and examples/gitops at 1.0,
/// committed and pushed, in the directory of a `TandemBinary` whose simulator serves the Applications
/// (`apply`) but need not sync them: what the preflight tests need, at a fraction of a seeded world's cost.
struct GitOpsWorkspace {
    let directory: String
    var remote: String { directory + "/remote.git" }
    var tree: String { directory + "/tree" }
    /// The plan, relative to `directory` (the binary's working directory).
    static let plan = GitOpsWorld.planFile
    /// The manifests folder, relative to the work tree's root.
    static let manifests = GitOpsWorld.manifests

    init(in directory: String, plan: String? = nil) throws {
        self.directory = directory
        try GitTool.initialize(remote, bare: true)
        try GitTool.clone(remote, to: tree)
        try GitTool.run(tree, ["symbolic-ref", "HEAD", "refs/heads/main"])  // whatever init.defaultBranch says
        try FileManager.default.createDirectory(atPath: tree + "/examples", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: PackageRoot.url.appendingPathComponent("examples/gitops").path, toPath: tree + "/examples/gitops")
        try GitTool.commit(tree, ["plans/loan-app-gitops.yaml": plan ?? ExamplePlans.text("loan-app-gitops.yaml")], message: "loan app 1.0")
        try GitTool.run(tree, ["push", "-q", "origin", "main"])
    }

    /// `git ARGS` in the work tree.
    @discardableResult
    func git(_ arguments: [String]) throws -> String { try GitTool.run(tree, arguments) }

    func commitAll(_ message: String) throws { try GitTool.commit(tree, [:], message: message) }

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
        try GitTool.run(remote, ["log", "--format=%s", "main"]).split(separator: "\n").map(String.init)
    }

    /// The Application `loan-<service>` (manual sync) reading the service's directory of the remote, unless told otherwise.
    func application(_ service: String, repoURL: String? = nil, path: String? = nil, targetRevision: String = "main") -> String {
        ArgoCDApplicationManifest.yaml(name: "loan-\(service)", repoURL: repoURL ?? "file://" + remote,
                                       path: path ?? Self.manifests + "/" + service, destinationNamespace: "legacy",
                                       targetRevision: targetRevision.isEmpty ? "\"\"" : targetRevision)
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
