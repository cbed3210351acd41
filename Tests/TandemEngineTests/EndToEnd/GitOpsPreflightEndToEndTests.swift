import Foundation
import Testing
import TandemTestSupport

/// `release start` of a GitOps plan refuses, before anything is taken, recorded or committed, each
/// problem the release would meet: the real binary, real git (a bare remote and its clone), the
/// simulated cluster serving the Argo CD Applications. Exit 2 when the plan or the manifests must
/// change, 1 when the work tree, the remote or the cluster must.
@Suite("GitOps preflight end to end (real binary, real git, simulated cluster)", .serialized)
struct GitOpsPreflightEndToEndTests {
    static let backendKustomization = GitOpsWorkspace.manifests + "/backend/kustomization.yaml"
    static let frontendKustomization = GitOpsWorkspace.manifests + "/frontend/kustomization.yaml"

    /// A simulator whose Argo CD controller is off (the preflight only reads the Applications), the
    /// workspace at 1.0, and the Applications `applications` gives (by default both, reading the remote).
    func withWorkspace(plan: String? = nil, applications: ((GitOpsWorkspace) -> [String])? = nil,
                       _ body: (TandemBinary, GitOpsWorkspace) throws -> Void) throws {
        let tandem = try TandemBinary(plan: plan ?? ExamplePlans.text("loan-app-gitops.yaml"), simArguments: ["--no-argocd"])
        defer { tandem.stop() }
        let workspace = try GitOpsWorkspace(in: tandem.directory, plan: plan)
        try workspace.apply(applications?(workspace) ?? ["backend", "frontend"].map { workspace.application($0) }, with: tandem)
        try body(tandem, workspace)
    }

    func start(_ tandem: TandemBinary) throws -> TandemBinary.Result {
        try tandem.run(["release", "start", GitOpsWorkspace.plan, "--version", "2.0", "--by", "ci-bot"])
    }

    /// The start exited `status` naming each of `messages`, and changed nothing: no release, no commit.
    func expectRefused(_ result: TandemBinary.Result, status: Int32, problems: Int, _ messages: [String],
                       tandem: TandemBinary, workspace: GitOpsWorkspace, commits: Int = 1) throws {
        #expect(result.status == status, "\(result.output)")
        let count = problems == 1 ? "1 problem" : "\(problems) problems"
        #expect(result.output.contains("error: the GitOps release cannot start: \(count) in \(workspace.tree) (nothing was changed):"),
                "\(result.output)")
        for message in messages { #expect(result.output.contains("  - " + message), "missing: \(message)\n\(result.output)") }
        #expect(result.output.components(separatedBy: "\n  - ").count - 1 == problems, "\(result.output)")
        #expect(try tandem.newestRelease() == "")
        #expect(try workspace.git(["rev-list", "--count", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines) == "\(commits)")
        #expect(try workspace.remoteLog() == ["loan app 1.0"])
    }

    @Test("uncommitted changes in a kustomization or a tandem-pinned folder: exit 1 naming them; unrelated dirty files are not listed")
    func dirtyFilesTandemEdits() throws {
        try withWorkspace { tandem, workspace in
            try workspace.replace("newTag: \"1.0\"", with: "newTag: \"1.1\"", in: Self.backendKustomization)
            try workspace.write(GitOpsWorkspace.manifests + "/backend/tandem-pinned/backend-old.yaml", "kind: Service\n")
            try workspace.write("README.md", "notes\n")
            let root = workspace.tree
            try expectRefused(try start(tandem), status: 1, problems: 1, [
                "\(root) has uncommitted changes in files tandem commits: \(Self.backendKustomization), "
                + "\(GitOpsWorkspace.manifests)/backend/tandem-pinned/backend-old.yaml; commit them (or `git -C \(root) stash --include-untracked`), then start again",
            ], tandem: tandem, workspace: workspace)
        }
    }

    @Test("the work tree on another branch than spec.gitops.branch: exit 1 with the checkout command")
    func wrongBranch() throws {
        let plan = try ExamplePlans.text("loan-app-gitops.yaml", replacing: [("    remote: origin", "    branch: main\n    remote: origin")])
        try withWorkspace(plan: plan) { tandem, workspace in
            try workspace.git(["checkout", "--quiet", "-b", "feature"])
            let root = workspace.tree
            try expectRefused(try start(tandem), status: 1, problems: 1, [
                "\(root) is on branch feature, not main (spec.gitops.branch): run `git -C \(root) checkout main`, then start again",
            ], tandem: tandem, workspace: workspace)
        }
    }

