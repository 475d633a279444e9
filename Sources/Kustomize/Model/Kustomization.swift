import KubernetesModel

/// A parsed `kustomization.yaml` (or a `Component`). Fields are kept as JSON values and read
/// by the step that uses them; unknown top-level fields are rejected like kustomize does.
struct Kustomization: Sendable {
    /// The file it was read from.
    var file: String
    /// The directory relative paths resolve against.
    var directory: String
    var fields: JSONObject

    static let fileNames = ["kustomization.yaml", "kustomization.yml", "Kustomization"]

    static let knownFields: Set<String> = [
        "apiVersion", "kind", "metadata", "resources", "bases", "components", "namespace", "namePrefix",
        "nameSuffix", "commonLabels", "labels", "commonAnnotations", "images", "replicas", "patches",
        "patchesStrategicMerge", "patchesJson6902", "configMapGenerator", "secretGenerator",
        "generatorOptions", "crds", "sortOptions", "buildMetadata", "openapi", "configurations",
        "vars", "replacements", "generators", "transformers", "validators", "helmCharts", "helmGlobals",
        "imageTags", "helmChartInflationGenerator",
    ]

    /// Fields kustomize knows but this renderer does not implement yet (refused when they list
    /// something; `helmGlobals` only configures these and is ignored).
    static let unsupportedFields: Set<String> = ["helmCharts", "helmChartInflationGenerator"]

    var isComponent: Bool { fields["kind"]?.stringValue == "Component" }

    subscript(key: String) -> JSONValue? { fields[key] }

    func string(_ key: String) -> String? { fields[key]?.stringValue }

    /// A list of strings (`resources`, `components`, …), or a typed error naming the field.
    func stringList(_ key: String) throws -> [String] {
        guard let value = fields[key], !value.isNull else { return [] }
        guard let array = value.arrayValue else {
            throw KustomizeError(.invalidField, file: file, field: key, "expected a list of strings, got \(value.typeName)")
        }
        var result: [String] = []
        for (index, element) in array.enumerated() {
            guard let string = element.stringValue else {
                throw KustomizeError(
                    .invalidField, file: file, field: "\(key)[\(index)]", "expected a string, got \(element.typeName)")
            }
            result.append(string)
        }
        return result
    }

    /// A list of objects (`patches`, `images`, …).
    func objectList(_ key: String) throws -> [JSONObject] {
        guard let value = fields[key], !value.isNull else { return [] }
        guard let array = value.arrayValue else {
            throw KustomizeError(.invalidField, file: file, field: key, "expected a list, got \(value.typeName)")
        }
        var result: [JSONObject] = []
        for (index, element) in array.enumerated() {
            guard let object = element.objectValue else {
                throw KustomizeError(
                    .invalidField, file: file, field: "\(key)[\(index)]", "expected an object, got \(element.typeName)")
            }
            result.append(object)
        }
        return result
    }

    /// A string map (`commonLabels`, `commonAnnotations`).
    func stringMap(_ key: String) throws -> [(String, String)] {
        guard let value = fields[key], !value.isNull else { return [] }
        return try Self.stringMap(value, file: file, field: key)
    }

    static func stringMap(_ value: JSONValue, file: String, field: String) throws -> [(String, String)] {
        guard let object = value.objectValue else {
            throw KustomizeError(.invalidField, file: file, field: field, "expected a map, got \(value.typeName)")
        }
        var result: [(String, String)] = []
        for (key, element) in object {
            // Go's decoder leaves a string at "" for a JSON null.
            if element.isNull {
                result.append((key, ""))
                continue
            }
            guard let string = element.stringValue else {
                throw KustomizeError(
                    .invalidField, file: file, field: "\(field).\(key)",
                    "invalid Kustomization: cannot unmarshal \(element.typeName) into a string (quote the value)")
            }
            result.append((key, string))
        }
        return result
    }

    /// How Go's YAML-to-string decoding reads a scalar in a `map[string]string` field.
    static func scalarString(_ value: JSONValue) -> String {
        switch value {
        case .string(let s): return s
        case .bool(let b): return b ? "true" : "false"
        case .integer(let i): return String(i)
        case .double(let d): return GoNumbers.formatFloat(d)
        case .null: return ""
        default: return value.serialized()
        }
    }
}
