import Foundation

/// `GET /history`: what fluxd did since it started, newest first.
public struct HistoryPage: Codable, Sendable, Hashable {
    /// The newest entry's sequence number (0 when none); ask again with `after` set to it to
    /// get only what is new.
    public var latest: Int
    public var entries: [HistoryEntry]

    public init(latest: Int, entries: [HistoryEntry]) {
        self.latest = latest
        self.entries = entries
    }
}

/// What a history entry records.
public enum HistoryKind: String, Codable, Sendable, Hashable {
    /// A sync pass finished (`sync`).
    case sync
    /// fluxd pushed a commit (a release, an automation pass, a policy change): `commit`, and
    /// the job that made it in `job`.
    case commit
    /// A job finished (`job`).
    case job
}

/// One thing fluxd did.
public struct HistoryEntry: Codable, Sendable, Hashable {
    /// Increases by one with every entry, from 1.
    public var sequence: Int
    public var time: Date
    public var kind: HistoryKind
    public var sync: SyncRecord?
    public var commit: CommitInfo?
    public var job: JobStatus?

    public init(
        sequence: Int, time: Date, kind: HistoryKind, sync: SyncRecord? = nil, commit: CommitInfo? = nil, job: JobStatus? = nil
    ) {
        self.sequence = sequence
        self.time = time
        self.kind = kind
        self.sync = sync
        self.commit = commit
        self.job = job
    }
}
