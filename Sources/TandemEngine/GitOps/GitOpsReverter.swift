import Foundation
import TandemKubeModel

/// The git part of a GitOps rollback: one commit that reverts every commit of the release
/// (trailer `Tandem-Revert: <id>`), pushed and — with `sync: argocd` — synced by the Applications of
/// the released services, so git, Argo CD and the cluster agree again (Argo's abort alone keeps the
/// new template, and the next sync would deploy it). Found again by its trailer, so a resumed
/// rollback makes no second revert.
struct GitOpsReverter {
    let context: ReleaseContext

    func run() async throws -> String {
        let release = try GitOpsRelease(context: context)
        let repository = release.repository
        let remoteHead = try release.fetchRemote()
        var revert = try release.published(release.revertTrailers, remoteHead: remoteHead)
        var said: String
        if let revert {
            said = "the release's commits were reverted in \(revert.prefix(12)) before"
        } else {
            var local = try release.unpushed(release.revertTrailers, remoteHead: remoteHead)
            let dropped = local == nil ? try release.dropUnpushed(remoteHead: remoteHead) : 0
            let ours = try GitOpsRelease.terminalOnFailure { try repository.commits(trailer: GitOpsRelease.releaseTrailer, value: context.releaseID) }
            if local == nil, ours.isEmpty {
                return dropped > 0 ? "dropped \(dropped) commit(s) of the release that were never pushed; nothing to revert" : "no commit of the release to revert"
            }
            if local == nil {
                // Every commit of the release on the branch. Those never pushed were dropped above, unless
                // other unpushed commits sit among them; then they are reverted too and the revert publishes
                // nothing of the release.
                local = try GitOpsRelease.terminalOnFailure {
                    if let remoteHead, try repository.isAncestor(repository.head(), of: remoteHead) {
                        try repository.fastForward(to: remoteHead)
                    }
                    let commits = try repository.commits(trailer: GitOpsRelease.releaseTrailer, value: context.releaseID)
                    return try repository.revert(commits.reversed(), message: message(commits), trailers: release.revertTrailers)
                }
            }
            guard let local else { return "no commit of the release to revert" }
            do {
                try release.push(undoing: local)
            } catch {
                throw StepError.terminal("the revert of the release's commits could not be pushed: \(error); "
                    + "resolve that in \(release.gitops.remote)/\(release.branch), then run `tandem release abort \(context.releaseID)` to retry the rollback")
            }
            revert = try GitOpsRelease.terminalOnFailure {
                try release.published(release.revertTrailers, remoteHead: release.fetchRemote()) ?? repository.head()
            }
            said = "reverted the release's commits in \(revert!.prefix(12))" + (release.gitops.pushes ? ", pushed to \(release.gitops.remote)/\(release.branch)" : "")
        }
        if release.gitops.sync == .argocd, let revert {
            let applications = GitOpsRelease.applications(in: context)
            let deadline = ContinuousClock.now + context.scope.map { context.deadline(for: $0) }.max(by: <)!
            try await ArgoCDSync(client: context.client, namespace: release.gitops.argocdNamespace)
                .sync(applications, revision: revert, deadline: deadline)
            said += "; Argo CD synced \(applications.joined(separator: ", "))"
        }
        return said
    }

    private func message(_ commits: [String]) -> String {
        """
        tandem: \(context.plan.name) release \(context.releaseID) rolled back

        Plan: \(context.plan.name)
        Release: \(context.releaseID)
        Reverts: \(commits.joined(separator: " "))
        """
    }
}
