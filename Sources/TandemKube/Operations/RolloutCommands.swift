import Foundation
import TandemKubeModel

/// The `kubectl argo rollouts` verbs, sending exactly what the plugin sends (reference §4).
extension KubeClient {
    /// `promote` (default): clears pause conditions (and `spec.paused`). Returns the plugin's message.
    @discardableResult
    public func promote(_ name: String, namespace: String? = nil) async throws(KubeError) -> String {
        try await promote(try await rollout(name, namespace: namespace))
    }

    /// `promote` of a Rollout already read (a cached copy): the patches are computed from it.
    @discardableResult
    public func promote(_ rollout: Rollout) async throws(KubeError) -> String {
        let name = rollout.name, namespace = rollout.namespace
        let status = rollout.status
        var unified: JSON = ["spec": ["paused": false], "status": ["pauseConditions": nil]]
        let specPatch: JSON? = rollout.paused ? ["spec": ["paused": false]] : nil
        var statusPatch: JSON?
        let steps = rollout.canary?.steps.count ?? 0
        let nextIndex = min((status.currentStepIndex ?? 0) + 1, steps)
        if rollout.strategy == .canary, status.currentStepAnalysisRunStatus["status"].stringValue == "Inconclusive",
           !status.pauseConditions.isEmpty, status.controllerPause {
            statusPatch = ["status": ["pauseConditions": nil, "controllerPause": false, "currentStepIndex": .int(nextIndex)]]
        } else if !status.pauseConditions.isEmpty {
            statusPatch = ["status": ["pauseConditions": nil]]
        } else if rollout.strategy == .canary, steps > 0 {
            statusPatch = ["status": ["pauseConditions": nil, "currentStepIndex": .int(nextIndex)]]
            unified = ["spec": ["paused": false], "status": ["pauseConditions": nil, "currentStepIndex": .int(nextIndex)]]
        }
        try await sendPromotion(name, namespace: namespace, specPatch: specPatch, statusPatch: statusPatch, unified: unified)
        return "rollout '\(name)' promoted"
    }

    /// `promote --full`: skips remaining steps and pauses. Sent only once the controller has observed
    /// the current generation (waits up to `observeTimeout`) and while `currentPodHash != stableRS`;
    /// an already fully promoted rollout is refused.
    @discardableResult
    public func promoteFull(_ name: String, namespace: String? = nil,
                            observeTimeout: Duration = .seconds(30)) async throws(KubeError) -> String {
        var rollout = try await rollout(name, namespace: namespace)
        if !Self.generationObserved(rollout) {
            rollout = try await waitForRollout(name, namespace: namespace, until: .init("the controller to observe generation \(rollout.generation ?? 0)") {
                Self.generationObserved($0)
            }, timeout: observeTimeout)
        }
        let status = rollout.status
        guard status.currentPodHash != status.stableRS else {
            throw KubeError.operationFailed("""
            rollout '\(name)' is already fully promoted (stableRS == currentPodHash == \(status.stableRS ?? "none")); there is nothing to promote. \
            Change its image or template first.
            """)
        }
        let specPatch: JSON? = rollout.paused ? ["spec": ["paused": false]] : nil
        try await sendPromotion(name, namespace: namespace, specPatch: specPatch,
                                statusPatch: ["status": ["promoteFull": true]],
                                unified: ["spec": ["paused": false], "status": ["promoteFull": true]])
        return "rollout '\(name)' fully promoted"
    }

    static func generationObserved(_ rollout: Rollout) -> Bool {
        guard let observed = rollout.status.observedGeneration, let generation = rollout.generation else { return false }
        return Int(observed) == generation
    }

    private func sendPromotion(_ name: String, namespace: String?, specPatch: JSON?, statusPatch: JSON?,
                               unified: JSON) async throws(KubeError) {
        var specPatch = specPatch
        if let statusPatch {
            do {
                _ = try await patch(.rollouts, namespace: namespace, name: name, statusPatch, subresource: "status")
            } catch where Self.noStatusSubresource(error) {
                specPatch = unified
            }
        }
        if let specPatch {
            _ = try await patch(.rollouts, namespace: namespace, name: name, specPatch)
        }
    }

    /// PATCH `/status` answered 404 although the object exists: the CRD has no status subresource (v0.9).
    static func noStatusSubresource(_ error: KubeError) -> Bool {
        if error.isNotFound { return true }
        if case .argoRolloutsNotInstalled = error { return true }
        return false
    }

    private func patchStatusOrMain(_ name: String, namespace: String?, _ body: JSON) async throws(KubeError) {
        do {
            _ = try await patch(.rollouts, namespace: namespace, name: name, body, subresource: "status")
        } catch where Self.noStatusSubresource(error) {
            _ = try await patch(.rollouts, namespace: namespace, name: name, body)
        }
    }

    /// `abort`: `{"status":{"abort":true}}` on `/status` (main resource on NotFound).
    @discardableResult
    public func abort(_ name: String, namespace: String? = nil) async throws(KubeError) -> String {
        try await patchStatusOrMain(name, namespace: namespace, ["status": ["abort": true]])
        return "rollout '\(name)' aborted"
    }

    /// `retry rollout`: `{"status":{"abort":false}}` on `/status` (main resource on NotFound).
    @discardableResult
    public func retry(_ name: String, namespace: String? = nil) async throws(KubeError) -> String {
        try await patchStatusOrMain(name, namespace: namespace, ["status": ["abort": false]])
        return "rollout '\(name)' retried"
    }

    /// `pause`: `{"spec":{"paused":true}}` on the main resource.
    @discardableResult
    public func pause(_ name: String, namespace: String? = nil) async throws(KubeError) -> String {
        _ = try await patch(.rollouts, namespace: namespace, name: name, ["spec": ["paused": true]])
        return "rollout '\(name)' paused"
    }

    /// `restart`: `{"spec":{"restartAt":"<RFC3339 UTC>"}}` on the main resource.
    @discardableResult
    public func restart(_ name: String, namespace: String? = nil, at date: Date = Date()) async throws(KubeError) -> String {
        _ = try await patch(.rollouts, namespace: namespace, name: name, ["spec": ["restartAt": .string(KubeTime.format(date))]])
        return "rollout '\(name)' restarts in 0s"
    }
}
