import Foundation
import TandemGitOps
import TandemPlan

/// The git side of one GitOps release: the plan's work tree on its branch, and the commits the
/// release made there, found by their trailers (never by a remembered sha: a rebase before a push
/// gives a commit a new one). Every lookup asks the remote first, so a resumed release sees what
/// was pushed before a crash and neither repeats nor loses a commit.
struct GitOpsRelease: Sendable {
    static let releaseTrailer = "Tandem-Release"
    static let waveTrailer = "Tandem-Wave"
    static let revertTrailer = "Tandem-Revert"

    let gitops: GitOpsSpec
    let tree: GitOpsWorkTree
    let branch: String
    let releaseID: String
    var repository: GitRepository { tree.repository }

    init(context: ReleaseContext) throws {
        guard let gitops = context.plan.gitops else {
            throw StepError.terminal("the stored plan of \(context.releaseID) has no spec.gitops; the program and the plan disagree — start a new release")
        }
        guard let planPath = context.planPath else {
            throw StepError.terminal("release \(context.releaseID) recorded no plan path, so its git work tree cannot be found; start it again from the plan file")
        }
        let tree: GitOpsWorkTree
        do {
            tree = try GitOpsWorkTree(planPath: planPath, gitops: gitops)
        } catch {
            throw StepError.terminal("\(error)")
        }
        let current = try Self.terminalOnFailure { try tree.repository.currentBranch() }
        guard let branch = gitops.branch ?? current else {
            throw StepError.terminal("\(tree.repository.root) is on a detached HEAD; check out the branch tandem commits on (spec.gitops.branch), then resume")
        }
        guard current == branch else {
            throw StepError.terminal("\(tree.repository.root) is on branch \(current ?? "(detached HEAD)"), not \(branch); run `git -C \(tree.repository.root) checkout \(branch)`, then resume")
        }
        self.tree = tree
        self.gitops = gitops
        self.branch = branch
        self.releaseID = context.releaseID
    }

    func trailers(wave: Int) -> [(key: String, value: String)] {
        [(Self.releaseTrailer, releaseID), (Self.waveTrailer, "\(wave)")]
    }

    var revertTrailers: [(key: String, value: String)] { [(Self.revertTrailer, releaseID)] }

    /// The remote branch's commit after a fetch (nil without a remote, or when the branch is not there yet).
    func fetchRemote() throws -> String? {
        guard gitops.pushes else { return nil }
        return try Self.terminalOnFailure { try repository.fetch(remote: gitops.remote, branch: branch) }
    }

    /// The commit of `trailers` that is published: on the remote branch (pushed), or on the local
    /// branch when the plan does not push. The local branch is brought up to it when it is behind.
    func published(_ trailers: [(key: String, value: String)], remoteHead: String?) throws -> String? {
        try Self.terminalOnFailure {
            guard gitops.pushes else { return try repository.commits(trailers: trailers).last }
            guard let remoteHead, let commit = try repository.commits(trailers: trailers, on: remoteHead).last else { return nil }
            let head = try repository.head()
            if try !repository.isAncestor(commit, of: head), try repository.isAncestor(head, of: remoteHead) {
                try repository.fastForward(to: remoteHead)
            }
            return commit
        }
    }

    /// The deploy waves whose commit is published (on the remote branch; on the local branch when the
    /// plan does not push): what a rollback must take back, whatever the steps' states say.
    func publishedWaves() throws -> Set<Int> {
        try Self.terminalOnFailure {
            let range = try fetchRemote() ?? (gitops.pushes ? nil : "HEAD")
            guard let range else { return [] }
            let waves = try repository.trailerValues(Self.waveTrailer, ofCommitsWith: (Self.releaseTrailer, releaseID), on: range)
            return Set(waves.compactMap { Int($0) })
        }
    }

    /// Takes back the release's commits that never reached the remote (made, then a crash or a failed push):
    /// when every local commit the remote lacks is this release's, the branch moves to the remote's commit
    /// (`git reset --keep`), so nothing of them is ever pushed. Returns how many were dropped.
    func dropUnpushed(remoteHead: String?) throws -> Int {
        guard let remoteHead else { return 0 }
        return try Self.terminalOnFailure {
            let unpushed = try repository.commits(on: "\(remoteHead)..HEAD")
            guard !unpushed.isEmpty else { return 0 }
            let ours = try repository.commits(trailers: [(Self.releaseTrailer, releaseID)], on: "\(remoteHead)..HEAD")
            guard ours == unpushed else { return 0 }
            try repository.resetKeeping(to: remoteHead)
            return ours.count
        }
    }

    /// A commit of `trailers` on the local branch that the remote does not have yet.
    func unpushed(_ trailers: [(key: String, value: String)], remoteHead: String?) throws -> String? {
        try Self.terminalOnFailure {
            try repository.commits(trailers: trailers, on: remoteHead.map { "\($0)..HEAD" } ?? "HEAD").last
        }
    }

    /// Pushes the branch (fetch and rebase when the remote moved). When that conflicts, the local
    /// commit `ours` (still HEAD: the rebase was aborted) is undone too, so neither the remote nor the
    /// work tree keeps half a release. Throws git's error (the caller says what to do about it).
    func push(undoing ours: String?) throws {
        guard gitops.pushes else { return }
        do {
            try repository.push(remote: gitops.remote, branch: branch)
        } catch let error as GitError {
            if case .conflict = error, let ours, (try? repository.head()) == ours, let parent = try? repository.parent(of: ours) {
                try? repository.resetKeeping(to: parent)
            }
            throw error
        }
    }

    /// The Argo CD Applications of the services in the release, in plan order.
    static func applications(in context: ReleaseContext) -> [String] {
        context.plan.services.filter { context.scope.contains($0.name) }.map { $0.application ?? $0.name }
    }

    /// The newest published commit carrying `trailers` (the release's wave commits, or its revert), after a fetch.
    func lastPublished(_ trailers: [(key: String, value: String)]) throws -> String? {
        let remoteHead = try fetchRemote()
        return try Self.terminalOnFailure {
            guard let range = gitops.pushes ? remoteHead : "HEAD" else { return nil }
            return try repository.commits(trailers: trailers, on: range).last
        }
    }

    /// With `sync: argocd`, waits until each Application of the release is Synced at `commit` (or at a later
    /// commit of the branch) and Healthy (`ArgoCDSettle`), within the release's longest deadline.
    func settle(on commit: String, in context: ReleaseContext) async throws {
        guard gitops.sync == .argocd else { return }
        let deadline = ContinuousClock.now + context.scope.map { context.deadline(for: $0) }.max(by: <)!
        let repository = self.repository
        try await ArgoCDSettle(client: context.client, namespace: gitops.argocdNamespace)
            .wait(Self.applications(in: context), commit: commit, deadline: deadline) { revision in
                (try? repository.isAncestor(commit, of: revision)) ?? false
            }
    }

    /// Runs a git operation; its failure ends the step with git's words (not worth a retry).
    static func terminalOnFailure<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as StepError {
            throw error
        } catch {
            throw StepError.terminal("\(error)")
        }
    }
}