    @Test("a remote that cannot be reached: exit 1 with git's words and what to check")
    func unreachableRemote() throws {
        let gone = "/nonexistent/tandem-remote.git"
        try withWorkspace(applications: { workspace in ["backend", "frontend"].map { workspace.application($0, repoURL: "file://" + gone) } }) { tandem, workspace in
            try workspace.git(["remote", "set-url", "origin", gone])
            let result = try start(tandem)
            try expectRefused(result, status: 1, problems: 1, [
                "remote origin (\(gone)) of \(workspace.tree) cannot be reached (`git ls-remote --heads origin` failed (exit 128): fatal: '\(gone)' does not appear to be a git repository",
            ], tandem: tandem, workspace: workspace)
            #expect(result.output.contains("check the URL (`git -C \(workspace.tree) remote get-url origin`), the network and the credentials, or set remote: \"\""),
                    "\(result.output)")
        }
    }

    @Test("a kustomization without the service's image entry: exit 2 naming the file")
    func missingImageEntry() throws {
        try withWorkspace { tandem, workspace in
            try workspace.replace("- name: docker.io/kostiscodefresh/interest", with: "- name: docker.io/other/interest", in: Self.backendKustomization)
            try workspace.commitAll("another image")
            try expectRefused(try start(tandem), status: 2, problems: 1, [
                "\(Self.backendKustomization):12: no `images:` entry with name docker.io/kostiscodefresh/interest; add one "
                + "(`kustomize edit set image docker.io/kostiscodefresh/interest=docker.io/kostiscodefresh/interest:<tag>` writes it) so tandem can set its newTag",
            ], tandem: tandem, workspace: workspace, commits: 2)
        }
    }

    @Test("a consumer's generator without the dependsOn key: exit 2 naming the file, generator and key")
    func missingGeneratorLiteral() throws {
        try withWorkspace { tandem, workspace in
            try workspace.replace("  - BACKEND_HOST=backend-active", with: "  - API_HOST=backend-active", in: Self.frontendKustomization)
            try workspace.commitAll("another key")
            try expectRefused(try start(tandem), status: 2, problems: 1, [
                "\(Self.frontendKustomization):20: configMapGenerator my-frontend-settings has no literal BACKEND_HOST=…; add `- BACKEND_HOST=<address>` to its literals",
            ], tandem: tandem, workspace: workspace, commits: 2)
        }
    }

    @Test("a generator tandem cannot hash (generatorOptions): exit 2 with the file and line")
    func unhashableGenerator() throws {
        try withWorkspace { tandem, workspace in
            try workspace.replace("configMapGenerator:\n", with: "generatorOptions:\n  disableNameSuffixHash: true\nconfigMapGenerator:\n",
                                  in: Self.frontendKustomization)
            try workspace.commitAll("no hash suffix")
            try expectRefused(try start(tandem), status: 2, problems: 1, [
                "\(Self.frontendKustomization):18: configMapGenerator my-frontend-settings uses `generatorOptions`; in GitOps mode tandem computes "
                + "the ConfigMap's name from its literals, so write its data as `literals:` (KEY=value) and keep kustomize's name suffix on",
            ], tandem: tandem, workspace: workspace, commits: 2)
        }
    }

    @Test("a service directory without a kustomization: exit 2 naming the directory")
    func missingKustomization() throws {
        try withWorkspace { tandem, workspace in
            try workspace.git(["rm", "--quiet", Self.backendKustomization])
            try workspace.commitAll("no kustomization")
            try expectRefused(try start(tandem), status: 2, problems: 1, [
                "\(GitOpsWorkspace.manifests)/backend: no kustomization.yaml (or kustomization.yml, Kustomization) for service backend; "
                + "give the service's kustomize directory in \"manifests\"",
            ], tandem: tandem, workspace: workspace, commits: 2)
        }
    }

    @Test("a service's Application missing in the Argo CD namespace: exit 1 saying what to create")
    func missingApplication() throws {
        try withWorkspace(applications: { [$0.application("backend")] }) { tandem, workspace in
            try expectRefused(try start(tandem), status: 1, problems: 1, [
                "Argo CD Application argocd/loan-frontend (service frontend) does not exist; create it with spec.source.repoURL \(workspace.remote) "
                + "and spec.source.path \(GitOpsWorkspace.manifests)/frontend (docs/gitops.md), or set the service's \"application\" in the plan "
                + "to the Application that syncs it",
            ], tandem: tandem, workspace: workspace)
        }
    }

    @Test("an Application that syncs another repository: exit 2 naming both")
    func applicationOfAnotherRepository() throws {
        try withWorkspace(applications: { [$0.application("backend"), $0.application("frontend", repoURL: "file:///elsewhere/loan.git")] }) { tandem, workspace in
            try expectRefused(try start(tandem), status: 2, problems: 1, [
                "Argo CD Application argocd/loan-frontend syncs repoURL \"file:///elsewhere/loan.git\", not this repository (\(workspace.remote)): "
                + "what tandem commits would never reach the cluster; point the Application's spec.source.repoURL at \(workspace.remote), "
                + "or set spec.gitops.repo to the work tree of the repository it syncs",
            ], tandem: tandem, workspace: workspace)
        }
    }

    @Test("an Application that syncs another path of this repository: exit 2 naming both")
    func applicationOfAnotherPath() throws {
        try withWorkspace(applications: { [$0.application("backend", path: "manifests/backend"), $0.application("frontend")] }) { tandem, workspace in
            try expectRefused(try start(tandem), status: 2, problems: 1, [
                "Argo CD Application argocd/loan-backend syncs path \"manifests/backend\", but service backend's manifests are "
                + "\"\(GitOpsWorkspace.manifests)/backend\" (relative to the repository root): set the Application's spec.source.path to "
                + "\(GitOpsWorkspace.manifests)/backend, or the service's \"manifests\" (or \"application\") in the plan to what the Application syncs",
            ], tandem: tandem, workspace: workspace)
        }
    }

    @Test("manifests outside any git work tree: exit 1 saying where spec.gitops.repo points")
    func notAGitWorkTree() throws {
        try withWorkspace { tandem, workspace in
            try FileManager.default.removeItem(atPath: workspace.tree + "/.git")
            let result = try start(tandem)
            #expect(result.status == 1, "\(result.output)")
            let folder = workspace.tree + "/examples/gitops"
            #expect(result.output.contains("error: the GitOps release cannot start: 1 problem in \(folder) (nothing was changed):"), "\(result.output)")
            #expect(result.output.contains("\(folder) is not inside a git work tree; point spec.gitops.repo at the repository that holds the manifests"),
                    "\(result.output)")
            #expect(try tandem.newestRelease() == "")
        }
    }

    @Test("three problems of both kinds are reported at once, with one exit (2: the manifests must change)")
    func everyProblemAtOnce() throws {
        try withWorkspace(applications: { [$0.application("backend")] }) { tandem, workspace in
            try workspace.replace("  - BACKEND_HOST=backend-active", with: "  - API_HOST=backend-active", in: Self.frontendKustomization)
            try workspace.commitAll("another key")
            try workspace.replace("newTag: \"1.0\"", with: "newTag: \"1.1\"", in: Self.backendKustomization)
            let root = workspace.tree
            try expectRefused(try start(tandem), status: 2, problems: 3, [
                "\(root) has uncommitted changes in files tandem commits: \(Self.backendKustomization);",
                "\(Self.frontendKustomization):20: configMapGenerator my-frontend-settings has no literal BACKEND_HOST=…",
                "Argo CD Application argocd/loan-frontend (service frontend) does not exist;",
            ], tandem: tandem, workspace: workspace, commits: 2)
        }
    }

    @Test("a clean plan passes the preflight and starts: the first wave is committed and pushed, the release stops at qa (exit 3); unrelated dirty files stay")
    func cleanPlanStarts() throws {
        let tandem = try TandemBinary(plan: try ExamplePlans.text("loan-app-gitops.yaml"), readyDelay: "200ms", simArguments: ["--argocd-refresh", "1s"])
        defer { tandem.stop() }
        let workspace = try GitOpsWorkspace(in: tandem.directory)
        try workspace.apply(["backend", "frontend"].map { workspace.application($0, automated: true) }, with: tandem)
        _ = try eventually("Argo CD to sync the loan app at 1.0") { try tandem.loanAppHealthy(on: "1.0") ? true : nil }
        try workspace.write("README.md", "work in progress\n")
        let start = try start(tandem)
        #expect(start.status == 3, "\(start.output)")
        #expect(!start.output.contains("GitOps release cannot start"), "\(start.output)")
        let id = try tandem.newestRelease()
        #expect(!id.isEmpty)
        let log = try workspace.remoteLog()
        #expect(log.contains("tandem: loan-app release \(id) wave 1: backend 2.0"), "\(log)")
        #expect(try workspace.git(["status", "--porcelain", "README.md"]).hasPrefix("?? README.md"))
    }
}
