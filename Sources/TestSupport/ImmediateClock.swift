import Synchronization

/// A clock whose sleeps return at once, moving its time to their deadline: code that waits
/// with back-off (a CRD wait, a retry loop) runs to its end without a test advancing
/// anything, and `now` then says how much time it would have taken. Like swift-clocks'
/// `ImmediateClock`. Concurrent sleepers share one time, which only moves forward.
public final class ImmediateClock: Clock, Sendable {
    public typealias Duration = Swift.Duration
    public typealias Instant = ManualClock.Instant

    private let time = Mutex(Instant(offset: .zero))
    /// How many times something slept on the clock.
    private let sleeps = Mutex(0)

    public init() {}

    public var now: Instant { time.withLock { $0 } }
    public var minimumResolution: Duration { .nanoseconds(1) }
    public var sleepCount: Int { sleeps.withLock { $0 } }

    public func sleep(until deadline: Instant, tolerance: Duration? = nil) async throws {
        try Task.checkCancellation()
        sleeps.withLock { $0 += 1 }
        time.withLock { now in
            if now < deadline { now = deadline }
        }
        await Task.yield()
    }
}
