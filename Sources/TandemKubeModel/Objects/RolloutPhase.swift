/// The phase of a Rollout as `kubectl argo rollouts status` decides it (reference §5).
public struct RolloutPhase: Sendable, Hashable, CustomStringConvertible {
    public enum Phase: String, Sendable, Hashable { case healthy = "Healthy", progressing = "Progressing", paused = "Paused", degraded = "Degraded" }
    public var phase: Phase
    public var message: String

    public init(_ phase: Phase, _ message: String = "") {
        self.phase = phase
        self.message = message
    }

    public var description: String { message.isEmpty ? phase.rawValue : "\(phase.rawValue) - \(message)" }
}

extension Rollout {
    /// `GetRolloutPhase`: trusts `status.phase` only when the generation was observed and
    /// `controllerPause` agrees with `pauseConditions`; else computes it on the client.
    public var clientPhase: RolloutPhase {
        let status = self.status
        // A non-numeric observedGeneration (v0.9 spec hash) or a greater one counts as observed.
        if let observed = status.observedGeneration, let number = Int(observed), let generation, number < generation {
            return RolloutPhase(.progressing, "waiting for rollout spec update to be observed")
        }
        if status.controllerPause && status.pauseConditions.isEmpty {
            return RolloutPhase(.progressing, "waiting for rollout to unpause")
        }
        if let phase = status.phase, let known = RolloutPhase.Phase(rawValue: phase) {
            return RolloutPhase(known, status.message ?? "")
        }
        return calculatedPhase
    }

    /// `CalculateRolloutPhase`: the controller's own rules, used when `status.phase` is absent.
    public var calculatedPhase: RolloutPhase {
        let status = self.status
        for condition in status.conditions {
            if condition.type == "InvalidSpec" { return RolloutPhase(.degraded, "InvalidSpec: \(condition.message)") }
            if condition.reason == "RolloutAborted" || condition.reason == "ProgressDeadlineExceeded" {
                return RolloutPhase(.degraded, "\(condition.reason): \(condition.message)")
            }
        }
        if paused { return RolloutPhase(.paused, "manually paused") }
        if let first = status.pauseConditions.first { return RolloutPhase(.paused, first.reason) }
        if let restartAt, status.restartedAt != restartAt { return RolloutPhase(.progressing, "rollout is restarting") }
        if status.updatedReplicas < replicas { return RolloutPhase(.progressing, "more replicas need to be updated") }
        if status.availableReplicas < status.updatedReplicas {
            return RolloutPhase(.progressing, "updated replicas are still becoming available")
        }
        let current = status.currentPodHash
        switch strategy {
        case .blueGreen:
            if status.activeSelector == nil || status.activeSelector != current {
                return RolloutPhase(.progressing, "active service cutover pending")
            }
            if status.stableRS == nil || status.stableRS != current {
                let run = status.postPromotionAnalysisRunStatus["status"].stringValue
                let completed = ["Successful", "Failed", "Error", "Inconclusive"].contains(run ?? "")
                if blueGreen?.hasPostPromotionAnalysis == true, !completed {
                    return RolloutPhase(.progressing, "waiting for analysis to complete")
                }
                return RolloutPhase(.progressing, "waiting for post-promotion verification to complete")
            }
        case .canary:
            if canary?.hasTrafficRouting != true, status.replicas > status.updatedReplicas {
                return RolloutPhase(.progressing, "old replicas are pending termination")
            }
            if status.stableRS == nil || status.stableRS != current {
                return RolloutPhase(.progressing, "waiting for all steps to complete")
            }
        case .none:
            break
        }
        return RolloutPhase(.healthy)
    }
}
