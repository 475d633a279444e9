import KubernetesModel

extension FieldSet {
    /// The fields a value sets, as structured-merge-diff computes them: leaves, atomic
    /// values, empty objects, list items and map nodes (which carry a `.` when they have
    /// children); struct nodes with children are implied by their children.
    static func of(_ value: JSONValue, schema: FieldSchema) -> FieldSet {
        var paths: Set<FieldPath> = []
        collect(value, schema: schema, prefix: [], into: &paths)
        paths.remove([])
        return FieldSet(paths)
    }

    private static func collect(_ value: JSONValue, schema: FieldSchema, prefix: FieldPath, into paths: inout Set<FieldPath>) {
        switch value {
        case .object(let object):
            if schema.isAtomic || object.isEmpty {
                paths.insert(prefix)
                return
            }
            if schema.isMap { paths.insert(prefix) }
            for (key, child) in object {
                collect(child, schema: schema.child(key), prefix: prefix + [.field(key)], into: &paths)
            }
        case .array(let items):
            let type = schema.listType
            switch type {
            case .atomic:
                paths.insert(prefix)
            case .set:
                if items.isEmpty { paths.insert(prefix) }
                for item in items { paths.insert(prefix + [.value(item.serialized())]) }
            case .map, .ports:
                if items.isEmpty { paths.insert(prefix) }
                let element = schema.child("")
                for item in items {
                    guard let key = FieldSchema.keyElement(type, item: item) else { continue }
                    let itemPath = prefix + [key]
                    paths.insert(itemPath)
                    for (field, child) in item.objectValue ?? JSONObject() {
                        collect(child, schema: element.child(field), prefix: itemPath + [.field(field)], into: &paths)
                    }
                }
            }
        default:
            paths.insert(prefix)
        }
    }
}

/// Reading and removing values at field paths, the operations pruning and conflict
/// detection need.
enum FieldPathValue {
    /// The value at `path`, or `nil` when absent.
    static func value(in root: JSONValue, at path: FieldPath, schema: FieldSchema) -> JSONValue? {
        var current = root
        var currentSchema = schema
        for element in path {
            switch element {
            case .field(let name):
                guard let next = current[name] else { return nil }
                current = next
                currentSchema = currentSchema.child(name)
            case .key:
                guard let items = current.arrayValue,
                    let item = items.first(where: { FieldSchema.keyElement(currentSchema.listType, item: $0) == element })
                else { return nil }
                current = item
                currentSchema = currentSchema.child("")
            case .value(let json):
                guard let items = current.arrayValue, let item = items.first(where: { $0.serialized() == json }) else { return nil }
                current = item
            case .index(let i):
                guard let items = current.arrayValue, i < items.count else { return nil }
                current = items[i]
            }
        }
        return current
    }

    /// Removes the value at `path`; when `onlyIfEmpty`, only removes an empty object.
    static func remove(from root: inout JSONValue, at path: FieldPath, schema: FieldSchema, onlyIfEmpty: Bool) {
        guard let first = path.first else { return }
        let rest = Array(path.dropFirst())
        switch first {
        case .field(let name):
            guard case .object(var object) = root, var child = object[name] else { return }
            if rest.isEmpty {
                if onlyIfEmpty, let nested = child.objectValue, !nested.isEmpty { return }
                object.removeValue(forKey: name)
            } else {
                remove(from: &child, at: rest, schema: schema.child(name), onlyIfEmpty: onlyIfEmpty)
                object[name] = child
            }
            root = .object(object)
        case .key, .value, .index:
            guard case .array(var items) = root else { return }
            let type = schema.listType
            guard
                let position = items.indices.first(where: { index in
                    switch first {
                    case .key: return FieldSchema.keyElement(type, item: items[index]) == first
                    case .value(let json): return items[index].serialized() == json
                    case .index(let i): return index == i
                    case .field: return false
                    }
                })
            else { return }
            if rest.isEmpty {
                items.remove(at: position)
            } else {
                var item = items[position]
                remove(from: &item, at: rest, schema: schema.child(""), onlyIfEmpty: onlyIfEmpty)
                items[position] = item
            }
            root = .array(items)
        }
    }
}
