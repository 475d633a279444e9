import KubernetesModel

/// One step in a structured-merge-diff field path: a struct/map field (`f:name`), an
/// associative-list item (`k:{"name":"x"}`), a set-list value (`v:"x"`) or an index.
enum PathElement: Sendable, Hashable, Comparable, CustomStringConvertible {
    case field(String)
    /// The item's key fields as a JSON object serialized with sorted keys.
    case key(String)
    /// The set member serialized as JSON.
    case value(String)
    case index(Int)

    private var rank: Int {
        switch self {
        case .field: return 0
        case .key: return 1
        case .value: return 2
        case .index: return 3
        }
    }

    static func < (lhs: PathElement, rhs: PathElement) -> Bool {
        switch (lhs, rhs) {
        case (.field(let a), .field(let b)): return a < b
        case (.key(let a), .key(let b)): return a < b
        case (.value(let a), .value(let b)): return a < b
        case (.index(let a), .index(let b)): return a < b
        default: return lhs.rank < rhs.rank
        }
    }

    /// The fieldsV1 key: `f:name`, `k:{...}`, `v:...`, `i:3`.
    var fieldsV1Key: String {
        switch self {
        case .field(let name): return "f:\(name)"
        case .key(let json): return "k:\(json)"
        case .value(let json): return "v:\(json)"
        case .index(let i): return "i:\(i)"
        }
    }

    /// Parses a fieldsV1 key.
    init?(fieldsV1Key key: String) {
        guard key.count >= 2 else { return nil }
        let body = String(key.dropFirst(2))
        switch key.prefix(2) {
        case "f:": self = .field(body)
        case "k:": self = .key(body)
        case "v:": self = .value(body)
        case "i:":
            guard let i = Int(body) else { return nil }
            self = .index(i)
        default: return nil
        }
    }

    /// The form structured-merge-diff prints in conflict messages:
    /// `.name`, `[name="x",port=80]`, `[="x"]`, `[3]`.
    var description: String {
        switch self {
        case .field(let name): return ".\(name)"
        case .key(let json):
            let object: JSONObject
            do {
                guard let parsed = try JSONValue(parsing: json).objectValue else { return "[\(json)]" }
                object = parsed
            } catch {
                return "[\(json)]"
            }
            return "[" + object.map { "\($0.key)=\($0.value.serialized())" }.joined(separator: ",") + "]"
        case .value(let json): return "[=\(json)]"
        case .index(let i): return "[\(i)]"
        }
    }
}

/// A path from the object root to a field.
typealias FieldPath = [PathElement]

extension Array where Element == PathElement {
    /// `.spec.containers[name="web"].image`, as in conflict messages.
    var pathString: String { map(\.description).joined() }
}

/// A set of field paths, the unit of ownership in managedFields.
struct FieldSet: Sendable, Hashable {
    var paths: Set<FieldPath> = []

    init(_ paths: Set<FieldPath> = []) { self.paths = paths }

    var isEmpty: Bool { paths.isEmpty }

    func union(_ other: FieldSet) -> FieldSet { FieldSet(paths.union(other.paths)) }
    func intersection(_ other: FieldSet) -> FieldSet { FieldSet(paths.intersection(other.paths)) }
    func subtracting(_ other: FieldSet) -> FieldSet { FieldSet(paths.subtracting(other.paths)) }
    func contains(_ path: FieldPath) -> Bool { paths.contains(path) }

    /// Paths that are not a strict prefix of another path in the set.
    var leaves: Set<FieldPath> {
        var prefixes: Set<FieldPath> = []
        for path in paths where path.count > 1 {
            for length in 1..<path.count { prefixes.insert(Array(path[0..<length])) }
        }
        return paths.subtracting(prefixes)
    }

    /// The fieldsV1 JSON: a trie whose keys are sorted as structured-merge-diff sorts them,
    /// with `.` marking a node that is itself a member and has children.
    var fieldsV1: JSONValue {
        final class Node {
            var member = false
            var children: [PathElement: Node] = [:]
        }
        let root = Node()
        for path in paths {
            var node = root
            for element in path {
                if let next = node.children[element] {
                    node = next
                } else {
                    let next = Node()
                    node.children[element] = next
                    node = next
                }
            }
            node.member = true
        }
        func encode(_ node: Node) -> JSONValue {
            var object = JSONObject()
            if node.member && !node.children.isEmpty { object["."] = .object(JSONObject()) }
            for element in node.children.keys.sorted() {
                if let child = node.children[element] { object[element.fieldsV1Key] = encode(child) }
            }
            return .object(object)
        }
        return encode(root)
    }

    /// Reads a fieldsV1 trie back into paths.
    init(fieldsV1: JSONValue) {
        var result: Set<FieldPath> = []
        func walk(_ value: JSONValue, _ prefix: FieldPath) {
            guard let object = value.objectValue else { return }
            if object.isEmpty, !prefix.isEmpty { result.insert(prefix) }
            for (key, child) in object {
                if key == "." {
                    if !prefix.isEmpty { result.insert(prefix) }
                    continue
                }
                guard let element = PathElement(fieldsV1Key: key) else { continue }
                walk(child, prefix + [element])
            }
        }
        walk(fieldsV1, [])
        self.paths = result
    }
}
