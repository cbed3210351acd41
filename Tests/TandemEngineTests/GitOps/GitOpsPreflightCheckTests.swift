import Foundation
import Testing
import TandemKubeModel
import TandemPlan
import TandemTestSupport
@testable import TandemEngine

/// The pure checks of the GitOps preflight: the manifests (on the example tree, edited to break one
/// thing at a time), the Applications (as Argo CD stores them) and which repository URLs are "this one".
struct GitOpsPreflightCheckTests {
    static let versions = ["backend": "2.0", "frontend": "2.0"]

    static func plan() throws -> ReleasePlan {
        try PlanLoader.load(path: ExamplePlans.path("loan-app-gitops.yaml"))
    }

    static func manifestProblems(_ tree: ManifestTree, versions: [String: String] = versions) throws -> [GitOpsPreflightProblem] {
        GitOpsManifestCheck.problems(plan: try plan(), versions: versions, read: tree.read, display: { "examples/gitops/" + $0 })
    }

    static func replacing(_ old: String, with new: String, in path: String, of tree: inout ManifestTree) throws {
        let text = try #require(tree.files[path])
        #expect(text.contains(old), "the example \(path) no longer contains \(old)")
        tree.files[path] = text.replacingOccurrences(of: old, with: new)
    }

    @Test func theExampleTreeHasEverythingTheReleaseEdits() throws {
        #expect(try Self.manifestProblems(try ManifestTree.example()).isEmpty)
    }

