import DequeModule
import Synchronization

/// Lets at most `permits` tasks into a section at once; the others wait, and are let in in
/// the order they arrived. The one async semaphore of SwiftFlux (per-host registry requests;
/// `AsyncLock` is the one-permit case).
///
/// Waiting is not cancellable: a section is short (a git command, a sync pass) and every
/// holder releases it when its body returns.
public final class AsyncSemaphore: Sendable {
    private struct State {
        var available: Int
        var waiters: Deque<CheckedContinuation<Void, Never>> = []
    }

    private let state: Mutex<State>

    public init(permits: Int) {
        state = Mutex(State(available: max(permits, 1)))
    }

    /// Waits for a permit.
    public func acquire() async {
        let granted = state.withLock { state in
            guard state.available > 0 else { return false }
            state.available -= 1
            return true
        }
        if granted { return }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let now = state.withLock { state in
                if state.available > 0 {
                    state.available -= 1
                    return true
                }
                state.waiters.append(continuation)
                return false
            }
            if now { continuation.resume() }
        }
    }

    /// Returns a permit, handing it to the longest waiter if there is one.
    public func release() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if let waiter = state.waiters.popFirst() { return waiter }
            state.available += 1
            return nil
        }
        next?.resume()
    }

    /// Runs `body` holding a permit. `body` runs in the caller's isolation (an actor's
    /// method may pass a closure using its state).
    public func withPermit<T>(
        isolation: isolated (any Actor)? = #isolation, _ body: () async throws -> T
    ) async rethrows -> T {
        await acquire()
        defer { release() }
        return try await body()
    }
}

/// Mutual exclusion for async sections, first come first served: git operations on one
/// repository, sync passes of the loop and of jobs, image scan passes.
public final class AsyncLock: Sendable {
    private let semaphore = AsyncSemaphore(permits: 1)

    public init() {}

    /// Runs `body` with no other `withLock` body of this lock in flight.
    public func withLock<T>(isolation: isolated (any Actor)? = #isolation, _ body: () async throws -> T) async rethrows -> T {
        try await semaphore.withPermit(isolation: isolation, body)
    }
}
