/// A Flux workload ID, `namespace:kind/name` with the kind in lower case
/// (`default:deployment/helloworld`): how fluxctl, the API, automation and git edits name a
/// workload.
public struct WorkloadID: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var namespace: String
    /// Lower case (`deployment`, `cronjob`).
    public var kind: String
    public var name: String

    /// The kinds Flux treats as workloads.
    public static let kinds: Set<String> = ["deployment", "statefulset", "daemonset", "cronjob"]

    /// The kinds whose pod templates hold containers (the workload kinds and Job), and the path
    /// to the pod spec in each.
    public static let podSpecPaths: [String: [String]] = [
        "Deployment": ["spec", "template", "spec"],
        "StatefulSet": ["spec", "template", "spec"],
        "DaemonSet": ["spec", "template", "spec"],
        "Job": ["spec", "template", "spec"],
        "CronJob": ["spec", "jobTemplate", "spec", "template", "spec"],
    ]

    public init(namespace: String, kind: String, name: String) {
        self.namespace = namespace
        self.kind = kind.lowercased()
        self.name = name
    }

    /// Parses `namespace:kind/name`; `nil` when a part is missing.
    public init?(parsing text: String) {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let namespace = text[..<colon]
        let parts = text[text.index(after: colon)...].split(separator: "/", omittingEmptySubsequences: false)
        guard !namespace.isEmpty, parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
        self.init(namespace: String(namespace), kind: String(parts[0]), name: String(parts[1]))
    }

    public var description: String { "\(namespace):\(kind)/\(name)" }

    public static func < (lhs: WorkloadID, rhs: WorkloadID) -> Bool {
        (lhs.namespace, lhs.kind, lhs.name) < (rhs.namespace, rhs.kind, rhs.name)
    }
}
