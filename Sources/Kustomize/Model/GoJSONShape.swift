import KubernetesModel

/// The shape of a Go struct as `encoding/json` decodes it into kustomize's types: object
/// keys match field names case-insensitively (an exact match preferred), and when several
/// keys land on one field the last in sorted order wins (sigs.k8s.io/yaml hands the decoder
/// JSON with sorted keys). So `nameprefix:` is `namePrefix:` to kustomize, and so it is here.
indirect enum GoJSONShape: Sendable {
    /// A struct: its fields and their shapes (`.any` for scalars and free-form maps).
    case object([String: GoJSONShape])
    case list(GoJSONShape)
    case any

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
        default:
            return value
        }
    }

    static func fieldName(_ key: String, in fields: [String: GoJSONShape]) -> String? {
        if fields[key] != nil { return key }
        let folded = key.lowercased()
        return fields.keys.first { $0.lowercased() == folded }
    }

    static func fields(_ names: [String], _ nested: [String: GoJSONShape] = [:]) -> GoJSONShape {
        var result: [String: GoJSONShape] = [:]
        for name in names { result[name] = .any }
        for (name, shape) in nested { result[name] = shape }
        return .object(result)
    }
}

/// kustomize v5's types (api/types), as far as they are structs.
extension GoJSONShape {
    static let selector = fields(["group", "version", "kind", "name", "namespace", "labelSelector", "annotationSelector"])
    static let fieldSpec = fields(["group", "version", "kind", "path", "create"])
    static let generatorOptions = fields(["labels", "annotations", "disableNameSuffixHash", "immutable"])
    static let generator = fields(
        ["name", "namespace", "behavior", "files", "literals", "envs", "env", "type"], ["options": generatorOptions])
    static let fieldOptions = fields(["delimiter", "index", "create"])
    static let replacement = fields(
        ["path"],
        [
            "source": fields(["group", "version", "kind", "name", "namespace", "fieldPath"], ["options": fieldOptions]),
            "targets": .list(
                fields(
                    ["fieldPaths"], ["select": selector, "reject": .list(selector), "options": fieldOptions])),
        ])

    static let kustomization: GoJSONShape = {
        var top: [String: GoJSONShape] = [:]
        for name in Kustomization.knownFields { top[name] = .any }
        top["patches"] = .list(fields(["path", "patch", "options"], ["target": selector]))
        top["patchesJson6902"] = .list(fields(["path", "patch"], ["target": selector]))
        top["configMapGenerator"] = .list(generator)
        top["secretGenerator"] = .list(generator)
        top["generatorOptions"] = generatorOptions
        top["labels"] = .list(fields(["pairs", "includeSelectors", "includeTemplates"], ["fields": .list(fieldSpec)]))
        top["replicas"] = .list(fields(["name", "count"]))
        top["images"] = .list(fields(["name", "newName", "newTag", "digest", "tagSuffix"]))
        top["sortOptions"] = fields(["order"], ["legacySortOptions": fields(["orderFirst", "orderLast"])])
        top["replacements"] = .list(replacement)
        top["vars"] = .list(
            fields(
                ["name"],
                [
                    "objref": fields(["apiVersion", "group", "version", "kind", "name", "namespace"]),
                    "fieldref": fields(["fieldpath"]),
                ]))
        top["openapi"] = fields(["path", "version"])
        return .object(top)
    }()
}
