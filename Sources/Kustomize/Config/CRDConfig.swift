import KubernetesModel

/// `crds:` files: OpenAPI definitions (`{"<pkg>.<Kind>": {"Schema": {...}}}`, JSON or YAML)
/// whose properties carry kustomize's markers, turned into transformer configuration as
/// kustomize's `LoadConfigFromCRDs` does: `x-kubernetes-annotation` (commonAnnotations),
/// `x-kubernetes-label-selector` (commonLabels), `x-kubernetes-identity` (name prefix) and `x-kubernetes-object-ref-kind`/`-api-version`/`-name-key` (name references).
enum CRDConfig {
    static func parse(_ text: String, file: String, field: String) throws -> TransformerConfig {
        let value: JSONValue
        do {
            value = try KYAMLDecoder.documents(text).first?.value ?? .null
        } catch {
            throw KustomizeError(
                .invalidYAML, file: file, field: field, line: error.line,
                "unable to parse open API definition from '\(file)': \(error.message)")
        }
        guard let definitions = value.objectValue else {
            throw KustomizeError(.invalidField, file: file, field: field, "unable to parse open API definition from '\(file)'")
        }
        var config = TransformerConfig(
            namePrefix: [], nameSuffix: [], namespace: [], commonLabels: [], templateLabels: [], commonAnnotations: [],
            labels: [], nameReference: [], varReference: [], images: [], replicas: [])
        for (name, definition) in definitions {
            // kustomize decodes each entry as an OpenAPIDefinition: a map (or null).
            guard definition.objectValue != nil || definition.isNull else {
                throw KustomizeError(
                    .invalidField, file: file, field: field,
                    "unable to parse open API definition from '\(file)': '\(name)' is \(definition.typeName), not a definition")
            }
            guard let properties = definition["Schema"]?["properties"]?.objectValue,
                properties["kind"] != nil, properties["apiVersion"] != nil, properties["metadata"] != nil
            else { continue }
            let kind = String(name.split(separator: ".").last ?? "")
            var visited: Set<String> = []
            try load(name, kind: kind, definitions: definitions, path: [], into: &config, visited: &visited, file: file)
        }
        return config
    }

    private static func load(
        _ typeName: String, kind: String, definitions: JSONObject, path: [String], into config: inout TransformerConfig,
        visited: inout Set<String>, file: String
    ) throws {
        guard let properties = definitions[typeName]?["Schema"]?["properties"]?.objectValue else { return }
        guard visited.insert(typeName).inserted else { return }
        defer { visited.remove(typeName) }
        for (property, schema) in properties {
            let fieldPath = (path + [property]).joined(separator: "/")
            let spec = FieldSpec(kind: kind, path: fieldPath)
            if schema["x-kubernetes-annotation"]?.stringValue != nil {
                try TransformerConfig.merge([spec], into: &config.commonAnnotations, file: file, field: "crds")
            }
            if schema["x-kubernetes-label-selector"]?.stringValue != nil {
                try TransformerConfig.merge([spec], into: &config.commonLabels, file: file, field: "crds")
            }
            if schema["x-kubernetes-identity"]?.stringValue != nil {
                try TransformerConfig.merge([spec], into: &config.namePrefix, file: file, field: "crds")
            }
            if schema["x-kubernetes-object-ref-api-version"]?.stringValue != nil,
                let referred = schema["x-kubernetes-object-ref-kind"]?.stringValue
            {
                let key = schema["x-kubernetes-object-ref-name-key"]?.stringValue ?? "name"
                let referrer = FieldSpec(kind: kind, path: fieldPath + "/" + key)
                if let index = config.nameReference.firstIndex(where: { $0.kind == referred && $0.group == nil && $0.version == nil }) {
                    try TransformerConfig.merge([referrer], into: &config.nameReference[index].referrers, file: file, field: "crds")
                } else {
                    config.nameReference.append(NameReferenceRule(kind: referred, referrers: [referrer]))
                }
            }
            if let reference = schema["$ref"]?.stringValue {
                try load(
                    reference, kind: kind, definitions: definitions, path: path + [property], into: &config, visited: &visited, file: file)
            }
        }
    }
}
