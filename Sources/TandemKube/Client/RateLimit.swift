import Synchronization

/// The client-side request budget: a token bucket holding at most `burst` requests, refilled at
/// `qps` per second. Every attempt of every request (watches included) takes one token, as
/// client-go's rate limiter does, so retries cannot stampede an API server that is struggling.
///
/// The default, 50 QPS with a burst of 100, is kubectl's own (its discovery client runs at 50/300)
/// and a little above the Argo Rollouts controller's 40/80: enough that a 200-service release near
/// its floor of about 8 requests per service is never throttled for long, low enough that API
/// Priority and Fairness does not queue everyone else's requests behind tandem's. `qps` 0 means
/// no limit (a simulator, or a dedicated API server).
public struct RateLimit: Sendable, Equatable, CustomStringConvertible {
    public var qps: Double
    public var burst: Int

    public init(qps: Double, burst: Int) {
        self.qps = max(0, qps)
        self.burst = max(1, burst)
    }

    public static let `default` = RateLimit(qps: 50, burst: 100)
    public static let unlimited = RateLimit(qps: 0, burst: 1)

    public var isUnlimited: Bool { qps == 0 }
    public var description: String { isUnlimited ? "unlimited" : "\(qps) QPS, burst \(burst)" }
}

/// The bucket's arithmetic, pure so it can be tested without a clock: `reserve(at:)` takes a
/// token and says how long the caller must wait before using it. Tokens may go negative, which
/// queues callers in arrival order (a reservation, like Go's `rate.Limiter.Reserve`), so waiting
/// callers never race each other for the next token.
public struct TokenBucketState: Sendable {
    public let limit: RateLimit
    private var tokens: Double
    private var updated: ContinuousClock.Instant

    public init(limit: RateLimit, now: ContinuousClock.Instant) {
        self.limit = limit
        self.tokens = Double(limit.burst)
        self.updated = now
    }

    public mutating func reserve(at now: ContinuousClock.Instant) -> Duration {
        guard !limit.isUnlimited else { return .zero }
        let elapsed = now - updated
        if elapsed > .zero {
            tokens = min(Double(limit.burst), tokens + Self.seconds(elapsed) * limit.qps)
            updated = now
        }
        tokens -= 1
        guard tokens < 0 else { return .zero }
        return .nanoseconds(Int64((-tokens / limit.qps * 1e9).rounded(.up)))
    }

    static func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}

/// The shared bucket of one client; also totals the time requests spent waiting for it.
final class TokenBucket: Sendable {
    private let state: Mutex<(bucket: TokenBucketState, waited: Duration, throttled: Int)>

    init(limit: RateLimit, now: ContinuousClock.Instant = .now) {
        state = Mutex((TokenBucketState(limit: limit, now: now), .zero, 0))
    }

    /// Takes a token; the wait before the request may go out (zero when a token was there).
    func reserve(at now: ContinuousClock.Instant = .now) -> Duration {
        state.withLock { state in
            let wait = state.bucket.reserve(at: now)
            if wait > .zero {
                state.waited += wait
                state.throttled += 1
            }
            return wait
        }
    }

    /// Requests that had to wait, and for how long in total.
    var totals: (throttled: Int, waited: Duration) {
        state.withLock { ($0.throttled, $0.waited) }
    }
}
