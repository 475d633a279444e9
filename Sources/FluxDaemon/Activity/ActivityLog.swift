import FluxAPI
import Foundation
import GitRepository

/// fluxd's memory of what it did since it started: sync passes, the commits it pushed and the
/// jobs it finished (the API's `history`, which the web UI polls for live updates), plus the
/// last pass, the last applied commit and when the next pass is due (the API's `status`).
///
/// Kept in memory only, for the last `capacity` entries: a restarted fluxd starts a new
/// history (the cluster keeps its Events, git its commits).
actor ActivityLog {
    private var entries: [HistoryEntry] = []
    /// The newest entry's sequence number.
    private(set) var sequence = 0
    private(set) var lastSync: SyncRecord?
    /// The last revision of which every object was applied, with its details.
    private(set) var applied: CommitInfo?
    private(set) var nextSync: Date?
    /// The job running now: a commit pushed meanwhile is that job's (jobs run one at a time).
    private var runningJob: JobStatus?
    let capacity: Int
    private let now: @Sendable () -> Date

    init(capacity: Int = 300, now: @escaping @Sendable () -> Date = { Date() }) {
        self.capacity = capacity
        self.now = now
    }

    /// A sync pass finished; `applied` is its commit when the pass applied every object.
    func recordSync(_ record: SyncRecord, applied: CommitInfo?) {
        lastSync = record
        if let applied { self.applied = applied }
        append(kind: .sync, time: record.finished) { $0.sync = record }
    }

    /// fluxd pushed a commit (a release, an automation pass, a policy change).
    func recordCommit(_ pushed: GitPushedCommit) {
        let commit = CommitInfo(
            revision: pushed.revision, message: pushed.message, author: pushed.author.name,
            authorEmail: pushed.author.email, time: pushed.time)
        let job = runningJob
        append(kind: .commit, time: pushed.time) {
            $0.commit = commit
            $0.job = job
        }
    }

    func jobStarted(_ status: JobStatus) {
        runningJob = status
    }

    func jobFinished(_ status: JobStatus) {
        if runningJob?.id == status.id { runningJob = nil }
        append(kind: .job, time: now()) { $0.job = status }
    }

    /// The sync loop's next pass is due at `date` at the latest.
    func scheduleNextSync(_ date: Date) {
        nextSync = date
    }

    /// Entries newer than `after`, newest first, at most `limit`.
    func page(after: Int, limit: Int) -> HistoryPage {
        let newer = entries.reversed().prefix { $0.sequence > after }
        return HistoryPage(latest: sequence, entries: Array(newer.prefix(max(0, limit))))
    }

    private func append(kind: HistoryKind, time: Date, _ fill: (inout HistoryEntry) -> Void) {
        sequence += 1
        var entry = HistoryEntry(sequence: sequence, time: time, kind: kind)
        fill(&entry)
        entries.append(entry)
        if entries.count > capacity { entries.removeFirst(entries.count - capacity) }
    }
}
