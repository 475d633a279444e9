import FluxAPI
import ImageAutomation
import Logging
import ServiceLifecycle

/// Runs an automation pass as a job every `--automation-interval`, and at once when a scan
/// finds new tags. A pass waits its turn in the job queue behind releases and syncs; a pass
/// already waiting is not queued twice. The interval is timed by `clock` (tests drive it; see
/// `AutomationLoopWork.swift` for the seams they script).
struct AutomationLoop: Service {
    let pass: any AutomationPassRunning
    let scans: any NewTagsAnnouncing
    let jobs: JobQueue
    let interval: Duration
    let sync: @Sendable (JobProgress, JobResult) async throws -> JobResult
    let logger: Logger
    var clock: any Clock<Duration> = ContinuousClock()
    let pending = PendingFlag()

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await repositories in scans.newTags {
                        logger.debug("new image tags", metadata: ["repositories": "\(repositories.sorted())"])
                        await submit()
                    }
                }
                group.addTask {
                    while !Task.isCancelled {
                        do { try await clock.sleep(for: interval) } catch { return }
                        await submit()
                    }
                }
                await group.waitForAll()
            }
        }
    }

    func submit() async {
        guard await pending.claim() else { return }
        let pass = self.pass
        let sync = self.sync
        let pending = self.pending
        let logger = self.logger
        _ = await jobs.submit(kind: "automation") { progress in
            await pending.release()
            await progress.report("looking for newer images")
            let (changes, commit) = try await pass.run()
            guard let commit else { return JobResult(changes: []) }
            logger.info(
                "automation released images",
                metadata: ["revision": "\(commit.revision)", "changes": "\(changes.map { "\($0.workload) \($0.container) \($0.to)" })"])
            await progress.report("pushed \(commit.revision.prefix(7)); syncing")
            return try await sync(progress, JobResult(revision: commit.revision, changes: changes))
        }
    }
}

/// Whether an automation job is waiting in the queue.
actor PendingFlag {
    private var waiting = false

    func claim() -> Bool {
        if waiting { return false }
        waiting = true
        return true
    }

    func release() { waiting = false }
}
