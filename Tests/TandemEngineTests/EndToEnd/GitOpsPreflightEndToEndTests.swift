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

    @Test("a generator whose name tandem cannot compute (generatorOptions disableNameSuffixHash): exit 2 with the file and line")
    func unhashableGenerator() throws {
        try withWorkspace { tandem, workspace in
            try workspace.replace("configMapGenerator:\n", with: "generatorOptions:\n  disableNameSuffixHash: true\nconfigMapGenerator:\n",
                                  in: Self.frontendKustomization)
            try workspace.commitAll("no hash suffix")
            try expectRefused(try start(tandem), status: 2, problems: 1, [
                "\(Self.frontendKustomization):19: configMapGenerator my-frontend-settings uses `generatorOptions.disableNameSuffixHash`; in GitOps mode tandem computes "
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

    @Test("an Application that follows a tag, or HEAD when the plan commits to another branch than the default: exit 2 naming the revision and the branch")
    func applicationOfAnotherRevision() throws {
        try withWorkspace(applications: { [$0.application("backend", targetRevision: "v1.0"), $0.application("frontend", targetRevision: "HEAD")] }) { tandem, workspace in
            // HEAD follows the remote's default branch, main: right for the frontend.
            try expectRefused(try start(tandem), status: 2, problems: 1, [
                "Argo CD Application argocd/loan-backend follows targetRevision \"v1.0\", but tandem commits to branch main: Argo CD would not sync "
                + "what the release pushes; set the Application's spec.source.targetRevision to main (or HEAD: it is the repository's default branch), "
                + "or spec.gitops.branch to the branch the Application follows",
            ], tandem: tandem, workspace: workspace)
        }
        try withWorkspace(applications: { [$0.application("backend", targetRevision: "refs/heads/release"), $0.application("frontend", targetRevision: "")] }) { tandem, workspace in
            try workspace.git(["checkout", "--quiet", "-b", "release"])
            try workspace.git(["push", "--quiet", "origin", "release"])
            try workspace.replace("  gitops:\n", with: "  gitops:\n    branch: release\n", in: "plans/loan-app-gitops.yaml")
            try workspace.commitAll("release from the release branch")
            try workspace.git(["push", "--quiet", "origin", "release"])
            // refs/heads/release follows it; an empty targetRevision is HEAD, the remote's default branch main.
            let result = try start(tandem)
            #expect(result.status == 2, "\(result.output)")
            #expect(result.output.contains("  - Argo CD Application argocd/loan-frontend follows targetRevision \"\" (the repository's default branch, main), "
                                           + "but tandem commits to branch release"), "\(result.output)")
            #expect(!result.output.contains("loan-backend follows"), "\(result.output)")
            #expect(try tandem.newestRelease() == "")
        }
    }

    @Test("Applications the cluster refuses to show (403): exit 1, one problem for the cluster, not one per Application")
    func applicationsTheClusterRefuses() throws {
        try withWorkspace { tandem, workspace in
            try tandem.addFault(#"{"pathContains": "/applications/", "method": "GET", "count": 5, "status": 403}"#)
            let result = try start(tandem)
            try expectRefused(result, status: 1, problems: 1, ["cannot read Argo CD Application argocd/loan-backend: "],
                              tandem: tandem, workspace: workspace)
            // The client's own words: what was refused and the rule to grant, indented under the problem.
            #expect(result.output.contains("  - cannot read Argo CD Application argocd/loan-backend: forbidden: tandem may not get applications (argoproj.io)"),
                    "\(result.output)")
            #expect(result.output.contains("\n        resources: [\"applications\"]\n"), "\(result.output)")
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

    @Test("a clean plan passes the preflight and starts: both waves are committed and pushed, the release stops at qa (exit 3); unrelated dirty files stay")
    func cleanPlanStarts() throws {
        try GitOpsWorld.with { world in
            try "work in progress\n".write(toFile: world.tree + "/README.md", atomically: true, encoding: .utf8)
            let start = try world.start("2.0")
            #expect(start.status == 3, "\(start.output)")
            #expect(!start.output.contains("GitOps release cannot start"), "\(start.output)")
            let id = try world.tandem.newestRelease()
            #expect(!id.isEmpty)
            // The checkpoint is after deploy: both waves are committed and pushed.
            #expect(try world.remoteCommits().map(\.subject) == ["tandem: loan-app release \(id) wave 1: backend 2.0",
                                                                  "tandem: loan-app release \(id) wave 2: frontend 2.0"])
            #expect(try GitTool.run(world.tree, ["status", "--porcelain", "README.md"]).hasPrefix("?? README.md"))
        }
    }
}
