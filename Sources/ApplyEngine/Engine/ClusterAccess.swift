import KubernetesModel

/// What the apply engine needs from a Kubernetes API. The client module provides the real
/// implementation; keeping the engine on this narrow surface keeps its decisions testable
/// and its dependencies obvious.
public protocol ClusterAccess: Sendable {
    /// Whether the kind is namespaced; `nil` when the API server does not serve it.
    /// Implementations refresh discovery before answering `nil`, so new CRDs are found.
    func isNamespaced(_ gvk: GroupVersionKind) async throws -> Bool?
    /// Every object of a kind in a namespace (all of a cluster-scoped kind when `namespace`
    /// is empty), or `nil` when the kind is not served (yet).
    func list(_ gvk: GroupVersionKind, namespace: String) async throws -> [JSONValue]?
    /// The live object, or `nil` when it does not exist.
    func get(_ gvk: GroupVersionKind, namespace: String, name: String) async throws -> JSONValue?
    /// Server-side apply with `fieldManager`; `created` is true when the server answered 201.
    func apply(_ object: JSONValue, gvk: GroupVersionKind, fieldManager: String, force: Bool, dryRun: Bool)
        async throws -> (object: JSONValue, created: Bool)
    /// Deletes with background propagation; a missing object is not an error.
    func delete(_ gvk: GroupVersionKind, namespace: String, name: String) async throws
}

/// The facts about an API error the engine needs to explain a failure.
public protocol ClusterErrorDetails: Error {
    var httpStatus: Int? { get }
    /// metav1.Status reason, e.g. `Invalid`, `Conflict`.
    var reason: String? { get }
    var message: String { get }
}
