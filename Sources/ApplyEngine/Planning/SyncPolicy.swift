import Crypto
import ImagePolicy
import KubernetesModel

extension IgnorePolicy {
    /// The `ignore` policy of an object from git or the cluster (`ImagePolicy` reads it, under
    /// either prefix); `.none` for no object.
    public init(object: JSONValue?) {
        self.init(annotations: object?.annotations ?? [:])
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

    /// The mark of the fluxd installation whose namespace is `namespace` and whose deploy key
    /// lives in the Secret `secretName`: how fluxd marks what it applies, and how
    /// `fluxctl diff --prune` finds what fluxd would prune.
    public init(installationNamespace namespace: String, secretName: String) {
        let digest = SHA256.hash(data: Array("\(namespace)/\(secretName)".utf8))
        value = "sha256.\(digest.hexEncoded.prefix(40))"
    }

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
