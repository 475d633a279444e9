import KubernetesModel

/// How far an object is from its desired state, in kstatus's vocabulary
/// (sigs.k8s.io/cli-utils `pkg/kstatus/status`), which Flux v2, kpt and kubectl-style tools share.
public enum HealthStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// The object's controllers have reconciled its current spec and it is ready.
    case current = "Current"
    /// Its controllers are still working on it (or have not looked at it yet).
    case inProgress = "InProgress"
    /// Its controllers gave up: it will not become ready without a change.
    case failed = "Failed"
    /// It is being deleted.
    case terminating = "Terminating"
    /// It is not in the cluster.
    case notFound = "NotFound"
    /// Its state could not be read or judged.
    case unknown = "Unknown"

    /// Whether waiting longer can change the outcome: `current` and `failed` are settled
    /// (a failed Deployment stays failed until its spec changes), the rest are not.
    public var isSettled: Bool { self == .current || self == .failed || self == .notFound }
}

/// The status of one object and why: a CamelCase `reason` (kstatus's condition reasons, e.g.
/// `LessReady`, `ProgressDeadlineExceeded`) and a message for people.
public struct HealthResult: Sendable, Hashable, Codable {
    public var status: HealthStatus
    public var reason: String
    public var message: String

    public init(_ status: HealthStatus, reason: String = "", message: String) {
        self.status = status
        self.reason = reason
        self.message = message
    }

    static func current(_ message: String) -> HealthResult { HealthResult(.current, message: message) }
    static func inProgress(_ reason: String, _ message: String) -> HealthResult {
        HealthResult(.inProgress, reason: reason, message: message)
    }
    static func failed(_ reason: String, _ message: String) -> HealthResult {
        HealthResult(.failed, reason: reason, message: message)
    }
}

/// One object's health as fluxd reports it (API, events, notifications).
public struct ObjectHealth: Sendable, Hashable {
    public var key: ObjectKey
    public var apiVersion: String
    public var result: HealthResult
    /// Why a workload is not ready, from its pods (e.g. `container web: ImagePullBackOff: …`).
    public var details: [String]

    public init(key: ObjectKey, apiVersion: String, result: HealthResult, details: [String] = []) {
        self.key = key
        self.apiVersion = apiVersion
        self.result = result
        self.details = details
    }

    /// `Kind/namespace/name` (`Kind/name` when cluster-scoped), as Flux v2 names objects.
    public var displayName: String {
        key.namespace.isEmpty ? "\(key.kind)/\(key.name)" : "\(key.kind)/\(key.namespace)/\(key.name)"
    }

    /// The message with the details, one line.
    public var explanation: String {
        var text = result.message
        if !details.isEmpty { text += " (" + details.joined(separator: "; ") + ")" }
        return text
    }
}
