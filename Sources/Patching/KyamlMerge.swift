import KubernetesModel

/// Applies a strategic merge patch the way kustomize's kyaml `merge2` does: maps merge,
/// `null` deletes, lists merge by their strategy (the patch's elements first, then the
/// target's others), `$patch: delete|replace`. Like kyaml, other `$` directives
/// (`$setElementOrder/…`) are kept as plain fields.
struct KyamlMerge {
    var strategies: ListStrategies

    /// nil when the patch deletes the whole object.
    func apply(patch: JSONValue, to target: JSONValue) -> JSONValue? {
        mergeValue(patch: patch, into: target, path: [])
    }

    private func mergeValue(patch: JSONValue, into target: JSONValue?, path: [String]) -> JSONValue? {
        guard case .object(let patchObject) = patch else { return patch }
        if let directive = patchObject["$patch"]?.stringValue {
            switch directive {
            case "delete": return nil
            case "replace":
                var replaced = patchObject
                replaced.removeValue(forKey: "$patch")
                return .object(stripDirectives(replaced))
            default: break
            }
        }
        guard case .object(var targetObject)? = target else {
            return .object(stripDirectives(patchObject))
        }
        for (key, value) in patchObject {
            if key == "$patch" { continue }
            if value.isNull {
                targetObject.removeValue(forKey: key)
                continue
            }
            let childPath = path + [key]
            switch value {
            case .object:
                if let merged = mergeValue(patch: value, into: targetObject[key], path: childPath) {
                    targetObject[key] = merged
                } else {
                    targetObject.removeValue(forKey: key)
                }
            case .array(let patchItems):
                let strategy = strategies.lookup(key, path)
                let existing = targetObject[key]?.arrayValue
                targetObject[key] = .array(
                    mergeList(patchItems, into: existing, strategy: strategy, path: childPath))
            default:
                targetObject[key] = value
            }
        }
        return .object(targetObject)
    }

    private func mergeList(_ patchItems: [JSONValue], into existing: [JSONValue]?, strategy: ListStrategy, path: [String])
        -> [JSONValue]
    {
        // `- $patch: replace` alone replaces the whole list with the other items; on an
        // element with fields kyaml drops that element (the target's stays as it is).
        if patchItems.contains(where: { $0.objectValue?.count == 1 && $0["$patch"]?.stringValue == "replace" }) {
            return patchItems.filter { $0["$patch"]?.stringValue != "replace" }.map(stripDirectivesValue)
        }
        let patchItems = patchItems.filter { $0["$patch"]?.stringValue != "replace" }
        switch strategy {
        case .replace:
            return patchItems.map(stripDirectivesValue)
        case .mergePrimitives:
            // kyaml puts the patch's elements first, then the target's other elements.
            var result: [JSONValue] = []
            for item in patchItems where !result.contains(item) { result.append(item) }
            for item in existing ?? [] where !result.contains(item) { result.append(item) }
            return result
        case .mergeByKey(let key):
            var remaining = existing ?? []
            var result: [JSONValue] = []
            for item in patchItems {
                guard let keyValue = item[key] else {
                    if item.objectValue == nil && !result.contains(item) { result.append(item) }
                    continue
                }
                let index = remaining.firstIndex { $0[key] == keyValue }
                let matched = index.map { remaining.remove(at: $0) }
                if item["$patch"]?.stringValue == "delete" { continue }
                if let matched {
                    if let merged = mergeValue(patch: item, into: matched, path: path) { result.append(merged) }
                } else if let existingIndex = result.firstIndex(where: { $0[key] == keyValue }) {
                    if let merged = mergeValue(patch: item, into: result[existingIndex], path: path) {
                        result[existingIndex] = merged
                    }
                } else {
                    result.append(stripDirectivesValue(item))
                }
            }
            return result + remaining
        case .mergeByKeys(let keys):
            return mergeByKeys(patchItems, into: existing ?? [], keys: keys, path: path)
        }
    }

    /// kyaml's walk over a list with several keys: every key tuple (the patch's first, then
    /// the target's), merged when both sides have it exactly, and appended after removing an
    /// earlier element whose keys agree wherever both have a value.
    private func mergeByKeys(_ patchItems: [JSONValue], into existing: [JSONValue], keys: [String], path: [String])
        -> [JSONValue]
    {
        func tuple(_ item: JSONValue) -> [JSONValue?] { keys.map { item[$0] } }
        func lenient(_ a: [JSONValue?], _ b: [JSONValue?]) -> Bool {
            zip(a, b).allSatisfy { x, y in x == nil || y == nil || x == y }
        }
        var tuples: [[JSONValue?]] = []
        for item in patchItems + existing where item.objectValue != nil {
            let key = tuple(item)
            if !tuples.contains(key) { tuples.append(key) }
        }
        var result: [JSONValue] = []
        for key in tuples {
            let target = existing.first { tuple($0) == key }
            let patch = patchItems.first { tuple($0) == key }
            var merged: JSONValue?
            if let patch {
                if patch["$patch"]?.stringValue == "delete" { continue }
                merged = target.map { mergeValue(patch: patch, into: $0, path: path) } ?? stripDirectivesValue(patch)
            } else {
                merged = target
            }
            guard let merged else { continue }
            result.removeAll { lenient(tuple($0), key) }
            result.append(merged)
        }
        return result
    }

    private func stripDirectives(_ object: JSONObject) -> JSONObject {
        var result = JSONObject()
        for (key, value) in object where key != "$patch" {
            if value.isNull { continue }
            result[key] = stripDirectivesValue(value)
        }
        return result
    }

    private func stripDirectivesValue(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let object): return .object(stripDirectives(object))
        case .array(let items): return .array(items.map(stripDirectivesValue))
        default: return value
        }
    }
}
