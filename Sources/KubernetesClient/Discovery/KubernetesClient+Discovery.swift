import KubernetesModel

extension KubernetesClient {
    /// The preferred version of every API group the server serves (`/api` and `/apis`),
    /// core first.
    public func preferredGroupVersions() async throws(KubernetesError) -> [GroupVersion] {
        var result: [GroupVersion] = []
        let core = try await raw(method: "GET", path: "/api")
        if let version = core["versions"]?.arrayValue?.first?.stringValue {
            result.append(GroupVersion(group: "", version: version))
        }
        let groups = try await raw(method: "GET", path: "/apis")
        for group in groups["groups"]?.arrayValue ?? [] {
            if let preferred = group[path: ["preferredVersion", "groupVersion"]]?.stringValue {
                result.append(GroupVersion(apiVersion: preferred))
            }
        }
        return result
    }

    /// The resources of one group/version (cached).
    public func resources(in groupVersion: GroupVersion) async throws(KubernetesError) -> [APIResource] {
        try await discovery.resources(in: groupVersion, transport: transport)
    }

    /// Every resource of every group's preferred version, refreshed from the server: what a
    /// prune or an inventory scan walks.
    public func preferredResources() async throws(KubernetesError) -> [APIResource] {
        var result: [APIResource] = []
        for groupVersion in try await preferredGroupVersions() {
            result.append(contentsOf: try await discovery.fetch(groupVersion, transport: transport))
        }
        return result
    }
}
