/// A token bucket: `rate` tokens per second refill up to `burst`; each request takes one.
///
/// Pure state: `reserve(at:)` takes a token (possibly one not yet refilled) and says how long
/// the caller must wait before using it, so concurrent callers queue fairly without polling.
struct TokenBucket: Sendable {
    let rate: Double
    let burst: Double
    private var tokens: Double
    private var updated: ContinuousClock.Instant

    init(rate: Double, burst: Int, now: ContinuousClock.Instant) {
        self.rate = max(rate, 0.001)
        self.burst = Double(max(burst, 1))
        self.tokens = self.burst
        self.updated = now
    }

    /// Takes a token; returns how long to wait before the request may go (zero when one is available).
    mutating func reserve(at now: ContinuousClock.Instant) -> Duration {
        if now > updated {
            let elapsed = Self.seconds(updated.duration(to: now))
            tokens = min(burst, tokens + elapsed * rate)
            updated = now
        }
        tokens -= 1
        if tokens >= 0 { return .zero }
        return .nanoseconds(Int64((-tokens / rate) * 1e9))
    }

    static func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
