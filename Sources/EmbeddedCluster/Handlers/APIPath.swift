import KubernetesModel

/// What a request URL addresses, before the resource type is resolved.
enum APIPath: Sendable, Equatable {
    case version
    case health
    case coreVersions
    case groupList
    case group(String)
    case resourceList(group: String, version: String)
    case openAPIv2
    case openAPIv3Root
    case openAPIv3(group: String, version: String)
    /// `/api/v1/...` or `/apis/G/V/...` addressing a resource.
    case resource(ResourcePath)
    case unknown

    struct ResourcePath: Sendable, Equatable {
        var group: String
        var version: String
        /// Remaining segments after the group/version prefix.
        var segments: [String]
    }

    init(_ path: String) {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        switch parts.first {
        case "version": self = .version
        case "healthz", "livez", "readyz": self = .health
        case "openapi":
            if parts.count == 2, parts[1] == "v2" {
                self = .openAPIv2
                return
            }
            if parts.count == 2, parts[1] == "v3" {
                self = .openAPIv3Root
                return
            }
            if parts.count == 4, parts[1] == "v3", parts[2] == "api" {
                self = .openAPIv3(group: "", version: parts[3])
                return
            }
            if parts.count == 5, parts[1] == "v3", parts[2] == "apis" {
                self = .openAPIv3(group: parts[3], version: parts[4])
                return
            }
            self = .unknown
        case "api":
            if parts.count == 1 {
                self = .coreVersions
                return
            }
            if parts.count == 2 {
                self = .resourceList(group: "", version: parts[1])
                return
            }
            self = .resource(ResourcePath(group: "", version: parts[1], segments: Array(parts.dropFirst(2))))
        case "apis":
            if parts.count == 1 {
                self = .groupList
                return
            }
            if parts.count == 2 {
                self = .group(parts[1])
                return
            }
            if parts.count == 3 {
                self = .resourceList(group: parts[1], version: parts[2])
                return
            }
            self = .resource(ResourcePath(group: parts[1], version: parts[2], segments: Array(parts.dropFirst(3))))
        default:
            self = .unknown
        }
    }
}

/// A resource request resolved against the registry.
struct ResourceTarget: Sendable {
    var type: ResourceType
    /// Namespace from the URL; nil for a cluster-wide request of a namespaced resource.
    var namespace: String?
    var name: String?
    var subresource: String?
}
