import KubernetesModel

/// The object a failed request was about, so errors can name it.
public struct ObjectReference: Sendable, Hashable, CustomStringConvertible {
    public var kind: String
    public var namespace: String?
    public var name: String?

    public init(kind: String, namespace: String? = nil, name: String? = nil) {
        self.kind = kind
        self.namespace = namespace
        self.name = name
    }

    public var description: String {
        var text = kind
        if let namespace, !namespace.isEmpty { text += " \(namespace)/" } else { text += " " }
        text += name ?? "(all)"
        return text
    }
}

/// Any failure talking to the Kubernetes API: an error status from the server (with the
/// decoded `metav1.Status` when the body was one), a transport failure, an undecodable
/// body, or a kind discovery does not know.
public struct KubernetesError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, broadly. Extensible: match with `==`, not exhaustively.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        let raw: String
        /// The server answered with an error status.
        public static let apiStatus = Code(raw: "apiStatus")
        /// No response: connection refused or reset, TLS failure, timeout.
        public static let transport = Code(raw: "transport")
        /// The response body was not what the API promises.
        public static let decoding = Code(raw: "decoding")
        /// Discovery does not serve the requested group/version/kind.
        public static let unknownKind = Code(raw: "unknownKind")
        /// Credentials could not be obtained (token file, exec plugin).
        public static let authentication = Code(raw: "authentication")
        /// The caller asked for something the client cannot express (e.g. no name).
        public static let invalidRequest = Code(raw: "invalidRequest")
        public var description: String { raw }
    }

    public var code: Code
    public var message: String
    /// The HTTP status code, when the server answered.
    public var httpStatus: Int?
    /// The decoded `metav1.Status`, when the body was one.
    public var status: Status?
    /// The start of a non-Status error body, for diagnosis.
    public var bodySnippet: String?
    /// The HTTP method and path of the request.
    public var verb: String?
    public var path: String?
    /// The object the request was about.
    public var object: ObjectReference?
    /// The underlying error (transport, parse), if any.
    public var underlying: (any Error & Sendable)?

    public init(
        code: Code, message: String, httpStatus: Int? = nil, status: Status? = nil, bodySnippet: String? = nil,
        verb: String? = nil, path: String? = nil, object: ObjectReference? = nil,
        underlying: (any Error & Sendable)? = nil
    ) {
        self.code = code
        self.message = message
        self.httpStatus = httpStatus
        self.status = status
        self.bodySnippet = bodySnippet
        self.verb = verb
        self.path = path
        self.object = object
        self.underlying = underlying
    }

    /// `metav1.Status.reason`, or one derived from the HTTP status as client-go does for
    /// bodies that are not a Status; `nil` when neither says anything.
    public var reason: String? {
        if let reason = status?.reason, !reason.isEmpty { return reason }
        switch httpStatus {
        case 400: return "BadRequest"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "NotFound"
        case 405: return "MethodNotAllowed"
        case 406: return "NotAcceptable"
        case 409: return "Conflict"
        case 410: return "Expired"
        case 413: return "RequestEntityTooLarge"
        case 415: return "UnsupportedMediaType"
        case 422: return "Invalid"
        case 429: return "TooManyRequests"
        case 500: return "InternalError"
        case 503: return "ServiceUnavailable"
        case 504: return "Timeout"
        default: return nil
        }
    }

    /// The field-level causes the server listed (invalid fields, apply conflicts).
    public var causes: [Status.Cause] { status?.details?.causes ?? [] }

    public var isNotFound: Bool { reason == "NotFound" }
    public var isAlreadyExists: Bool { reason == "AlreadyExists" }
    /// A 409 that is not `AlreadyExists`: resourceVersion conflicts and apply field conflicts.
    public var isConflict: Bool { httpStatus == 409 && reason != "AlreadyExists" }
    /// The requested resourceVersion is too old (watch or list): relist.
    public var isGone: Bool { httpStatus == 410 || reason == "Expired" || reason == "Gone" }
    public var isInvalid: Bool { reason == "Invalid" }
    public var isForbidden: Bool { reason == "Forbidden" }
    public var isUnauthorized: Bool { reason == "Unauthorized" }
    public var isUnknownKind: Bool { code == .unknownKind }

    public var description: String {
        var parts: [String] = []
        if let object { parts.append(object.description) }
        if let verb, let path { parts.append("\(verb) \(path)") }
        if let httpStatus { parts.append("HTTP \(httpStatus)\(reason.map { " \($0)" } ?? "")") }
        let context = parts.isEmpty ? "" : " (\(parts.joined(separator: ", ")))"
        var text = message + context
        if let underlying { text += ": \(underlying)" }
        return text
    }
}

extension KubernetesError {
    /// Builds the error for an error response: a `metav1.Status` body keeps its code, reason,
    /// message and causes; anything else keeps the HTTP status and a snippet of the body.
    static func fromResponse(
        httpStatus: Int, body: [UInt8], verb: String, path: String, object: ObjectReference?
    ) -> KubernetesError {
        // A body that is not JSON is not an error of its own: it is kept as the snippet below.
        let parsed: JSONValue?
        do { parsed = try JSONValue(parsing: body) } catch { parsed = nil }
        if let parsed, let status = Status(json: parsed) {
            return KubernetesError(
                code: .apiStatus, message: status.message.isEmpty ? status.reason : status.message,
                httpStatus: httpStatus, status: status, verb: verb, path: path, object: object)
        }
        let text = String(decoding: body.prefix(512), as: UTF8.self)
        return KubernetesError(
            code: .apiStatus, message: text.isEmpty ? "the server returned HTTP \(httpStatus)" : "the server returned an error",
            httpStatus: httpStatus, bodySnippet: text, verb: verb, path: path, object: object)
    }
}

/// A non-Sendable error's text, kept as an underlying cause.
struct DescribedError: Error, Sendable, CustomStringConvertible {
    var description: String
    init(_ error: any Error) { description = String(describing: error) }
}
