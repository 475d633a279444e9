import KubernetesModel

/// Turns the text of one file (or of kustomize output) into objects: YAML streams or a JSON
/// document, `List`s flattened. A document without `apiVersion` or `kind` is an error, as is an
/// object without a name: Flux v1 skipped such documents with a warning, and then its garbage
/// collection deleted the live object the document had described (docs/security.md).
struct DocumentDecoder: Sendable {
    struct Output: Sendable {
        var manifests: [Manifest] = []
        var warnings: [ManifestWarning] = []
        var errors: [ManifestError] = []
        /// Documents read (for the load's total).
        var documents = 0
    }

    /// - Parameters:
    ///   - path: the file (or kustomization directory) relative to the repository root.
    ///   - rendered: the text is kustomize output, whose lines mean nothing to the user.
    static func decode(
        _ text: String, path: String, json: Bool, rendered: Bool = false, limits: ManifestLimits = .default
    ) -> Output {
        var output = Output()
        let documents: [(value: JSONValue, line: Int)]
        if json {
            do throws(JSONParseError) {
                documents = [(value: try JSONValue(parsing: text), line: firstContentLine(text))]
            } catch {
                output.errors.append(
                    ManifestError(
                        code: .syntax, file: path, line: line(ofByteOffset: error.offset, in: text),
                        message: "invalid JSON: \(error.message)"))
                return output
            }
            if let document = documents.first, document.value.nestingDepth(exceeds: limits.yaml.maxDepth) {
                output.errors.append(
                    ManifestError(
                        code: .limitExceeded, file: path, line: document.line,
                        message: "objects and arrays nest deeper than \(limits.yaml.maxDepth) levels (fluxd --manifest-max-depth)"))
                return output
            }
        } else {
            do throws(YAMLConversionError) {
                documents = try JSONValue.yamlDocuments(text, limits: limits.yaml).map { (value: $0.value, line: $0.line) }
            } catch {
                let errorLine = rendered ? nil : error.line
                let isLimit = error.limit != nil
                output.errors.append(
                    ManifestError(
                        code: isLimit ? .limitExceeded : .syntax, file: path, line: errorLine,
                        message: isLimit ? error.message : "invalid YAML: \(error.message)"))
                return output
            }
        }
        output.documents = documents.count
        for document in documents {
            let source = ManifestSource(path: path, line: rendered ? nil : document.line)
            add(document.value, source: source, into: &output)
        }
        return output
    }

    static func add(_ value: JSONValue, source: ManifestSource, into output: inout Output) {
        guard value.objectValue != nil else {
            output.errors.append(
                ManifestError(
                    code: .missingKind, file: source.path, line: source.line,
                    message: "the document is not a Kubernetes object (it is a \(value.typeName) value)"))
            return
        }
        let apiVersion = value.apiVersion ?? ""
        let kind = value.kind ?? ""
        guard !apiVersion.isEmpty, !kind.isEmpty else {
            let missing = [apiVersion.isEmpty ? "apiVersion" : nil, kind.isEmpty ? "kind" : nil].compactMap { $0 }
            output.errors.append(
                ManifestError(
                    code: .missingKind, file: source.path, line: source.line, object: value.name.map { "name \($0)" },
                    message:
                        "the document has no \(missing.joined(separator: " and ")); a sync that cannot read every document applies and prunes nothing"
                ))
            return
        }
        if kind.hasSuffix("List"), let itemsValue = value["items"] {
            guard let items = itemsValue.arrayValue else {
                output.errors.append(
                    ManifestError(
                        code: .invalid, file: source.path, line: source.line, object: kind,
                        message: "\(kind) has items that are not a list"))
                return
            }
            for item in items { add(item, source: source, into: &output) }
            return
        }
        let gvk = GroupVersionKind(apiVersion: apiVersion, kind: kind)
        guard let name = value.name, !name.isEmpty else {
            output.errors.append(
                ManifestError(
                    code: .missingName, file: source.path, line: source.line, object: gvk.groupKind.description,
                    message: "\(kind) has no metadata.name"))
            return
        }
        let key = ObjectKey(group: gvk.group, kind: kind, namespace: value.namespace ?? "", name: name)
        output.manifests.append(Manifest(object: value, source: source, key: key))
    }

    /// 1-based line holding the byte at `offset`.
    static func line(ofByteOffset offset: Int, in text: String) -> Int {
        var line = 1
        for (index, byte) in text.utf8.enumerated() {
            if index >= offset { break }
            if byte == UInt8(ascii: "\n") { line += 1 }
        }
        return line
    }

    static func firstContentLine(_ text: String) -> Int {
        var line = 1
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\n"): line += 1
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"): continue
            default: return line
            }
        }
        return 1
    }
}
