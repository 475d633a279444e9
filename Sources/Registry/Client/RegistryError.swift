/// Why a registry request for one image failed. Errors are per image: a failing registry
/// never stops the scan of others.
public struct RegistryError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, extensible without breaking callers.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        let name: String
        public var description: String { name }
        /// The host could not be reached (connection refused, DNS, TLS) or timed out.
        public static let unreachable = Code(name: "unreachable")
        /// 401/403 after trying the credentials we have (or having none).
        public static let unauthorized = Code(name: "unauthorized")
        /// The repository, tag or blob does not exist.
        public static let notFound = Code(name: "notFound")
        /// 429 or `TOOMANYREQUESTS` kept coming after the allowed retries.
        public static let rateLimited = Code(name: "rateLimited")
        /// Any other unexpected HTTP status.
        public static let httpStatus = Code(name: "httpStatus")
        /// A body or header we could not understand.
        public static let invalidResponse = Code(name: "invalidResponse")
        /// The token endpoint refused or returned no token.
        public static let tokenFailed = Code(name: "tokenFailed")
    }

    public var code: Code
    /// The registry host (`ghcr.io`, `127.0.0.1:5000`, `docker.io`).
    public var host: String
    /// The repository path within the registry (`library/nginx`), when known.
    public var repository: String?
    /// A tag or digest, when the request was about one.
    public var reference: String?
    /// The HTTP status, when there was a response.
    public var status: Int?
    public var message: String

    public init(
        code: Code, host: String, repository: String? = nil, reference: String? = nil, status: Int? = nil,
        message: String
    ) {
        self.code = code
        self.host = host
        self.repository = repository
        self.reference = reference
        self.status = status
        self.message = message
    }

    public var description: String {
        var subject = host
        if let repository { subject += "/" + repository }
        if let reference { subject += (reference.contains(":") ? "@" : ":") + reference }
        var text = "registry \(subject): \(code)"
        if let status { text += " (HTTP \(status))" }
        return text + ": " + message
    }
}
