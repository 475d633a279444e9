import KubernetesModel

/// One resource the server serves (an entry of `APIResourceList.resources`): what URL
/// segment a kind lives under and whether it is namespaced.
public struct APIResource: Sendable, Hashable {
    public var group: String
    public var version: String
    /// The plural URL segment, e.g. `deployments`.
    public var name: String
    public var singularName: String
    public var kind: String
    public var namespaced: Bool
    public var verbs: [String]
    public var shortNames: [String]

    public init(
        group: String, version: String, name: String, singularName: String = "", kind: String, namespaced: Bool,
        verbs: [String] = [], shortNames: [String] = []
    ) {
        self.group = group
        self.version = version
        self.name = name
        self.singularName = singularName
        self.kind = kind
        self.namespaced = namespaced
        self.verbs = verbs
        self.shortNames = shortNames
    }

    public var groupVersionKind: GroupVersionKind { GroupVersionKind(group: group, version: version, kind: kind) }
    public var groupVersionResource: GroupVersionResource {
        GroupVersionResource(group: group, version: version, resource: name)
    }

    /// Decodes the top-level resources of an `APIResourceList` (subresources such as
    /// `deployments/status` are skipped; they are reached through their parent).
    static func decodeList(_ value: JSONValue, groupVersion: GroupVersion) -> [APIResource] {
        (value["resources"]?.arrayValue ?? []).compactMap { item in
            guard let name = item["name"]?.stringValue, !name.contains("/"), let kind = item["kind"]?.stringValue else {
                return nil
            }
            return APIResource(
                group: item["group"]?.stringValue ?? groupVersion.group,
                version: item["version"]?.stringValue ?? groupVersion.version,
                name: name, singularName: item["singularName"]?.stringValue ?? "", kind: kind,
                namespaced: item["namespaced"]?.boolValue ?? false,
                verbs: (item["verbs"]?.arrayValue ?? []).compactMap(\.stringValue),
                shortNames: (item["shortNames"]?.arrayValue ?? []).compactMap(\.stringValue))
        }
    }
}

/// The Kubernetes version the server reports at `/version`.
public struct ServerVersion: Sendable, Hashable {
    public var major: String
    public var minor: String
    public var gitVersion: String
    public var platform: String
}
