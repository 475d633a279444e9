import KubernetesModel

/// What happened to one object in a sync.
public enum ObjectAction: String, Sendable, Hashable, CaseIterable {
    case created, configured, unchanged, pruned, skipped, failed
}

public struct ObjectResult: Sendable {
    public var key: ObjectKey
    public var action: ObjectAction
    /// Why it was skipped or failed.
    public var reason: String?

    public init(key: ObjectKey, action: ObjectAction, reason: String? = nil) {
        self.key = key
        self.action = action
        self.reason = reason
    }
}

/// The outcome of one sync pass: every object's result, in the order they were decided.
public struct ChangeSet: Sendable {
    public var results: [ObjectResult] = []
    /// Prune candidates that were only logged (`--sync-garbage-collection-dry`).
    public var pruneNotes: [String] = []
    /// Failures not tied to one object (a refused prune); any of them fails the sync.
    public var errors: [String] = []

    public init() {}

    public func count(_ action: ObjectAction) -> Int { results.reduce(0) { $0 + ($1.action == action ? 1 : 0) } }
    public var failures: [ObjectResult] { results.filter { $0.action == .failed } }
    public var succeeded: Bool { failures.isEmpty && errors.isEmpty }

    /// `created=1 configured=2 unchanged=3 pruned=0 skipped=0 failed=0`.
    public var summary: String {
        ObjectAction.allCases.map { "\($0.rawValue)=\(count($0))" }.joined(separator: " ")
    }
}
