import KubernetesModel
import YAMLEditing

extension WorkloadID {
    /// Parses a workload ID from a request, with errors that say what is wrong: a missing part,
    /// a kind that is not a workload kind. `defaultNamespace` fills in `kind/name`.
    public init(validating text: String, defaultNamespace: String? = nil) throws(WorkloadUpdateError) {
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

    /// The selector the YAML editor finds this workload with.
    public var selector: WorkloadSelector { WorkloadSelector(namespace: namespace, kind: kind, name: name) }
}
