import KubernetesModel

/// RFC 6902 JSON patch (add, remove, replace, move, copy, test) on a JSON value.
public struct JSONPatch: Sendable {
    typealias Failure = PatchError

    public var operations: [JSONObject]

    public init(operations: [JSONObject]) {
        self.operations = operations
    }

    /// A patch from its JSON form: an array of operation objects.
    public init(_ value: JSONValue) throws(PatchError) {
        guard let items = value.arrayValue else { throw PatchError("json patch must be an array of operations") }
        var operations: [JSONObject] = []
        for (index, item) in items.enumerated() {
            guard let object = item.objectValue else { throw PatchError("operation \(index) is not an object") }
            operations.append(object)
        }
        self.operations = operations
    }

    public func apply(to document: JSONValue) throws(PatchError) -> JSONValue {
        var document = document
        for (index, operation) in operations.enumerated() {
            guard let op = operation["op"]?.stringValue, let path = operation["path"]?.stringValue else {
                throw Failure("operation \(index) needs 'op' and 'path'")
            }
            let pointer = try Self.pointer(path)
            switch op {
            case "add":
                document = try Self.add(operation["value"] ?? .null, at: pointer, in: document, replace: false)
            case "replace":
                // evanphx/json-patch v4 (kube-apiserver, kubectl, kustomize): the parent must
                // exist; a missing key of an object is set.
                document = try Self.add(operation["value"] ?? .null, at: pointer, in: document, replace: true)
            case "remove":
                document = try Self.remove(pointer, in: document, path: path)
            case "move", "copy":
                guard let from = operation["from"]?.stringValue else { throw Failure("\(op) needs 'from'") }
                let fromPointer = try Self.pointer(from)
                // A missing key of an existing object copies as null (json-patch v4).
                let value = try Self.get(fromPointer, in: document, path: from, missingKeyIsNull: op == "copy")
                if op == "move" { document = try Self.remove(fromPointer, in: document, path: from) }
                document = try Self.add(value, at: pointer, in: document, replace: false)
            case "test":
                let value = try Self.get(pointer, in: document, path: path, missingKeyIsNull: true)
                if value != (operation["value"] ?? .null) {
                    throw Failure("testing value \(path) failed: test failed")
                }
            default:
                throw Failure("Unexpected kind: \(op)")
            }
        }
        return document
    }

    static func pointer(_ path: String) throws(Failure) -> [String] {
        if path.isEmpty { return [] }
        guard path.hasPrefix("/") else { throw Failure("path '\(path)' must start with /") }
        return path.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map {
            $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        }
    }

    /// An array index as json-patch v4 reads it: negative indices count from the end.
    static func index(_ token: String, count: Int) -> Int? {
        guard let index = Int(token) else { return nil }
        return index < 0 ? index + count : index
    }

    static func get(_ pointer: [String], in document: JSONValue, path: String, missingKeyIsNull: Bool = false)
        throws(Failure) -> JSONValue
    {
        var current = document
        for (position, token) in pointer.enumerated() {
            switch current {
            case .object(let object):
                guard let next = object[token] else {
                    if missingKeyIsNull && position == pointer.count - 1 { return .null }
                    throw Failure("path '\(path)' not found")
                }
                current = next
            case .array(let items):
                guard let index = Self.index(token, count: items.count), items.indices.contains(index) else {
                    throw Failure("path '\(path)' not found")
                }
                current = items[index]
            default:
                throw Failure("path '\(path)' not found")
            }
        }
        return current
    }

    static func add(_ value: JSONValue, at pointer: [String], in document: JSONValue, replace: Bool) throws(Failure)
        -> JSONValue
    {
        guard let token = pointer.first else { return value }
        let rest = Array(pointer.dropFirst())
        switch document {
        case .object(var object):
            if rest.isEmpty {
                object[token] = value
            } else {
                guard let child = object[token] else {
                    throw Failure("path '/\(pointer.joined(separator: "/"))' not found")
                }
                object[token] = try add(value, at: rest, in: child, replace: replace)
            }
            return .object(object)
        case .array(var items):
            if rest.isEmpty {
                if token == "-" {
                    items.append(value)
                } else if let index = Self.index(token, count: replace ? items.count : items.count + 1), index >= 0,
                    index <= items.count
                {
                    if replace {
                        guard index < items.count else { throw Failure("index \(index) out of range") }
                        items[index] = value
                    } else {
                        items.insert(value, at: index)
                    }
                } else {
                    throw Failure("index '\(token)' out of range")
                }
            } else {
                guard let index = Self.index(token, count: items.count), items.indices.contains(index) else {
                    throw Failure("index '\(token)' out of range")
                }
                items[index] = try add(value, at: rest, in: items[index], replace: replace)
            }
            return .array(items)
        default:
            throw Failure("cannot add to a \(document.typeName)")
        }
    }

    static func remove(_ pointer: [String], in document: JSONValue, path: String) throws(Failure) -> JSONValue {
        guard let token = pointer.first else { return .null }
        let rest = Array(pointer.dropFirst())
        switch document {
        case .object(var object):
            guard let child = object[token] else { throw Failure("path '\(path)' not found") }
            if rest.isEmpty {
                object.removeValue(forKey: token)
            } else {
                object[token] = try remove(rest, in: child, path: path)
            }
            return .object(object)
        case .array(var items):
            guard let index = Self.index(token, count: items.count), items.indices.contains(index) else {
                throw Failure("path '\(path)' not found")
            }
            if rest.isEmpty {
                items.remove(at: index)
            } else {
                items[index] = try remove(rest, in: items[index], path: path)
            }
            return .array(items)
        default:
            throw Failure("path '\(path)' not found")
        }
    }
}
