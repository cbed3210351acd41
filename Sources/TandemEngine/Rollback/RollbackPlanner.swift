import TandemRelease

/// One action of a rollback, in the order it must happen.
public enum RollbackAction: Sendable, Equatable, CustomStringConvertible {
    /// A promoted service: back to its previous stable revision (undo; fast while the old ReplicaSet is up).
    case revertPromoted(String)
    /// A deployed, unpromoted service: abort its update (the active Service stays on stable).
    case abort(String)
    /// Restore the template of an aborted service to its stable revision.
    case restore(String)
    /// Delete what the release created and no remaining revision uses.
    case cleanUp
    /// GitOps mode: commit the revert of the release's commits, push it and sync it.
    case revertCommits
    /// GitOps mode, last: wait until Argo CD has settled on the revert (Synced there and Healthy).
    case settleApplications

    public var description: String {
        switch self {
        case .revertPromoted(let s): "revert promoted \(s)"
        case .abort(let s): "abort \(s)"
        case .restore(let s): "restore \(s)"
        case .cleanUp: "clean up"
        case .revertCommits: "revert the release's commits"
        case .settleApplications: "wait for Argo CD to settle on the revert"
        }
    }
}

/// Computes the safe rollback order from what the release did so far. Pure.
///
/// Before any promotion: abort the unpromoted Rollouts consumers first, then restore their
/// templates (consumers first). After some promotions: revert the promoted services consumers
/// first, then abort and restore the rest. Then clean up.
public enum RollbackPlanner {
    /// - Parameters:
    ///   - steps: the program with its current states.
    ///   - consumersFirst: every service of the plan, consumers before their dependencies.
    ///   - gitops: the plan is in GitOps mode (see `gitopsPlan`).
    ///   - publishedWaves: GitOps mode: the deploy waves whose commit reached the remote, when git could be asked.
    public static func plan(steps: [ReleaseSnapshot.Step], consumersFirst: [String], gitops: Bool = false,
                            publishedWaves: Set<Int>? = nil) -> [RollbackAction] {
        if gitops { return gitopsPlan(steps: steps, consumersFirst: consumersFirst, publishedWaves: publishedWaves) }
        func touched(_ kinds: [StepKind]) -> Set<String> {
            Set(steps.filter { kinds.contains($0.kind) && $0.state != .pending && $0.state != .skipped }.compactMap(\.service))
        }
        let promoted = touched([.promote, .repoint])
        let deployed = touched([.deploy]).subtracting(promoted)
        let promotedOrder = consumersFirst.filter(promoted.contains)
        let deployedOrder = consumersFirst.filter(deployed.contains)
        var actions = promotedOrder.map(RollbackAction.revertPromoted)
        actions += deployedOrder.map(RollbackAction.abort)
        actions += deployedOrder.map(RollbackAction.restore)
        actions.append(.cleanUp)
        return actions
    }

    /// GitOps mode: templates change only through git. Abort the unpromoted Rollouts (status patches,
    /// consumers first), so no preview goes live meanwhile; then one revert commit of everything the
    /// release committed, pushed and synced; then wait for each service of a committed wave to be
    /// back on its previous stable revision (promoting it when the reverted template comes up as a
    /// paused preview); then wait for Argo CD to settle on the revert. Nothing to clean up: what the
    /// release added to git, the revert removes.
    /// A wave counts as committed when its commit is published (`publishedWaves`, what git says); when git
    /// could not be asked, when its commit step started. A wave whose commit never reached the remote changed
    /// nothing in the cluster, so none of its services is aborted or waited for.
    static func gitopsPlan(steps: [ReleaseSnapshot.Step], consumersFirst: [String], publishedWaves: Set<Int>? = nil) -> [RollbackAction] {
        func started(_ step: ReleaseSnapshot.Step) -> Bool { step.state != .pending && step.state != .skipped }
        let startedWaves = Set(steps.filter { $0.kind == .gitopsCommit && started($0) }.compactMap(\.wave))
        let committedWaves = publishedWaves ?? startedWaves
        // The revert also drops a commit made but never pushed (a crash before its push).
        guard !committedWaves.isEmpty || !startedWaves.isEmpty else { return [] }
        let promoted = Set(steps.filter { $0.kind == .promote && started($0) }.compactMap(\.service))
        let committed = Set(steps.filter { $0.kind == .deploy && $0.wave.map(committedWaves.contains) == true }.compactMap(\.service))
        var actions = consumersFirst.filter { committed.contains($0) && !promoted.contains($0) }.map(RollbackAction.abort)
        actions.append(.revertCommits)
        actions += consumersFirst.filter { committed.contains($0) || promoted.contains($0) }.map(RollbackAction.restore)
        actions.append(.settleApplications)
        return actions
    }
}
