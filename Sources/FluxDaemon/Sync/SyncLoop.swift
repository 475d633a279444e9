import Foundation
import GitRepository
import KubernetesModel
import Logging
import Metrics
import ServiceLifecycle

/// The daemon's main loop: fetch every `--git-poll-interval`; sync when the head moved, and
/// every `--sync-interval` regardless (so drift is corrected). A pass in flight finishes on
/// SIGTERM; only the waits between passes are cut short. Waits are timed by `clock` (tests
/// drive it; see `SyncLoopWork.swift` for the seams they script).
struct SyncLoop: Service {
    let runner: any SyncPassRunning
    let repository: any BranchHeadFetching
    let passLock: PassLock
    let pollInterval: Duration
    let syncInterval: Duration
    let readiness: Readiness
    let logger: Logger
    var clock: any Clock<Duration> = ContinuousClock()

    func run() async throws {
        let clock = self.clock
        try await run(clock: clock)
    }

    func run<C: Clock<Duration>>(clock: C) async throws {
        var lastSynced: String?
        var nextSync = clock.now
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            let head: String?
            do {
                head = try await repository.fetch()
            } catch {
                logger.error("git fetch failed", metadata: ["error": "\(error)"])
                head = nil
            }
            if let head, head != lastSynced || clock.now >= nextSync {
                let started = clock.now
                let runner = self.runner
                let report = await passLock.withLock { await runner.syncOnce(fetched: head) }
                record(report, duration: started.duration(to: clock.now))
                readiness.markSynced(error: report.failure)
                if report.succeeded { lastSynced = head }
                nextSync = clock.now.advanced(by: syncInterval)
            } else if head == nil {
                readiness.markSynced(error: "git fetch failed")
            }
            let untilSync = clock.now.duration(to: nextSync)
            await runner.activity.scheduleNextSync(Date().addingTimeInterval(GoDuration(untilSync).seconds))
            // A failed fetch waits a whole poll interval: with the sync overdue, the shorter
            // wait would refetch every 10 ms for as long as git is unreachable.
            let wait = head == nil ? pollInterval : min(pollInterval, max(untilSync, .milliseconds(10)))
            do {
                try await cancelWhenGracefulShutdown { try await clock.sleep(for: wait) }
            } catch {
                return
            }
        }
    }

    func record(_ report: SyncReport, duration: Duration) {
        let success = report.succeeded ? "true" : "false"
        Counter(label: "flux_daemon_sync_total", dimensions: [("success", success)]).increment()
        let (seconds, attoseconds) = duration.components
        Metrics.Timer(label: "flux_daemon_sync_duration_seconds", dimensions: [("success", success)])
            .recordNanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
        if let changes = report.changes {
            for action in ["created", "configured", "unchanged", "pruned", "failed"] {
                let count = changes.results.filter { $0.action.rawValue == action }.count
                Gauge(label: "flux_daemon_sync_objects", dimensions: [("action", action)]).record(count)
            }
        }
    }
}
