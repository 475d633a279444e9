/// `metav1.Status`: the body kube-apiserver returns for errors (and for some deletes).
/// Both the client (decoding) and the embedded server (encoding) use this one shape.
public struct Status: Sendable, Hashable, Error, CustomStringConvertible {
    /// `Success` or `Failure`.
    public var status: String
    public var message: String
    /// Machine-readable reason: `NotFound`, `AlreadyExists`, `Conflict`, `Invalid`, ...
    public var reason: String
    public var code: Int
    public var details: Details?

    public struct Details: Sendable, Hashable {
        public var name: String?
        public var group: String?
        public var kind: String?
        public var uid: String?
        public var causes: [Cause]
        public var retryAfterSeconds: Int?

        public init(
            name: String? = nil, group: String? = nil, kind: String? = nil, uid: String? = nil,
            causes: [Cause] = [], retryAfterSeconds: Int? = nil
        ) {
            self.name = name
            self.group = group
            self.kind = kind
            self.uid = uid
            self.causes = causes
            self.retryAfterSeconds = retryAfterSeconds
        }
    }

    public struct Cause: Sendable, Hashable {
        /// e.g. `FieldValueRequired`, `FieldValueInvalid`, `FieldManagerConflict`.
        public var reason: String
        public var message: String
        public var field: String

        public init(reason: String, message: String, field: String) {
            self.reason = reason
            self.message = message
            self.field = field
        }
    }

    public init(status: String = "Failure", message: String, reason: String, code: Int, details: Details? = nil) {
        self.status = status
        self.message = message
        self.reason = reason
        self.code = code
        self.details = details
    }

    public var description: String { message }

    /// The wire form, as kube-apiserver writes it.
    public var json: JSONValue {
        var object: JSONObject = ["kind": "Status", "apiVersion": "v1", "metadata": .object(JSONObject())]
        object["status"] = .string(status)
        if !message.isEmpty { object["message"] = .string(message) }
        if !reason.isEmpty { object["reason"] = .string(reason) }
        if let details {
            var d = JSONObject()
            if let name = details.name { d["name"] = .string(name) }
            if let group = details.group { d["group"] = .string(group) }
            if let kind = details.kind { d["kind"] = .string(kind) }
            if let uid = details.uid { d["uid"] = .string(uid) }
            if !details.causes.isEmpty {
                d["causes"] = .array(
                    details.causes.map { cause in
                        var c = JSONObject()
                        if !cause.reason.isEmpty { c["reason"] = .string(cause.reason) }
                        if !cause.message.isEmpty { c["message"] = .string(cause.message) }
                        if !cause.field.isEmpty { c["field"] = .string(cause.field) }
                        return .object(c)
                    })
            }
            if let retry = details.retryAfterSeconds { d["retryAfterSeconds"] = .integer(Int64(retry)) }
            object["details"] = .object(d)
        }
        object["code"] = .integer(Int64(code))
        return .object(object)
    }

    /// Decodes a `Status` body; `nil` when the value is not one.
    public init?(json: JSONValue) {
        guard json["kind"]?.stringValue == "Status" else { return nil }
        status = json["status"]?.stringValue ?? ""
        message = json["message"]?.stringValue ?? ""
        reason = json["reason"]?.stringValue ?? ""
        code = Int(json["code"]?.intValue ?? 0)
        if let d = json["details"] {
            details = Details(
                name: d["name"]?.stringValue, group: d["group"]?.stringValue, kind: d["kind"]?.stringValue,
                uid: d["uid"]?.stringValue,
                causes: (d["causes"]?.arrayValue ?? []).map {
                    Cause(
                        reason: $0["reason"]?.stringValue ?? "", message: $0["message"]?.stringValue ?? "",
                        field: $0["field"]?.stringValue ?? "")
                },
                retryAfterSeconds: d["retryAfterSeconds"]?.intValue.map { Int($0) })
        }
    }
}
