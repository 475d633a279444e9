import KubernetesModel

/// RFC 7386 JSON merge patch (`application/merge-patch+json`).
enum JSONMergePatch {
    static func apply(_ patch: JSONValue, to target: JSONValue) -> JSONValue {
        guard case .object(let patchObject) = patch else { return patch }
        var result = target.objectValue ?? JSONObject()
        for (key, value) in patchObject {
            if value.isNull {
                result.removeValue(forKey: key)
            } else {
                result[key] = apply(value, to: result[key] ?? .null)
            }
        }
        return .object(result)
    }
}

/// Why a JSON patch could not be applied.
struct JSONPatchError: Error, CustomStringConvertible {
    var description: String
}

/// RFC 6902 JSON patch (`application/json-patch+json`).
enum JSONPatch {
    static func apply(_ patch: JSONValue, to target: JSONValue) throws(JSONPatchError) -> JSONValue {
        guard let operations = patch.arrayValue else { throw JSONPatchError(description: "json patch must be an array") }
        var document = target
        for operation in operations {
            let op = operation["op"]?.stringValue ?? ""
            let path = try pointer(operation["path"]?.stringValue)
            switch op {
            case "add": document = try set(document, path, operation["value"] ?? .null, insert: true)
            case "replace":
                _ = try get(document, path)
                document = try set(document, path, operation["value"] ?? .null, insert: false)
            case "remove": document = try remove(document, path)
            case "test":
                guard try get(document, path) == (operation["value"] ?? .null) else {
                    throw JSONPatchError(description: "testing value \(operation["path"]?.stringValue ?? "") failed: test failed")
                }
            case "move", "copy":
                let from = try pointer(operation["from"]?.stringValue)
                let value = try get(document, from)
                if op == "move" { document = try remove(document, from) }
                document = try set(document, path, value, insert: true)
            default:
                throw JSONPatchError(description: "Unexpected kind: \(op)")
            }
        }
        return document
    }

    static func pointer(_ text: String?) throws(JSONPatchError) -> [String] {
        guard let text else { throw JSONPatchError(description: "missing path") }
        if text.isEmpty { return [] }
        guard text.hasPrefix("/") else { throw JSONPatchError(description: "invalid path \(text)") }
        return text.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map {
            $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        }
    }

    static func get(_ value: JSONValue, _ path: [String]) throws(JSONPatchError) -> JSONValue {
        var current = value
        for token in path {
            if let array = current.arrayValue {
                guard let index = Int(token), array.indices.contains(index) else {
                    throw JSONPatchError(description: "array index \(token) out of bounds")
                }
                current = array[index]
            } else if let next = current[token] {
                current = next
            } else {
                throw JSONPatchError(description: "missing value at /\(path.joined(separator: "/"))")
            }
        }
        return current
    }

    static func set(_ value: JSONValue, _ path: [String], _ newValue: JSONValue, insert: Bool) throws(JSONPatchError) -> JSONValue {
        guard let token = path.first else { return newValue }
        let rest = Array(path.dropFirst())
        switch value {
        case .array(var array):
            if rest.isEmpty, insert {
                if token == "-" {
                    array.append(newValue)
                } else {
                    guard let index = Int(token), index >= 0, index <= array.count else {
                        throw JSONPatchError(description: "array index \(token) out of bounds")
                    }
                    array.insert(newValue, at: index)
                }
                return .array(array)
            }
            guard let index = Int(token), array.indices.contains(index) else {
                throw JSONPatchError(description: "array index \(token) out of bounds")
            }
            array[index] = try set(array[index], rest, newValue, insert: insert)
            return .array(array)
        case .object(var object):
            if rest.isEmpty {
                object[token] = newValue
            } else {
                guard let child = object[token] else {
                    throw JSONPatchError(description: "missing value at \(token)")
                }
                object[token] = try set(child, rest, newValue, insert: insert)
            }
            return .object(object)
        default:
            throw JSONPatchError(description: "cannot set \(token) in a \(value.typeName)")
        }
    }

