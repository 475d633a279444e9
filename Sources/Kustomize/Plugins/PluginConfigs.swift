import KubernetesModel

/// The plugin configurations of a `generators:`, `transformers:` or `validators:` list:
/// each entry is a file (one or more YAML documents), a kustomization directory (its output
/// objects are the configurations) or inline YAML, as in kustomize v5.
struct PluginConfig {
    var object: JSONValue
    /// The entry it came from (`transformers[2]`), for errors.
    var field: String
    /// The file that configures it (the kustomization for an inline entry): the
    /// `configuredIn` of `buildMetadata` annotations.
    var origin: String
}

extension BuildContext {
    mutating func pluginConfigs(_ key: String, of kustomization: Kustomization) async throws -> [PluginConfig] {
        let file = kustomization.file
        // kustomize's configureExternalGenerators/-Transformers take the inline entries first
        // (in their order), then accumulate the files and directories listed.
        var inline: [PluginConfig] = []
        var configs: [PluginConfig] = []
        for (index, entry) in try kustomization.stringList(key).enumerated() {
            let field = "\(key)[\(index)]"
            if entry.contains("\n") {
                inline += try documents(entry, origin: file, kustomization: file, field: field)
                continue
            }
            if FileLoader.isRemote(entry) {
                throw KustomizeError(
                    .remoteResource, file: file, field: field,
                    "remote \(key) entry '\(Redaction.redact(entry))' is refused (plugin configurations are read from the repository)")
            }
            let path = FileLoader.resolve(entry, in: kustomization.directory)
            if FileLoader.isDirectory(path) {
                if visiting.contains(path) {
                    throw KustomizeError(.cycle, file: file, field: field, "cycle detected: '\(path)' includes itself")
                }
                let child = try await FileLoader.loadKustomization(directory: path, referencedFrom: file, field: field)
                var inner = BuildContext(allowRemoteResources: allowRemoteResources)
                inner.visiting = visiting
                for resource in try await inner.accumulate(child) {
                    configs.append(PluginConfig(object: resource.object, field: field, origin: resource.origin))
                }
            } else {
                let text = try await FileLoader.readText(path, kustomization: file, field: field)
                configs += try documents(text, origin: path, kustomization: file, field: field)
            }
        }
        return inline + configs
    }

    private func documents(_ text: String, origin: String, kustomization: String, field: String) throws -> [PluginConfig] {
        do {
            var configs: [PluginConfig] = []
            for document in try KYAMLDecoder.documents(text) where !document.value.isNull {
                if let items = document.value["items"]?.arrayValue, document.value.kind?.hasSuffix("List") == true {
                    configs += items.map { PluginConfig(object: $0, field: field, origin: origin) }
                } else {
                    configs.append(PluginConfig(object: document.value, field: field, origin: origin))
                }
            }
            return configs
        } catch {
            throw KustomizeError(.invalidYAML, file: origin, field: field, line: error.line, error.message)
        }
    }
}
