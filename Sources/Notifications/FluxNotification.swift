import Foundation

/// Something fluxd did or saw that people want to hear about: a sync (and its failure), a
/// release, an automation commit, a health change. One model for every target; each
/// format (generic JSON, Slack, Teams, commit statuses) renders it its own way.
public struct FluxNotification: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case sync
        case syncError = "sync-error"
        case release
        case automation
        case health
    }

    public enum Severity: String, Sendable, Hashable, Codable {
        case info
        case error
    }

    public var kind: Kind
    public var severity: Severity
    /// One line for people: "Synced revision 1a2b3c4: created=1 configured=2 …".
    public var message: String
    /// The git commit the event is about (applied, pushed, or assessed).
    public var revision: String?
    public var timestamp: Date
    /// Where fluxd syncs from (credentials removed).
    public var source: Source?
    /// Object counts of a sync.
    public var counts: Counts?
    /// Objects a sync created, configured or pruned (not the unchanged ones).
    public var objects: [ObjectChange]
    /// Errors, each with the file, line and object it concerns when known.
    public var errors: [ErrorDetail]
    /// Workloads a release, automation or health event concerns (`namespace:kind/name`).
    public var workloads: [String]
    /// Image changes of a release or automation commit.
    public var images: [ImageChange]
    /// Object health, for health events (the objects that changed).
    public var health: [HealthDetail]

    public init(
        kind: Kind, severity: Severity, message: String, revision: String? = nil, timestamp: Date = Date(),
        source: Source? = nil, counts: Counts? = nil, objects: [ObjectChange] = [], errors: [ErrorDetail] = [],
        workloads: [String] = [], images: [ImageChange] = [], health: [HealthDetail] = []
    ) {
        self.kind = kind
        self.severity = severity
        self.message = message
        self.revision = revision
        self.timestamp = timestamp
        self.source = source
        self.counts = counts
        self.objects = objects
        self.errors = errors
        self.workloads = workloads
        self.images = images
        self.health = health
    }

    public struct Source: Sendable, Hashable, Codable {
        public var url: String
        public var branch: String
        public var paths: [String]

        public init(url: String, branch: String, paths: [String]) {
            self.url = url
            self.branch = branch
            self.paths = paths
        }
    }

    public struct Counts: Sendable, Hashable, Codable {
        public var created: Int
        public var configured: Int
        public var unchanged: Int
        public var pruned: Int
        public var skipped: Int
        public var failed: Int

        public init(created: Int = 0, configured: Int = 0, unchanged: Int = 0, pruned: Int = 0, skipped: Int = 0, failed: Int = 0) {
            self.created = created
            self.configured = configured
            self.unchanged = unchanged
            self.pruned = pruned
            self.skipped = skipped
            self.failed = failed
        }
    }

    public struct ObjectChange: Sendable, Hashable, Codable {
        /// `Kind/namespace/name` (`Kind/name` when cluster-scoped).
        public var object: String
        /// `created`, `configured`, `pruned`, `failed`.
        public var action: String

        public init(object: String, action: String) {
            self.object = object
            self.action = action
        }
    }

    public struct ErrorDetail: Sendable, Hashable, Codable {
        public var message: String
        public var file: String?
        public var line: Int?
        public var object: String?

        public init(message: String, file: String? = nil, line: Int? = nil, object: String? = nil) {
            self.message = message
            self.file = file
            self.line = line
            self.object = object
        }

        /// `file:line: object: message`, with what is known.
        public var text: String {
            var prefix = ""
            if let file { prefix += line.map { "\(file):\($0): " } ?? "\(file): " }
            if let object { prefix += "\(object): " }
            return prefix + message
        }
    }

    public struct ImageChange: Sendable, Hashable, Codable {
        public var workload: String
        public var container: String
        public var from: String
        public var to: String

        public init(workload: String, container: String, from: String, to: String) {
            self.workload = workload
            self.container = container
            self.from = from
            self.to = to
        }
    }

    public struct HealthDetail: Sendable, Hashable, Codable {
        public var object: String
        /// kstatus's status: `Current`, `InProgress`, `Failed`, …
        public var status: String
        public var message: String

        public init(object: String, status: String, message: String) {
            self.object = object
            self.status = status
            self.message = message
        }
    }

    /// The first 7 characters of the revision, as git shows it.
    public var shortRevision: String? { revision.map { String($0.prefix(7)) } }
}
