/// How often and how long to wait before asking the model server again.
///
/// Waits grow exponentially with "equal jitter" (half fixed, half random), so many tasks that
/// failed together do not all come back at the same instant, and no wait is ever near zero. A
/// server's `Retry-After` is honoured, capped so one answer cannot hold a task for an hour.
public struct RetryPolicy: Sendable, Equatable {
    /// Retries after the first attempt (`openai_retries`).
    public var retries: Int
    public var baseDelay: Duration
    public var maxDelay: Duration
    public var maxRetryAfter: Duration

    public init(
        retries: Int, baseDelay: Duration = .milliseconds(500), maxDelay: Duration = .seconds(8),
        maxRetryAfter: Duration = .seconds(30)
    ) {
        self.retries = retries
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxRetryAfter = maxRetryAfter
    }

    /// The wait before retry number `retry` (0 for the first); `jitter` in 0…1.
    public func delay(beforeRetry retry: Int, retryAfter: Duration?, jitter: Double = .random(in: 0...1)) -> Duration {
        if let retryAfter {
            return min(max(retryAfter, .zero), maxRetryAfter)
        }
        let exponential = baseDelay * (1 << min(retry, 30))
        let ceiling = min(exponential, maxDelay)
        return ceiling / 2 + (ceiling / 2) * min(max(jitter, 0), 1)
    }
}
