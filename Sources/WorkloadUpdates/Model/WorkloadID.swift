import YAMLEditing

/// A Flux workload ID, `namespace:kind/name` (kind in lower case), e.g. `default:deployment/web`.
public struct WorkloadID: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var namespace: String
    public var kind: String
    public var name: String

    /// The kinds fluxctl and image automation work on.
    public static let kinds: Set<String> = ["deployment", "statefulset", "daemonset", "cronjob"]

    public init(namespace: String, kind: String, name: String) {
        self.namespace = namespace
        self.kind = kind.lowercased()
        self.name = name
    }

    /// Parses `namespace:kind/name`; `defaultNamespace` fills in `kind/name`.
    public init(parsing text: String, defaultNamespace: String? = nil) throws(WorkloadUpdateError) {
        guard let selector = WorkloadSelector(id: text) else {
            throw WorkloadUpdateError(
                .invalidWorkloadID, "invalid workload ID \"\(text)\": expected namespace:kind/name, e.g. default:deployment/web")
        }
        guard let namespace = selector.namespace ?? defaultNamespace else {
            throw WorkloadUpdateError(
                .invalidWorkloadID, "workload ID \"\(text)\" has no namespace: expected namespace:kind/name, e.g. default:deployment/web")
        }
        let kind = selector.kind.lowercased()
        guard Self.kinds.contains(kind) else {
            throw WorkloadUpdateError(
                .invalidWorkloadID,
                "workload ID \"\(text)\": kind \"\(selector.kind)\" is not one of \(Self.kinds.sorted().joined(separator: ", "))")
        }
        self.init(namespace: namespace, kind: kind, name: selector.name)
    }

    public var selector: WorkloadSelector { WorkloadSelector(namespace: namespace, kind: kind, name: name) }

    public var description: String { "\(namespace):\(kind)/\(name)" }

    public static func < (lhs: WorkloadID, rhs: WorkloadID) -> Bool { lhs.description < rhs.description }
}
