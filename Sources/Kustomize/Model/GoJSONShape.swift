import KubernetesModel

/// The shape of a Go struct as `encoding/json` decodes it into kustomize's types: object
/// keys match field names case-insensitively (an exact match preferred), and when several
/// keys land on one field the last in sorted order wins (sigs.k8s.io/yaml hands the decoder
/// JSON with sorted keys). So `nameprefix:` is `namePrefix:` to kustomize, and so it is here.
/// Typed fields are checked as Go's decoder checks them: `newTag: 1.25` (a number where Go
/// wants a string) is refused, as kubectl refuses it; null is every type's zero value.
indirect enum GoJSONShape: Sendable {
    /// A struct: its fields and their shapes (`.any` for free-form values).
    case object([String: GoJSONShape])
    case list(GoJSONShape)
    case any
    case string
    case bool
    case int
    /// `map[string]string`.
    case stringMap

    /// `value` with struct keys spelled as the fields; an unknown key is an error when
    /// `strict` (kustomize decodes kustomization files strictly), else dropped.
    func normalize(_ value: JSONValue, file: String, field: String, strict: Bool) throws -> JSONValue {
        switch (self, value) {
        case (.object(let fields), .object(let object)):
            var result = JSONObject()
            for key in object.keys.sorted() {
                guard let name = Self.fieldName(key, in: fields) else {
                    if strict {
                        throw KustomizeError(
                            .unknownField, file: file, field: field.isEmpty ? key : "\(field).\(key)",
                            "invalid Kustomization: json: unknown field \"\(key)\"")
                    }
                    continue
                }
                guard let element = object[key] else { continue }
                let child = field.isEmpty ? name : "\(field).\(name)"
                result[name] = try (fields[name] ?? .any).normalize(element, file: file, field: child, strict: strict)
            }
            // Keep the file's order of fields (later readers may care about the order of maps).
            var ordered = JSONObject()
            for key in object.keys {
                if let name = Self.fieldName(key, in: fields), ordered[name] == nil, let element = result[name] {
                    ordered[name] = element
                }
            }
            return .object(ordered)
        case (.list(let element), .array(let items)):
            return .array(
                try items.enumerated().map { index, item in
                    try element.normalize(item, file: file, field: "\(field)[\(index)]", strict: strict)
                })
        case (_, .null), (.any, _), (.string, .string), (.bool, .bool), (.int, .integer):
            return value
        case (.int, .double(let number)) where number.rounded() == number && abs(number) < 9.2e18:
            return value  // sigs.k8s.io/yaml writes 3.0 as 3
        case (.stringMap, .object(let object)):
            for (key, item) in object {
                _ = try GoJSONShape.string.normalize(item, file: file, field: "\(field).\(key)", strict: strict)
            }
            return value
        default:
            throw KustomizeError(
                .invalidField, file: file, field: field,
                "invalid Kustomization: json: cannot unmarshal \(Self.jsonType(value)) into Go struct field \(field) of type \(goType)")
        }
    }

    /// How Go's decoder names a JSON value in its errors.
    static func jsonType(_ value: JSONValue) -> String {
        switch value {
        case .string: "string"
        case .integer, .double: "number"
        case .bool: "bool"
        case .array: "array"
        case .object: "object"
        default: "null"
        }
    }

    /// The Go type a field has, for errors.
    var goType: String {
        switch self {
        case .object: "struct"
        case .list(let element): "[]" + element.goType
        case .any: "interface {}"
        case .string: "string"
        case .bool: "bool"
        case .int: "int64"
        case .stringMap: "map[string]string"
        }
    }

    static func fieldName(_ key: String, in fields: [String: GoJSONShape]) -> String? {
        if fields[key] != nil { return key }
        let folded = key.lowercased()
        return fields.keys.first { $0.lowercased() == folded }
    }

    /// A struct whose `names` are strings, with other fields of the shapes `nested` gives.
    static func fields(_ names: [String], _ nested: [String: GoJSONShape] = [:]) -> GoJSONShape {
        var result: [String: GoJSONShape] = [:]
        for name in names { result[name] = .string }
        for (name, shape) in nested { result[name] = shape }
        return .object(result)
    }
}

/// kustomize v5's types (api/types).
extension GoJSONShape {
    static let strings: GoJSONShape = .list(.string)
    static let selector = fields(["group", "version", "kind", "name", "namespace", "labelSelector", "annotationSelector"])
    static let fieldSpec = fields(["group", "version", "kind", "path"], ["create": .bool])
    static let image = fields(["name", "newName", "newTag", "digest", "tagSuffix"])
    static let generatorOptions = fields(
        [], ["labels": .stringMap, "annotations": .stringMap, "disableNameSuffixHash": .bool, "immutable": .bool])
    static let generator = fields(
        ["name", "namespace", "behavior", "env", "type"],
        ["options": generatorOptions, "files": strings, "literals": strings, "envs": strings])
    static let fieldOptions = fields(["delimiter"], ["index": .int, "create": .bool])
    static let replacement = fields(
        ["path"],
        [
            "source": fields(["group", "version", "kind", "name", "namespace", "fieldPath"], ["options": fieldOptions]),
            "targets": .list(
                fields(
                    [], ["select": selector, "reject": .list(selector), "options": fieldOptions, "fieldPaths": strings])),
        ])

    static let kustomization: GoJSONShape = {
        var top: [String: GoJSONShape] = [:]
        for name in Kustomization.knownFields { top[name] = .any }
        for name in ["namespace", "namePrefix", "nameSuffix", "apiVersion", "kind"] { top[name] = .string }
        for name in [
            "resources", "bases", "components", "patchesStrategicMerge", "crds", "configurations", "generators", "transformers",
            "validators", "buildMetadata",
        ] {
            top[name] = strings
        }
        for name in ["commonLabels", "commonAnnotations", "openapi"] { top[name] = .stringMap }
        top["patches"] = .list(
            fields(["path", "patch"], ["target": selector, "options": fields([], ["allowNameChange": .bool, "allowKindChange": .bool])]))
        top["patchesJson6902"] = .list(fields(["path", "patch"], ["target": selector]))
        top["configMapGenerator"] = .list(generator)
        top["secretGenerator"] = .list(generator)
        top["generatorOptions"] = generatorOptions
        top["labels"] = .list(
            fields([], ["pairs": .stringMap, "includeSelectors": .bool, "includeTemplates": .bool, "fields": .list(fieldSpec)]))
        top["replicas"] = .list(fields(["name"], ["count": .int]))
        top["images"] = .list(image)
        top["imageTags"] = .list(image)
        top["sortOptions"] = fields(["order"], ["legacySortOptions": fields([], ["orderFirst": strings, "orderLast": strings])])
        top["replacements"] = .list(replacement)
        top["vars"] = .list(
            fields(
                ["name"],
                [
                    "objref": fields(["apiVersion", "group", "version", "kind", "name", "namespace"]),
                    "fieldref": fields(["fieldpath"]),
                ]))
        return .object(top)
    }()
}
