import GitRepository
import KubernetesModel
import Logging
import Metrics
import ServiceLifecycle

/// The daemon's main loop: fetch every `--git-poll-interval`; sync when the head moved, and
/// every `--sync-interval` regardless (so drift is corrected). A revision whose pass failed is
/// retried with `FailureBackoff` (doubling while the failure repeats identically). A pass in
/// flight finishes on SIGTERM; only the waits between passes are cut short.
struct SyncLoop: Service {
    let runner: SyncRunner
    let repository: GitRepository
    let passLock: PassLock
    let pollInterval: Duration
    let syncInterval: Duration
    let readiness: Readiness
    let logger: Logger

    func run() async throws {
        let clock = ContinuousClock()
        var lastSynced: String?
        var nextSync = clock.now
        var backoff = FailureBackoff(initial: pollInterval, maximum: FailureBackoff.ceiling(pollInterval: pollInterval))
        var retryAt = clock.now
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            let head: String?
            do {
                head = try await repository.fetch()
            } catch {
                logger.error("git fetch failed", metadata: ["error": "\(error)"])
                head = nil
            }
            let heldBack = head.map { backoff.holds($0) && clock.now < retryAt } ?? false
            if let head, head != lastSynced || clock.now >= nextSync, !heldBack {
                let started = clock.now
                let runner = self.runner
                let report = await passLock.withLock { await runner.syncOnce(fetched: head) }
                record(report, duration: clock.now - started)
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
            let untilSync = nextSync - clock.now
            let wait = min(pollInterval, max(untilSync, .milliseconds(10)))
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: wait) }
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
