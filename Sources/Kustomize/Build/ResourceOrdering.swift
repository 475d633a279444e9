/// Output order: kustomize's legacy order (by kind priority, then GVK, then name) or
/// `fifo`, and `sortOptions.legacySortOptions` with custom first/last lists.
struct ResourceOrdering {
    static let defaultFirst = [
        "Namespace", "ResourceQuota", "StorageClass", "CustomResourceDefinition", "ServiceAccount",
        "PodSecurityPolicy", "Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding", "ConfigMap", "Secret",
        "Endpoints", "Service", "LimitRange", "PriorityClass", "PersistentVolume", "PersistentVolumeClaim",
        "Deployment", "StatefulSet", "CronJob", "PodDisruptionBudget",
    ]
    static let defaultLast = ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"]

    var first: [String] = defaultFirst
    var last: [String] = defaultLast

    func rank(_ kind: String) -> Int {
        if let index = first.firstIndex(of: kind) { return -first.count + index }
        if let index = last.firstIndex(of: kind) { return 1 + index }
        return 0
    }

    static func gvkString(_ id: ResourceID) -> String {
        [id.group.isEmpty ? "~G" : id.group, id.version.isEmpty ? "~V" : id.version, id.kind.isEmpty ? "~K" : id.kind]
            .joined(separator: "_")
    }

    func sort(_ resources: [Resource]) -> [Resource] {
        resources.enumerated().sorted { lhs, rhs in
            let a = lhs.element.currentID, b = rhs.element.currentID
            let ra = rank(a.kind), rb = rank(b.kind)
            if ra != rb { return ra < rb }
            let ga = Self.gvkString(a), gb = Self.gvkString(b)
            if ga != gb { return ga.utf8.lexicographicallyPrecedes(gb.utf8) }
            let ka = legacyKey(a), kb = legacyKey(b)
            if ka != kb { return ka.utf8.lexicographicallyPrecedes(kb.utf8) }
            return lhs.offset < rhs.offset
        }.map(\.element)
    }

    private func legacyKey(_ id: ResourceID) -> String {
        let namespace = id.namespace.isEmpty ? "~X" : id.namespace
        return namespace + "|" + id.name
    }
}
