import TandemKube
import TandemKubeModel

/// The canary states the group's steps wait for.
enum CanaryWaits {
    /// Paused by the controller at the canary step `index` of the new revision (a `pause: {}` step).
    static func pausedAt(_ index: Int) -> RolloutCondition {
        RolloutCondition("paused at canary step \(index)", failure: failure) { rollout in
            isPaused(rollout, at: index)
        }
    }

    static func isPaused(_ rollout: Rollout, at index: Int) -> Bool {
        let status = rollout.status
        guard rollout.isGenerationObserved, !status.abort, status.currentPodHash != status.stableRS else { return false }
        return status.currentStepIndex == index && status.pauseConditions.contains { $0.reason == "CanaryPauseStep" }
    }

    /// Degraded, aborted (by Argo: failed step analysis, progress deadline) or a failed step analysis.
    static let failure: @Sendable (Rollout) -> String? = { rollout in
        if rollout.status.abort {
            return "Rollout \(rollout.name) was aborted: \(rollout.status.message ?? rollout.settledPhase.message)"
        }
        return RolloutWaits.degradedOrAnalysisFailed(rollout)
    }
}
