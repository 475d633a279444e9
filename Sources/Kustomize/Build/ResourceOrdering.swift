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
        let keyed = resources.enumerated().map { offset, resource in
            let id = resource.currentID
            return (rank: rank(id.kind), gvk: Self.gvkString(id), key: legacyKey(id), offset: offset, resource: resource)
        }
        return keyed.sorted { a, b in
            if a.rank != b.rank { return a.rank < b.rank }
            // kustomize's gvkLessThan: two Namespace kinds, one of them in the core group, sort
            // in reverse (the core Namespace before custom kinds named Namespace).
            if a.gvk != b.gvk {
                let aID = a.resource.currentID
                let bID = b.resource.currentID
                if aID.kind == "Namespace" && bID.kind == "Namespace" && (aID.group.isEmpty || bID.group.isEmpty) {
                    return b.gvk.utf8.lexicographicallyPrecedes(a.gvk.utf8)
                }
                return a.gvk.utf8.lexicographicallyPrecedes(b.gvk.utf8)
            }
            if a.key != b.key { return a.key.utf8.lexicographicallyPrecedes(b.key.utf8) }
            return a.offset < b.offset
        }.map(\.resource)
    }

    private func legacyKey(_ id: ResourceID) -> String {
        let namespace = id.namespace.isEmpty ? "~X" : id.namespace
        return namespace + "|" + id.name
    }
}
