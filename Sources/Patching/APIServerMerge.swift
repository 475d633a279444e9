import KubernetesModel

/// apimachinery's `strategicpatch.StrategicMergePatch`, as kube-apiserver applies a
/// `application/strategic-merge-patch+json` PATCH and `kubectl patch --local` prints it.
struct APIServerMerge {
    var strategies: ListStrategies

    static let orderPrefix = "$setElementOrder/"
    static let deletePrefix = "$deleteFromPrimitiveList/"

    func apply(patch: JSONValue, to target: JSONValue) throws(PatchError) -> JSONValue? {
        guard let patchObject = patch.objectValue else { return patch }
        return .object(try mergeMap(patchObject, into: target.objectValue ?? JSONObject(), path: []))
    }

    private func mergeMap(_ patch: JSONObject, into original: JSONObject, path: [String]) throws(PatchError) -> JSONObject {
        var patch = patch
        var original = original
        if let directive = patch["$patch"] {
            switch directive.stringValue {
            case "replace":
                patch.removeValue(forKey: "$patch")
                return stripped(patch)
            case "delete":
                return JSONObject()
            case "merge":
                patch.removeValue(forKey: "$patch")
            default:
                throw PatchError("Unknown patch type: \(directive.serialized()) in map: \(JSONValue.object(patch).serialized())")
            }
        }
        if let retain = patch.removeValue(forKey: "$retainKeys") {
            guard let keys = retain.arrayValue?.compactMap(\.stringValue) else {
                throw PatchError("invalid $retainKeys directive: \(retain.serialized())")
            }
            for key in original.keys where !keys.contains(key) { original.removeValue(forKey: key) }
        }
        for (key, value) in patch where key.hasPrefix(Self.deletePrefix) {
            let field = String(key.dropFirst(Self.deletePrefix.count))
            let drop = value.arrayValue ?? []
            if let items = original[field]?.arrayValue { original[field] = .array(items.filter { !drop.contains($0) }) }
            patch.removeValue(forKey: key)
        }
        var orders: [String: [JSONValue]] = [:]
        for (key, value) in patch where key.hasPrefix(Self.orderPrefix) {
            orders[String(key.dropFirst(Self.orderPrefix.count))] = value.arrayValue ?? []
            patch.removeValue(forKey: key)
        }
        for (field, order) in orders {
            let strategy = strategies.lookup(field, path)
            let live = original[field]?.arrayValue ?? []
            let items = patch.removeValue(forKey: field)?.arrayValue ?? []
            original[field] = .array(try mergeList(items, into: live, strategy: strategy, order: order, path: path + [field]))
        }
        for (key, value) in patch {
            if value.isNull {
                original.removeValue(forKey: key)
                continue
            }
            guard let existing = original[key] else {
                original[key] = strippedValue(value)
                continue
            }
            switch (existing, value) {
            case (.object(let live), .object(let change)):
                original[key] = .object(try mergeMap(change, into: live, path: path + [key]))
            case (.array(let live), .array(let change)):
                let strategy = strategies.lookup(key, path)
                original[key] = .array(try mergeList(change, into: live, strategy: strategy, order: nil, path: path + [key]))
            default:
                original[key] = strippedValue(value)
            }
        }
        return original
    }

    /// Merges list `patch` into `live`. The result lists the patch's items in `order` (the
    /// `$setElementOrder` list, else the patch itself), interleaved with the server-only
    /// items in their live order, as apimachinery's `normalizeElementOrder` does.
    private func mergeList(
        _ patch: [JSONValue], into live: [JSONValue], strategy: ListStrategy, order: [JSONValue]?, path: [String]
    ) throws(PatchError) -> [JSONValue] {
        if patch.contains(where: { $0["$patch"]?.stringValue == "replace" }) {
            return patch.filter { $0["$patch"]?.stringValue != "replace" }.map(strippedValue)
        }
        switch strategy {
        case .replace:
            return patch
        case .mergePrimitives:
            var merged: [JSONValue] = []
            for item in live + patch where !merged.contains(item) { merged.append(item) }
            return normalize(merged, order: order ?? patch, live: live) { $0 }
        case .mergeByKey, .mergeByKeys:
            guard let key = strategy.patchMergeKey else { return patch }
            var merged = live
            var plain: [JSONValue] = []
            for item in patch {
                guard item.objectValue != nil else {
                    throw PatchError("unable to find api field in struct for the list item \(item.serialized())")
                }
                guard let id = item[key] else {
                    throw PatchError("map: \(item.serialized()) does not contain declared merge key: \(key)")
                }
                if item["$patch"]?.stringValue == "delete" {
                    merged.removeAll { $0[key] == id }
                    continue
                }
                plain.append(item)
                if let index = merged.firstIndex(where: { $0[key] == id }), let liveItem = merged[index].objectValue,
                    let change = item.objectValue
                {
                    merged[index] = .object(try mergeMap(change, into: liveItem, path: path))
                } else {
                    merged.append(strippedValue(item))
                }
            }
            return normalize(merged, order: order ?? plain, live: live) { $0[key] }
        }
    }

    /// apimachinery's `normalizeElementOrder` + `mergeSortedSlice`.
    private func normalize(
        _ merged: [JSONValue], order: [JSONValue], live: [JSONValue], identity: (JSONValue) -> JSONValue?
    ) -> [JSONValue] {
        let orderIDs = order.map(identity)
        let liveIDs = live.map(identity)
        func position(_ item: JSONValue, in ids: [JSONValue?]) -> Int? {
            guard let id = identity(item) else { return nil }
            return ids.firstIndex { $0 == id }
        }
        var patchItems: [(Int, JSONValue)] = []
        var serverOnly: [(Int, JSONValue)] = []
        for item in merged {
            if let index = position(item, in: orderIDs) {
                patchItems.append((index, item))
            } else {
                serverOnly.append((position(item, in: liveIDs) ?? Int.max, item))
            }
        }
        let left = serverOnly.enumerated().sorted { ($0.element.0, $0.offset) < ($1.element.0, $1.offset) }.map(\.element.1)
        let right = patchItems.enumerated().sorted { ($0.element.0, $0.offset) < ($1.element.0, $1.offset) }.map(\.element.1)
        var result: [JSONValue] = []
        var i = 0
        var j = 0
        while i < left.count || j < right.count {
            if i >= left.count {
                result.append(right[j])
                j += 1
            } else if j >= right.count {
                result.append(left[i])
                i += 1
            } else if let l = position(left[i], in: liveIDs), let r = position(right[j], in: liveIDs), l < r {
                result.append(left[i])
                i += 1
            } else {
                result.append(right[j])
                j += 1
            }
        }
        return result
    }

    private func stripped(_ object: JSONObject) -> JSONObject {
        var result = JSONObject()
        for (key, value) in object where !key.hasPrefix("$") {
            result[key] = strippedValue(value)
        }
        return result
    }

    private func strippedValue(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let object): return .object(stripped(object))
        case .array(let items): return .array(items.map(strippedValue))
        default: return value
        }
    }
}
