import KubernetesModel

/// Applies a strategic merge patch the way kustomize's kyaml `merge2` walks it (kustomize
/// v5.8, list items prepended): maps merge, `null` clears, `$patch: delete|replace|merge`
/// on maps and as a lone list element; other `$` directives (`$setElementOrder/…`) stay plain
/// fields, as in kyaml.
///
/// kyaml walks the whole target, not only what the patch touches, and its associative-list
/// walk has quirks that change real output; they are reproduced (see `KyamlListMerge`):
/// a list missing from the target is the patch's own list merged with itself, so a list
/// element without the merge key removes every element that has it, and duplicated keys
/// collapse to the last element, in the target as well as in the patch.
struct KyamlMerge {
    var strategies: ListStrategies
    /// Paths of target nulls written empty, which the walk drops (see StrategicMergePatch).
    var droppedNulls: Set<[String]> = []

    /// nil when the patch deletes the whole object.
    func apply(patch: JSONValue, to target: JSONValue) -> JSONValue? {
        walk(dest: target, origin: patch, path: [])
    }

    /// kyaml's `Walker.Walk` with merge2's visitor over one node; `nil` is a missing node
    /// (or, returned, a cleared one). `path` holds the field names down to this node.
    func walk(dest: JSONValue?, origin: JSONValue?, path: [String]) -> JSONValue? {
        if let origin, origin.isNull { return nil }  // a tagged null in the patch clears
        if origin == nil, dest?.isNull == true, droppedNulls.contains(path) { return nil }
        switch dest ?? origin {
        case .object?: return walkMap(dest: dest, origin: origin, path: path)
        case .array?: return walkList(dest: dest, origin: origin, path: path)
        default: return origin ?? dest
        }
    }

    private enum Directive { case merge, delete, replace }

    /// `$patch` of a patch map, removed from it (determineMappingNodePatchStrategy).
    private func mapDirective(_ origin: inout JSONObject?) -> Directive {
        guard let value = origin?["$patch"] else { return .merge }
        let directive: Directive
        switch value.stringValue {
        case "delete": directive = .delete
        case "replace": directive = .replace
        default: directive = .merge  // kyaml errors on an unknown value; kept lenient
        }
        origin?.removeValue(forKey: "$patch")
        return directive
    }

    private func walkMap(dest: JSONValue?, origin: JSONValue?, path: [String]) -> JSONValue? {
        var patch = origin?.objectValue
        let hadDirective = patch?["$patch"]
        var result: JSONObject
        if let existing = dest?.objectValue {
            switch mapDirective(&patch) {
            case .delete: return nil
            case .replace:
                guard let patch else { return nil }
                result = patch
            case .merge:
                result = existing
                // The same node on both sides (a list walked against itself): kyaml's removal
                // of the directive shows in the target too.
                if let hadDirective, existing["$patch"] == hadDirective { result.removeValue(forKey: "$patch") }
            }
        } else {
            if mapDirective(&patch) == .delete { return nil }
            guard let patch else { return dest }  // a null target with no patch stays null
            result = patch
        }
        // Every field of either side is walked: fields only in the target are normalised too.
        var names = result.keys
        for key in patch?.keys ?? [] where result[key] == nil { names.append(key) }
        for name in names {
            let merged = walk(dest: result[name], origin: patch?[name], path: path + [name])
            if let merged { result[name] = merged } else { result.removeValue(forKey: name) }
        }
        return .object(result)
    }

    private func walkList(dest: JSONValue?, origin: JSONValue?, path: [String]) -> JSONValue? {
        let field = path.last ?? ""
        let strategy = strategies.lookup(field, Array(path.dropLast()))
        if strategy == .replace {
            return origin ?? dest  // non-associative: the patch's list as it is
        }
        var patchItems = origin?.arrayValue
        if let items = patchItems {
            switch listDirective(&patchItems, items) {
            case .delete: return nil
            case .replace:
                // The patch's list replaces the target's, then is walked as its own target.
                return KyamlListMerge(merge: self, strategy: strategy, path: path)
                    .merge(dest: nil, origin: patchItems ?? [])
            case .merge: break
            }
        }
        guard let existing = dest?.arrayValue else {
            guard let patchItems else { return dest }
            return KyamlListMerge(merge: self, strategy: strategy, path: path).merge(dest: nil, origin: patchItems)
        }
        return KyamlListMerge(merge: self, strategy: strategy, path: path).merge(dest: existing, origin: patchItems)
    }

    /// kyaml's determineSequenceNodePatchStrategy: the first element holding `$patch` decides,
    /// if `$patch` is all it holds; the elements `{$patch: <that value>}` are then elided.
    private func listDirective(_ items: inout [JSONValue]?, _ original: [JSONValue]) -> Directive {
        guard let first = original.first(where: { $0["$patch"] != nil }), let object = first.objectValue,
            object.count == 1, let value = object["$patch"]?.stringValue
        else { return .merge }
        let directive: Directive
        switch value {
        case "delete": directive = .delete
        case "replace": directive = .replace
        case "merge": directive = .merge
        default: return .merge
        }
        items = original.filter { $0["$patch"]?.stringValue != value }
        return directive
    }
}
