import KubernetesModel

/// A webhook request as the providers' parsers see it.
public struct WebhookRequest: Sendable {
    public var provider: WebhookProvider
    /// Header names lowercased; for repeated headers, the first value.
    public var headers: [String: String]
    public var body: [UInt8]
    /// The path component after `/hook/<provider>/`, for providers authenticated by URL.
    public var pathToken: String?

    public init(provider: WebhookProvider, headers: [String: String], body: [UInt8], pathToken: String? = nil) {
        self.provider = provider
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }) { first, _ in first }
        self.body = body
        self.pathToken = pathToken
    }

    public func header(_ name: String) -> String? { headers[name.lowercased()] }

    /// The body as a JSON object, or 400.
    func json() throws(WebhookError) -> JSONValue {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: body)
        } catch {
            throw .malformed("the body is not valid JSON: \(error)")
        }
        guard value.objectValue != nil else { throw .malformed("the body must be a JSON object") }
        return value
    }
}

/// What to do with a well-formed, authenticated webhook.
public enum WebhookOutcome: Sendable, Hashable {
    case event(WebhookEvent)
    /// Understood, and nothing to do (a tag push, an event type fluxd does not act on).
    case ignored(String)
}

extension WebhookProvider {
    /// Checks that the request comes from the provider (401 otherwise), then parses it (400
    /// when malformed). Authentication comes first, so a forged request learns nothing of
    /// what the parser would have said.
    public func handle(_ request: WebhookRequest, secret: WebhookSecret) throws(WebhookError) -> WebhookOutcome {
        try authenticate(request, secret: secret)
        return try parse(request)
    }

    func authenticate(_ request: WebhookRequest, secret: WebhookSecret) throws(WebhookError) {
        switch authentication {
        case .hmacSHA256(let header):
            guard let value = request.header(header) else {
                throw .unauthorized("missing \(header) signature header")
            }
            guard secret.verifySignature(value, body: request.body) else {
                throw .unauthorized("\(header) does not match the body: wrong secret, or not sha256=<hex HMAC>")
            }
        case .token(let header):
            guard var value = request.header(header) else { throw .unauthorized("missing \(header) header") }
            if self == .harbor, value.lowercased().hasPrefix("bearer ") { value = String(value.dropFirst(7)) }
            guard secret.matchesToken(value) else { throw .unauthorized("\(header) does not match the secret") }
        case .urlDigest:
            guard let token = request.pathToken, secret.matchesURLDigest(token) else {
                throw .unauthorized("the hook URL must end in /hook/\(rawValue)/<hex SHA-256 of the webhook secret>")
            }
        }
    }

    func parse(_ request: WebhookRequest) throws(WebhookError) -> WebhookOutcome {
        switch self {
        case .github: try GitHubPayload.parse(request)
        case .gitlab: try GitLabPayload.parse(request)
        case .bitbucket: try BitbucketPayload.parse(request)
        case .generic: try GenericPayload.parse(request)
        case .dockerhub: try RegistryPayloads.dockerHub(request)
        case .harbor: try RegistryPayloads.harbor(request)
        case .quay: try RegistryPayloads.quay(request)
        }
    }
}

extension JSONValue {
    /// A string field that must be there, or 400 naming it.
    func requiredString(_ path: [String]) throws(WebhookError) -> String {
        guard let value = self[path: path]?.stringValue, !value.isEmpty else {
            throw .malformed("missing \(path.joined(separator: ".")) in the payload")
        }
        return value
    }

    func strings(_ paths: [[String]]) -> [String] {
        paths.compactMap { self[path: $0]?.stringValue }.filter { !$0.isEmpty }
    }
}
