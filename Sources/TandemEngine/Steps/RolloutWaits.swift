import TandemKube
import TandemKubeModel
import TandemPairing

/// The Rollout states the steps wait for.
enum RolloutWaits {
    /// The new revision's preview is available and the Rollout paused before promotion — or, for a
    /// Rollout that promotes itself, the new revision is already stable and Healthy.
    static let previewReady = RolloutCondition("the new revision available as preview and paused (or promoted and Healthy)",
                                               failure: degradedOrAnalysisFailed) { rollout in
        guard rollout.isGenerationObserved, let current = rollout.status.currentPodHash else { return false }
        let phase = rollout.settledPhase.phase
        if phase == .paused { return current != rollout.status.stableRS }
        return phase == .healthy && current == rollout.status.stableRS
    }

    /// Promoted: the new revision is stable and the Rollout Healthy.
    static func promoted(_ hash: String?) -> RolloutCondition {
        RolloutCondition("promoted and Healthy", failure: degradedOrAnalysisFailed) { rollout in
            guard rollout.isGenerationObserved, rollout.settledPhase.phase == .healthy else { return false }
            let status = rollout.status
            return status.currentPodHash == status.stableRS && (hash == nil || status.stableRS == hash)
        }
    }

    /// Stable and Healthy on revision `hash` (a rollback target), or paused on it (a slow rollback that
    /// needs a promotion).
    static func settled(on hash: String) -> RolloutCondition {
        RolloutCondition("back on revision \(hash) (Healthy, or paused for promotion)") { rollout in
            guard rollout.isGenerationObserved, rollout.status.currentPodHash == hash else { return false }
            let phase = rollout.settledPhase.phase
            return (phase == .healthy && rollout.status.stableRS == hash) || phase == .paused
        }
    }

    /// What a wait is for, in progress lines ("waiting for the preview: …").
    static func purpose(of condition: RolloutCondition) -> String {
        switch condition.description {
        case previewReady.description: return "the preview"
        case let text where text.hasPrefix("promoted"): return "the promotion"
        case let text where text.hasPrefix("back on revision"): return "the rollback"
        default: return condition.description
        }
    }

    /// Analysis status of the current revision: blue-green's pre-promotion analysis, canary's analysis
    /// of the current step; `nil` when none ran.
    static func analysisStatus(_ rollout: Rollout) -> String? {
        analysisRunStatus(rollout)["status"].stringValue
    }

    static func analysisRunStatus(_ rollout: Rollout) -> JSON {
        rollout.strategy == .canary ? rollout.status.currentStepAnalysisRunStatus : rollout.status.prePromotionAnalysisRunStatus
    }

    static let degradedOrAnalysisFailed: @Sendable (Rollout) -> String? = { rollout in
        if let status = analysisStatus(rollout), ["Failed", "Error", "Inconclusive"].contains(status) {
            let message = analysisRunStatus(rollout)["message"].stringValue.map { ": \($0)" } ?? ""
            let which = rollout.strategy == .canary ? "analysis of canary step \(rollout.status.currentStepIndex ?? 0)" : "pre-promotion analysis"
            return "\(which) of Rollout \(rollout.name) ended \(status)\(message)"
        }
        let phase = rollout.settledPhase
        return phase.phase == .degraded ? "Rollout \(rollout.name) is Degraded: \(phase.message)" : nil
    }

    /// Waits for `condition` within the service's deadline; a timeout or a failure is terminal.
    /// Inside a step run by the runner, progress is recorded every interval (`WaitProgress`).
    /// Steps pass `context.reads` (the release's cache: no request per wait).
    static func wait(_ service: PairingService, _ condition: RolloutCondition, deadline: ContinuousClock.Instant,
                     reads: any KubeReads, what: String, purpose: String? = nil) async throws -> Rollout {
        do {
            let waiting: @Sendable () async throws -> Rollout = {
                try await reads.waitForRollout(service.rollout, namespace: service.namespace, until: condition, deadline: deadline)
            }
            guard let progress = WaitProgress.current else { return try await waiting() }
            return try await progress.reporting(purpose ?? Self.purpose(of: condition), service: service, reads: reads,
                                                deadline: deadline, waiting)
        } catch let error as KubeError where error.isTransient {
            throw StepError.retryable("\(what): \(error)")
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw StepError.terminal("\(what): \(error)")
        }
    }

    /// The same, reading live (each wait a LIST + WATCH of its own).
    static func wait(_ service: PairingService, _ condition: RolloutCondition, deadline: ContinuousClock.Instant,
                     client: KubeClient, what: String, purpose: String? = nil) async throws -> Rollout {
        try await wait(service, condition, deadline: deadline, reads: LiveReads(client: client), what: what, purpose: purpose)
    }
}
