import KubernetesModel

/// kustomize decodes its file strictly: unknown fields inside entries are errors too.
/// This walks the positions kustomize checks and names the offending field.
extension Kustomization {
    private static let selectorFields: Set<String> = [
        "group", "version", "kind", "name", "namespace", "labelSelector", "annotationSelector",
    ]
    private static let optionFields: Set<String> = ["labels", "annotations", "disableNameSuffixHash", "immutable"]
    private static let generatorFields: Set<String> = [
        "name", "namespace", "behavior", "files", "literals", "envs", "env", "options", "type",
    ]

    func validateStrictFields() throws {
        try checkEntries("patches", ["path", "patch", "target", "options"]) { entry, field in
            try checkObject(entry["target"], Self.selectorFields, field: "\(field).target")
        }
        try checkEntries("patchesJson6902", ["target", "path", "patch"]) { entry, field in
            try checkObject(entry["target"], Self.selectorFields, field: "\(field).target")
        }
        for key in ["configMapGenerator", "secretGenerator"] {
            try checkEntries(key, Self.generatorFields) { entry, field in
                try checkObject(entry["options"], Self.optionFields, field: "\(field).options")
            }
        }
        try checkObject(fields["generatorOptions"], Self.optionFields, field: "generatorOptions")
        try checkEntries("labels", ["pairs", "includeSelectors", "includeTemplates", "fields"]) { _, _ in }
        try checkEntries("replicas", ["name", "count"]) { _, _ in }
        try checkObject(fields["sortOptions"], ["order", "legacySortOptions"], field: "sortOptions")
        try checkObject(
            fields["sortOptions"]?["legacySortOptions"], ["orderFirst", "orderLast"],
            field: "sortOptions.legacySortOptions")
    }

    private func checkEntries(_ key: String, _ known: Set<String>, _ nested: (JSONObject, String) throws -> Void) throws {
        guard let array = fields[key]?.arrayValue else { return }
        for (index, element) in array.enumerated() {
            guard let object = element.objectValue else { continue }
            let field = "\(key)[\(index)]"
            try checkObject(element, known, field: field)
            try nested(object, field)
        }
    }

    private func checkObject(_ value: JSONValue?, _ known: Set<String>, field: String) throws {
        guard let object = value?.objectValue else { return }
        for key in object.keys where !known.contains(key) {
            throw KustomizeError(
                .unknownField, file: file, field: "\(field).\(key)", "invalid Kustomization: json: unknown field \"\(key)\"")
        }
    }
}
