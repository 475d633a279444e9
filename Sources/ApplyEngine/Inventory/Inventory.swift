import KubernetesModel

/// One object recorded as applied: identity plus the apiVersion it was applied with (needed
/// to find its resource when deleting it later, even if git no longer mentions the kind).
public struct InventoryEntry: Sendable, Hashable {
    public var key: ObjectKey
    public var apiVersion: String

    public init(key: ObjectKey, apiVersion: String) {
        self.key = key
        self.apiVersion = apiVersion
    }

    public var gvk: GroupVersionKind { GroupVersionKind(apiVersion: apiVersion, kind: key.kind) }

    /// Flux v2's `ObjMetadata` id: `<namespace>_<name>_<group>_<kind>`.
    var id: String { "\(key.namespace)_\(key.name)_\(key.group)_\(key.kind)" }
}

/// What the last successful sync applied, kept in the cluster in a ConfigMap in fluxd's
/// namespace so that a restarted (or moved) fluxd prunes exactly what it applied.
public struct Inventory: Sendable, Equatable {
    public static let configMapName = "flux-sync-inventory"

    public var revision: String
    /// The git source the inventory was recorded from (url, branch, paths), for the log.
    public var source: String
    public var entries: [InventoryEntry]

    public init(revision: String, source: String, entries: [InventoryEntry]) {
        self.revision = revision
        self.source = source
        self.entries = entries.sorted { $0.key < $1.key }
    }

    /// The ConfigMap holding this inventory.
    public func configMap(namespace: String, mark: SyncMark) -> JSONValue {
        let list: [JSONValue] = entries.map { ["id": .string($0.id), "v": .string($0.apiVersion)] }
        return [
            "apiVersion": "v1", "kind": "ConfigMap",
            "metadata": [
                "name": .string(Self.configMapName), "namespace": .string(namespace),
                "labels": ["app.kubernetes.io/managed-by": "swiftflux"],
            ],
            "data": [
                "revision": .string(revision), "source": .string(source),
                "entries": .string(JSONValue.array(list).serialized()),
            ],
        ]
    }

    /// Reads an inventory back from its ConfigMap.
    public init(configMap: JSONValue) throws(ApplyError) {
        let data = configMap["data"]
        let revision = data?["revision"]?.stringValue ?? ""
        let source = data?["source"]?.stringValue ?? ""
        let text = data?["entries"]?.stringValue ?? "[]"
        let parsed: JSONValue
        do {
            parsed = try JSONValue(parsing: text)
        } catch {
            throw ApplyError(code: .inventory, message: "inventory ConfigMap has unreadable entries: \(error)")
        }
        var decoded: [InventoryEntry] = []
        for item in parsed.arrayValue ?? [] {
            guard let id = item["id"]?.stringValue, let version = item["v"]?.stringValue else {
                throw ApplyError(code: .inventory, message: "inventory entry without id or version: \(item.serialized())")
            }
            let parts = id.split(separator: "_", omittingEmptySubsequences: false).map(String.init)
            guard parts.count >= 4 else {
                throw ApplyError(code: .inventory, message: "inventory entry id \"\(id)\" is malformed")
            }
            // Names and namespaces never contain "_"; the group is the second-last field.
            let key = ObjectKey(
                group: parts[parts.count - 2], kind: parts[parts.count - 1], namespace: parts[0],
                name: parts[1..<(parts.count - 2)].joined(separator: "_"))
            decoded.append(InventoryEntry(key: key, apiVersion: version))
        }
        self.init(revision: revision, source: source, entries: decoded)
    }
}
