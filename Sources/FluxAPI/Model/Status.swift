import Foundation

/// `GET /status`: what fluxd syncs, the revision it applied, how its last sync went and when
/// the next one is due — the web UI's overview, answered from memory (no git or cluster call
/// but one list of workloads for the health summary).
public struct DaemonStatus: Codable, Sendable, Hashable {
    public var version: String
    public var source: GitSource
    /// The branch head fluxd fetched last.
    public var head: String?
    /// The last revision of which every object was applied.
    public var applied: CommitInfo?
    /// The last sync pass, successful or not.
    public var lastSync: SyncRecord?
    /// When the next pass is due at the latest; a new commit starts one sooner (git is polled
    /// every `source.pollIntervalSeconds`).
    public var nextSync: Date?
    public var health: HealthCounts?
    /// The newest history entry's sequence number (0 when none): `GET /history?after=` it.
    public var sequence: Int
    /// Whether image automation runs (off with `--git-readonly`).
    public var automation: Bool

    public init(
        version: String, source: GitSource, head: String? = nil, applied: CommitInfo? = nil, lastSync: SyncRecord? = nil,
        nextSync: Date? = nil, health: HealthCounts? = nil, sequence: Int = 0, automation: Bool = false
    ) {
        self.version = version
        self.source = source
        self.head = head
        self.applied = applied
        self.lastSync = lastSync
        self.nextSync = nextSync
        self.health = health
        self.sequence = sequence
        self.automation = automation
    }
}

/// The repository fluxd syncs.
public struct GitSource: Codable, Sendable, Hashable {
    /// The remote URL without credentials.
    public var url: String
    public var branch: String
    public var paths: [String]
    public var readonly: Bool
    /// `--git-poll-interval` and `--sync-interval`, in seconds.
    public var pollIntervalSeconds: Double
    public var syncIntervalSeconds: Double

    public init(url: String, branch: String, paths: [String], readonly: Bool, pollIntervalSeconds: Double, syncIntervalSeconds: Double) {
        self.url = url
        self.branch = branch
        self.paths = paths
        self.readonly = readonly
        self.pollIntervalSeconds = pollIntervalSeconds
        self.syncIntervalSeconds = syncIntervalSeconds
    }
}

/// One commit: its hash, full message, author and author time.
public struct CommitInfo: Codable, Sendable, Hashable {
    public var revision: String
    public var message: String
    public var author: String
    public var authorEmail: String
    public var time: Date

    public init(revision: String, message: String, author: String, authorEmail: String, time: Date) {
        self.revision = revision
        self.message = message
        self.author = author
        self.authorEmail = authorEmail
        self.time = time
    }
}

/// One sync pass: when it ran, its counts and, for a failed pass, every problem found.
public struct SyncRecord: Codable, Sendable, Hashable {
    public var started: Date
    public var finished: Date
    public var summary: SyncSummary
    /// Objects left alone (`fluxcd.io/ignore`, outside `--k8s-allow-namespace`).
    public var skipped: Int
    /// Load errors and apply failures, each with the file, line and object when known.
    public var problems: [SyncProblem]

    public init(started: Date, finished: Date, summary: SyncSummary, skipped: Int = 0, problems: [SyncProblem] = []) {
        self.started = started
        self.finished = finished
        self.summary = summary
        self.skipped = skipped
        self.problems = problems
    }
}

/// Why part of a sync failed.
public struct SyncProblem: Codable, Sendable, Hashable {
    /// The file (relative to the repository root) the object or error comes from.
    public var file: String?
    public var line: Int?
    /// `namespace:kind/name`, or a kind, when known.
    public var object: String?
    public var message: String

    public init(file: String? = nil, line: Int? = nil, object: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.object = object
        self.message = message
    }
}

/// How the cluster's workloads are doing, counted by rollout state.
public struct HealthCounts: Codable, Sendable, Hashable {
    public var workloads: Int
    public var ready: Int
    public var updating: Int
    public var unknown: Int
    /// Why the workloads could not be read, when they could not.
    public var error: String?

    public init(workloads: Int = 0, ready: Int = 0, updating: Int = 0, unknown: Int = 0, error: String? = nil) {
        self.workloads = workloads
        self.ready = ready
        self.updating = updating
        self.unknown = unknown
        self.error = error
    }

    /// Counts `statuses` by `rollout.state`.
    public init(_ statuses: [WorkloadStatus]) {
        self.init(
            workloads: statuses.count, ready: statuses.filter { $0.rollout.state == "ready" }.count,
            updating: statuses.filter { $0.rollout.state == "updating" }.count,
            unknown: statuses.filter { $0.rollout.state != "ready" && $0.rollout.state != "updating" }.count)
    }
}
