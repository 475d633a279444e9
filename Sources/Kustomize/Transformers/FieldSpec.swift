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

    /// Calls `update` on the value at the path (nil when missing, then only if `create`);
    /// returning nil from `update` leaves the field absent.
    func apply(to object: inout JSONValue, update: (JSONValue?) throws -> JSONValue?) rethrows {
        try Self.visit(&object, segments: ArraySlice(segments), create: create, update: update)
    }

    private static func visit(
        _ node: inout JSONValue, segments: ArraySlice<String>, create: Bool, update: (JSONValue?) throws -> JSONValue?
    ) rethrows {
        guard var segment = segments.first else { return }
        if case .array(var items) = node {
            for index in items.indices {
                try visit(&items[index], segments: segments, create: create, update: update)
            }
            node = .array(items)
            return
        }
        guard case .object(var object) = node else { return }
        var isList = false
        if segment.hasSuffix("[]") {
            segment.removeLast(2)
            isList = true
        }
        let rest = segments.dropFirst()
        if rest.isEmpty {
            let current = object[segment]
            if current == nil && !create { return }
            if let current, current.isNull, !create { return }
            if let newValue = try update(current) { object[segment] = newValue }
            node = .object(object)
            return
        }
        guard var child = object[segment], !child.isNull else {
            guard create, !isList else { return }
            var child = JSONValue.object(JSONObject())
            try visit(&child, segments: rest, create: create, update: update)
            object[segment] = child
            node = .object(object)
            return
        }
        try visit(&child, segments: rest, create: create, update: update)
        object[segment] = child
        node = .object(object)
    }
}
