import KubernetesModel

/// Why applying, pruning or recording failed, naming the object and its source.
public struct ApplyError: Error, Sendable, CustomStringConvertible {
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        let raw: String
        public var description: String { raw }
        public static let invalidObject = Code(raw: "invalid object")
        public static let applyFailed = Code(raw: "apply failed")
        public static let immutableField = Code(raw: "immutable field")
        public static let conflict = Code(raw: "field manager conflict")
        public static let notAllowed = Code(raw: "namespace not allowed")
        public static let crdNotEstablished = Code(raw: "CRD not established")
        public static let pruneFailed = Code(raw: "prune failed")
        public static let pruneRefused = Code(raw: "prune refused")
        public static let inventory = Code(raw: "inventory")
        public static let timeout = Code(raw: "timeout")
        /// The API server (413) or etcd behind it refused the object for its size.
        public static let objectTooLarge = Code(raw: "object too large")
    }

    public var code: Code
    public var message: String
    public var object: ObjectKey?
    public var source: SourceLocation?
    /// HTTP status from the API server, when the failure came from it.
    public var httpStatus: Int?

    public init(
        code: Code, message: String, object: ObjectKey? = nil, source: SourceLocation? = nil, httpStatus: Int? = nil
    ) {
        self.code = code
        self.message = message
        self.object = object
        self.source = source
        self.httpStatus = httpStatus
    }

    public var description: String {
        var parts: [String] = []
        if let object { parts.append("\(object)") }
        if let source { parts.append("(\(source))") }
        parts.append(message)
        return parts.joined(separator: " ")
    }
}
