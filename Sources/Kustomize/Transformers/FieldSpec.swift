import KubernetesModel

/// A kustomize `FieldSpec`: which kinds (empty parts match anything) and the slash-separated
/// path of the field to change; `[]` after a segment (or an array met on the way) visits
/// every element.
struct FieldSpec: Sendable {
    var group: String? = nil
    var version: String? = nil
    var kind: String? = nil
    var path: String
    var create: Bool = false

    func applies(to gvk: GroupVersionKind) -> Bool {
        if let group, group != gvk.group { return false }
        if let version, version != gvk.version { return false }
        if let kind, kind != gvk.kind { return false }
        return true
    }

    /// The path split at unescaped slashes (`a\/b` is one key).
    var segments: [String] {
        var result: [String] = []
        var current = ""
        var escaped = false
        for character in path {
            if escaped {
                current.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "/" {
                result.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        result.append(current)
        return result
    }

    /// One step of a concrete path into an object.
    enum Step: Hashable, Sendable {
        case key(String)
        case index(Int)
    }

    /// The path runs into a scalar before its last segment (`spec/selector/matchLabels` where
    /// `selector` is a string): kustomize's field-spec filter refuses that
    /// ("expected sequence or mapping node"); a null or missing field is skipped instead.
    struct NotTraversable: Error {}

    /// Calls `update` on the value at the path (nil when missing, then only if `create`);
    /// returning nil from `update` leaves the field absent.
    func apply(to object: inout JSONValue, update: (JSONValue?) throws -> JSONValue?) throws {
        try Self.visit(&object, segments: ArraySlice(segments), path: [], create: create) { _, current in try update(current) }
    }

    /// As `apply`, telling `update` the concrete path of the field it is given.
    func apply(to object: inout JSONValue, updateAt update: ([Step], JSONValue?) throws -> JSONValue?) throws {
        try Self.visit(&object, segments: ArraySlice(segments), path: [], create: create, update: update)
    }

    private static func visit(
        _ node: inout JSONValue, segments: ArraySlice<String>, path: [Step], create: Bool,
        update: ([Step], JSONValue?) throws -> JSONValue?
    ) throws {
        guard var segment = segments.first else { return }
        if case .array(var items) = node {
            for index in items.indices {
                try visit(&items[index], segments: segments, path: path + [.index(index)], create: create, update: update)
            }
            node = .array(items)
            return
        }
        guard case .object(var object) = node else {
            if node.isNull { return }
            throw NotTraversable()
        }
        var isList = false
        if segment.hasSuffix("[]") {
            segment.removeLast(2)
            isList = true
        }
        let rest = segments.dropFirst()
        let childPath = path + [.key(segment)]
        if rest.isEmpty {
            let current = object[segment]
            if current == nil && !create { return }
            if let current, current.isNull, !create { return }
            if let newValue = try update(childPath, current) { object[segment] = newValue }
            node = .object(object)
            return
        }
        // kustomize's fieldspec filter takes a `name[]` step as a hint that the field is a
        // sequence: a null one becomes an empty sequence (`containers: []`), create or not.
        if isList, let child = object[segment], child.isNull {
            object[segment] = .array([])
            node = .object(object)
            return
        }
        guard var child = object[segment], !child.isNull else {
            guard create, !isList else { return }
            var child = JSONValue.object(JSONObject())
            try visit(&child, segments: rest, path: childPath, create: create, update: update)
            object[segment] = child
            node = .object(object)
            return
        }
        try visit(&child, segments: rest, path: childPath, create: create, update: update)
        object[segment] = child
        node = .object(object)
    }
}

extension JSONValue {
    /// The value at a concrete path, if every step exists.
    subscript(steps steps: [FieldSpec.Step]) -> JSONValue? {
        var current: JSONValue? = self
        for step in steps {
            switch step {
            case .key(let key): current = current?[key]
            case .index(let index):
                guard let items = current?.arrayValue, items.indices.contains(index) else { return nil }
                current = items[index]
            }
        }
        return current
    }

    /// Replaces the value at a concrete path when the path exists.
    mutating func replace(at steps: ArraySlice<FieldSpec.Step>, with value: JSONValue) {
        guard let step = steps.first else {
            self = value
            return
        }
        switch (step, self) {
        case (.key(let key), .object(var object)):
            guard var child = object[key] else { return }
            child.replace(at: steps.dropFirst(), with: value)
            object[key] = child
            self = .object(object)
        case (.index(let index), .array(var items)) where items.indices.contains(index):
            items[index].replace(at: steps.dropFirst(), with: value)
            self = .array(items)
        default:
            return
        }
    }
}
