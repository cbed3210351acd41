import Foundation
import TandemKubeModel

extension ResourceType {
    /// `apps/v1` Deployments, only reached through a Rollout's `workloadRef`.
    public static let deployments = ResourceType(group: "apps", version: "v1", plural: "deployments", kind: "Deployment",
                                                 shortNames: ["deploy"], hasStatusSubresource: true)
}

/// Writes to a Rollout's spec that must not lose concurrent changes: GET, change the raw
/// object, PUT with its resourceVersion; a 409 Conflict (or a transient failure, which may have
/// hidden a successful PUT) starts over from a fresh GET. Unknown fields survive untouched.
extension KubeClient {
    public static let conflictAttempts = 5

    public func rollout(_ name: String, namespace: String? = nil) async throws(KubeError) -> Rollout {
        Rollout(try await get(.rollouts, namespace: namespace, name: name))
    }

    /// Read-modify-write of the raw Rollout. `transform` gets the current object and returns the
    /// desired one (returning it unchanged sends nothing). Retried on 409 up to 5 times.
    /// Errors thrown by `transform` are passed through unchanged.
    @discardableResult
    public func updateRollout(_ name: String, namespace: String? = nil,
                              _ transform: @Sendable (JSON) throws -> JSON) async throws -> Rollout {
        if let written = try await readModifyWrite(.rollouts, name: name, namespace: namespace, transform) {
            return Rollout(written)
        }
        return try await rollout(name, namespace: namespace)
    }

    /// Shared GET-transform-PUT loop; returns the written object, or nil when nothing changed.
    /// `startingFrom` (a cached copy) replaces the first GET; retries always read afresh.
    func readModifyWrite(_ type: ResourceType, name: String, namespace: String?, startingFrom first: JSON? = nil,
                         _ transform: @Sendable (JSON) throws -> JSON) async throws -> JSON? {
        var attempt = 0
        var cached = first
        while true {
            attempt += 1
            let current: JSON
            if let object = cached {
                current = object
                cached = nil
            } else {
                current = try await get(type, namespace: namespace, name: name)
            }
            let desired = try transform(current)
            if desired == current { return nil }
            let result: Result<JSON, KubeError> = await Self.capture { () async throws(KubeError) -> JSON in
                try await self.update(type, namespace: namespace, desired)
            }
            switch result {
            case .success(let written):
                return written
            case .failure(let error):
                guard (error.isConflict || error.isTransient) && attempt < Self.conflictAttempts else { throw error }
                let delay = retryPolicy.delay(afterAttempt: attempt, retryAfterSeconds: nil)
                logger.debug("update retried", metadata: ["object": "\(name)", "attempt": "\(attempt)", "error": "\(error)"])
                try? await Task.sleep(for: delay)
            }
        }
    }

    static func capture<T>(_ body: () async throws(KubeError) -> T) async -> Result<T, KubeError> {
        do { return .success(try await body()) } catch { return .failure(error) }
    }
}
