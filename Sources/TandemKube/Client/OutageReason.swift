import Synchronization
import TandemKubeModel

/// Why the API server counts as unreachable or unavailable for one failed attempt, and whether
/// the request can have reached it. Only these failures get the long outage budget of `RetryPolicy`.
struct OutageReason: Sendable, Equatable {
    /// For messages: "connection refused", "503 ServiceUnavailable".
    var cause: String
    /// True when the server cannot have acted on the request (nothing was delivered, or it answered
    /// 429/503 before doing anything), so even a create or an update may be sent again. A connection
    /// reset is not such a proof: a write may have been applied before the answer was lost.
    var requestNeverArrived: Bool

    /// nil when `failure` is not an outage (404, 409, 500, a timeout after the request was sent…).
    init?(failure: KubeError, transportKind: TransportFailure.Kind?) {
        if let status = failure.status {
            switch status.code {
            case 429: self.init(cause: "429 \(status.reason)", requestNeverArrived: true)
            case 503: self.init(cause: "503 \(status.reason)", requestNeverArrived: true)
            default: return nil
            }
            return
        }
        switch transportKind {
        case .connectionRefused: self.init(cause: "connection refused", requestNeverArrived: true)
        case .dns: self.init(cause: "cannot resolve the host name", requestNeverArrived: true)
        case .connectionLost: self.init(cause: "connection lost", requestNeverArrived: false)
        case .tls:
            guard case .tls(_, let cause) = failure, cause.contains("timed out") else { return nil }
            self.init(cause: "TLS handshake timed out", requestNeverArrived: true)
        case .timeout, .other, nil:
            return nil
        }
    }

    init(cause: String, requestNeverArrived: Bool) {
        self.cause = cause
        self.requestNeverArrived = requestNeverArrived
    }
}

/// What the client tells its user while it waits out an outage (the CLI prints it as a warning).
public struct OutageNotice: Sendable, CustomStringConvertible {
    public enum Kind: Sendable { case waiting, recovered }
    public var kind: Kind
    public var server: String
    public var cause: String
    public var elapsed: Duration
    public var limit: Duration

    public var description: String {
        switch kind {
        case .waiting:
            let state = cause.first?.isNumber == true ? "unavailable" : "unreachable"
            return "API server \(state) (\(cause)), retrying for up to \(KubeDuration.format(limit)) (\(Int(elapsed.components.seconds)) s so far)"
        case .recovered:
            return "API server at \(server) answers again after \(Int(elapsed.components.seconds)) s"
        }
    }
}

/// The outage as the whole client sees it, shared by its concurrent requests (a watch, a lease
/// renewal, a progress read…): one "unreachable" notice every `interval`, one "answers again".
final class OutageTracker: Sendable {
    private struct State { var started: ContinuousClock.Instant; var lastNotice: ContinuousClock.Instant }
    private let state = Mutex<State?>(nil)
    let interval: Duration

    init(interval: Duration) { self.interval = interval }

    /// Records a failed attempt; returns the outage's length when a notice is due.
    func failed(at now: ContinuousClock.Instant = .now) -> Duration? {
        state.withLock { state in
            guard var current = state else {
                state = State(started: now, lastNotice: now)
                return .zero
            }
            defer { state = current }
            guard now - current.lastNotice >= interval else { return nil }
            current.lastNotice = now
            return now - current.started
        }
    }

    /// Records an answer; returns how long the outage lasted when there was one.
    func answered(at now: ContinuousClock.Instant = .now) -> Duration? {
        state.withLock { state in
            defer { state = nil }
            return state.map { now - $0.started }
        }
    }
}
