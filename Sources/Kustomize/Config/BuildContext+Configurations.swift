import KubernetesModel

extension BuildContext {
    /// Merges a kustomization's `configurations:` files and `crds:` into the build's
    /// transformer configuration.
    mutating func loadConfigurations(_ kustomization: Kustomization) async throws {
        let file = kustomization.file
        // kustomize's MakeTransformerConfig: the defaults, or the `configurations` files
        // merged first and the defaults after them; then merged after the bases' configuration.
        let entries = try kustomization.stringList("configurations")
        var own = entries.isEmpty ? TransformerConfig.default : TransformerConfig.empty
        for (index, entry) in entries.enumerated() {
            let field = "configurations[\(index)]"
            let path = FileLoader.resolve(entry, in: kustomization.directory)
            let text = try await FileLoader.readText(path, kustomization: file, field: field)
            let documents: [KYAMLDecoder.Document]
            do {
                documents = try KYAMLDecoder.documents(text)
            } catch {
                throw KustomizeError(.invalidYAML, file: path, field: field, line: error.line, error.message)
            }
            for document in documents {
                try own.merge(try TransformerConfig.parse(document.value, file: path), file: path)
            }
        }
        if !entries.isEmpty { try own.merge(.default, file: file) }
        try config.merge(own, file: file)
        if let openapi = kustomization["openapi"], !openapi.isNull {
            guard let object = openapi.objectValue else {
                throw KustomizeError(.invalidField, file: file, field: "openapi", "expected a map with 'path' or 'version'")
            }
            // `openapi` is a string map to kustomize: other keys are ignored.
            if object["path"] != nil && object["version"] != nil {
                throw KustomizeError(
                    .invalidField, file: file, field: "openapi", "builtin version and custom schema provided, cannot use both")
            }
            // kustomize v5.8 builds in only the v1.21.2 schema.
            if let version = object["version"]?.stringValue, !version.isEmpty, version != "v1.21.2" {
                throw KustomizeError(
                    .invalidField, file: file, field: "openapi.version",
                    "the specified OpenAPI version is not built in (only v1.21.2 is)")
            }
            // A builtin version (set above a base's custom schema) takes precedence: no
            // custom strategies remain.
            if object["version"] != nil {
                config.schemas = [:]
                config.customSchema = false
            }
            if let entry = object["path"]?.stringValue {
                let path = FileLoader.resolve(entry, in: kustomization.directory)
                let text = try await FileLoader.readText(path, kustomization: file, field: "openapi.path")
                config.schemas.merge(try OpenAPISchema.parse(text, file: path, field: "openapi.path")) { _, new in new }
                config.customSchema = true
            }
        }
        for (index, entry) in try kustomization.stringList("crds").enumerated() {
            let field = "crds[\(index)]"
            let path = FileLoader.resolve(entry, in: kustomization.directory)
            let text = try await FileLoader.readText(path, kustomization: file, field: field)
            try config.merge(try CRDConfig.parse(text, file: path, field: field), file: path)
        }
    }
}
