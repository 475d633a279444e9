import FluxAPI
import TestSupport
import Testing

@testable import FluxDaemon

/// `AutomationLoop` driven by a `ManualClock` and scripted new-tag announcements, with the
/// real `JobQueue`: exactly one pass per interval or announcement, never two waiting.
@Suite(.timeLimit(.minutes(1)))
struct AutomationLoopTests {
    struct Harness {
        let clock = ManualClock()
        let automation = ScriptedAutomation()
        let scans = ScriptedScans()
        let jobs = JobQueue(logger: quietLogger)
        let synced = Recorder<String>()

        func loop(interval: Duration) -> AutomationLoop {
            let synced = self.synced
            return AutomationLoop(
                pass: automation, scans: scans, jobs: jobs, interval: interval,
                sync: { _, pushed in
                    synced.append(pushed.revision ?? "none")
                    return pushed
                },
                logger: quietLogger, clock: clock)
        }

        /// Returns once every job queued before this call has finished (jobs run in order).
        func drainJobs() async {
            let (done, signal) = AsyncStream.makeStream(of: Void.self)
            _ = await jobs.submit(kind: "marker") { _ in
                signal.finish()
                return JobResult()
            }
            for await _ in done {}
        }
    }

    @Test func runsOnePassPerInterval() async throws {
        let h = Harness()
        let loop = h.loop(interval: .seconds(120))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await h.jobs.run() }
            group.addTask { try await loop.run() }
            await h.clock.waitForSleepers(1)
            #expect(h.clock.sleeperDeadlines == [.seconds(120)], "no pass at start: the first comes after an interval")
            #expect(h.automation.count == 0)

            h.clock.advance(by: .seconds(119))
            #expect(h.clock.sleeperCount == 1, "not due yet")
            h.clock.advance(by: .seconds(1))
            await h.clock.waitForSleepers(1)
            await h.drainJobs()
            #expect(h.automation.count == 1)
            #expect(h.clock.sleeperDeadlines == [.seconds(240)])

            h.clock.advance(by: .seconds(120))
            await h.clock.waitForSleepers(1)
            await h.drainJobs()
            #expect(h.automation.count == 2)
            group.cancelAll()
        }
    }

    @Test func newTagsTriggerAPassAtOnceWithoutMovingTheTimer() async throws {
        let h = Harness()
        let loop = h.loop(interval: .seconds(300))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await h.jobs.run() }
            group.addTask { try await loop.run() }
            await h.clock.waitForSleepers(1)
            var runs = h.automation.announcements.makeAsyncIterator()
            h.scans.send.yield(["index.docker.io/library/web"])
            let first = await runs.next()
            #expect(first == 1)
            await h.drainJobs()
            #expect(h.automation.count == 1)
            #expect(h.clock.sleeperDeadlines == [.seconds(300)], "the interval timer is not reset by a triggered pass")
            #expect(h.clock.now.offset == .zero)
            group.cancelAll()
        }
    }

    @Test func triggersWhileAPassWaitsAreFoldedIntoIt() async throws {
        let h = Harness()
        let loop = h.loop(interval: .seconds(300))
        // The queue is not running yet: every submission waits.
        await loop.submit()
        await loop.submit()
        await loop.submit()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await h.jobs.run() }
            await h.drainJobs()
            #expect(h.automation.count == 1)
            // Once that pass has started, a new trigger queues the next one.
            await loop.submit()
            await h.drainJobs()
            #expect(h.automation.count == 2)
            group.cancelAll()
        }
    }

    @Test func aPassThatCommitsIsSyncedAndOneThatDoesNotIsNot() async throws {
        let h = Harness()
        let loop = h.loop(interval: .seconds(300))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await h.jobs.run() }
            await loop.submit()
            await h.drainJobs()
            #expect(h.automation.count == 1)
            #expect(h.synced.values.isEmpty, "nothing to release, nothing pushed, no sync")

            h.automation.commitNext("c0ffee")
            await loop.submit()
            await h.drainJobs()
            #expect(h.synced.values == ["c0ffee"])
            group.cancelAll()
        }
    }
}
