import Synchronization

/// Wakes the sync loop before its poll interval is up (a webhook said the branch moved).
/// Signals while the loop is busy are folded into one: the loop fetches once more after the
/// pass in flight, whatever the number of pushes.
final class WakeupSignal: Sendable {
    private struct State {
        var pending = false
        var waiter: CheckedContinuation<Bool, Never>?
        var waiterCancelled = false
    }

    private let state = Mutex(State())

    init() {}

    /// Wakes the loop, or marks a wake-up pending. False when one was pending already.
    @discardableResult
    func signal() -> Bool {
        let (waiter, accepted) = state.withLock { state -> (CheckedContinuation<Bool, Never>?, Bool) in
            if let waiter = state.waiter {
                state.waiter = nil
                return (waiter, true)
            }
            if state.pending { return (nil, false) }
            state.pending = true
            return (nil, true)
        }
        waiter?.resume(returning: true)
        return accepted
    }

    /// Returns true as soon as a signal arrives (or one is pending), false after `timeout`
    /// (measured by `clock`) or when the task is cancelled.
    func wait<C: Clock<Duration>>(timeout: Duration, clock: C = ContinuousClock()) async -> Bool {
        if state.withLock({ state in
            defer { state.pending = false }
            return state.pending
        }) {
            return true
        }
        return await withTaskGroup(of: Bool.self) { group in
            group.addTask { await self.signalled() }
            group.addTask {
                // Cancelled: the signal won, or the loop is stopping; either way, not woken.
                do { try await clock.sleep(for: timeout) } catch {}
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }

    private func signalled() async -> Bool {
        state.withLock { $0.waiterCancelled = false }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
                let immediate: Bool? = state.withLock { state in
                    if state.pending {
                        state.pending = false
                        return true
                    }
                    if state.waiterCancelled { return false }
                    state.waiter = continuation
                    return nil
                }
                if let immediate { continuation.resume(returning: immediate) }
            }
        } onCancel: {
            let waiter = state.withLock { state in
                state.waiterCancelled = true
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume(returning: false)
        }
    }
}
