import Foundation

/// What a job-starting request returns at once: poll `GET /jobs/{id}` for the outcome.
public struct JobReference: Codable, Sendable, Hashable {
    public var id: String

    public init(id: String) { self.id = id }
}

/// The life of a job: queued behind other git/sync work, running, then finished.
public enum JobState: String, Codable, Sendable, Hashable {
    case queued, running, succeeded, failed

    public var isFinished: Bool { self == .succeeded || self == .failed }
}

/// A job as reported by `GET /jobs/{id}`.
public struct JobStatus: Codable, Sendable, Hashable {
    public var id: String
    /// `sync`, `release` or `policy`.
    public var kind: String
    public var state: JobState
    /// The step in progress, for a progress line ("pushing", "applying revision abc1234").
    public var progress: String?
    /// Why the job failed.
    public var error: String?
    public var result: JobResult?

    public init(id: String, kind: String, state: JobState, progress: String? = nil, error: String? = nil, result: JobResult? = nil) {
        self.id = id
        self.kind = kind
        self.state = state
        self.progress = progress
        self.error = error
        self.result = result
    }
}

/// What a finished job did.
public struct JobResult: Codable, Sendable, Hashable {
    /// The commit pushed (release, policy) or applied (sync).
    public var revision: String?
    /// The sync that followed (or was) the job.
    public var sync: SyncSummary?
    /// Image changes of a release or automation pass (planned ones for a dry run).
    public var changes: [ImageChange]?
    /// Workloads a release left alone, and why.
    public var skipped: [SkippedWorkload]?
    /// Workloads whose policies a policy job changed.
    public var workloads: [String]?

    public init(
        revision: String? = nil, sync: SyncSummary? = nil, changes: [ImageChange]? = nil,
        skipped: [SkippedWorkload]? = nil, workloads: [String]? = nil
    ) {
        self.revision = revision
        self.sync = sync
        self.changes = changes
        self.skipped = skipped
        self.workloads = workloads
    }
}

/// The outcome of one sync pass.
public struct SyncSummary: Codable, Sendable, Hashable {
    public var revision: String?
    public var succeeded: Bool
    public var created: Int
    public var configured: Int
    public var unchanged: Int
    public var pruned: Int
    public var failed: Int
    /// Why the sync failed (load errors, apply failures), when it did.
    public var errors: [String]

    public init(
        revision: String?, succeeded: Bool, created: Int = 0, configured: Int = 0, unchanged: Int = 0, pruned: Int = 0,
        failed: Int = 0, errors: [String] = []
    ) {
        self.revision = revision
        self.succeeded = succeeded
        self.created = created
        self.configured = configured
        self.unchanged = unchanged
        self.pruned = pruned
        self.failed = failed
        self.errors = errors
    }
}
