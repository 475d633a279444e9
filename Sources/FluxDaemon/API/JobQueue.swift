import FluxAPI
import Foundation
import KubernetesModel
import Logging
import ServiceLifecycle
import Synchronization

/// A job's work: returns its result, or throws `JobFailure` (which may carry a partial
/// result) or any error.
typealias JobWork = @Sendable (_ progress: JobProgress) async throws -> JobResult

/// Lets a running job report what it is doing.
struct JobProgress: Sendable {
    let id: String
    let store: JobStore

    func report(_ text: String) async {
        await store.update(id) { $0.progress = text }
    }
}

/// A failed job's reason and whatever it got done before failing.
struct JobFailure: Error, CustomStringConvertible {
    var message: String
    var result: JobResult?

    var description: String { message }
}

/// Every job's status, kept for the last `capacity` jobs.
actor JobStore {
    private var jobs: [String: JobStatus] = [:]
    private var order: [String] = []
    let capacity: Int

    init(capacity: Int = 500) {
        self.capacity = capacity
    }

    func add(_ status: JobStatus) {
        jobs[status.id] = status
        order.append(status.id)
        while order.count > capacity {
            jobs.removeValue(forKey: order.removeFirst())
        }
    }

    func update(_ id: String, _ change: (inout JobStatus) -> Void) {
        guard var status = jobs[id] else { return }
        change(&status)
        jobs[id] = status
    }

    func status(_ id: String) -> JobStatus? { jobs[id] }
}

/// Runs jobs (sync, release, policy) one at a time in submission order, as a service: a
/// job in flight finishes on shutdown, queued ones are marked failed.
struct JobQueue: Service {
    struct Job: Sendable {
        let id: String
        let work: JobWork
        var submitted = ContinuousClock.now
    }

    let store: JobStore
    let logger: Logger
    /// Hears of jobs starting and finishing (fluxd's history).
    let activity: ActivityLog?
    /// Flux v1's job and queue metrics (`flux_daemon_job_duration_seconds`, …).
    let metrics: DaemonMetrics?
    private let waiting = WaitingCount()
    private let stream: AsyncStream<Job>
    private let continuation: AsyncStream<Job>.Continuation

    init(logger: Logger, activity: ActivityLog? = nil, metrics: DaemonMetrics? = nil) {
        self.store = JobStore()
        self.logger = logger
        self.activity = activity
        self.metrics = metrics
        (stream, continuation) = AsyncStream.makeStream(of: Job.self)
    }

    /// Counts jobs waiting to run (`flux_daemon_queue_length_count`).
    private func waitingChanged(by delta: Int) {
        let count = waiting.value.withLock { count in
            count += delta
            return count
        }
        metrics?.queueLength.set(Double(count))
    }

    /// Queues a job; returns its ID at once.
    func submit(kind: String, work: @escaping JobWork) async -> String {
        let id = "\(kind)-\(UUID().uuidString.lowercased())"
        await store.add(JobStatus(id: id, kind: kind, state: .queued))
        waitingChanged(by: 1)
        if case .terminated = continuation.yield(Job(id: id, work: work)) {
            waitingChanged(by: -1)
            await store.update(id) {
                $0.state = .failed
                $0.error = "fluxd is shutting down"
            }
        }
        return id
    }

    func run() async throws {
        await withGracefulShutdownHandler {
            for await job in stream {
                if Task.isShuttingDownGracefully {
                    waitingChanged(by: -1)
                    await store.update(job.id) {
                        $0.state = .failed
                        $0.error = "fluxd is shutting down; the job did not run"
                    }
                } else {
                    await execute(job)
                }
            }
        } onGracefulShutdown: {
            continuation.finish()
        }
    }

    func execute(_ job: Job) async {
        waitingChanged(by: -1)
        let clock = ContinuousClock()
        let started = clock.now
        metrics?.queueDuration.record((started - job.submitted).seconds)
        await store.update(job.id) { $0.state = .running }
        if let activity, let status = await store.status(job.id) { await activity.jobStarted(status) }
        logger.info("job started", metadata: ["job": "\(job.id)"])
        await run(job, clock: clock, started: started)
        if let activity, let status = await store.status(job.id) { await activity.jobFinished(status) }
    }

    private func run(_ job: Job, clock: ContinuousClock, started: ContinuousClock.Instant) async {
        do {
            let result = try await job.work(JobProgress(id: job.id, store: store))
            await store.update(job.id) {
                $0.state = .succeeded
                $0.result = result
                $0.progress = nil
            }
            metrics?.jobDuration("true").record((clock.now - started).seconds)
            logger.info("job succeeded", metadata: ["job": "\(job.id)", "revision": "\(result.revision ?? "none")"])
        } catch {
            let failure = error as? JobFailure
            await store.update(job.id) {
                $0.state = .failed
                $0.error = failure?.message ?? "\(error)"
                $0.result = failure?.result
                $0.progress = nil
            }
            metrics?.jobDuration("false").record((clock.now - started).seconds)
            logger.error("job failed", metadata: ["job": "\(job.id)", "error": "\(error)"])
        }
    }
}

/// How many jobs wait in the queue.
final class WaitingCount: Sendable {
    let value = Mutex(0)
}

/// Makes sync passes (the loop's and the jobs') take turns.
typealias PassLock = AsyncLock
