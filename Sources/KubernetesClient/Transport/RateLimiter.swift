/// A token bucket: `rate` tokens a second, at most `capacity` saved up. Each request takes a
/// token; when none is left it reserves a future one and is told how long to wait, so
/// waiting callers are served in arrival order without a queue. Pure: time is passed in.
struct TokenBucket: Sendable {
    let rate: Double
    let capacity: Double
    private(set) var tokens: Double
    private var last: Double

    init(rate: Double, capacity: Int, now: Double) {
        self.rate = rate
        self.capacity = Double(max(capacity, 1))
        self.tokens = self.capacity
        self.last = now
    }

    /// Takes one token at time `now` (seconds) and returns how many seconds to wait before
    /// using it (0 when one was available).
    mutating func reserve(now: Double) -> Double {
        if now > last {
            tokens = min(capacity, tokens + (now - last) * rate)
            last = now
        }
        tokens -= 1
        return tokens >= 0 ? 0 : -tokens / rate
    }
}

/// Client-side rate limit (client-go's QPS and burst). A non-positive QPS disables it.
actor RateLimiter {
    private var bucket: TokenBucket?
    private let start = ContinuousClock.now

    init(qps: Double, burst: Int) {
        bucket = qps > 0 ? TokenBucket(rate: qps, capacity: burst, now: 0) : nil
    }

    /// Waits until the caller may send one request.
    func acquire() async throws {
        guard var current = bucket else { return }
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let wait = current.reserve(now: seconds)
        bucket = current
        if wait > 0 { try await Task.sleep(for: .milliseconds(Int64((wait * 1000).rounded(.up)))) }
    }
}
