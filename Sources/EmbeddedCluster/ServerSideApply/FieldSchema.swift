import KubernetesModel
import Patching

/// How server-side apply treats a list: replaced whole, merged as a set of scalars, or
/// merged item by item on key fields.
enum ListType: Sendable, Hashable {
    case atomic
    case set
    case map(keys: [String])
    /// Container ports (`containerPort`,`protocol`) and Service ports (`port`,`protocol`)
    /// share the field name; the item decides.
    case ports
}

/// The shape information server-side apply needs: which objects are structs (fields) and
/// which are maps (free keys, tracked with `.`), which values are atomic, and how lists
/// merge. Built-ins use name-based rules that follow the Kubernetes API's markers; CRDs
/// are described by their `openAPIV3Schema`.
indirect enum FieldSchema: Sendable, Hashable {
    /// A built-in kind's object: a struct whose children follow ``builtinChild(_:)``.
    case builtin
    /// No schema (e.g. `x-kubernetes-preserve-unknown-fields`): objects are maps, lists atomic.
    case deduced
    /// A struct with declared properties; unknown keys use `additional` (or are deduced).
    case object(properties: [String: FieldSchema], additional: FieldSchema?)
    /// A map with free-form keys.
    case map(FieldSchema)
    /// Replaced as a whole and owned as one field.
    case atomic
    case list(ListType, element: FieldSchema)
    case scalar

    /// The schema of member `key` of an object described by this schema.
    func child(_ key: String) -> FieldSchema {
        switch self {
        case .builtin: return Self.builtinChild(key)
        case .deduced: return .deduced
        case .object(let properties, let additional): return properties[key] ?? additional ?? .deduced
        case .map(let element): return element
        case .atomic: return .atomic
        case .list(_, let element): return element
        case .scalar: return .scalar
        }
    }

    /// Whether an object of this schema is a map (tracked itself, with `.`) rather than a struct.
    var isMap: Bool {
        switch self {
        case .deduced, .map: return true
        default: return false
        }
    }

    var isAtomic: Bool { if case .atomic = self { return true } else { return false } }

    /// The list type when this schema meets an array value.
    var listType: ListType {
        if case .list(let type, _) = self { return type }
        return .atomic
    }

    static let builtinMaps: Set<String> = [
        "labels", "annotations", "data", "binaryData", "stringData", "matchLabels", "nodeSelector", "limits",
        "requests", "capacity", "allocatable", "hard", "used", "parameters",
    ]
    static let builtinAtomics: Set<String> = [
        "selector", "podSelector", "namespaceSelector", "labelSelector", "scaleTargetRef", "roleRef",
    ]
    /// List fields of built-in kinds, from the one patch-strategy table (`Patching`): keyed
    /// lists by their list-map keys, `finalizers` as a set, ports decided per item.
    static let builtinLists: [String: ListType] = {
        var lists: [String: ListType] = ["finalizers": .set, "ports": .ports]
        for (field, strategy) in PatchStrategy.listFields {
            if let keys = strategy.keys { lists[field] = .map(keys: keys) }
        }
        return lists
    }()

    static func builtinChild(_ key: String) -> FieldSchema {
        if builtinMaps.contains(key) { return .map(.scalar) }
        if builtinAtomics.contains(key) { return .atomic }
        if let type = builtinLists[key] { return .list(type, element: .builtin) }
        return .builtin
    }

    /// The key fields of an associative-list item.
    static func keyFields(_ type: ListType, item: JSONValue) -> [String]? {
        switch type {
        case .atomic, .set: return nil
        case .map(let keys): return keys
        case .ports: return item["containerPort"] != nil ? ["containerPort", "protocol"] : ["port", "protocol"]
        }
    }

    /// The `k:` path element of an associative-list item: its key fields, sorted, as JSON.
    static func keyElement(_ type: ListType, item: JSONValue) -> PathElement? {
        guard let fields = keyFields(type, item: item) else { return nil }
        var object = JSONObject()
        for field in fields.sorted() {
            if let value = item[field] { object[field] = value }
        }
        return .key(JSONValue.object(object).serialized())
    }

    /// The schema of a custom resource from its CRD version's `openAPIV3Schema`.
    static func fromOpenAPI(_ schema: JSONValue?) -> FieldSchema {
        guard let schema else { return .deduced }
        if schema["x-kubernetes-int-or-string"]?.boolValue == true { return .scalar }
        let type = schema["type"]?.stringValue
        switch type {
        case "object":
            if schema["x-kubernetes-map-type"]?.stringValue == "atomic" { return .atomic }
            let properties = schema["properties"]?.objectValue
            let additional = schema["additionalProperties"]
            if let properties, !properties.isEmpty {
                var fields: [String: FieldSchema] = [:]
                for (key, value) in properties { fields[key] = fromOpenAPI(value) }
                let extra: FieldSchema? =
                    schema["x-kubernetes-preserve-unknown-fields"]?.boolValue == true ? .deduced : nil
                return .object(properties: fields, additional: extra)
            }
            if let additional, additional.objectValue != nil { return .map(fromOpenAPI(additional)) }
            return .deduced
        case "array":
            let element = fromOpenAPI(schema["items"])
            switch schema["x-kubernetes-list-type"]?.stringValue {
            case "set": return .list(.set, element: element)
            case "map":
                let keys = (schema["x-kubernetes-list-map-keys"]?.arrayValue ?? []).compactMap(\.stringValue)
                return .list(.map(keys: keys), element: element)
            default: return .list(.atomic, element: element)
            }
        case nil:
            return schema["x-kubernetes-preserve-unknown-fields"]?.boolValue == true ? .deduced : .scalar
        default:
            return .scalar
        }
    }

    /// A CRD's schema with `metadata` forced to the built-in rules (ObjectMeta).
    static func customResource(_ openAPIV3Schema: JSONValue?) -> FieldSchema {
        switch fromOpenAPI(openAPIV3Schema) {
        case .object(var properties, let additional):
            properties["metadata"] = .builtin
            return .object(properties: properties, additional: additional)
        default:
            return .object(properties: ["metadata": .builtin], additional: .deduced)
        }
    }
}
