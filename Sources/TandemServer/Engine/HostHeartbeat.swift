import Foundation
import Synchronization

/// When the release host's loop last made progress. Read by `/healthz` without going through the host
/// actor: a wedged actor could not answer, which is exactly what the health check must report.
public final class HostHeartbeat: Sendable {
    /// How long the loop may go without a beat before the server reports itself unhealthy.
    public let bound: Duration
    private let now: @Sendable () -> ContinuousClock.Instant
    private let last: Mutex<ContinuousClock.Instant>

    /// `now` is the real clock unless a test injects one.
    public init(bound: Duration, now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }) {
        self.bound = bound
        self.now = now
        last = Mutex(now())
    }

    public func beat() {
        let instant = now()
        last.withLock { $0 = instant }
    }

    /// Nil when healthy; otherwise why not.
    public func problem() -> String? {
        let silent = now() - last.withLock { $0 }
        guard silent > bound else { return nil }
        return "the release host has made no progress for \(Self.format(silent)) (bound \(Self.format(bound))): "
            + "submitted and approved releases are not being driven; see the server log, restart `tandem serve`"
    }

    static func format(_ duration: Duration) -> String {
        String(format: "%.1f s", PlanParseGate.seconds(duration))
    }
}
