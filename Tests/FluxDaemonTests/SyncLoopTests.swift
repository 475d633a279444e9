import ServiceLifecycleTestKit
import TestSupport
import Testing

@testable import FluxDaemon

/// `SyncLoop` driven by a `ManualClock`: each step advances the clock and waits until the loop
/// sleeps again, then checks exactly which fetches and passes happened. Nothing sleeps.
@Suite(.timeLimit(.minutes(1)))
struct SyncLoopTests {
    struct Harness {
        let clock = ManualClock()
        let branch = ScriptedBranch(head: "a")
        let passes = ScriptedPasses()
        let readiness = Readiness()

        func loop(poll: Duration, sync: Duration) -> SyncLoop {
            SyncLoop(
                runner: passes, repository: branch, passLock: PassLock(), pollInterval: poll, syncInterval: sync,
                readiness: readiness, logger: quietLogger, clock: clock)
        }

        /// Moves the clock and returns once the loop is waiting again.
        func advance(by duration: Duration) async {
            clock.advance(by: duration)
            await clock.waitForSleepers(1)
        }

        /// Runs the loop for `body`, then cancels it; the loop must end by itself.
        func run(poll: Duration, sync: Duration, _ body: () async throws -> Void) async throws {
            let loop = loop(poll: poll, sync: sync)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await loop.run() }
                await clock.waitForSleepers(1)
                try await body()
                group.cancelAll()
                try await group.waitForAll()
            }
        }
    }

    @Test func fetchesEveryPollAndSyncsWhenTheHeadMovesOrTheSyncIntervalIsUp() async throws {
        let h = Harness()
        try await h.run(poll: .seconds(60), sync: .seconds(300)) {
            // Start: one fetch and a pass at once, then a poll interval's wait.
            #expect(h.branch.fetches == 1)
            #expect(h.passes.finished == ["a"])
            #expect(h.clock.sleeperDeadlines == [.seconds(60)])
            #expect(h.readiness.isReady)

            await h.advance(by: .seconds(60))
            #expect(h.branch.fetches == 2)
            #expect(h.passes.started == ["a"], "the same head is not synced again before the sync interval")

            h.branch.moveHead(to: "b")
            await h.advance(by: .seconds(60))  // t = 120 s
            #expect(h.branch.fetches == 3)
            #expect(h.passes.started == ["a", "b"], "a new head is synced at the poll that finds it")

            for _ in 1...4 { await h.advance(by: .seconds(60)) }  // t = 360 s
            #expect(h.branch.fetches == 7)
            #expect(h.passes.started == ["a", "b"])
            #expect(h.clock.sleeperDeadlines == [.seconds(420)], "the wait ends when the sync interval is up")

            await h.advance(by: .seconds(60))  // t = 420 s: 300 s after the last pass
            #expect(h.passes.started == ["a", "b", "b"], "the sync interval re-applies the same head (drift)")
            #expect(h.branch.fetches == 8)
        }
    }

    @Test func aSyncIntervalShorterThanThePollShortensTheWait() async throws {
        let h = Harness()
        try await h.run(poll: .seconds(300), sync: .seconds(120)) {
            #expect(h.clock.sleeperDeadlines == [.seconds(120)])
            await h.advance(by: .seconds(120))
            #expect(h.passes.started == ["a", "a"])
            #expect(h.branch.fetches == 2, "every pass fetches first")
            #expect(h.clock.sleeperDeadlines == [.seconds(240)])
        }
    }

    @Test func aFailedPassIsRetriedAtTheNextPoll() async throws {
        let h = Harness()
        h.passes.fail(at: ["a"])
        try await h.run(poll: .seconds(60), sync: .seconds(600)) {
            #expect(h.passes.started == ["a"])
            #expect(h.readiness.isReady, "ready once the first pass finished, even failed")
            h.passes.fail(at: [])
            await h.advance(by: .seconds(60))
            #expect(h.passes.started == ["a", "a"], "a head that failed is not taken as synced")
            await h.advance(by: .seconds(60))
            #expect(h.passes.started == ["a", "a"], "once it succeeded, it is")
        }
    }

    @Test func aFailingFetchWaitsAPollIntervalAndSyncsNothing() async throws {
        let h = Harness()
        h.branch.failFetches(true)
        try await h.run(poll: .seconds(60), sync: .seconds(300)) {
            #expect(h.passes.started.isEmpty)
            #expect(h.readiness.isReady, "a failed fetch is reported, not waited out")
            #expect(h.clock.sleeperDeadlines == [.seconds(60)], "no tight retry loop while git is unreachable")
            await h.advance(by: .seconds(60))
            #expect(h.branch.fetches == 2)
            #expect(h.passes.started.isEmpty)

            h.branch.failFetches(false)
            await h.advance(by: .seconds(60))
            #expect(h.passes.started == ["a"])
        }
    }

    @Test func gracefulShutdownLetsThePassInFlightFinishAndEndsTheLoop() async throws {
        let h = Harness()
        let loop = h.loop(poll: .seconds(60), sync: .seconds(300))
        try await testGracefulShutdown { trigger in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await loop.run() }
                await h.clock.waitForSleepers(1)
                h.passes.holdPasses(true)
                h.branch.moveHead(to: "b")
                h.clock.advance(by: .seconds(60))
                await h.passes.gate.waitForSleepers(1)  // the pass at "b" is in flight
                trigger.triggerGracefulShutdown()
                h.passes.gate.advance(by: .seconds(1))
                try await group.waitForAll()  // the loop ends without the clock moving again
            }
        }
        #expect(h.passes.finished == ["a", "b"])
        #expect(h.branch.fetches == 2, "no fetch after the shutdown")
        #expect(h.clock.sleeperCount == 0)
    }

    @Test func gracefulShutdownCutsTheWaitShort() async throws {
        let h = Harness()
        let loop = h.loop(poll: .seconds(60), sync: .seconds(300))
        try await testGracefulShutdown { trigger in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await loop.run() }
                await h.clock.waitForSleepers(1)
                trigger.triggerGracefulShutdown()
                try await group.waitForAll()
            }
        }
        #expect(h.clock.now.offset == .zero)
        #expect(h.branch.fetches == 1)
    }
}
