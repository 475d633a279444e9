import KubernetesModel

/// The phases of an apply (SPEC section 5): Namespaces and CRDs first (CRDs must be
/// established before their resources are applied), then other cluster-scoped objects,
/// then namespaced ones. Objects within a phase are independent and applied concurrently.
public enum ApplyPhase: Int, Sendable, Comparable, CaseIterable {
    case namespacesAndDefinitions = 0
    case clusterScoped = 1
    case namespaced = 2

    public static func < (lhs: ApplyPhase, rhs: ApplyPhase) -> Bool { lhs.rawValue < rhs.rawValue }
}

public enum ApplyOrder {
    public static func isNamespace(_ key: ObjectKey) -> Bool { key.group.isEmpty && key.kind == "Namespace" }

    public static func isCRD(_ key: ObjectKey) -> Bool {
        key.group == "apiextensions.k8s.io" && key.kind == "CustomResourceDefinition"
    }

    public static func phase(of key: ObjectKey) -> ApplyPhase {
        if isNamespace(key) || isCRD(key) { return .namespacesAndDefinitions }
        return key.namespace.isEmpty ? .clusterScoped : .namespaced
    }

    /// Groups objects by phase, each phase sorted by key for stable logs and tests.
    public static func phases(_ objects: [DesiredObject]) -> [(ApplyPhase, [DesiredObject])] {
        var grouped: [ApplyPhase: [DesiredObject]] = [:]
        for object in objects { grouped[phase(of: object.key), default: []].append(object) }
        return ApplyPhase.allCases.compactMap { phase in
            guard let members = grouped[phase], !members.isEmpty else { return nil }
            return (phase, members.sorted { $0.key < $1.key })
        }
    }

    /// Prune order is the reverse: namespaced objects first, Namespaces and CRDs last, so
    /// that deleting a Namespace or CRD never races the deletion of what it contains.
    public static func pruneOrder(_ keys: [ObjectKey]) -> [[ObjectKey]] {
        var grouped: [ApplyPhase: [ObjectKey]] = [:]
        for key in keys { grouped[phase(of: key), default: []].append(key) }
        return ApplyPhase.allCases.reversed().compactMap { phase in
            guard let members = grouped[phase], !members.isEmpty else { return nil }
            return members.sorted()
        }
    }
}
