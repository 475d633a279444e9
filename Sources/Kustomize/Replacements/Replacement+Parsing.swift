import KubernetesModel

/// Reading `replacements` entries (inline, or `path:` files holding one replacement or a
/// list), with kustomize's checks and errors naming the kustomization file and field.
extension Replacement {
    static let defaultFieldPath = "metadata.name"
    private static let idKeys: Set<String> = ["group", "version", "kind", "name", "namespace"]
    private static let selectorKeys = idKeys.union(["labelSelector", "annotationSelector"])
    private static let optionKeys: Set<String> = ["delimiter", "index", "create"]

    /// The replacements of a `replacements` list (or a ReplacementTransformer's).
    static func list(_ value: JSONValue?, kustomization: Kustomization, field: String) async throws -> [Replacement] {
        guard let value, !value.isNull else { return [] }
        let file = kustomization.file
        guard let entries = value.arrayValue else {
            throw KustomizeError(.invalidField, file: file, field: field, "expected a list, got \(value.typeName)")
        }
        var result: [Replacement] = []
        for (index, entry) in entries.enumerated() {
            let entryField = "\(field)[\(index)]"
            guard let object = entry.objectValue else {
                throw KustomizeError(.invalidField, file: file, field: entryField, "expected a map, got \(entry.typeName)")
            }
            try checkKeys(object, ["path", "source", "targets"], file: file, field: entryField)
            if let path = object["path"]?.stringValue {
                guard object["source"] == nil && object["targets"] == nil else {
                    throw KustomizeError(.invalidField, file: file, field: entryField, "cannot specify both path and inline replacement")
                }
                let full = FileLoader.resolve(path, in: kustomization.directory)
                let text = try await FileLoader.readText(full, kustomization: file, field: "\(entryField).path")
                let documents: [KYAMLDecoder.Document]
                do {
                    documents = try KYAMLDecoder.documents(text)
                } catch {
                    throw KustomizeError(.invalidYAML, file: full, field: "\(entryField).path", line: error.line, error.message)
                }
                // Files are decoded leniently (unknown fields ignored), names case-insensitively.
                let raw = documents.first?.value ?? .null
                let shape: GoJSONShape = raw.arrayValue != nil ? .list(.replacement) : .replacement
                let content = try shape.normalize(raw, file: full, field: "", strict: false)
                switch content {
                case .array(let items):
                    for (itemIndex, item) in items.enumerated() {
                        result.append(try parse(item, file: full, field: "[\(itemIndex)]"))
                    }
                case .object:
                    result.append(try parse(content, file: full, field: "replacement"))
                default:
                    throw KustomizeError(
                        .invalidField, file: full, field: "\(entryField).path",
                        "unsupported replacement type encountered within replacement path: \(content.typeName)")
                }
            } else {
                result.append(try parse(entry, file: file, field: entryField))
            }
        }
        return result
    }

