import Foundation
import GitRepository
import KubernetesModel
import Logging
import ServiceLifecycle

/// The daemon's main loop: fetch every `--git-poll-interval` (or at once when a webhook
/// signals `wakeup`); sync when the head moved, and every `--sync-interval` regardless (so
/// drift is corrected). A revision whose pass failed is retried with `FailureBackoff`
/// (doubling while the failure repeats identically). A pass in flight finishes on SIGTERM;
/// only the waits between passes are cut short. Metrics, events and notifications of each
/// pass come from the runner's observers. Waits are timed by `clock` (tests drive it; see
/// `SyncLoopWork.swift` for the seams they script).
struct SyncLoop: Service {
    let runner: any SyncPassRunning
    let repository: any BranchHeadFetching
    let passLock: PassLock
    let pollInterval: Duration
    let syncInterval: Duration
    let readiness: Readiness
    var wakeup = WakeupSignal()
    let logger: Logger
    var clock: any Clock<Duration> = ContinuousClock()

    func run() async throws {
        let clock = self.clock
        try await run(clock: clock)
    }

    func run<C: Clock<Duration>>(clock: C) async throws {
        var lastSynced: String?
        var nextSync = clock.now
        var backoff = FailureBackoff(initial: pollInterval, maximum: FailureBackoff.ceiling(pollInterval: pollInterval))
        var retryAt = clock.now
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            let head: String?
            do {
                head = try await repository.fetch()
                runner.observers.fetched(true)
            } catch {
                logger.error("git fetch failed", metadata: ["error": "\(error)"])
                runner.observers.fetched(false)
                head = nil
            }
            let heldBack = head.map { backoff.holds($0) && clock.now < retryAt } ?? false
            if let head, head != lastSynced || clock.now >= nextSync, !heldBack {
                let runner = self.runner
                let report = await passLock.withLock { await runner.syncOnce(fetched: head) }
                readiness.markSynced(error: report.failure)
                if report.succeeded {
                    lastSynced = head
                    backoff.succeeded()
                } else {
                    let delay = backoff.failed(revision: head, signature: report.failureSignature)
                    retryAt = clock.now.advanced(by: delay)
                    if backoff.repeats > 1 {
                        logger.warning(
                            "sync failed again the same way; backing off",
                            metadata: ["revision": "\(head)", "attempts": "\(backoff.repeats)", "retryIn": "\(GoDuration(delay))"])
                    }
                }
                nextSync = clock.now.advanced(by: syncInterval)
            } else if head == nil {
                readiness.markSynced(error: "git fetch failed")
            }
            let untilSync = clock.now.duration(to: nextSync)
            await runner.activity.scheduleNextSync(Date().addingTimeInterval(GoDuration(untilSync).seconds))
            // A failed fetch waits a whole poll interval: with the sync overdue, the shorter
            // wait would refetch every 10 ms for as long as git is unreachable.
            let wait = head == nil ? pollInterval : min(pollInterval, max(untilSync, .milliseconds(10)))
            let wakeup = self.wakeup
            let woken = await cancelWhenGracefulShutdown { await wakeup.wait(timeout: wait, clock: clock) }
            if woken { logger.debug("woken up to fetch (webhook)") }
        }
    }
}
