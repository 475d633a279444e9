import KubernetesModel
import NIOHTTP1

extension KubernetesClient {
    /// Reads one object. A `nil` namespace means the default namespace (ignored for
    /// cluster-scoped kinds).
    public func get(_ gvk: GroupVersionKind, namespace: String? = nil, name: String, subresource: String? = nil)
        async throws(KubernetesError) -> JSONValue
    {
        let location = try await locate(gvk, namespace: namespace, name: name, subresource: subresource)
        return try await object(APIRequest(method: .GET, path: location.path, object: location.reference))
    }

    /// Creates an object; its namespace defaults to the client's.
    public func create(_ object: JSONValue, dryRun: Bool = false, fieldManager: String? = nil)
        async throws(KubernetesError) -> JSONValue
    {
        let location = try await locate(object: object, requireName: false)
        var reference = location.reference
        reference.name = object.name
        return try await self.object(
            APIRequest(
                method: .POST, path: location.path, query: writeQuery(dryRun: dryRun, fieldManager: fieldManager),
                body: object.serializedBytes(), object: reference))
    }

    /// Replaces an object (`PUT`); a stale `metadata.resourceVersion` gives a 409 Conflict.
    /// `subresource: "status"` writes only the status.
    public func update(_ object: JSONValue, subresource: String? = nil, dryRun: Bool = false, fieldManager: String? = nil)
        async throws(KubernetesError) -> JSONValue
    {
        let location = try await locate(object: object, subresource: subresource, requireName: true)
        return try await self.object(
            APIRequest(
                method: .PUT, path: location.path, query: writeQuery(dryRun: dryRun, fieldManager: fieldManager),
                body: object.serializedBytes(), idempotent: false, object: location.reference))
    }

    /// Replaces the status subresource.
    public func updateStatus(_ object: JSONValue, dryRun: Bool = false, fieldManager: String? = nil)
        async throws(KubernetesError) -> JSONValue
    {
        try await update(object, subresource: "status", dryRun: dryRun, fieldManager: fieldManager)
    }

    /// Deletes an object. Returns what the server answered: the object (when finalizers
    /// keep it) or a `Status`.
    @discardableResult
    public func delete(
        _ gvk: GroupVersionKind, namespace: String? = nil, name: String, options: DeleteOptions = DeleteOptions()
    ) async throws(KubernetesError) -> JSONValue {
        let location = try await locate(gvk, namespace: namespace, name: name)
        var query: [(name: String, value: String)] = []
        if options.dryRun { query.append(("dryRun", "All")) }
        return try await object(
            APIRequest(
                method: .DELETE, path: location.path, query: query, body: options.body.serializedBytes(),
                idempotent: true, object: location.reference))
    }

    /// Server-side apply: `PATCH` with `application/apply-patch+yaml` (the JSON form of the
    /// object is valid YAML), owned by `fieldManager`. `force` takes over fields other
    /// managers own instead of failing with a 409 conflict.
    public func apply(
        _ object: JSONValue, fieldManager: String, force: Bool = false, dryRun: Bool = false,
        subresource: String? = nil
    ) async throws(KubernetesError) -> JSONValue {
        let location = try await locate(object: object, subresource: subresource, requireName: true)
        var query = writeQuery(dryRun: dryRun, fieldManager: fieldManager)
        if force { query.append(("force", "true")) }
        return try await self.object(
            APIRequest(
                method: .PATCH, path: location.path, query: query, body: object.serializedBytes(),
                contentType: "application/apply-patch+yaml", idempotent: true, object: location.reference))
    }

    /// Server-side apply that also says whether the object was created (HTTP 201) rather
    /// than updated or left unchanged (200): what sync reports need.
    public func applyReportingCreation(
        _ object: JSONValue, fieldManager: String, force: Bool = false, dryRun: Bool = false
    ) async throws(KubernetesError) -> (object: JSONValue, created: Bool) {
        let location = try await locate(object: object, requireName: true)
        var query = writeQuery(dryRun: dryRun, fieldManager: fieldManager)
        if force { query.append(("force", "true")) }
        let request = APIRequest(
            method: .PATCH, path: location.path, query: query, body: object.serializedBytes(),
            contentType: "application/apply-patch+yaml", idempotent: true, object: location.reference)
        let response = try await transport.send(request)
        let value = try decodeJSON(response.body, verb: "PATCH", path: location.path, object: location.reference)
        return (value, response.status == 201)
    }

    /// Patches an object with a merge, JSON or strategic-merge patch.
    public func patch(
        _ gvk: GroupVersionKind, namespace: String? = nil, name: String, patch: Patch, subresource: String? = nil,
        dryRun: Bool = false, fieldManager: String? = nil
    ) async throws(KubernetesError) -> JSONValue {
        let location = try await locate(gvk, namespace: namespace, name: name, subresource: subresource)
        return try await object(
            APIRequest(
                method: .PATCH, path: location.path, query: writeQuery(dryRun: dryRun, fieldManager: fieldManager),
                body: patch.body, contentType: patch.contentType, idempotent: false, object: location.reference))
    }

    func writeQuery(dryRun: Bool, fieldManager: String?) -> [(name: String, value: String)] {
        var query: [(name: String, value: String)] = []
        if dryRun { query.append(("dryRun", "All")) }
        if let fieldManager, !fieldManager.isEmpty { query.append(("fieldManager", fieldManager)) }
        return query
    }

    /// Sends a request whose answer is one JSON object.
    func object(_ request: APIRequest) async throws(KubernetesError) -> JSONValue {
        let response = try await transport.send(request)
        return try decodeJSON(response.body, verb: request.method.rawValue, path: request.path, object: request.object)
    }
}
