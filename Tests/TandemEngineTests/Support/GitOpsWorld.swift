import Foundation
import TandemKubeModel
import TandemPairing
import TandemTestSupport
import Testing
import Yams

/// The loan app released through git, as a platform team runs it: a bare remote in a temporary
/// folder, a work tree cloned from it holding `plans/loan-app-gitops.yaml` and the manifests of
/// `examples/gitops` at 1.0, and `tandem sim serve` whose emulated Argo CD runs the Applications
/// loan-backend and loan-frontend with automated sync, `selfHeal: true` and `prune: true` from that
/// remote (tandem's `Prune=false` on the generated ConfigMaps and pinned Services keeps what the
/// previous revision still reads; its `collect-garbage` deletes them later).
/// Everything is driven through the real `tandem` binary, `git` and `kubectl`.
final class GitOpsWorld: @unchecked Sendable {
    /// The plan, relative to the world's directory (where commands run).
    static let planFile = "tree/plans/loan-app-gitops.yaml"
    static let manifests = "examples/gitops/manifests"
    static let applications = ["loan-backend", "loan-frontend"]
    static let rollouts = ["my-backend": "my-backend-container", "my-frontend": "my-frontend-container"]

    let tandem: TandemBinary
    var directory: String { tandem.directory }
    var remote: String { directory + "/remote.git" }
    var tree: String { directory + "/tree" }
    /// The remote's commit holding the seeded 1.0.
    private(set) var seeded = ""

    /// plans/loan-app-gitops.yaml with short deadlines; `checkpoint` replaces its `after: deploy`.
    static func plan(deadline: String = "60s", checkpoint: String = "deploy") throws -> String {
        try ExamplePlans.text("loan-app-gitops.yaml", replacing: [
            ("      manifests: manifests/backend\n", "      manifests: manifests/backend\n      deadline: \(deadline)\n"),
            ("      manifests: manifests/frontend\n", "      manifests: manifests/frontend\n      deadline: \(deadline)\n"),
            ("      after: deploy\n", "      after: \(checkpoint)\n"),
        ])
    }

    /// A fresh world at 1.0: both Applications Synced and Healthy, both Rollouts Healthy on 1.0.
    init(plan: String? = nil, readyDelay: String = "200ms") throws {
        let plan = try plan ?? Self.plan()
        tandem = try TandemBinary(plan: plan, readyDelay: readyDelay, simArguments: ["--argocd-refresh", "500ms"])
        do {
            try seed(plan: plan)
        } catch {
            tandem.stop()
            throw error
        }
    }

    /// Runs `body` in a fresh world and always stops its simulator.
    static func with(plan: String? = nil, _ body: (GitOpsWorld) throws -> Void) throws {
        let world = try GitOpsWorld(plan: plan)
        defer { world.stop() }
        try body(world)
    }

    func stop() { tandem.stop() }

    private func seed(plan: String) throws {
        try GitTool.initialize(remote, bare: true)
        try GitTool.clone(remote, to: tree)
        try FileManager.default.createDirectory(atPath: tree + "/examples", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: PackageRoot.url.appendingPathComponent("examples/gitops").path,
                                         toPath: tree + "/examples/gitops")
        seeded = try GitTool.commit(tree, ["plans/loan-app-gitops.yaml": plan], message: "loan app 1.0")
        try GitTool.run(tree, ["push", "-q", "origin", "main"])
        for namespace in ["legacy", "argocd"] {
            try kubectl(["apply", "-f", "-"], stdin: "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: \(namespace)\n")
        }
        for (application, directory) in [("loan-backend", "backend"), ("loan-frontend", "frontend")] {
            try kubectl(["apply", "-f", "-"], stdin: ArgoCDApplicationManifest.yaml(
                name: application, repoURL: "file://\(remote)", path: "\(Self.manifests)/\(directory)",
                destinationNamespace: "legacy", automated: "{prune: true, selfHeal: true}"))
        }
        try tandem.waitFor("the seeded 1.0 Healthy and both Applications Synced", limit: .seconds(60)) {
            try tandem.loanAppHealthy(on: "1.0") && applicationsSettled()
        }
    }

    // MARK: tandem

    @discardableResult
    func tandem(_ arguments: [String], extra: [String: String] = [:]) throws -> TandemBinary.Result {
        try tandem.run(arguments, extra: extra)
    }

    /// `release start` of the plan at `version`.
    func start(_ version: String, extra: [String: String] = [:]) throws -> TandemBinary.Result {
        try tandem(["release", "start", Self.planFile, "--version", version, "--by", "ci-bot"], extra: extra)
    }

    /// A release of `version` to the checkpoint, approved by alice, resumed to its end; returns its id.
    func release(_ version: String) throws -> String {
        let start = try start(version)
        try #require(start.status == 3, "release start \(version) should stop at the qa checkpoint: \(start.output)")
        let id = try tandem.newestRelease()
        let approve = try tandem(["approve", id, "--checkpoint", "qa", "--by", "alice"])
        try #require(approve.status == 0, "\(approve.output)")
        let resume = try tandem(["release", "resume", id])
        try #require(resume.status == 0, "release resume of \(version) should succeed: \(resume.output)")
        return id
    }

