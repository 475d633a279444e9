import KubernetesModel

/// kyaml's field paths as `replacements` use them: `spec.template.spec.containers.[name=web].image`.
/// Segments are field names (a bracketed `[a.b/c]` is one key), list entries `[key=value]`
/// (`[=value]` for scalars), indexes (`0`) and, in targets, `*` (every list element).
enum KyamlPath {
    struct Failure: Error {
        var message: String
    }

    /// kyaml's `SmarterPathSplitter(path, ".")`: `\.` escapes a dot, brackets group.
    static func split(_ path: String) -> [String] {
        var pieces: [String] = []
        for piece in path.components(separatedBy: ".") {
            if let last = pieces.last, last.hasSuffix("\\") {
                pieces[pieces.count - 1] = String(last.dropLast()) + "." + piece
            } else {
                pieces.append(piece)
            }
        }
        var result: [String] = []
        var index = 0
        while index < pieces.count {
            let piece = pieces[index]
            if piece.hasPrefix("[") && !piece.hasSuffix("]") {
                var bracketed = [piece]
                while index < pieces.count - 1 {
                    index += 1
                    bracketed.append(pieces[index])
                    if pieces[index].hasSuffix("]") { break }
                }
                let joined = bracketed.joined(separator: ".")
                result.append(joined.contains("=") ? joined : joined.trimmingCharacters(in: ["[", "]"]))
            } else {
                result.append(piece)
            }
            index += 1
        }
        return result
    }

    static func isListEntry(_ segment: String) -> Bool { segment.hasPrefix("[") && segment.hasSuffix("]") }

    static func index(_ segment: String) -> Int? {
        guard let value = Int(segment), value >= 0 else { return nil }
        return value
    }

    /// `[key=value]` → (key, value); kyaml's `SplitIndexNameValue`.
    static func entry(_ segment: String) throws(Failure) -> (String, String) {
        let inner = segment.dropFirst().dropLast()
        guard let equals = inner.firstIndex(of: "=") else {
            throw Failure(message: "list path element must contain fieldName=fieldValue for element to match")
        }
        return (String(inner[..<equals]), String(inner[inner.index(after: equals)...]))
    }

    /// The text a scalar has in YAML (what kyaml compares and copies).
    static func text(_ value: JSONValue) -> String {
        switch value {
        case .string(let s): return s
        case .integer(let i): return String(i)
        case .bool(let b): return b ? "true" : "false"
        case .double(let d): return GoNumbers.formatFloat(d)
        case .null: return ""
        default: return ""
        }
    }

    static func isScalar(_ value: JSONValue) -> Bool {
        switch value {
        case .object, .array: return false
        default: return true
        }
    }

    /// kyaml's `Lookup` (PathGetter): one value, exact list-entry matches; nil when missing.
    static func get(_ value: JSONValue, _ path: [String]) throws(Failure) -> JSONValue? {
        var current = value
        for segment in path {
            if isListEntry(segment) {
                let (key, wanted) = try entry(segment)
                guard let items = current.arrayValue else { return nil }
                let found = items.first { item in
                    key.isEmpty ? isScalar(item) && text(item) == wanted : item[key].map { text($0) == wanted } ?? false
                }
                guard let found else { return nil }
                current = found
            } else if let position = index(segment), let items = current.arrayValue {
                guard items.indices.contains(position) else { return nil }
                current = items[position]
            } else {
                guard let next = current.objectValue?[segment] else { return nil }
                current = next
            }
        }
        return current
    }

    /// kyaml's `PathMatcher`: calls `body` on every value the path matches. List entries
    /// match by (unanchored) regular expression, as kyaml does; `*` visits every element.
    static func visit(
        _ node: inout JSONValue, _ path: ArraySlice<String>, _ body: (inout JSONValue) throws -> Void
    ) throws {
        guard let segment = path.first else {
            try body(&node)
            return
        }
        let rest = path.dropFirst()
        if let position = index(segment) {
            guard case .array(var items) = node else { return }
            guard items.indices.contains(position) else {
                throw Failure(message: "index \(position) specified but only \(items.count) elements found")
            }
            try visit(&items[position], rest, body)
            node = .array(items)
        } else if isListEntry(segment) {
            let (key, pattern) = try entry(segment)
            let regex: Regex<AnyRegexOutput>
            do {
                regex = try Regex(pattern)
            } catch {
                throw Failure(message: "invalid regular expression in '\(segment)': \(error)")
            }
            guard case .array(var items) = node else { return }
            for position in items.indices {
                let candidate = key.isEmpty ? items[position] : items[position][key]
                guard let candidate, isScalar(candidate), text(candidate).contains(regex) else { continue }
                try visit(&items[position], rest, body)
            }
            node = .array(items)
        } else if segment == "*" {
            guard case .array(var items) = node else { return }
            for position in items.indices { try visit(&items[position], rest, body) }
            node = .array(items)
        } else {
            guard case .object(var object) = node, var child = object[segment] else { return }
            try visit(&child, rest, body)
            object[segment] = child
            node = .object(object)
        }
    }

    /// kyaml's `LookupCreate`: walks the path creating missing maps, lists and list entries,
    /// then calls `body` with the leaf (nil when it was just created).
    static func create(
        _ node: inout JSONValue, _ path: ArraySlice<String>, _ body: (JSONValue?) throws -> JSONValue
    ) throws {
        guard let segment = path.first else { return }
        let rest = path.dropFirst()
        func fresh() -> JSONValue {
            guard let next = rest.first else { return .null }
            return isListEntry(next) || index(next) != nil ? .array([]) : .object(JSONObject())
        }
        if isListEntry(segment) {
            let (key, wanted) = try entry(segment)
            var items = node.arrayValue ?? []
            var position = items.firstIndex { item in
                key.isEmpty ? isScalar(item) && text(item) == wanted : item[key].map { text($0) == wanted } ?? false
            }
            if position == nil {
                let resolved = KYAMLDecoder.resolvePlain(wanted)
                items.append(key.isEmpty ? resolved : .object([key: resolved]))
                position = items.count - 1
            }
            guard let position else { return }
            if rest.isEmpty {
                items[position] = try body(items[position])
            } else {
                try create(&items[position], rest, body)
            }
            node = .array(items)
        } else if segment == "*" {
            guard case .array(var items) = node else { return }
            for position in items.indices {
                if rest.isEmpty {
                    items[position] = try body(items[position])
                } else {
                    try create(&items[position], rest, body)
                }
            }
            node = .array(items)
        } else if let position = index(segment), case .array(var items) = node {
            if position == items.count { items.append(fresh()) }
            guard items.indices.contains(position) else {
                throw Failure(message: "index \(position) specified but only \(items.count) elements found")
            }
            if rest.isEmpty {
                items[position] = try body(items[position])
            } else {
                try create(&items[position], rest, body)
            }
            node = .array(items)
        } else {
            var object = node.objectValue ?? JSONObject()
            if rest.isEmpty {
                let existing = object[segment]
                object[segment] = try body(existing.flatMap { $0.isNull ? nil : $0 })
            } else {
                var child = object[segment].flatMap { $0.isNull ? nil : $0 } ?? fresh()
                try create(&child, rest, body)
                object[segment] = child
            }
            node = .object(object)
        }
    }
}