    static func remove(_ value: JSONValue, _ path: [String]) throws(JSONPatchError) -> JSONValue {
        guard let token = path.first else { throw JSONPatchError(description: "cannot remove the root") }
        let rest = Array(path.dropFirst())
        switch value {
        case .array(var array):
            guard let index = Int(token), array.indices.contains(index) else {
                throw JSONPatchError(description: "array index \(token) out of bounds")
            }
            if rest.isEmpty { array.remove(at: index) } else { array[index] = try remove(array[index], rest) }
            return .array(array)
        case .object(var object):
            guard let child = object[token] else { throw JSONPatchError(description: "missing value at \(token)") }
            if rest.isEmpty { object.removeValue(forKey: token) } else { object[token] = try remove(child, rest) }
            return .object(object)
        default:
            throw JSONPatchError(description: "cannot remove \(token) from a \(value.typeName)")
        }
    }
}

/// Strategic merge patch, to the extent kubectl uses it (`kubectl patch`, `label`,
/// `annotate`, client-side `apply`): a merge patch whose lists with merge keys merge by
/// key, with `$patch: delete`/`replace` and `$deleteFromPrimitiveList`; other
/// directives (`$setElementOrder`, `$retainKeys`) are dropped.
enum StrategicMergePatch {
    static func apply(_ patch: JSONValue, to target: JSONValue, schema: FieldSchema) -> JSONValue {
        guard case .object(let patchObject) = patch else { return patch }
        if patchObject["$patch"]?.stringValue == "replace" {
            var replaced = patchObject
            replaced.removeValue(forKey: "$patch")
            return .object(replaced)
        }
        var result = target.objectValue ?? JSONObject()
        for (key, value) in patchObject {
            if key.hasPrefix("$setElementOrder/") || key == "$retainKeys" || key == "$patch" { continue }
            if key.hasPrefix("$deleteFromPrimitiveList/") {
                let field = String(key.dropFirst("$deleteFromPrimitiveList/".count))
                let drop = value.arrayValue ?? []
                if let items = result[field]?.arrayValue { result[field] = .array(items.filter { !drop.contains($0) }) }
                continue
            }
            if value.isNull || value["$patch"]?.stringValue == "delete" {
                result.removeValue(forKey: key)
                continue
            }
            let childSchema = schema.child(key)
            if let items = value.arrayValue, let live = result[key]?.arrayValue {
                let type = childSchema.listType
                switch type {
                case .map, .ports:
                    result[key] = .array(mergeList(live, items, type: type, element: childSchema.child("")))
                    continue
                case .set:
                    var merged = live
                    for item in items where !merged.contains(item) { merged.append(item) }
                    result[key] = .array(merged)
                    continue
                case .atomic:
                    break
                }
            }
            // Strategic merge recurses into every object (API `mapType=atomic` markers are an
            // apply concept; strategic merge merges e.g. a Service selector key by key).
            if value.objectValue != nil {
                result[key] = apply(value, to: result[key] ?? .null, schema: childSchema)
            } else {
                result[key] = value
            }
        }
        return .object(result)
    }

    /// The `patchMergeKey` value of a list item: one field, unlike apply's list-map keys
    /// (container ports merge on `containerPort`, Service ports on `port`).
    static func mergeKey(_ type: ListType, item: JSONValue) -> JSONValue? {
        switch type {
        case .atomic, .set: return nil
        case .map(let keys): return keys.first.flatMap { item[$0] }
        case .ports: return item["containerPort"] ?? item["port"]
        }
    }

    static func mergeList(_ live: [JSONValue], _ patch: [JSONValue], type: ListType, element: FieldSchema) -> [JSONValue] {
        var result = live
        for item in patch {
            let key = mergeKey(type, item: item)
            let position = result.firstIndex { mergeKey(type, item: $0) == key }
            if item["$patch"]?.stringValue == "delete" {
                if let position { result.remove(at: position) }
                continue
            }
            if let position {
                result[position] = apply(item, to: result[position], schema: element)
            } else {
                result.append(apply(item, to: .object(JSONObject()), schema: element))
            }
        }
        return result
    }
}