    // MARK: git

    /// One commit of the remote's main branch.
    struct Commit: Equatable, CustomStringConvertible {
        var sha: String
        var tree: String
        var subject: String
        var release: String
        var wave: String
        var revert: String
        var description: String { "\(sha.prefix(8)) \(subject) [release \(release) wave \(wave) revert \(revert)]" }
    }

    /// The commits on the remote's main after `base` (default: the seeded 1.0), oldest first.
    func remoteCommits(after base: String? = nil) throws -> [Commit] {
        let format = "%H%x1f%T%x1f%s%x1f%(trailers:key=Tandem-Release,valueonly,separator=%x2c)%x1f"
            + "%(trailers:key=Tandem-Wave,valueonly,separator=%x2c)%x1f%(trailers:key=Tandem-Revert,valueonly,separator=%x2c)%x1e"
        let log = try GitTool.run(remote, ["log", "--reverse", "--format=\(format)", "\(base ?? seeded)..main"])
        return log.split(separator: "\u{1e}").compactMap { record in
            let fields = record.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\u{1f}", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            guard fields.count == 6 else { return nil }
            return Commit(sha: fields[0], tree: fields[1], subject: fields[2], release: fields[3], wave: fields[4], revert: fields[5])
        }
    }

    func remoteHead() throws -> String { try GitTool.head(remote, "main") }

    /// A clone of the remote as someone else's work tree, for commits that land mid-release.
    func otherClone() throws -> String {
        let path = directory + "/other-\(UUID().uuidString.prefix(6))"
        try GitTool.clone(remote, to: path)
        return path
    }

    /// Someone else commits `edit` (path relative to the clone → new text from the old) and pushes it to main.
    @discardableResult
    func pushOtherCommit(_ message: String, _ edits: [String: (String?) -> String]) throws -> String {
        let clone = try otherClone()
        var files: [String: String] = [:]
        for (path, edit) in edits {
            files[path] = edit(try? String(contentsOfFile: clone + "/" + path, encoding: .utf8))
        }
        let commit = try GitTool.commit(clone, files, message: message)
        try GitTool.run(clone, ["push", "-q", "origin", "main"])
        return commit
    }

    // MARK: what git renders and what runs

    /// What a Rollout's pod template runs: the container's image and the ConfigMaps it reads.
    struct Template: Equatable, CustomStringConvertible {
        var image: String
        var configMaps: Set<String>
        var description: String { "\(image) reading \(configMaps.sorted())" }
    }

