import KubernetesModel

/// Where an object (or a collection) lives in the REST API: the resource from discovery,
/// the namespace when the kind is namespaced, the name and an optional subresource.
struct ResourceLocation: Sendable {
    var resource: APIResource
    var namespace: String?
    var name: String?
    var subresource: String?

    /// `/api/v1/namespaces/ns/configmaps/name[/status]` or `/apis/g/v/clusterroles/name`.
    var path: String {
        var path = resource.group.isEmpty ? "/api/\(resource.version)" : "/apis/\(resource.group)/\(resource.version)"
        if resource.namespaced, let namespace { path += "/namespaces/\(URLEscaping.escape(namespace))" }
        path += "/\(resource.name)"
        if let name { path += "/\(URLEscaping.escape(name))" }
        if let subresource { path += "/\(subresource)" }
        return path
    }

    var reference: ObjectReference {
        ObjectReference(kind: resource.kind, namespace: resource.namespaced ? namespace : nil, name: name)
    }
}

extension KubernetesClient {
    /// Resolves a location. For namespaced kinds a `nil` namespace means the default
    /// namespace, unless `allNamespaces` (lists and watches across namespaces).
    func locate(
        _ gvk: GroupVersionKind, namespace: String?, name: String?, subresource: String? = nil,
        allNamespaces: Bool = false
    ) async throws(KubernetesError) -> ResourceLocation {
        if let name, name.isEmpty {
            throw KubernetesError(
                code: .invalidRequest, message: "an object name is required", object: ObjectReference(kind: gvk.kind))
        }
        let resource = try await resource(for: gvk)
        var resolvedNamespace: String?
        if resource.namespaced {
            if let namespace, !namespace.isEmpty {
                resolvedNamespace = namespace
            } else if !allNamespaces {
                resolvedNamespace = defaultNamespace
            }
        }
        return ResourceLocation(resource: resource, namespace: resolvedNamespace, name: name, subresource: subresource)
    }

    /// The location of an object from its own `apiVersion`, `kind` and metadata.
    func locate(object: JSONValue, subresource: String? = nil, requireName: Bool) async throws(KubernetesError)
        -> ResourceLocation
    {
        guard let gvk = object.groupVersionKind else {
            throw KubernetesError(
                code: .invalidRequest, message: "the object has no apiVersion or kind",
                object: ObjectReference(kind: object.kind ?? "", namespace: object.namespace, name: object.name))
        }
        if requireName && (object.name ?? "").isEmpty {
            throw KubernetesError(
                code: .invalidRequest, message: "the object has no metadata.name",
                object: ObjectReference(kind: gvk.kind, namespace: object.namespace))
        }
        return try await locate(
            gvk, namespace: object.namespace, name: requireName ? object.name : nil, subresource: subresource)
    }
}
