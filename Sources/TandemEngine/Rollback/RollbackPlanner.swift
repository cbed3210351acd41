import TandemStore

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

    public var description: String {
        switch self {
        case .revertPromoted(let s): "revert promoted \(s)"
        case .abort(let s): "abort \(s)"
        case .restore(let s): "restore \(s)"
        case .cleanUp: "clean up"
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
    public static func plan(steps: [ReleaseSnapshot.Step], consumersFirst: [String]) -> [RollbackAction] {
        func touched(_ kinds: [StepKind]) -> Set<String> {
            Set(steps.filter { kinds.contains($0.kind) && $0.state != .pending && $0.state != .skipped }.compactMap(\.service))
        }
        let promoted = touched([.promote, "repoint"])
        let deployed = touched([.deploy]).subtracting(promoted)
        let promotedOrder = consumersFirst.filter(promoted.contains)
        let deployedOrder = consumersFirst.filter(deployed.contains)
        var actions = promotedOrder.map(RollbackAction.revertPromoted)
        actions += deployedOrder.map(RollbackAction.abort)
        actions += deployedOrder.map(RollbackAction.restore)
        actions.append(.cleanUp)
        return actions
    }
}
