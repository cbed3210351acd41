/// How often and how patiently idempotent requests are repeated after 429, 5xx and
/// connection errors. Exponential backoff with full jitter; `Retry-After` wins when given.
public struct RetryPolicy: Sendable {
    /// Total attempts including the first.
    public var maxAttempts: Int
    public var baseDelay: Duration
    public var maxDelay: Duration
    /// Longest `Retry-After` honoured; a larger value is capped.
    public var maxRetryAfter: Duration

    public init(maxAttempts: Int = 5, baseDelay: Duration = .milliseconds(200), maxDelay: Duration = .seconds(5),
                maxRetryAfter: Duration = .seconds(30)) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxRetryAfter = maxRetryAfter
    }

    public static let `default` = RetryPolicy()
    /// One attempt, no retries (named to avoid `.none` meaning `Optional.none`).
    public static let never = RetryPolicy(maxAttempts: 1)

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
