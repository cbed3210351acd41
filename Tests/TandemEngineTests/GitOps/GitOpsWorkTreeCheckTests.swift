import Foundation
import Testing
import TandemPlan
import TandemTestSupport
@testable import TandemEngine

/// The preflight's git checks on real repositories (a bare remote and its clone): the branch cases
/// a person meets, a remote the work tree does not have, and which files count as tandem's.
@Suite("GitOps preflight: the work tree (real git)")
struct GitOpsWorkTreeCheckTests {
    static let versions = ["backend": "2.0", "frontend": "2.0"]

    /// The workspace with `plan` (the example plan, edited) and what the local checks say about it.
    static func problems(edits: [(String, String)] = [], _ prepare: (GitOpsWorkspace) throws -> Void) throws -> (GitOpsWorkspace, [GitOpsPreflightProblem]) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-worktree-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let text = try ExamplePlans.text("loan-app-gitops.yaml", replacing: edits)
        let workspace = try GitOpsWorkspace(in: directory, plan: text)
        try prepare(workspace)
        let planPath = directory + "/" + GitOpsWorkspace.plan
        let plan = try PlanLoader.load(text: text, file: planPath)
        let local = GitOpsPreflight.local(plan: plan, gitops: try #require(plan.gitops), planPath: planPath, versions: versions)
        return (workspace, local.problems)
    }

    static func cleanup(_ workspace: GitOpsWorkspace) { try? FileManager.default.removeItem(atPath: workspace.directory) }

    @Test func aCleanWorkTreeOnItsBranchWithAReachableRemoteHasNoProblem() throws {
        let (workspace, problems) = try Self.problems { _ in }
        defer { Self.cleanup(workspace) }
        #expect(problems.isEmpty, "\(problems)")
    }

    @Test func aDetachedHeadWithoutAConfiguredBranchIsAnEnvironmentProblem() throws {
        let (workspace, problems) = try Self.problems { try $0.git(["checkout", "--quiet", "--detach"]) }
        defer { Self.cleanup(workspace) }
        #expect(problems == [GitOpsPreflightProblem(.environment,
            "\(workspace.tree) is on a detached HEAD and spec.gitops names no branch: check out the branch tandem should commit on "
            + "(`git -C \(workspace.tree) checkout BRANCH`), or set spec.gitops.branch")])
    }

    @Test func aBranchOnlyTheRemoteHasIsCheckedOutByName() throws {
        let (workspace, problems) = try Self.problems(edits: [("    remote: origin", "    branch: release\n    remote: origin")]) { workspace in
            try workspace.git(["push", "--quiet", "origin", "main:release"])
        }
        defer { Self.cleanup(workspace) }
        #expect(problems.map(\.message) == [
            "\(workspace.tree) is on branch main, not release (spec.gitops.branch): run `git -C \(workspace.tree) checkout release`, then start again"])
    }

    @Test func aBranchThatExistsNowhereIsNamedWithThePlansLine() throws {
        let (workspace, problems) = try Self.problems(edits: [("    remote: origin", "    branch: release\n    remote: origin")]) { _ in }
        defer { Self.cleanup(workspace) }
        let plan = workspace.directory + "/" + GitOpsWorkspace.plan
        #expect(problems == [GitOpsPreflightProblem(.environment,
            "\(plan):15:13: branch release (spec.gitops.branch) exists neither in \(workspace.tree) nor on origin: create it "
            + "(`git -C \(workspace.tree) checkout -b release`), or set spec.gitops.branch to the branch Argo CD syncs")])
    }

    @Test func aRemoteTheWorkTreeDoesNotHaveIsNamedWithThePlansLine() throws {
        let (workspace, problems) = try Self.problems(edits: [("    remote: origin", "    remote: upstream")]) { _ in }
        defer { Self.cleanup(workspace) }
        let plan = workspace.directory + "/" + GitOpsWorkspace.plan
        #expect(problems.map(\.message) == [
            "\(plan):15:13: \(workspace.tree) has no remote \"upstream\" (spec.gitops.remote): add it (`git -C \(workspace.tree) remote add upstream URL`), "
            + "name an existing one, or set remote: \"\" to commit without pushing"])
    }

    @Test func commitOnlyPlansNeedNoRemote() throws {
        let (workspace, problems) = try Self.problems(edits: [("    remote: origin", "    remote: \"\"")]) { try $0.git(["remote", "remove", "origin"]) }
        defer { Self.cleanup(workspace) }
        #expect(problems.isEmpty, "\(problems)")
    }

    @Test func stagedChangesCountAsUncommittedOtherServicesFilesToo() throws {
        let (workspace, problems) = try Self.problems { workspace in
            try workspace.replace("newTag: '1.0'", with: "newTag: '1.1'", in: GitOpsWorkspace.manifests + "/frontend/kustomization.yaml")
            try workspace.git(["add", GitOpsWorkspace.manifests + "/frontend/kustomization.yaml"])
            try workspace.write(GitOpsWorkspace.manifests + "/frontend/rollout-notes.md", "unrelated\n")
        }
        defer { Self.cleanup(workspace) }
        #expect(problems.map(\.kind) == [.environment])
        #expect(problems.first?.message.hasPrefix(
            "\(workspace.tree) has uncommitted changes in files tandem commits: \(GitOpsWorkspace.manifests)/frontend/kustomization.yaml;") == true,
            "\(problems)")
    }
}
