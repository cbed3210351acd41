/// How often and how patiently requests are repeated. Exponential backoff with full jitter;
/// `Retry-After` wins when given.
///
/// Two budgets: an API server that cannot be reached or says it is unavailable (connection refused
/// or reset, DNS, TLS handshake timeout, 429, 503 — see `OutageReason`) is retried for
/// `outageLimit` of wall time, because restarts and load-balancer blips last seconds to minutes;
/// other transient answers (500, 504, a request timing out) get `maxAttempts`.
public struct RetryPolicy: Sendable {
    /// Total attempts including the first, for transient failures that are not an outage.
    public var maxAttempts: Int
    /// How long to keep retrying while the API server is unreachable or unavailable.
    public var outageLimit: Duration
    public var baseDelay: Duration
    public var maxDelay: Duration
    /// Longest `Retry-After` honoured; a larger value is capped.
    public var maxRetryAfter: Duration

    public init(maxAttempts: Int = 5, baseDelay: Duration = .milliseconds(200), maxDelay: Duration = .seconds(5),
                maxRetryAfter: Duration = .seconds(30), outageLimit: Duration = RetryPolicy.defaultOutageLimit) {
        self.maxAttempts = max(1, maxAttempts)
        self.outageLimit = max(.zero, outageLimit)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxRetryAfter = maxRetryAfter
    }

    public static let defaultOutageLimit: Duration = .seconds(180)
    public static let `default` = RetryPolicy()
    /// One attempt, no retries (named to avoid `.none` meaning `Optional.none`).
    public static let never = RetryPolicy(maxAttempts: 1, outageLimit: .zero)

    /// Delay before attempt `attempt + 1` (attempt counts from 1).
    public func delay(afterAttempt attempt: Int, retryAfterSeconds: Int?,
                      random: (ClosedRange<Double>) -> Double = { Double.random(in: $0) }) -> Duration {
        if let seconds = retryAfterSeconds {
            return min(.seconds(max(0, seconds)), maxRetryAfter)
        }
        let exponent = min(attempt - 1, 20)
        let ceiling = min(baseDelay * (1 << exponent), maxDelay)
        // Full jitter, but never less than half the step so retries do not bunch at zero.
        return ceiling * random(0.5...1.0)
    }
}
