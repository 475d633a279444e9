import KubernetesModel

extension SyncEngine {
    /// Groups with at least this many objects are read with one LIST instead of a GET each.
    static let listThreshold = 4

    /// Reads the live state of a phase's objects with one LIST per kind and namespace (for
    /// groups large enough to be worth it). Objects a list does not contain map to `nil`
    /// (they do not exist); objects of groups not listed are absent from the result and are
    /// read one by one. A failed list only means falling back to GETs.
    func liveObjects(for members: [DesiredObject]) async -> [ObjectKey: JSONValue?] {
        struct Group: Hashable {
            var gvk: GroupVersionKind
            var namespace: String
        }
        var groups: [Group: [ObjectKey]] = [:]
        for desired in members {
            groups[Group(gvk: desired.gvk, namespace: desired.key.namespace), default: []].append(desired.key)
        }
        let listed = groups.filter { $0.value.count >= Self.listThreshold }
        let results = await concurrentMap(Array(listed), limit: settings.concurrency) { entry -> [ObjectKey: JSONValue?] in
            let (group, keys) = entry
            let items: [JSONValue]
            do {
                guard let found = try await cluster.list(group.gvk, namespace: group.namespace) else { return [:] }
                items = found
            } catch {
                logger.debug("list failed; reading objects one by one", metadata: ["kind": "\(group.gvk)", "error": "\(error)"])
                return [:]
            }
            var byName: [String: JSONValue] = [:]
            for item in items {
                if let name = item.name { byName[name] = item }
            }
            var live: [ObjectKey: JSONValue?] = [:]
            for key in keys { live[key] = .some(byName[key.name]) }
            return live
        }
        return results.reduce(into: [:]) { merged, part in merged.merge(part) { first, _ in first } }
    }
}