    @Test func aKustomizationWithoutTheServicesImageEntryIsAPlanProblemNamingTheFile() throws {
        var tree = try ManifestTree.example()
        try Self.replacing("- name: docker.io/kostiscodefresh/interest", with: "- name: docker.io/other/interest",
                           in: "manifests/backend/kustomization.yaml", of: &tree)
        let problems = try Self.manifestProblems(tree)
        #expect(problems == [GitOpsPreflightProblem(.plan,
            "examples/gitops/manifests/backend/kustomization.yaml:12: no `images:` entry with name docker.io/kostiscodefresh/interest; "
            + "add one (`kustomize edit set image docker.io/kostiscodefresh/interest=docker.io/kostiscodefresh/interest:<tag>` writes it) so tandem can set its newTag")])
    }

    @Test func aGeneratorWithoutTheDependsOnKeyIsAPlanProblem() throws {
        var tree = try ManifestTree.example()
        try Self.replacing("  - BACKEND_HOST=backend-active", with: "  - API_HOST=backend-active",
                           in: "manifests/frontend/kustomization.yaml", of: &tree)
        let problems = try Self.manifestProblems(tree)
        #expect(problems.map(\.kind) == [.plan])
        #expect(problems.first?.message.hasPrefix(
            "examples/gitops/manifests/frontend/kustomization.yaml:20: configMapGenerator my-frontend-settings has no literal BACKEND_HOST=…") == true,
            "\(problems)")
    }

    @Test func aMissingGeneratorIsReportedOnceNotAlsoAsUnhashable() throws {
        var tree = try ManifestTree.example()
        try Self.replacing("- name: my-frontend-settings", with: "- name: other-settings",
                           in: "manifests/frontend/kustomization.yaml", of: &tree)
        let problems = try Self.manifestProblems(tree)
        #expect(problems.map(\.message) == [
            "examples/gitops/manifests/frontend/kustomization.yaml:18: no configMapGenerator named my-frontend-settings; "
            + "the consumer's ConfigMap must come from a configMapGenerator of that name"])
    }

    @Test func aGeneratorTandemCannotHashIsAPlanProblemWithItsLine() throws {
        var tree = try ManifestTree.example()
        try Self.replacing("configMapGenerator:\n", with: "generatorOptions:\n  disableNameSuffixHash: true\nconfigMapGenerator:\n",
                           in: "manifests/frontend/kustomization.yaml", of: &tree)
        let problems = try Self.manifestProblems(tree)
        #expect(problems.count == 1)
        #expect(problems.first?.message.hasPrefix(
            "examples/gitops/manifests/frontend/kustomization.yaml:19: configMapGenerator my-frontend-settings uses `generatorOptions.disableNameSuffixHash`") == true,
            "\(problems)")
    }

    @Test func generatorOptionsInFlowStyleAreAPlanProblemWithTheirLine() throws {
        var tree = try ManifestTree.example()
        try Self.replacing("  - \"GREETING=Hello: loans\"\n", with: "  - \"GREETING=Hello: loans\"\n  options: {labels: {team: loans}}\n",
                           in: "manifests/frontend/kustomization.yaml", of: &tree)
        #expect(try Self.manifestProblems(tree) == [GitOpsPreflightProblem(.plan,
            "examples/gitops/manifests/frontend/kustomization.yaml:23: options of my-frontend-settings is written in flow style or spans lines; "
            + "write it in block style (one `key: value` per line) so tandem can edit it in place")])
        // Options in block style (labels, annotations, immutable) are fine: they do not enter the hash.
        var block = try ManifestTree.example()
        try Self.replacing("  - \"GREETING=Hello: loans\"\n", with: "  - \"GREETING=Hello: loans\"\n  options:\n    labels:\n      team: loans\n    immutable: true\n",
                           in: "manifests/frontend/kustomization.yaml", of: &block)
        #expect(try Self.manifestProblems(block).isEmpty)
    }

    @Test func aServiceWithoutAKustomizationIsAPlanProblemAndItsOtherChecksAreSkipped() throws {
        var tree = try ManifestTree.example()
        tree.files["manifests/backend/kustomization.yaml"] = nil
        let problems = try Self.manifestProblems(tree)
        #expect(problems == [GitOpsPreflightProblem(.plan, GitOpsEditError.noKustomization(
            service: "backend", directory: "examples/gitops/manifests/backend").description)])
    }

    @Test func onlyTheReleasedServicesAreChecked() throws {
        var tree = try ManifestTree.example()
        tree.files["manifests/frontend/kustomization.yaml"] = "resources:\n- rollout.yaml\n"
        #expect(try Self.manifestProblems(tree, versions: ["backend": "2.0"]).isEmpty)
        // Frontend alone: its image entry is needed; its literal is not edited (backend keeps its revision).
        #expect(try Self.manifestProblems(tree, versions: ["frontend": "2.0"]).count == 1)
    }

    @Test func everyManifestProblemIsReportedAtOnce() throws {
        var tree = try ManifestTree.example()
        try Self.replacing("- name: docker.io/kostiscodefresh/interest", with: "- name: docker.io/other/interest",
                           in: "manifests/backend/kustomization.yaml", of: &tree)
        try Self.replacing("- name: docker.io/kostiscodefresh/loan", with: "- name: docker.io/other/loan",
                           in: "manifests/frontend/kustomization.yaml", of: &tree)
        try Self.replacing("  - BACKEND_HOST=backend-active", with: "  - API_HOST=backend-active",
                           in: "manifests/frontend/kustomization.yaml", of: &tree)
        let problems = try Self.manifestProblems(tree)
        #expect(problems.count == 3, "\(problems)")
        #expect(problems.allSatisfy { $0.kind == .plan })
    }

    @Test func aFlowStyleResourcesListOfADependencyIsAPlanProblem() throws {
        var tree = try ManifestTree.example()
        try Self.replacing("resources:\n  - rollout.yaml\n  - services.yaml   # active and preview\n",
                           with: "resources: [rollout.yaml, services.yaml]\n", in: "manifests/backend/kustomization.yaml", of: &tree)
        let problems = try Self.manifestProblems(tree)
        #expect(problems.map(\.message) == [
            "examples/gitops/manifests/backend/kustomization.yaml:8: resources is written in flow style or spans lines; "
            + "write it in block style (one `key: value` per line) so tandem can edit it in place"])
    }

    // MARK: - Applications

    static let identity = GitRepositoryIdentity(root: "/work/tree", remoteURL: "/work/remote.git")
    static let backend = [(name: "backend", path: "examples/gitops/manifests/backend")]

    static func application(repoURL: String, path: String) -> JSON {
        ["metadata": ["name": "loan-backend", "namespace": "argocd"],
         "spec": ["source": ["repoURL": .string(repoURL), "path": .string(path), "targetRevision": "main"]]]
    }

    static func applicationProblems(_ application: JSON?) -> [GitOpsPreflightProblem] {
        GitOpsApplicationCheck.problems(name: "loan-backend", namespace: "argocd", application: application,
                                        services: backend, repository: identity)
    }

    @Test func anApplicationSyncingTheRemoteAtTheServicesDirectoryPasses() {
        #expect(Self.applicationProblems(Self.application(repoURL: "file:///work/remote.git", path: "examples/gitops/manifests/backend")).isEmpty)
        #expect(Self.applicationProblems(Self.application(repoURL: "/work/remote.git/", path: "./examples/gitops/manifests/backend/")).isEmpty)
        #expect(Self.applicationProblems(Self.application(repoURL: "/work/tree", path: "examples/gitops/manifests/backend")).isEmpty)
    }

    @Test func aMissingApplicationIsAnEnvironmentProblemThatSaysWhatToCreate() {
        #expect(Self.applicationProblems(nil) == [GitOpsPreflightProblem(.environment,
            "Argo CD Application argocd/loan-backend (service backend) does not exist; create it with spec.source.repoURL /work/remote.git "
            + "and spec.source.path examples/gitops/manifests/backend (docs/gitops.md), or set the service's \"application\" in the plan "
            + "to the Application that syncs it")])
    }

    @Test func anApplicationOfAnotherRepositoryIsAPlanProblem() {
        let problems = Self.applicationProblems(Self.application(repoURL: "file:///elsewhere/remote.git", path: "examples/gitops/manifests/backend"))
        #expect(problems.map(\.kind) == [.plan])
        #expect(problems.first?.message.hasPrefix(
            "Argo CD Application argocd/loan-backend syncs repoURL \"file:///elsewhere/remote.git\", not this repository (/work/remote.git)") == true,
            "\(problems)")
    }

    @Test func anApplicationOfAnotherPathIsAPlanProblemNamingBoth() {
        let problems = Self.applicationProblems(Self.application(repoURL: "/work/remote.git", path: "manifests/backend"))
        #expect(problems == [GitOpsPreflightProblem(.plan,
            "Argo CD Application argocd/loan-backend syncs path \"manifests/backend\", but service backend's manifests are "
            + "\"examples/gitops/manifests/backend\" (relative to the repository root): set the Application's spec.source.path to "
            + "examples/gitops/manifests/backend, or the service's \"manifests\" (or \"application\") in the plan to what the Application syncs")])
    }

    @Test func aMultiSourceApplicationPassesWhenOneSourceIsThisRepositoryAndPath() {
        let application: JSON = ["spec": ["sources": [
            ["repoURL": "https://charts.example.com", "chart": "redis"],
            ["repoURL": "file:///work/remote.git", "path": "examples/gitops/manifests/backend"],
        ]]]
        #expect(Self.applicationProblems(application).isEmpty)
    }

    @Test func repositoryURLsCompareAsRealPathsOrNormalizedURLs() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-identity-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: base) }
        try FileManager.default.createDirectory(at: base.appendingPathComponent("remote.git"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: base.appendingPathComponent("link.git"), withDestinationURL: base.appendingPathComponent("remote.git"))
        let local = GitRepositoryIdentity(root: "/work/tree", remoteURL: base.appendingPathComponent("remote.git").path)
        #expect(local.matches("file://" + base.appendingPathComponent("link.git").path))
        #expect(local.matches(base.appendingPathComponent("x/../remote.git").path))
        #expect(!local.matches(base.appendingPathComponent("other.git").path))

        let hosted = GitRepositoryIdentity(root: "/work/tree", remoteURL: "git@github.com:acme/loan-app.git")
        #expect(hosted.matches("https://github.com/acme/loan-app"))
        #expect(hosted.matches("ssh://git@GitHub.com:22/acme/loan-app.git/"))
        #expect(!hosted.matches("https://github.com/acme/other-app"))
        // Commit only (remote: ""): the Application must read the work tree itself.
        let commitOnly = GitRepositoryIdentity(root: "/work/tree", remoteURL: nil)
        #expect(commitOnly.matches("file:///work/tree"))
        #expect(!commitOnly.matches(base.appendingPathComponent("remote.git").path))
    }

    @Test func theErrorExitsAsInvalidInputWhenAnyProblemIsThePlans() {
        let environment = GitOpsPreflightProblem(.environment, "remote origin cannot be reached")
        let plan = GitOpsPreflightProblem(.plan, "a.yaml: no images entry")
        #expect(!GitOpsPreflightError(location: "/w", problems: [environment]).isPlanProblem)
        let both = GitOpsPreflightError(location: "/w", problems: [environment, plan])
        #expect(both.isPlanProblem)
        #expect(both.description == """
            the GitOps release cannot start: 2 problems in /w (nothing was changed):
              - remote origin cannot be reached
              - a.yaml: no images entry
            """)
        let multiline = GitOpsPreflightError(location: "/w", problems: [GitOpsPreflightProblem(.environment, "forbidden\nGrant it:\n  - rule")])
        #expect(multiline.description == "the GitOps release cannot start: 1 problem in /w (nothing was changed):\n  - forbidden\n    Grant it:\n      - rule")
    }
}
