import KubernetesModel

/// A policy annotation that cannot be used (an invalid tag pattern, a pattern for a container
/// the workload does not have) or a policy change that cannot be made. Names the workload and
/// the annotation, so fluxd's log, `list-workloads` and `list-images` can show it as is.
public struct PolicyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The workload, when known.
    public var workload: WorkloadID?
    /// The annotation key (`fluxcd.io/tag.web`), or the policy name of a request.
    public var annotation: String
    /// The value as written.
    public var value: String?
    public var reason: String

    public init(workload: WorkloadID?, annotation: String, value: String?, reason: String) {
        self.workload = workload
        self.annotation = annotation
        self.value = value
        self.reason = reason
    }

    public var description: String {
        var text = workload.map { "\($0): " } ?? ""
        text += annotation
        if let value { text += ": \"\(value)\"" }
        return text + ": " + reason
    }
}
