import KubernetesClient
import KubernetesModel

extension KubernetesError: ClusterErrorDetails {}

/// The apply engine's view of a real (or embedded) API server through `KubernetesClient`.
public struct ClientClusterAccess: ClusterAccess {
    public let client: KubernetesClient

    public init(client: KubernetesClient) { self.client = client }

    public func isNamespaced(_ gvk: GroupVersionKind) async throws -> Bool? {
        let resource: APIResource
        do {
            resource = try await client.resource(for: gvk)
        } catch {
            if error.isUnknownKind || error.isNotFound { return nil }
            throw error
        }
        return resource.namespaced
    }

    public func list(_ gvk: GroupVersionKind, namespace: String) async throws -> [JSONValue]? {
        let list: ObjectList
        do {
            // An empty namespace lists a cluster-scoped kind (the client's nil means "all").
            list = try await client.listAll(gvk, namespace: namespace.isEmpty ? nil : namespace)
        } catch {
            if error.isUnknownKind || error.isNotFound { return nil }
            throw error
        }
        return list.items
    }

    public func get(_ gvk: GroupVersionKind, namespace: String, name: String) async throws -> JSONValue? {
        let object: JSONValue
        do {
            object = try await client.get(gvk, namespace: namespace.isEmpty ? nil : namespace, name: name)
        } catch {
            if error.isNotFound { return nil }
            throw error
        }
        return object
    }

    public func apply(_ object: JSONValue, gvk: GroupVersionKind, fieldManager: String, force: Bool, dryRun: Bool)
        async throws -> (object: JSONValue, created: Bool)
    {
        try await client.applyReportingCreation(object, fieldManager: fieldManager, force: force, dryRun: dryRun)
    }

    public func delete(_ gvk: GroupVersionKind, namespace: String, name: String) async throws {
        do {
            try await client.delete(
                gvk, namespace: namespace.isEmpty ? nil : namespace, name: name,
                options: DeleteOptions(propagationPolicy: .background))
        } catch {
            if error.isNotFound { return }
            throw error
        }
    }
}
