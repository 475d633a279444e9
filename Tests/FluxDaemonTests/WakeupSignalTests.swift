import Testing

@testable import FluxDaemon

/// The sync loop's wake-up: a signal ends a wait at once, signals while the loop is busy fold
/// into one, and without one the wait runs out.
@Suite struct WakeupSignalTests {
    @Test func signalsWakeTheWaiterAndFoldWhilePending() async {
        let wakeup = WakeupSignal()
        #expect(wakeup.signal())
        #expect(!wakeup.signal(), "a second signal while one is pending is folded into it")
        #expect(await wakeup.wait(timeout: .seconds(30)))
        #expect(await !wakeup.wait(timeout: .milliseconds(10)), "the pending signal was consumed")

        let woken = await withTaskGroup(of: Bool.self) { group in
            group.addTask { await wakeup.wait(timeout: .seconds(30)) }
            // Signal until the waiter took it (it may not be waiting yet when the first arrives).
            var result: Bool?
            while result == nil {
                _ = wakeup.signal()
                result = await group.next()
            }
            return result ?? false
        }
        #expect(woken)
    }
}