    static func parse(_ value: JSONValue, file: String, field: String) throws -> Replacement {
        guard let object = value.objectValue else {
            throw KustomizeError(.invalidField, file: file, field: field, "expected a map, got \(value.typeName)")
        }
        try checkKeys(object, ["source", "targets", "path"], file: file, field: field)
        guard let source = object["source"]?.objectValue, let targets = object["targets"]?.arrayValue else {
            throw KustomizeError(
                .invalidField, file: file, field: field, "replacements must specify a source and at least one target")
        }
        try checkKeys(source, idKeys.union(["fieldPath", "options"]), file: file, field: "\(field).source")
        var replacement = Replacement(
            source: try selector(source, file: file, field: "\(field).source", keys: idKeys.union(["fieldPath", "options"])),
            sourceFieldPath: try string(source["fieldPath"], file: file, field: "\(field).source.fieldPath")
                ?? defaultFieldPath,
            sourceOptions: try options(source["options"], file: file, field: "\(field).source.options"),
            targets: [])
        if replacement.sourceFieldPath.isEmpty { replacement.sourceFieldPath = defaultFieldPath }
        for (index, target) in targets.enumerated() {
            let targetField = "\(field).targets[\(index)]"
            guard let targetObject = target.objectValue else {
                throw KustomizeError(.invalidField, file: file, field: targetField, "expected a map, got \(target.typeName)")
            }
            try checkKeys(targetObject, ["select", "reject", "fieldPaths", "options"], file: file, field: targetField)
            guard let select = targetObject["select"]?.objectValue else {
                throw KustomizeError(.invalidField, file: file, field: targetField, "target must specify resources to select")
            }
            var rejects: [IDSelector] = []
            for (rejectIndex, reject) in (targetObject["reject"]?.arrayValue ?? []).enumerated() {
                let rejectField = "\(targetField).reject[\(rejectIndex)]"
                guard let rejectObject = reject.objectValue else {
                    throw KustomizeError(.invalidField, file: file, field: rejectField, "expected a map")
                }
                var rejectSelector = try selector(rejectObject, file: file, field: rejectField, keys: selectorKeys)
                try rejectSelector.compilePatterns(file: file, field: rejectField)
                rejects.append(rejectSelector)
            }
            var paths: [String] = []
            for (pathIndex, path) in (targetObject["fieldPaths"]?.arrayValue ?? []).enumerated() {
                guard let text = path.stringValue else {
                    throw KustomizeError(
                        .invalidField, file: file, field: "\(targetField).fieldPaths[\(pathIndex)]", "expected a string")
                }
                paths.append(text)
            }
            var selectSelector = try selector(select, file: file, field: "\(targetField).select", keys: selectorKeys)
            try selectSelector.compilePatterns(file: file, field: "\(targetField).select")
            replacement.targets.append(
                Target(
                    select: selectSelector,
                    reject: rejects, fieldPaths: paths.isEmpty ? [defaultFieldPath] : paths,
                    options: try options(targetObject["options"], file: file, field: "\(targetField).options")))
        }
        return replacement
    }

    private static func checkKeys(_ object: JSONObject, _ known: Set<String>, file: String, field: String) throws {
        for key in object.keys where !known.contains(key) {
            throw KustomizeError(.unknownField, file: file, field: "\(field).\(key)", "json: unknown field \"\(key)\"")
        }
    }

    private static func string(_ value: JSONValue?, file: String, field: String) throws -> String? {
        guard let value, !value.isNull else { return nil }
        guard let text = value.stringValue else {
            throw KustomizeError(.invalidField, file: file, field: field, "expected a string, got \(value.typeName)")
        }
        return text
    }

    private static func selector(_ object: JSONObject, file: String, field: String, keys: Set<String>) throws -> IDSelector {
        try checkKeys(object, keys, file: file, field: field)
        var selector = IDSelector()
        selector.group = try string(object["group"], file: file, field: "\(field).group") ?? ""
        selector.version = try string(object["version"], file: file, field: "\(field).version") ?? ""
        selector.kind = try string(object["kind"], file: file, field: "\(field).kind") ?? ""
        selector.name = try string(object["name"], file: file, field: "\(field).name") ?? ""
        selector.namespace = try string(object["namespace"], file: file, field: "\(field).namespace") ?? ""
        for key in ["labelSelector", "annotationSelector"] {
            guard let text = try string(object[key], file: file, field: "\(field).\(key)"), !text.isEmpty else { continue }
            do {
                let parsed = try LabelSelector(parsing: text)
                if key == "labelSelector" { selector.labelSelector = parsed } else { selector.annotationSelector = parsed }
            } catch {
                throw KustomizeError(.invalidField, file: file, field: "\(field).\(key)", error.description)
            }
        }
        return selector
    }

    private static func options(_ value: JSONValue?, file: String, field: String) throws -> Options {
        guard let value, !value.isNull else { return Options() }
        guard let object = value.objectValue else {
            throw KustomizeError(.invalidField, file: file, field: field, "expected a map, got \(value.typeName)")
        }
        try checkKeys(object, optionKeys, file: file, field: field)
        var options = Options()
        options.delimiter = try string(object["delimiter"], file: file, field: "\(field).delimiter") ?? ""
        if let index = object["index"], !index.isNull {
            guard let number = index.intValue else {
                throw KustomizeError(.invalidField, file: file, field: "\(field).index", "expected an integer, got \(index.typeName)")
            }
            options.index = Int(number)
        }
        if let create = object["create"], !create.isNull {
            guard let flag = create.boolValue else {
                throw KustomizeError(.invalidField, file: file, field: "\(field).create", "expected a boolean, got \(create.typeName)")
            }
            options.create = flag
        }
        return options
    }
}
