import KubernetesClient
import KubernetesModel
import Synchronization

/// Answers "is this kind namespaced?" from discovery for manifest loading, refreshing the
/// discovery data once per sync when a kind is unknown (CRDs appear at run time).
final class ScopeOracle: Sendable {
    private let client: KubernetesClient
    private let scopes = Mutex<[GroupKind: Bool]?>(nil)
    private let refreshed = Mutex(false)

    init(client: KubernetesClient) { self.client = client }

    func isNamespaced(_ kind: GroupKind) async throws -> Bool? {
        if let known = try await table()[kind] { return known }
        guard
            refreshed.withLock({ done in
                defer { done = true }
                return !done
            })
        else { return nil }
        await client.invalidateDiscovery()
        scopes.withLock { $0 = nil }
        return try await table()[kind]
    }

    private func table() async throws -> [GroupKind: Bool] {
        if let cached = scopes.withLock({ $0 }) { return cached }
        var table: [GroupKind: Bool] = [:]
        for resource in try await client.preferredResources() where !resource.name.contains("/") {
            table[GroupKind(group: resource.group, kind: resource.kind)] = resource.namespaced
        }
        scopes.withLock { $0 = table }
        return table
    }
}
