import KubernetesModel

/// Legacy discovery documents (`/api`, `/apis`, `/apis/G/V`, `/version`). Served as plain
/// `application/json`, which makes client-go fall back from aggregated discovery.
enum Discovery {
    static let gitVersion = "v1.37.0"

    static func version() -> JSONValue {
        [
            "major": "1", "minor": "37", "emulationMajor": "1", "emulationMinor": "37", "minCompatibilityMajor": "1",
            "minCompatibilityMinor": "36", "gitVersion": .string(gitVersion), "gitCommit": "swiftflux-embedded",
            "gitTreeState": "clean", "buildDate": "2026-01-01T00:00:00Z", "goVersion": "go1.25.0", "compiler": "gc",
            "platform": "linux/amd64",
        ]
    }

    static func coreVersions(serverAddress: String) -> JSONValue {
        [
            "kind": "APIVersions", "versions": ["v1"],
            "serverAddressByClientCIDRs": [["clientCIDR": "0.0.0.0/0", "serverAddress": .string(serverAddress)]],
        ]
    }

    static func group(_ name: String, versions: [String]) -> JSONValue {
        let entries: [JSONValue] = versions.map { ["groupVersion": .string("\(name)/\($0)"), "version": .string($0)] }
        return [
            "name": .string(name), "versions": .array(entries),
            "preferredVersion": entries.first ?? .null,
        ]
    }

    static func groupList(_ registry: ResourceRegistry) -> JSONValue {
        [
            "kind": "APIGroupList", "apiVersion": "v1",
            "groups": .array(registry.groups.map { group($0.name, versions: $0.versions) }),
        ]
    }

    static func apiGroup(_ registry: ResourceRegistry, name: String) -> JSONValue? {
        guard let entry = registry.groups.first(where: { $0.name == name }) else { return nil }
        var value = group(entry.name, versions: entry.versions)
        value["kind"] = "APIGroup"
        value["apiVersion"] = "v1"
        return value
    }

    static func resourceList(_ registry: ResourceRegistry, group: String, version: String) -> JSONValue? {
        let types = registry.resources(group: group, version: version)
        guard !types.isEmpty else { return nil }
        var resources: [JSONValue] = []
        for type in types.sorted(by: { $0.plural < $1.plural }) {
            var entry: JSONObject = [
                "name": .string(type.plural), "singularName": .string(type.singular),
                "namespaced": .bool(type.namespaced), "kind": .string(type.kind),
                "verbs": .array(ResourceType.standardVerbs.map { .string($0) }),
            ]
            if !type.shortNames.isEmpty { entry["shortNames"] = .array(type.shortNames.map { .string($0) }) }
            if !type.categories.isEmpty { entry["categories"] = .array(type.categories.map { .string($0) }) }
            resources.append(.object(entry))
            resources.append(contentsOf: ProxyDiscovery.subresources(of: type))
            if type.hasStatus {
                resources.append([
                    "name": .string("\(type.plural)/status"), "singularName": "", "namespaced": .bool(type.namespaced),
                    "kind": .string(type.kind), "verbs": ["get", "patch", "update"],
                ])
            }
        }
        return [
            "kind": "APIResourceList", "apiVersion": "v1",
            "groupVersion": .string(GroupVersion(group: group, version: version).apiVersion),
            "resources": .array(resources),
        ]
    }
}

/// OpenAPI v3 documents with just enough for kubectl: every kind's PATCH operation,
/// tagged with its group/version/kind and the `fieldValidation` parameter, so kubectl
/// leaves validation to the server. Schemas are not published (`kubectl explain` fails).
enum OpenAPIDocuments {
    static func gvPath(_ gv: GroupVersion) -> String {
        gv.group.isEmpty ? "api/\(gv.version)" : "apis/\(gv.group)/\(gv.version)"
    }

    static func root(_ registry: ResourceRegistry, generation: Int64) -> JSONValue {
        var paths = JSONObject()
        var seen: Set<GroupVersion> = []
        for type in registry.types where seen.insert(type.groupVersion).inserted {
            let path = gvPath(type.groupVersion)
            paths[path] = ["serverRelativeURL": .string("/openapi/v3/\(path)?hash=\(generation)")]
        }
        return ["paths": .object(paths)]
    }

    static func groupVersion(_ registry: ResourceRegistry, group: String, version: String) -> JSONValue? {
        let types = registry.resources(group: group, version: version)
        guard !types.isEmpty else { return nil }
        let parameter: JSONValue = [
            "name": "fieldValidation", "in": "query",
            "description":
                "fieldValidation instructs the server on how to handle objects in the request containing unknown or duplicate fields.",
            "schema": ["type": "string", "uniqueItems": true],
        ]
        let prefix = "/" + gvPath(GroupVersion(group: group, version: version))
        var paths = JSONObject()
        for type in types {
            let path =
                type.namespaced
                ? "\(prefix)/namespaces/{namespace}/\(type.plural)/{name}" : "\(prefix)/\(type.plural)/{name}"
            paths[path] = [
                "patch": [
                    "operationId": .string("patch\(type.kind)"),
                    "parameters": [
                        parameter, ["name": "fieldManager", "in": "query", "schema": ["type": "string"]],
                        ["name": "force", "in": "query", "schema": ["type": "boolean"]],
                    ],
                    "responses": ["200": ["description": "OK"]],
                    "x-kubernetes-action": "patch",
                    "x-kubernetes-group-version-kind": [
                        "group": .string(type.group), "version": .string(type.version), "kind": .string(type.kind),
                    ],
                ]
            ]
        }
        return [
            "openapi": "3.0.0", "info": ["title": "Kubernetes", "version": .string(Discovery.gitVersion)],
            "paths": .object(paths), "components": ["schemas": [:]],
        ]
    }
}
