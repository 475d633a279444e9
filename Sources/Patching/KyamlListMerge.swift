import KubernetesModel

/// kyaml's walk of an associative list (`walk/associative_sequence.go` as kustomize v5.8
/// ships it, patch items prepended), reproduced step by step because its quirks show in
/// kustomize's output:
/// - the key tuples of the patch's elements, then the target's, are walked in turn; each
///   finds the first element of either list whose key fields equal the tuple's non-empty
///   values, and the merged element goes into a new list, replacing the elements there
///   whose keys match;
/// - a tuple that finds nothing on either side (an element without the merge key) removes
///   from the target every element that *has* the key;
/// - finally the target's elements are set into the new list by key, so a duplicated key
///   keeps its last element, and an element lacking the key empties the new list first;
/// - a list missing from the target is the patch's own list, walked against itself (kyaml
///   aliases the two nodes, so removals show on both sides).
/// Multi-key lists (container ports: `containerPort`, `protocol`) first merge tuples that
/// differ only where one is empty, and key on the fields some tuple has.
struct KyamlListMerge {
    let merge: KyamlMerge
    let strategy: ListStrategy
    let path: [String]

    /// Lists in the walk: `dest` and `origin` are the same list when the target had none.
    private struct Lists {
        var dest: [JSONValue]
        var origin: [JSONValue]?
        var aliased: Bool

        func side(_ index: Int) -> [JSONValue]? { index == 0 ? dest : (aliased ? dest : origin) }

        mutating func write(_ side: Int, at position: Int, _ value: JSONValue) {
            if side == 0 || aliased { dest[position] = value } else { origin?[position] = value }
        }
    }

    func merge(dest: [JSONValue]?, origin: [JSONValue]?) -> JSONValue? {
        guard let keys = strategy.keys else {
            return mergePrimitives(dest: dest ?? origin ?? [], origin: origin)
        }
        var lists = Lists(dest: dest ?? origin ?? [], origin: origin, aliased: dest == nil)
        var values = elementValues(lists, keys: keys)
        if keys.count > 1 { values = Self.mergeValues(values) }

        var items: [JSONValue] = []
        var lastKeys = keys
        for tuple in values where !tuple.isEmpty {
            let (validKeys, validValues) = Self.validateKeys(values, tuple, keys)
            lastKeys = validKeys
            let (matchKeys, matchValues) = Self.validateKeys([validValues], validValues, validKeys)
            let destMatch = Self.elementList(lists.side(0) ?? [], matchKeys, matchValues)
            let originMatch = lists.side(1).flatMap { Self.elementList($0, matchKeys, matchValues) }
            let originElement = originMatch.flatMap { lists.side(1)?[$0] }
            var value = merge.walk(dest: destMatch.map { lists.dest[$0] }, origin: originElement, path: path)
            // kyaml merges into the matched node itself, so later tuples and the final pass see
            // the merged element; `$patch: replace` instead returns the patch's node and leaves
            // the target's as it was (which the final pass then puts back).
            if let merged = value {
                let replaced = originElement?["$patch"]?.stringValue == "replace" && !lists.aliased
                if let destMatch {
                    if !replaced { lists.write(0, at: destMatch, merged) }
                } else if let originMatch {
                    lists.write(1, at: originMatch, merged)
                }
            }
            if value == nil || value?.objectValue?.isEmpty == true {
                Self.setElement(&lists.dest, nil, validKeys, validValues)
                continue
            }
            for (index, key) in validKeys.enumerated() where value?[key] == nil && validValues[index] != "" {
                value?[key] = .string(validValues[index])
            }
            Self.setElement(&items, value, validKeys, validValues)
        }
        guard !values.isEmpty else { return .array(lists.dest) }
        // appendListNode(itemsToBeAdded, dest, keys): the target's elements go in by key.
        for element in lists.dest {
            var found: [String] = []
            for key in lastKeys {
                guard let value = element[key] else {
                    items.append(element)
                    continue
                }
                found.append(Self.text(value))
            }
            if lastKeys.count > 1 { Self.setElement(&items, nil, lastKeys, found) }
            Self.setElement(&items, element, lastKeys, found)
        }
        return .array(items)
    }

    /// A list of scalars (`finalizers`): the patch's values first, then the target's others.
    private func mergePrimitives(dest: [JSONValue], origin: [JSONValue]?) -> JSONValue {
        var result: [JSONValue] = []
        for item in (origin ?? []) + dest where !result.contains(where: { Self.text($0) == Self.text(item) }) {
            result.append(item)
        }
        return .array(result)
    }