    /// Rollout name → its template in `kubectl kustomize` of the remote's `ref` (each service's directory).
    func rendered(at ref: String = "main") throws -> [String: Template] {
        let checkout = directory + "/render-\(UUID().uuidString.prefix(6))"
        try FileManager.default.createDirectory(atPath: checkout, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: checkout) }
        try ProcessRunner.tool(["sh", "-c", "git -C \"$0\" archive \"$1\" | tar -x -C \"$2\"", remote, ref, checkout])
        var templates: [String: Template] = [:]
        for service in ["backend", "frontend"] {
            let yaml = try ProcessRunner.tool(["kubectl", "kustomize", "\(checkout)/\(Self.manifests)/\(service)"])
            for document in try Yams.load_all(yaml: yaml) {
                let object = try JSON.parse(Data(JSONSerialization.data(withJSONObject: document as Any)))
                guard object["kind"].stringValue == "Rollout", let name = object["metadata"]["name"].stringValue else { continue }
                templates[name] = Self.template(of: object, rollout: name)
            }
        }
        return templates
    }

    /// Rollout name → its live template, read with kubectl.
    func live() throws -> [String: Template] {
        let list = try JSON.parse(try kubectl(["get", "rollouts", "-n", "legacy", "-o", "json"]))
        var templates: [String: Template] = [:]
        for item in list["items"].arrayValue ?? [] {
            guard let name = item["metadata"]["name"].stringValue else { continue }
            templates[name] = Self.template(of: item, rollout: name)
        }
        return templates
    }

    private static func template(of rollout: JSON, rollout name: String) -> Template {
        let template = rollout[path: ["spec", "template"]]
        return Template(image: PodTemplateRewrite.image(inTemplate: template, container: rollouts[name]) ?? "?",
                        configMaps: PodTemplateRewrite.configMapReferences(inTemplate: template))
    }

    // MARK: Argo CD and pairing

    /// Application → "Sync Health" (e.g. "Synced Healthy").
    func applicationStates() throws -> [String: String] {
        let list = try JSON.parse(try kubectl(["get", "applications", "-n", "argocd", "-o", "json"]))
        var states: [String: String] = [:]
        for item in list["items"].arrayValue ?? [] {
            guard let name = item["metadata"]["name"].stringValue else { continue }
            states[name] = "\(item["status"]["sync"]["status"].stringValue ?? "?") \(item["status"]["health"]["status"].stringValue ?? "?")"
        }
        return states
    }

    /// `applicationStates()` for a failure message.
    var applicationsText: Comment { Comment(rawValue: (try? applicationStates()).map { "\($0)" } ?? "(could not be read)") }

    /// Every Application Synced and Healthy.
    func applicationsSettled() throws -> Bool {
        try applicationStates() == Dictionary(uniqueKeysWithValues: Self.applications.map { ($0, "Synced Healthy") })
    }

    /// What `tandem pairs --json` of the plan said.
    struct Pairs {
        var status: Int32
        var mixed: Int
        /// The verdict of each row that has one, without repeats, sorted.
        var verdicts: [String]
        var text: String
    }

    func pairs() throws -> Pairs {
        let result = try tandem(["pairs", Self.planFile, "--json"])
        let report = (try? JSONSerialization.jsonObject(with: Data(result.output.utf8))) as? [String: Any] ?? [:]
        let rows = report["rows"] as? [[String: Any]] ?? []
        return Pairs(status: result.status, mixed: report["mixed"] as? Int ?? -1,
                     verdicts: Set(rows.compactMap { $0["verdict"] as? String }).sorted(), text: result.output)
    }

    // MARK: what the releases leave behind

    /// The frontend's generated ConfigMaps that exist, and those the templates of its ReplicaSets (every
    /// revision still in history) reference: equal when nothing was pruned too early and nothing is left over.
    func generatedConfigMaps() throws -> (live: Set<String>, referenced: Set<String>) {
        let prefix = "my-frontend-settings-"
        let maps = try JSON.parse(try kubectl(["get", "configmaps", "-n", "legacy", "-o", "json"]))["items"].arrayValue ?? []
        let live = Set(maps.compactMap { $0["metadata"]["name"].stringValue }.filter { $0.hasPrefix(prefix) })
        let replicaSets = try JSON.parse(try kubectl(["get", "replicasets", "-n", "legacy", "-o", "json"]))["items"].arrayValue ?? []
        let referenced = Set(replicaSets.flatMap { PodTemplateRewrite.configMapReferences(inTemplate: $0[path: ["spec", "template"]]) }
            .filter { $0.hasPrefix(prefix) })
        return (live, referenced)
    }

    /// The backend's pinned Services that exist, and those a remaining frontend ConfigMap names.
    func pinnedServices() throws -> (live: Set<String>, named: Set<String>) {
        let services = try JSON.parse(try kubectl(["get", "services", "-n", "legacy", "-o", "json"]))["items"].arrayValue ?? []
        let live = Set(services.filter { $0["metadata"]["labels"]["tandem.dev/revision"].stringValue != nil }
            .compactMap { $0["metadata"]["name"].stringValue })
        let maps = try JSON.parse(try kubectl(["get", "configmaps", "-n", "legacy", "-o", "json"]))["items"].arrayValue ?? []
        let named = Set(maps.compactMap { $0["data"]["BACKEND_HOST"].stringValue }.filter { $0.hasPrefix("backend-") && $0 != "backend-active" })
        return (live, named)
    }

    /// The pinned Service files of the backend in the remote's main.
    func pinnedFiles() throws -> [String] {
        try GitTool.run(remote, ["ls-tree", "--name-only", "main", "\(Self.manifests)/backend/tandem-pinned/"])
            .split(separator: "\n").map { String($0.split(separator: "/").last ?? "") }.sorted()
    }

    // MARK: kubectl

    /// kubectl against the simulator; throws with its error output when it fails.
    @discardableResult
    func kubectl(_ arguments: [String], stdin: String? = nil) throws -> String {
        let result = try ProcessRunner.run("/usr/bin/env", ["kubectl", "--kubeconfig", directory + "/sim.kubeconfig"] + arguments,
                                           stdin: stdin, timeout: 60)
        guard result.status == 0 else {
            throw KubectlFailed(description: "kubectl \(arguments.joined(separator: " ")) exited \(result.status): \(result.stderr)")
        }
        return result.stdout
    }
}

struct KubectlFailed: Error, CustomStringConvertible { let description: String }

/// Runs `tandem pairs` over and over in the background while a release runs, and keeps every
/// report that was not clean (a MIXED pair exits 1; anything but 0, or an unresolved pair, is kept).
final class PairsWatcher: @unchecked Sendable {
    private let lock = NSLock()
    private var running = true
    private var observations = 0
    private var unclean: [String] = []
    private let done = DispatchSemaphore(value: 0)

    init(_ world: GitOpsWorld) {
        Thread { [self] in watch(world) }.start()
    }

    private func watch(_ world: GitOpsWorld) {
        while lock.withLock({ running }) {
            let result = try? world.pairs()
            lock.withLock {
                observations += 1
                // An unresolved pair (a ConfigMap or pinned Service gone while a revision still reads it) is not clean either.
                if let result, result.status != 0 || result.mixed != 0 || result.verdicts.contains("unresolved") {
                    unclean.append("exit \(result.status): \(result.text)")
                }
                if result == nil { unclean.append("tandem pairs could not be run") }
            }
        }
        done.signal()
    }

    /// Stops watching; returns how many reports were taken and those that were not clean.
    func stop() -> (observations: Int, unclean: [String]) {
        lock.withLock { running = false }
        done.wait()
        return lock.withLock { (observations, unclean) }
    }
}
