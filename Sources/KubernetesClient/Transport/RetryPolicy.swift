/// When and how long to wait before retrying a request. Pure decisions, no I/O.
///
/// - 429 and 5xx with `Retry-After: N` (seconds, as kube-apiserver sends): retry after N
///   seconds, whatever the verb, since the server said the request was not processed.
/// - 429 without `Retry-After`: jittered exponential back-off.
/// - 500/502/503/504 without `Retry-After`: back-off, but only for idempotent requests.
/// - Connection resets and closed connections: back-off for idempotent requests (client-go
///   retries only GETs on resets; server-side apply is idempotent too).
public struct RetryPolicy: Sendable, Hashable {
    /// Retries after the first attempt; 0 disables retrying.
    public var maxRetries: Int
    public var initialBackoff: Duration
    public var maxBackoff: Duration
    /// Longest `Retry-After` honoured; longer values are clamped.
    public var maxRetryAfter: Duration

    public init(
        maxRetries: Int = 5, initialBackoff: Duration = .milliseconds(200), maxBackoff: Duration = .seconds(10),
        maxRetryAfter: Duration = .seconds(60)
    ) {
        self.maxRetries = maxRetries
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
        self.maxRetryAfter = maxRetryAfter
    }

    public static let none = RetryPolicy(maxRetries: 0)

    /// The wait before retry number `attempt + 1` after an HTTP status, or `nil` to give up.
    /// `jitter` is a random number in 0..<1 (injected so tests are exact).
    public func delay(status: Int, retryAfter: String?, attempt: Int, idempotent: Bool, jitter: Double) -> Duration? {
        guard attempt < maxRetries else { return nil }
        guard status == 429 || (500...599).contains(status) else { return nil }
        if let header = retryAfter?.trimmed(of: " \t"), let seconds = Int(header), seconds >= 0 {
            return min(.seconds(seconds), maxRetryAfter)
        }
        if status == 429 { return backoff(attempt: attempt, jitter: jitter) }
        if idempotent && [500, 502, 503, 504].contains(status) { return backoff(attempt: attempt, jitter: jitter) }
        return nil
    }

    /// The wait before retrying after the connection failed (reset, closed), or `nil`.
    public func delayAfterConnectionFailure(attempt: Int, idempotent: Bool, jitter: Double) -> Duration? {
        guard attempt < maxRetries, idempotent else { return nil }
        return backoff(attempt: attempt, jitter: jitter)
    }

    /// Exponential back-off with up to 100% added jitter, capped at `maxBackoff`.
    public func backoff(attempt: Int, jitter: Double) -> Duration {
        var base = initialBackoff
        for _ in 0..<min(attempt, 30) {
            base = base * 2
            if base >= maxBackoff { break }
        }
        let capped = min(base, maxBackoff)
        return min(capped + capped * max(0, min(jitter, 1)), maxBackoff * 2)
    }
}

extension String {
    fileprivate func trimmed(of set: String) -> String {
        var view = Substring(self)
        while let first = view.first, set.contains(first) { view.removeFirst() }
        while let last = view.last, set.contains(last) { view.removeLast() }
        return String(view)
    }
}