    /// The node text kyaml compares keys by (`80` and `"80"` are the same key).
    static func text(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): return text
        case .integer(let number): return String(number)
        case .double(let number): return number.rounded() == number && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        case .bool(let flag): return flag ? "true" : "false"
        case .null, .object, .array: return ""
        }
    }

    /// A field kyaml's `IsNilOrEmpty` treats as absent.
    private static func isNilOrEmpty(_ value: JSONValue?) -> Bool {
        switch value {
        case nil, .null?: return true
        case .string(let text)?: return text.isEmpty
        case .object(let object)?: return object.isEmpty
        case .array(let items)?: return items.isEmpty
        default: return false
        }
    }

    /// ElementValuesList over the patch's elements, then the target's, without repeats.
    private func elementValues(_ lists: Lists, keys: [String]) -> [[String]] {
        var result: [[String]] = []
        for list in [lists.side(1), lists.side(0)] {
            for element in list ?? [] {
                let tuple = keys.map { isNilOrEmptyText(element.objectValue?[$0]) }
                if !result.contains(tuple) { result.append(tuple) }
            }
        }
        return result
    }

    private func isNilOrEmptyText(_ value: JSONValue?) -> String {
        guard let value, !Self.isNilOrEmpty(value) else { return "" }
        return Self.text(value)
    }

    /// The keys some tuple has a value for (all keys when none has), and this tuple's values
    /// for them.
    static func validateKeys(_ all: [[String]], _ values: [String], _ keys: [String]) -> ([String], [String]) {
        var valid = Set<String>()
        for tuple in all {
            for (index, value) in tuple.enumerated() where value != "" && index < keys.count { valid.insert(keys[index]) }
        }
        if valid.isEmpty { return (keys, values) }
        let validKeys = keys.filter { valid.contains($0) }
        var validValues: [String] = []
        for (index, value) in values.enumerated() where value != "" || (index < keys.count && valid.contains(keys[index])) {
            validValues.append(value)
        }
        return (validKeys, validValues)
    }

    /// Tuples that agree wherever both have a value (and share one) become one.
    static func mergeValues(_ list: [[String]]) -> [[String]] {
        var list = list
        for i in list.indices {
            let first = list[i]
            for j in list.indices {
                if let merged = match(first, list[j]) {
                    list[i] = merged
                    list[j] = merged
                }
            }
        }
        return list
    }

    private static func match(_ a: [String], _ b: [String]) -> [String]? {
        guard a.count == b.count else { return nil }
        var common = false
        var result: [String] = []
        for (x, y) in zip(a, b) {
            if x == y {
                common = true
                result.append(x)
                continue
            }
            if x != "" && y != "" { return nil }
            result.append(x != "" ? x : y)
        }
        return common ? result : nil
    }

    /// ElementMatcher: the first map whose `keys` fields have exactly `values`.
    private static func elementList(_ list: [JSONValue], _ keys: [String], _ values: [String]) -> Int? {
        list.firstIndex { element in
            guard let object = element.objectValue else { return false }
            for (key, value) in zip(keys, values) {
                guard let field = object[key], !field.isNull, text(field) == value else { return false }
            }
            return keys.count == values.count
        }
    }

    /// ElementSetter: drops null and empty elements; replaces every element whose `keys`
    /// fields match `values` (an empty value: the field exists; fewer values than keys: only
    /// those compared) with `element`, or removes them when it is nil; appends `element` when
    /// none matched. With no values at all nothing matches and only `element` is left.
    static func setElement(_ list: inout [JSONValue], _ element: JSONValue?, _ keys: [String], _ values: [String]) {
        let mappingSetter = !keys.isEmpty && keys[0] != "" && !values.isEmpty && values[0] != ""
        var result: [JSONValue] = []
        var matched = false
        for item in list {
            if item.isNull || item.objectValue?.isEmpty == true { continue }
            guard let object = item.objectValue else {
                if mappingSetter { result.append(item) }
                continue
            }
            var found = !values.isEmpty
            for (index, key) in keys.enumerated() where index < values.count {
                guard let field = object[key], values[index] == "" || text(field) == values[index] else {
                    found = false
                    break
                }
            }
            if !found {
                if !values.isEmpty { result.append(item) }
                continue
            }
            matched = true
            if let element { result.append(element) }
        }
        list = result
        if let element, !matched { list.append(element) }
    }
}
