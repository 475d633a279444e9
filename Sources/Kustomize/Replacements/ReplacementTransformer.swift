import KubernetesModel

/// kustomize's `ReplacementTransformer` (api/filters/replacement): for each replacement,
/// the single source object's value is copied into every selected target field.
struct ReplacementTransformer {
    var replacements: [Replacement]
    /// Where the replacements were declared, for errors.
    var file: String
    var field: String

    func apply(to resources: inout [Resource]) throws {
        for (number, replacement) in replacements.enumerated() {
            let position = "\(field)[\(number)]"
            let value = try sourceValue(replacement, resources: resources, field: position)
            for target in replacement.targets {
                for index in resources.indices {
                    let resource = resources[index]
                    guard target.select.matchesSelectors(resource.object) else { continue }
                    if target.reject.contains(where: {
                        ($0.labelSelector != nil || $0.annotationSelector != nil) && $0.matchesSelectors(resource.object)
                    }) {
                        continue
                    }
                    let selected = resource.allIDs.contains { id in
                        target.select.selects(id) && !target.reject.contains { !$0.isEmptyID && $0.selects(id) }
                    }
                    guard selected else { continue }
                    do {
                        try apply(value, to: &resources[index].object, target: target)
                    } catch let failure as KyamlPath.Failure {
                        throw KustomizeError(
                            .invalidField, file: file, field: "\(position).targets",
                            "unable to apply replacement to \(resource.currentID): \(failure.message)")
                    }
                }
            }
        }
    }

    private func sourceValue(_ replacement: Replacement, resources: [Resource], field: String) throws -> JSONValue {
        let matches = resources.filter { resource in resource.allIDs.contains { replacement.source.selects($0) } }
        guard matches.count == 1, let source = matches.first else {
            let reason = matches.isEmpty ? "nothing selected by" : "multiple matches for selector"
            throw KustomizeError(.invalidField, file: file, field: "\(field).source", "\(reason) \(replacement.source.description)")
        }
        let value: JSONValue?
        do {
            value = try KyamlPath.get(source.object, KyamlPath.split(replacement.sourceFieldPath))
        } catch {
            throw KustomizeError(.invalidField, file: file, field: "\(field).source.fieldPath", error.message)
        }
        guard let value, !Self.isNilOrEmpty(value) else {
            throw KustomizeError(
                .invalidField, file: file, field: "\(field).source.fieldPath",
                "fieldPath `\(replacement.sourceFieldPath)` is missing for replacement source \(source.currentID)")
        }
        let options = replacement.sourceOptions
        guard !options.delimiter.isEmpty else { return value }
        guard KyamlPath.isScalar(value) else {
            throw KustomizeError(
                .invalidField, file: file, field: "\(field).source.options", "delimiter option can only be used with scalar nodes")
        }
        let text = KyamlPath.text(value)
        let parts = text.components(separatedBy: options.delimiter)
        guard options.index >= 0, options.index < parts.count else {
            throw KustomizeError(
                .invalidField, file: file, field: "\(field).source.options.index",
                "options.index \(options.index) is out of bounds for value \(text)")
        }
        return Self.retyped(parts[options.index], like: value)
    }

    /// kyaml's `IsNilOrEmpty`: null, or an empty map or list.
    static func isNilOrEmpty(_ value: JSONValue) -> Bool {
        switch value {
        case .null: return true
        case .object(let object): return object.isEmpty
        case .array(let items): return items.isEmpty
        default: return false
        }
    }

    /// A scalar node whose text changed but whose YAML tag stayed: strings stay strings,
    /// other scalars are read again from the text.
    static func retyped(_ text: String, like value: JSONValue) -> JSONValue {
        if case .string = value { return .string(text) }
        return KYAMLDecoder.resolvePlain(text)
    }

    private func apply(_ value: JSONValue, to object: inout JSONValue, target: Replacement.Target) throws {
        for fieldPath in target.fieldPaths {
            let path = KyamlPath.split(fieldPath)
            if try StructuredData.apply(value, to: &object, path: path, create: target.options.create) { continue }
            if target.options.create {
                // kustomize v5.8 creates through kyaml's PathMatcher: `*` visits the list's
                // elements (creating below each of them) and must match at least one.
                var matched = 0
                try KyamlPath.create(&object, path[...]) { existing in
                    matched += 1
                    guard let existing else {
                        return KyamlPath.isScalar(value) ? Self.newScalar(value, options: target.options) : value
                    }
                    return try Self.set(value, into: existing, options: target.options)
                }
                if matched == 0 {
                    throw KyamlPath.Failure(message: "unable to find or create field \"\(fieldPath)\" in replacement target")
                }
            } else {
                var matched = 0
                do {
                    try KyamlPath.visit(&object, path[...]) { node in
                        matched += 1
                        node = try Self.set(value, into: node, options: target.options)
                    }
                } catch let failure as KyamlPath.Failure {
                    throw KyamlPath.Failure(
                        message: "unable to find field \"\(fieldPath)\" in replacement target: \(failure.message)")
                }
                if matched == 0 {
                    throw KyamlPath.Failure(message: "unable to find field \"\(fieldPath)\" in replacement target")
                }
            }
        }
    }

    /// A freshly created scalar has no tag: its text is read as YAML.
    private static func newScalar(_ value: JSONValue, options: Replacement.Options) -> JSONValue {
        if case .string(let text) = value, !options.delimiter.isEmpty { return KYAMLDecoder.resolvePlain(text) }
        return KYAMLDecoder.resolvePlain(KyamlPath.text(value))
    }

    /// kustomize's `setTargetValue`: a scalar target keeps its type and takes the value's
    /// text (spliced in at `index` with a delimiter); other targets are replaced.
    static func set(_ value: JSONValue, into target: JSONValue, options: Replacement.Options) throws -> JSONValue {
        var text = KyamlPath.isScalar(value) ? KyamlPath.text(value) : ""
        if !options.delimiter.isEmpty {
            guard KyamlPath.isScalar(target) else {
                throw KyamlPath.Failure(message: "delimiter option can only be used with scalar nodes")
            }
            var parts = KyamlPath.text(target).components(separatedBy: options.delimiter)
            if options.index < 0 {
                parts.insert(text, at: 0)
            } else if options.index >= parts.count {
                parts.append(text)
            } else {
                parts[options.index] = text
            }
            text = parts.joined(separator: options.delimiter)
            guard KyamlPath.isScalar(value) else { return .string(text) }
        }
        guard KyamlPath.isScalar(target) else {
            return options.delimiter.isEmpty ? value : retyped(text, like: value)
        }
        return retyped(text, like: target)
    }
}
