import GitRepository
import Logging
import ServiceLifecycle

/// The daemon's main loop: fetch every `--git-poll-interval` (or at once when a webhook
/// signals `wakeup`); sync when the head moved, and every `--sync-interval` regardless (so
/// drift is corrected). A pass in flight finishes on SIGTERM; only the waits between passes
/// are cut short. Metrics, events and notifications of each pass come from the runner's
/// observers.
struct SyncLoop: Service {
    let runner: SyncRunner
    let repository: GitRepository
    let passLock: PassLock
    let pollInterval: Duration
    let syncInterval: Duration
    let readiness: Readiness
    var wakeup = WakeupSignal()
    let logger: Logger

    func run() async throws {
        let clock = ContinuousClock()
        var lastSynced: String?
        var nextSync = clock.now
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
            if let head, head != lastSynced || clock.now >= nextSync {
                let runner = self.runner
                let report = await passLock.withLock { await runner.syncOnce(fetched: head) }
                readiness.markSynced(error: report.failure)
                if report.succeeded { lastSynced = head }
                nextSync = clock.now.advanced(by: syncInterval)
            } else if head == nil {
                readiness.markSynced(error: "git fetch failed")
            }
            let untilSync = nextSync - clock.now
            let wait = min(pollInterval, max(untilSync, .milliseconds(10)))
            let wakeup = self.wakeup
            let woken = await cancelWhenGracefulShutdown { await wakeup.wait(timeout: wait) }
            if woken { logger.debug("woken up to fetch (webhook)") }
        }
    }
}
