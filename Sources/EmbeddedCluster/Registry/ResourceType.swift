import KubernetesModel

/// Everything the server knows about one served resource: its names, scope, verbs, and the
/// hints that drive server-side apply and `kubectl get` tables. Built-in kinds come from
/// ``BuiltinResources``; CRDs add their own at run time.
struct ResourceType: Sendable, Hashable {
    var group: String
    var version: String
    var kind: String
    /// The plural URL segment, e.g. `deployments`.
    var plural: String
    var singular: String
    var namespaced: Bool
    var shortNames: [String] = []
    var categories: [String] = []
    /// Whether `/status` is served (and the main resource ignores status changes).
    var hasStatus: Bool = false
    /// Whether a change of `spec` bumps `metadata.generation` (kinds with a spec do).
    var tracksGeneration: Bool = true
    /// Extra table columns after NAME (built-ins) or CRD `additionalPrinterColumns`.
    var columns: [TableColumn] = []
    /// Schema hints for server-side apply; `nil` means "deduced" (every object a struct).
    var schema: FieldSchema? = nil
    /// Whether an immediate DELETE answers with the deleted object instead of a Success
    /// Status (the generic registry's `ReturnDeletedObject`).
    var returnsDeletedObject: Bool = false
    /// Fields that must be present on create, as `(path, field-name-for-message)`.
    var requiredFields: [[String]] = []

    var groupVersion: GroupVersion { GroupVersion(group: group, version: version) }
    var apiVersion: String { groupVersion.apiVersion }
    var groupResource: GroupResource { GroupResource(group: group, resource: plural) }
    var groupVersionKind: GroupVersionKind { GroupVersionKind(group: group, version: version, kind: kind) }

    /// `deployments.apps` or `configmaps`: how kube-apiserver names the resource in messages.
    var qualifiedResource: String { group.isEmpty ? plural : "\(plural).\(group)" }
    /// `Deployment.apps` or `ConfigMap`: how Invalid messages name the kind.
    var qualifiedKind: String { group.isEmpty ? kind : "\(kind).\(group)" }

    static let standardVerbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]
}

/// A resource independent of version: the key of the object store.
struct GroupResource: Sendable, Hashable, CustomStringConvertible {
    var group: String
    var resource: String
    var description: String { group.isEmpty ? resource : "\(resource).\(group)" }
}

/// A table column: what `kubectl get` prints beyond NAME.
struct TableColumn: Sendable, Hashable {
    enum Source: Sendable, Hashable {
        /// A JSON path (dotted, `[0]` index allowed) read from the object.
        case jsonPath(String)
        /// Computed by the table printer for a built-in kind.
        case computed(String)
        /// `metadata.creationTimestamp` rendered as a short duration.
        case age
    }

    var name: String
    var type: String = "string"
    var format: String = ""
    var description: String = ""
    var priority: Int = 0
    var source: Source
}
