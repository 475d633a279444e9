import KubernetesModel

/// The resources currently served: the built-ins plus those CRDs add. A value type owned
/// by the store actor, so discovery and request routing see one consistent view.
struct ResourceRegistry: Sendable {
    private(set) var types: [ResourceType] = []
    private var byPlural: [String: ResourceType] = [:]

    init() {
        for var type in BuiltinResources.all {
            if type.kind == "CustomResourceDefinition" {
                type.columns = [
                    TableColumn(name: "Created At", type: "date", source: .jsonPath("metadata.creationTimestamp"))
                ]
            }
            add(type)
        }
    }

    private static func key(_ group: String, _ version: String, _ plural: String) -> String {
        "\(group)/\(version)/\(plural)"
    }

    mutating func add(_ type: ResourceType) {
        let key = Self.key(type.group, type.version, type.plural)
        if byPlural[key] == nil {
            types.append(type)
        } else if let index = types.firstIndex(where: { Self.key($0.group, $0.version, $0.plural) == key }) {
            types[index] = type
        }
        byPlural[key] = type
    }

    mutating func remove(group: String, plural: String) {
        types.removeAll { $0.group == group && $0.plural == plural }
        byPlural = byPlural.filter { !($0.value.group == group && $0.value.plural == plural) }
    }

    func lookup(group: String, version: String, plural: String) -> ResourceType? {
        byPlural[Self.key(group, version, plural)]
    }

    /// Any served version of a group/resource (the first listed is the preferred one).
    func anyVersion(of resource: GroupResource) -> ResourceType? {
        types.first { $0.group == resource.group && $0.plural == resource.resource }
    }

    func lookup(kind: String, group: String, version: String) -> ResourceType? {
        types.first { $0.kind == kind && $0.group == group && $0.version == version }
    }

    /// Group names in discovery order (core excluded), each with its versions.
    var groups: [(name: String, versions: [String])] {
        var order: [String] = []
        var versions: [String: [String]] = [:]
        for type in types where !type.group.isEmpty {
            if versions[type.group] == nil { order.append(type.group) }
            if !(versions[type.group] ?? []).contains(type.version) { versions[type.group, default: []].append(type.version) }
        }
        return order.map { ($0, versions[$0] ?? []) }
    }

    func resources(group: String, version: String) -> [ResourceType] {
        types.filter { $0.group == group && $0.version == version }
    }
}

extension ResourceType {
    /// The resource types a CRD defines, one per served version.
    static func fromCRD(_ crd: JSONValue) -> [ResourceType] {
        guard let spec = crd["spec"], let group = spec["group"]?.stringValue,
            let names = spec["names"], let kind = names["kind"]?.stringValue, let plural = names["plural"]?.stringValue
        else { return [] }
        let namespaced = spec["scope"]?.stringValue != "Cluster"
        var result: [ResourceType] = []
        for version in spec["versions"]?.arrayValue ?? [] where version["served"]?.boolValue ?? true {
            guard let name = version["name"]?.stringValue else { continue }
            var columns: [TableColumn] = []
            if let printer = version["additionalPrinterColumns"]?.arrayValue {
                for column in printer {
                    guard let columnName = column["name"]?.stringValue, let path = column["jsonPath"]?.stringValue else { continue }
                    let trimmed = path.hasPrefix(".") ? String(path.dropFirst()) : path
                    let source: TableColumn.Source =
                        trimmed == "metadata.creationTimestamp" && columnName == "Age" ? .age : .jsonPath(trimmed)
                    columns.append(
                        TableColumn(
                            name: columnName, type: column["type"]?.stringValue ?? "string",
                            format: column["format"]?.stringValue ?? "", description: column["description"]?.stringValue ?? "",
                            priority: Int(column["priority"]?.intValue ?? 0), source: source))
                }
            } else {
                columns = [BuiltinResources.age]
            }
            result.append(
                ResourceType(
                    group: group, version: name, kind: kind, plural: plural,
                    singular: names["singular"]?.stringValue ?? kind.lowercased(), namespaced: namespaced,
                    shortNames: (names["shortNames"]?.arrayValue ?? []).compactMap(\.stringValue),
                    categories: (names["categories"]?.arrayValue ?? []).compactMap(\.stringValue),
                    hasStatus: version[path: ["subresources", "status"]] != nil, tracksGeneration: true,
                    columns: columns,
                    schema: .customResource(version[path: ["schema", "openAPIV3Schema"]])))
        }
        return result
    }
}
