import KubernetesModel

/// One `metadata.managedFields` entry: who owns which fields, through which operation.
struct ManagedFieldsEntry: Sendable, Hashable {
    enum Operation: String, Sendable, Hashable {
        case apply = "Apply"
        case update = "Update"
    }

    var manager: String
    var operation: Operation
    var apiVersion: String
    var time: String
    var fields: FieldSet
    var subresource: String?

    /// Manager identity: the same name applying and updating are two owners, as in kube.
    func sameOwner(manager: String, operation: Operation, subresource: String?) -> Bool {
        self.manager == manager && self.operation == operation && self.subresource == subresource
    }

    /// The wire form, keys in kube-apiserver's order.
    var json: JSONValue {
        var object: JSONObject = [:]
        object["manager"] = .string(manager)
        object["operation"] = .string(operation.rawValue)
        object["apiVersion"] = .string(apiVersion)
        object["time"] = .string(time)
        object["fieldsType"] = "FieldsV1"
        object["fieldsV1"] = fields.fieldsV1
        if let subresource { object["subresource"] = .string(subresource) }
        return .object(object)
    }

    init(manager: String, operation: Operation, apiVersion: String, time: String, fields: FieldSet, subresource: String?) {
        self.manager = manager
        self.operation = operation
        self.apiVersion = apiVersion
        self.time = time
        self.fields = fields
        self.subresource = subresource
    }

    init?(json: JSONValue) {
        guard let manager = json["manager"]?.stringValue,
            let operation = Operation(rawValue: json["operation"]?.stringValue ?? "")
        else { return nil }
        self.manager = manager
        self.operation = operation
        self.apiVersion = json["apiVersion"]?.stringValue ?? ""
        self.time = json["time"]?.stringValue ?? ""
        self.fields = FieldSet(fieldsV1: json["fieldsV1"] ?? .object(JSONObject()))
        self.subresource = json["subresource"]?.stringValue
    }

    /// Entries of an object; malformed ones are dropped (kube resets them likewise).
    static func entries(of object: JSONValue?) -> [ManagedFieldsEntry] {
        (object?[path: ["metadata", "managedFields"]]?.arrayValue ?? []).compactMap(ManagedFieldsEntry.init(json:))
    }

    /// Writes the entries into the object's metadata (removing the key when empty).
    static func store(_ entries: [ManagedFieldsEntry], into object: inout JSONValue) {
        object.set(path: ["metadata", "managedFields"], to: entries.isEmpty ? nil : .array(entries.map(\.json)))
    }
}

/// Fields that never take part in ownership: identity and system-maintained metadata.
enum ManagedFieldsStripping {
    static let metadataFields = [
        "name", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp", "managedFields",
        "selfLink", "deletionTimestamp", "deletionGracePeriodSeconds",
    ]

    static func strip(_ value: JSONValue, dropStatus: Bool) -> JSONValue {
        guard case .object(var object) = value else { return value }
        object.removeValue(forKey: "apiVersion")
        object.removeValue(forKey: "kind")
        if dropStatus { object.removeValue(forKey: "status") }
        if case .object(var metadata)? = object["metadata"] {
            for field in metadataFields { metadata.removeValue(forKey: field) }
            if metadata.isEmpty {
                object.removeValue(forKey: "metadata")
            } else {
                object["metadata"] = .object(metadata)
            }
        }
        return .object(object)
    }
}
