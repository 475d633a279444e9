import KubernetesModel

/// The `fluxcd.io/ignore` policy of an object, read from git or from the live object
/// (the old `flux.weave.works/` prefix is accepted).
public enum IgnorePolicy: Sendable, Equatable {
    /// Apply and prune normally.
    case none
    /// `ignore: "true"`: never apply, never prune.
    case ignore
    /// `ignore: "sync_only"`: apply, but never prune.
    case syncOnly

    public init(object: JSONValue?) {
        let annotations = object?.annotations ?? [:]
        let value = annotations["fluxcd.io/ignore"] ?? annotations["flux.weave.works/ignore"]
        switch value?.lowercased() {
        case "true": self = .ignore
        case "sync_only": self = .syncOnly
        default: self = .none
        }
    }
}

/// The mark that says "this sync applied this object": a label, so marked objects can be
/// listed with a selector. Its value identifies the fluxd installation (its namespace and
/// deploy-key Secret), not the git source, so changing `--git-url`, branch or paths keeps
/// ownership of what it applied before (see docs/ARCHITECTURE.md, "Pruning").
public struct SyncMark: Sendable, Hashable {
    public static let label = "fluxcd.io/sync-gc-mark"
    public let value: String

    public init(value: String) { self.value = value }

    public func isCarried(by object: JSONValue?) -> Bool {
        object?.labels[Self.label] == value
    }

    public func marking(_ object: JSONValue) -> JSONValue {
        var marked = object
        // Keep the manifest's own label order; append the mark.
        var labelObject = marked[path: ["metadata", "labels"]]?.objectValue ?? JSONObject()
        labelObject[Self.label] = .string(value)
        marked.set(path: ["metadata", "labels"], to: .object(labelObject))
        return marked
    }
}

/// Which namespaces fluxd may touch (`--k8s-allow-namespace`); empty means all.
public struct NamespaceFilter: Sendable {
    public let allowed: Set<String>

    public init(allowed: [String]) { self.allowed = Set(allowed) }

    /// Cluster-scoped objects are allowed, except Namespaces outside the list.
    public func allows(_ key: ObjectKey) -> Bool {
        guard !allowed.isEmpty else { return true }
        if key.group.isEmpty && key.kind == "Namespace" { return allowed.contains(key.name) }
        if key.namespace.isEmpty { return true }
        return allowed.contains(key.namespace)
    }
}
