import Foundation

/// One object's health: kstatus's status and why.
public struct HealthSummary: Codable, Sendable, Hashable {
    /// `Current`, `InProgress`, `Failed`, `Terminating`, `NotFound` or `Unknown`.
    public var status: String
    /// A CamelCase reason (`LessReady`, `ProgressDeadlineExceeded`), when there is one.
    public var reason: String?
    public var message: String

    public init(status: String, reason: String? = nil, message: String) {
        self.status = status
        self.reason = reason
        self.message = message
    }

    public var isHealthy: Bool { status == "Current" }
}

/// `GET /health`: the health of every object the last sync applied, as fluxd last assessed it.
public struct HealthReport: Codable, Sendable, Hashable {
    /// The revision whose objects were assessed; nil before the first sync.
    public var revision: String?
    /// When the objects were last read.
    public var assessedAt: Date?
    /// Whether every object is settled: `Current`, `Failed` or `NotFound` (waiting longer changes nothing).
    public var settled: Bool
    public var objects: [ObjectHealthStatus]

    public init(revision: String?, assessedAt: Date?, settled: Bool, objects: [ObjectHealthStatus]) {
        self.revision = revision
        self.assessedAt = assessedAt
        self.settled = settled
        self.objects = objects
    }

    /// The objects that are not `Current`.
    public var unhealthy: [ObjectHealthStatus] { objects.filter { !$0.health.isHealthy } }
}

public struct ObjectHealthStatus: Codable, Sendable, Hashable {
    public var apiVersion: String
    public var kind: String
    /// Empty for cluster-scoped objects.
    public var namespace: String
    public var name: String
    public var health: HealthSummary
    /// Why a workload's pods are not ready (`pod web-1 container web: ImagePullBackOff: …`).
    public var details: [String]

    public init(apiVersion: String, kind: String, namespace: String, name: String, health: HealthSummary, details: [String] = []) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.namespace = namespace
        self.name = name
        self.health = health
        self.details = details
    }

    /// `Kind/namespace/name` (`Kind/name` when cluster-scoped).
    public var displayName: String { namespace.isEmpty ? "\(kind)/\(name)" : "\(kind)/\(namespace)/\(name)" }
}
