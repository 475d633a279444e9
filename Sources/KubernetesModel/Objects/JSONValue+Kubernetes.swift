/// Accessors for the fields every Kubernetes object has. They read and write the
/// unstructured value in place, so objects of any kind (CRDs included) work the same.
extension JSONValue {
    public var apiVersion: String? {
        get { self["apiVersion"]?.stringValue }
        set { self["apiVersion"] = newValue.map { .string($0) } }
    }

    public var kind: String? {
        get { self["kind"]?.stringValue }
        set { self["kind"] = newValue.map { .string($0) } }
    }

    public var metadata: JSONObject {
        get { self["metadata"]?.objectValue ?? JSONObject() }
        set { self["metadata"] = .object(newValue) }
    }

    public var name: String? {
        get { self[path: ["metadata", "name"]]?.stringValue }
        set { set(path: ["metadata", "name"], to: newValue.map { .string($0) }) }
    }

    public var namespace: String? {
        get { self[path: ["metadata", "namespace"]]?.stringValue }
        set { set(path: ["metadata", "namespace"], to: newValue.map { .string($0) }) }
    }

    public var resourceVersion: String? {
        get { self[path: ["metadata", "resourceVersion"]]?.stringValue }
        set { set(path: ["metadata", "resourceVersion"], to: newValue.map { .string($0) }) }
    }

    public var uid: String? { self[path: ["metadata", "uid"]]?.stringValue }

    public var labels: [String: String] {
        get { Self.stringMap(self[path: ["metadata", "labels"]]) }
        set { set(path: ["metadata", "labels"], to: newValue.isEmpty ? nil : Self.sortedStringMap(newValue)) }
    }

    public var annotations: [String: String] {
        get { Self.stringMap(self[path: ["metadata", "annotations"]]) }
        set { set(path: ["metadata", "annotations"], to: newValue.isEmpty ? nil : Self.sortedStringMap(newValue)) }
    }

    public var groupVersionKind: GroupVersionKind? {
        guard let apiVersion, let kind else { return nil }
        return GroupVersionKind(apiVersion: apiVersion, kind: kind)
    }

    /// The object's identity, when it has a kind and a name.
    public var objectKey: ObjectKey? {
        guard let gvk = groupVersionKind, let name else { return nil }
        return ObjectKey(group: gvk.group, kind: gvk.kind, namespace: namespace ?? "", name: name)
    }

    static func stringMap(_ value: JSONValue?) -> [String: String] {
        guard let object = value?.objectValue else { return [:] }
        var result: [String: String] = [:]
        for (key, value) in object {
            if let string = value.stringValue { result[key] = string }
        }
        return result
    }

    static func sortedStringMap(_ map: [String: String]) -> JSONValue {
        var object = JSONObject()
        for key in map.keys.sorted() { object[key] = .string(map[key] ?? "") }
        return .object(object)
    }
}
