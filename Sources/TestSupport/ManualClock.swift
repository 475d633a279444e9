import Synchronization

/// A clock that moves only when a test moves it, so loops that wait (poll intervals, back-off,
/// CRD waits) are driven step by step and no test sleeps. Shaped like hummingbird's
/// `MockClock`, with the sleeping it lacks and swift-clocks' `TestClock` has:
///
/// - `sleep(until:)` suspends until `advance` reaches the deadline (or the task is cancelled,
///   which throws `CancellationError` like `ContinuousClock`); a deadline already reached
///   returns at once.
/// - `waitForSleepers(_:)` suspends the test until that many tasks are asleep on the clock:
///   the code under test has done its work and is waiting again. `advance` removes the
///   sleepers it wakes before it returns, so `advance` then `waitForSleepers(1)` waits for the
///   next sleep, never the one just ended.
/// - `sleeperDeadlines` tells how long the code chose to wait.
///
/// Time starts at `.zero`; `Instant` is the duration since then.
public final class ManualClock: Clock, Sendable {
    public typealias Duration = Swift.Duration

    public struct Instant: InstantProtocol, CustomStringConvertible {
        public typealias Duration = Swift.Duration
        /// Time since the clock started.
        public var offset: Duration

        public init(offset: Duration) { self.offset = offset }

        public func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        public func duration(to other: Instant) -> Duration { other.offset - offset }
        public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
        public var description: String { "\(offset)" }
    }

    private struct Sleeper {
        var id: UInt64
        var deadline: Instant
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct Waiter {
        var id: UInt64
        var count: Int
        var continuation: CheckedContinuation<Void, Never>
    }

    private struct State {
        var now = Instant(offset: .zero)
        var nextID: UInt64 = 0
        var sleepers: [Sleeper] = []
        /// Sleeps cancelled before their continuation was stored.
        var cancelledSleeps: Set<UInt64> = []
        var waiters: [Waiter] = []
        var cancelledWaits: Set<UInt64> = []

        mutating func takeID() -> UInt64 {
            nextID += 1
            return nextID
        }

        /// Removes and returns the waiters whose sleeper count has been reached.
        mutating func satisfiedWaiters() -> [Waiter] {
            let ready = waiters.filter { sleepers.count >= $0.count }
            waiters.removeAll { sleepers.count >= $0.count }
            return ready
        }
    }

    private let state = Mutex(State())

    public init() {}

    public var now: Instant { state.withLock { $0.now } }
    public var minimumResolution: Duration { .nanoseconds(1) }

    /// How many tasks are asleep on the clock.
    public var sleeperCount: Int { state.withLock { $0.sleepers.count } }

    /// When each sleeping task wakes, as durations since the clock started, earliest first.
    public var sleeperDeadlines: [Duration] { state.withLock { $0.sleepers.map(\.deadline.offset).sorted() } }

    public func sleep(until deadline: Instant, tolerance: Duration? = nil) async throws {
        try Task.checkCancellation()
        let id = state.withLock { $0.takeID() }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                enum Outcome {
                    case wake, cancel
                    case sleep([Waiter])
                }
                let outcome = state.withLock { state -> Outcome in
                    if state.cancelledSleeps.remove(id) != nil { return .cancel }
                    if deadline <= state.now { return .wake }
                    state.sleepers.append(Sleeper(id: id, deadline: deadline, continuation: continuation))
                    return .sleep(state.satisfiedWaiters())
                }
                switch outcome {
                case .wake: continuation.resume()
                case .cancel: continuation.resume(throwing: CancellationError())
                case .sleep(let waiters): for waiter in waiters { waiter.continuation.resume() }
                }
            }
        } onCancel: {
            let sleeper = state.withLock { state -> Sleeper? in
                guard let index = state.sleepers.firstIndex(where: { $0.id == id }) else {
                    state.cancelledSleeps.insert(id)
                    return nil
                }
                return state.sleepers.remove(at: index)
            }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Moves time forward by `duration` and wakes, in deadline order, every sleeper whose
    /// deadline has come. The woken tasks run after this returns.
    public func advance(by duration: Duration) {
        advance(to: state.withLock { $0.now.advanced(by: duration) })
    }

    /// Moves time to `instant` (never backwards) and wakes the sleepers it reaches.
    public func advance(to instant: Instant) {
        let woken = state.withLock { state -> [Sleeper] in
            if state.now < instant { state.now = instant }
            let due = state.sleepers.filter { $0.deadline <= state.now }.sorted { $0.deadline < $1.deadline }
            state.sleepers.removeAll { $0.deadline <= state.now }
            return due
        }
        for sleeper in woken { sleeper.continuation.resume() }
    }

    /// Returns once at least `count` tasks are asleep on the clock (at once if they are).
    /// Returns early, without them, when the waiting task is cancelled (a test's time limit).
    public func waitForSleepers(_ count: Int = 1) async {
        let id = state.withLock { $0.takeID() }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let ready = state.withLock { state -> Bool in
                    if state.cancelledWaits.remove(id) != nil || state.sleepers.count >= count { return true }
                    state.waiters.append(Waiter(id: id, count: count, continuation: continuation))
                    return false
                }
                if ready { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { state -> Waiter? in
                guard let index = state.waiters.firstIndex(where: { $0.id == id }) else {
                    state.cancelledWaits.insert(id)
                    return nil
                }
                return state.waiters.remove(at: index)
            }
            waiter?.continuation.resume()
        }
    }
}
