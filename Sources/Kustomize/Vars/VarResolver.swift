import KubernetesModel

/// kustomize's vars: bound to one resource per level (`MergeVars`), resolved once at the
/// end of the build (`ResolveVars`): `$(NAME)` in the `varReference` fields is replaced by
/// the field's final value; a field that is exactly `$(NAME)` takes the value's type.
enum VarResolver {
    /// Binds this kustomization's vars to the resources (after its transformers).
    static func bind(_ vars: [Var], known: inout [String: Var], resources: inout [Resource]) throws {
        for variable in vars {
            if known[variable.name] != nil {
                throw KustomizeError(
                    .invalidField, file: variable.file, field: variable.field, "var '\(variable.name)' already encountered")
            }
            let matches = resources.indices.filter { variable.matches(resources[$0]) }
            guard matches.count == 1, let index = matches.first else {
                let message =
                    matches.isEmpty
                    ? "var '\(variable.description)' cannot be mapped to a field in the set of known resources"
                    : "found \(matches.count) resId matches for var \(variable.description) (unable to disambiguate)"
                throw KustomizeError(.invalidField, file: variable.file, field: variable.field, message)
            }
            resources[index].varNames.append(variable.name)
            known[variable.name] = variable
        }
    }

    static func resolve(_ vars: [String: Var], specs: [FieldSpec], resources: inout [Resource]) throws {
        guard !vars.isEmpty else { return }
        var values: [String: JSONValue] = [:]
        for resource in resources {
            for name in resource.varNames {
                guard let variable = vars[name] else { continue }
                guard let value = fieldValue(resource.object, path: variable.fieldPath), !value.isNull,
                    value.objectValue == nil, value.arrayValue == nil
                else {
                    throw KustomizeError(
                        .invalidField, file: variable.file, field: variable.field,
                        "field specified in var '\(variable.description)' not found in corresponding resource")
                }
                values[name] = value
            }
        }
        for index in resources.indices {
            let gvk = resources[index].gvk
            for spec in specs where spec.applies(to: gvk) {
                try resources[index].apply(spec) { current in
                    guard let current else { return nil }
                    return substitute(current, values: values)
                }
            }
        }
    }

    /// `metadata.name`, `spec.ports[0].port`, `data.key\.with\.dots`.
    /// kyaml's `RNode.GetFieldValue`: the path split as `SmarterPathSplitter` does, `name[3]`
    /// turned into `name`, `3` (`convertSliceIndex`), then looked up as kyaml's `Lookup`
    /// (numeric parts index lists, `[key=value]` selects an element; `labels[app]` is a key).
    static func fieldValue(_ object: JSONValue, path: String) -> JSONValue? {
        var parts: [String] = []
        for part in KyamlPath.split(path) {
            guard part.hasSuffix("]"), let open = part.lastIndex(of: "[") else {
                parts.append(part)
                continue
            }
            let digits = part[part.index(after: open)..<part.index(before: part.endIndex)]
            guard !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else {
                parts.append(part)
                continue
            }
            if open > part.startIndex { parts.append(String(part[..<open])) }
            parts.append(String(digits))
        }
        // An unreadable `[key=value]` part finds nothing, as a missing field does.
        return try? KyamlPath.get(object, parts)
    }

    private static func substitute(_ value: JSONValue, values: [String: JSONValue]) -> JSONValue {
        switch value {
        case .string(let text): return expand(text, values: values)
        case .array(let items): return .array(items.map { if case .string = $0 { substitute($0, values: values) } else { $0 } })
        case .object(var object):
            for (key, item) in object {
                if case .string = item { object[key] = substitute(item, values: values) }
            }
            return .object(object)
        default: return value
        }
    }

    /// Kubernetes' `$(VAR)` expansion (third_party/forked/golang/expansion): `$$` escapes,
    /// unknown names stay as written.
    static func expand(_ input: String, values: [String: JSONValue]) -> JSONValue {
        let characters = Array(input)
        var output = ""
        var index = 0
        while index < characters.count {
            let character = characters[index]
            guard character == "$", index + 1 < characters.count else {
                output.append(character)
                index += 1
                continue
            }
            let next = characters[index + 1]
            if next == "$" {
                output.append("$")
                index += 2
            } else if next == "(" {
                guard let close = characters[(index + 2)...].firstIndex(of: ")") else {
                    output += "$("
                    index += 2
                    continue
                }
                let name = String(characters[(index + 2)..<close])
                if let value = values[name] {
                    if input == "$(\(name))" { return value }
                    output += KyamlPath.text(value)
                } else {
                    output += "$(\(name))"
                }
                index = close + 1
            } else {
                output.append("$")
                output.append(next)
                index += 2
            }
        }
        return .string(output)
    }
}
