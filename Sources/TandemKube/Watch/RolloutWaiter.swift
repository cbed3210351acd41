import Foundation
import TandemKubeModel

extension Rollout {
    /// The phase to act on while waiting: `clientPhase`, except that a status whose
    /// `observedGeneration` is missing or differs from `metadata.generation` is never trusted.
    public var settledPhase: RolloutPhase {
        let observed = status.observedGeneration.flatMap { Int($0) }
        if let generation, observed != generation, !(status.observedGeneration.map { Int($0) == nil } ?? false) {
            return RolloutPhase(.progressing, "waiting for rollout spec update to be observed")
        }
        return clientPhase
    }

    /// One line for messages: phase, generations, hashes, pause state.
    public var stateSummary: String {
        let s = status
        var parts = ["phase \(settledPhase)"]
        parts.append("generation \(generation.map(String.init) ?? "?")/observed \(s.observedGeneration ?? "none")")
        parts.append("currentPodHash \(s.currentPodHash ?? "none"), stableRS \(s.stableRS ?? "none")")
        parts.append("updated \(s.updatedReplicas)/available \(s.availableReplicas) of \(replicas)")
        if !s.pauseConditions.isEmpty { parts.append("pauseConditions [\(s.pauseConditions.map(\.reason).joined(separator: ","))]") }
        if s.controllerPause { parts.append("controllerPause") }
        if s.abort { parts.append("abort") }
        return parts.joined(separator: "; ")
    }
}

/// Conditions on a Rollout for `waitForRollout`.
public struct RolloutCondition: Sendable {
    public var description: String
    public var isSatisfied: @Sendable (Rollout) -> Bool
    /// Returns a reason when the condition can no longer be met (e.g. Degraded while waiting for Healthy).
    public var failure: @Sendable (Rollout) -> String?

    public init(_ description: String, failure: @escaping @Sendable (Rollout) -> String? = { _ in nil },
                _ isSatisfied: @escaping @Sendable (Rollout) -> Bool) {
        self.description = description
        self.isSatisfied = isSatisfied
        self.failure = failure
    }

    static let degraded: @Sendable (Rollout) -> String? = { rollout in
        let phase = rollout.settledPhase
        return phase.phase == .degraded
            ? "rollout '\(rollout.name)': The rollout is in a degraded state with message: \(phase.message)" : nil
    }

    /// Healthy (settled phase), fails fast on Degraded.
    public static let healthy = RolloutCondition("Healthy", failure: degraded) { $0.settledPhase.phase == .healthy }

    /// Paused by the controller or manually (settled phase), fails fast on Degraded.
    public static let paused = RolloutCondition("Paused", failure: degraded) { $0.settledPhase.phase == .paused }

    /// Any of the given phases (settled); no early failure.
    public static func phase(_ phases: RolloutPhase.Phase...) -> RolloutCondition {
        RolloutCondition(phases.map(\.rawValue).joined(separator: " or ")) { phases.contains($0.settledPhase.phase) }
    }

    /// Healthy with every container of the template running `image` (or an image ending in `:tag`).
    public static func healthy(image: String) -> RolloutCondition {
        RolloutCondition("Healthy at image \(image)", failure: degraded) { rollout in
            rollout.settledPhase.phase == .healthy
                && !rollout.template.containers.isEmpty
                && rollout.template.containers.allSatisfy { $0.image == image || ($0.image?.hasSuffix(":" + image) ?? false) }
        }
    }
}

extension KubeClient {
    /// Waits until the rollout meets `condition` or `deadline` passes, reading live (`LiveReads`).
    @discardableResult
    public func waitForRollout(_ name: String, namespace: String? = nil, until condition: RolloutCondition,
                               deadline: ContinuousClock.Instant) async throws(KubeError) -> Rollout {
        try await LiveReads(client: self).waitForRollout(name, namespace: namespace, until: condition, deadline: deadline)
    }

    @discardableResult
    public func waitForRollout(_ name: String, namespace: String? = nil, until condition: RolloutCondition,
                               timeout: Duration) async throws(KubeError) -> Rollout {
        try await waitForRollout(name, namespace: namespace, until: condition, deadline: .now + timeout)
    }
}
