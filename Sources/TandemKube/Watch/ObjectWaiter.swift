import Foundation
import TandemKubeModel

/// A state to wait for: what it is called (for timeout messages), when it is reached, and
/// optionally when it can no longer be reached (fails the wait at once).
public struct WaitCondition<Value: Sendable>: Sendable {
    public var description: String
    public var isSatisfied: @Sendable (Value) -> Bool
    public var failure: @Sendable (Value) -> String?

    public init(_ description: String, failure: @escaping @Sendable (Value) -> String? = { _ in nil },
                _ isSatisfied: @escaping @Sendable (Value) -> Bool) {
        self.description = description
        self.isSatisfied = isSatisfied
        self.failure = failure
    }
}

extension KubeClient {
    /// Waits until the named object satisfies `condition` (nil = the object does not exist),
    /// by LIST + WATCH: resumes from the last resourceVersion after a dropped stream, relists
    /// after 410 Gone, backs off after transient errors, and gives up at `deadline` with an error
    /// that names what it waited for and the last state it saw.
    public func waitFor(_ type: ResourceType, name: String, namespace: String? = nil,
                        until condition: WaitCondition<JSON?>, deadline: ContinuousClock.Instant,
                        describe: @escaping @Sendable (JSON?) -> String = { $0.map { "resourceVersion \($0.resourceVersion ?? "?")" } ?? "not found" })
        async throws(KubeError) -> JSON? {
        let clock = ContinuousClock()
        let started = clock.now
        let ns = namespace ?? self.namespace
        let target = "\(type.kind.lowercased()) \(ns)/\(name) to be \(condition.description)"
        var last: JSON?
        var resourceVersion: String?
        var failures = 0
        func timedOut() -> KubeError {
            .waitTimedOut(waitingFor: target, lastObserved: describe(last), after: clock.now - started)
        }
        func evaluate(_ object: JSON?) throws(KubeError) -> Bool {
            last = object
            if let reason = condition.failure(object) { throw KubeError.operationFailed(reason) }
            return condition.isSatisfied(object)
        }
        while true {
            let remaining = deadline - clock.now
            guard remaining > .zero else { throw timedOut() }
            do {
                if resourceVersion == nil {
                    let list = try await list(type, namespace: ns, fieldSelector: "metadata.name=\(name)")
                    if try evaluate(list.items.first { $0.name == name }) { return last }
                    resourceVersion = list.resourceVersion
                }
                let stream = try await watchOnce(type, namespace: ns, fieldSelector: "metadata.name=\(name)",
                                                 resourceVersion: resourceVersion, timeout: min(remaining, .seconds(300)))
                for try await event in stream {
                    if let version = event.object.resourceVersion { resourceVersion = version }
                    failures = 0
                    guard event.kind != .bookmark, event.object.name == name else { continue }
                    if try evaluate(event.kind == .deleted ? nil : event.object) { return last }
                }
                // The server ended the stream (timeoutSeconds or a cut connection): resume from resourceVersion.
            } catch let error as KubeError {
                if case .operationFailed = error { throw error }
                if clock.now >= deadline { throw timedOut() }
                if error.isGone {
                    resourceVersion = nil  // too old: relist
                    continue
                }
                guard error.isTransient || Self.isStreamCut(error) else { throw error }
                failures += 1
                let delay = min(retryPolicy.delay(afterAttempt: failures, retryAfterSeconds: nil), deadline - clock.now)
                try? await Task.sleep(for: max(delay, .zero))
            } catch {
                throw KubeError.operationFailed("\(error)")
            }
        }
    }

    static func isStreamCut(_ error: KubeError) -> Bool {
        if case .unreachable = error { return true }
        if case .invalidResponse = error { return true }  // a line cut in the middle
        return false
    }
}
