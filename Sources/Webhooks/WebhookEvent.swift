/// What a webhook told fluxd, once its signature checked out and its payload parsed.
public enum WebhookEvent: Sendable, Hashable {
    /// A push to a git repository: fluxd fetches at once when it is the repository and
    /// branch it follows.
    case gitPush(GitPush)
    /// New image tags in a repository: fluxd rescans it and runs automation.
    case imagePush(ImagePush)
    /// A provider checking the hook (GitHub's `ping`): answered, nothing triggered.
    case ping(provider: WebhookProvider)
}

/// A push to a git repository, as a provider describes it.
public struct GitPush: Sendable, Hashable {
    public var provider: WebhookProvider
    /// Every URL the provider gives for the repository (SSH, HTTPS, web), any of which may
    /// be the one fluxd was configured with.
    public var repositoryURLs: [String]
    /// Branches the push moved (a push event can carry several, Bitbucket's does).
    public var branches: [String]
    /// The new head, when the provider says.
    public var revision: String?

    public init(provider: WebhookProvider, repositoryURLs: [String], branches: [String], revision: String? = nil) {
        self.provider = provider
        self.repositoryURLs = repositoryURLs
        self.branches = branches
        self.revision = revision
    }
}

/// New tags in an image repository.
public struct ImagePush: Sendable, Hashable {
    public var provider: WebhookProvider
    /// The repository, canonical (`docker.io/library/nginx`, `ghcr.io/org/app`).
    public var repository: String
    /// The tags pushed, when the provider says.
    public var tags: [String]

    public init(provider: WebhookProvider, repository: String, tags: [String] = []) {
        self.provider = provider
        self.repository = repository
        self.tags = tags
    }
}

/// The services fluxd accepts webhooks from; each is served on `/hook/<rawValue>`.
public enum WebhookProvider: String, Sendable, Hashable, CaseIterable {
    case github
    case gitlab
    case bitbucket
    case generic
    case dockerhub
    case harbor
    case quay

    /// How the provider proves a request comes from it.
    public enum Authentication: Sendable {
        /// `sha256=<hex HMAC-SHA256 of the body>` in a header.
        case hmacSHA256(header: String)
        /// The shared secret itself in a header (GitLab's `X-Gitlab-Token`, Harbor's `Authorization`).
        case token(header: String)
        /// A hook URL that holds a digest of the secret (the provider cannot sign):
        /// `/hook/<provider>/<hex SHA-256 of the secret>`, as Flux v1's flux-recv did.
        case urlDigest
    }

    public var authentication: Authentication {
        switch self {
        case .github: .hmacSHA256(header: "X-Hub-Signature-256")
        case .bitbucket: .hmacSHA256(header: "X-Hub-Signature")
        case .generic: .hmacSHA256(header: "X-Signature")
        case .gitlab: .token(header: "X-Gitlab-Token")
        case .harbor: .token(header: "Authorization")
        case .dockerhub, .quay: .urlDigest
        }
    }
}

/// Why a webhook was refused: the HTTP status and a message for the sender (never the secret).
public struct WebhookError: Error, Sendable, Hashable, CustomStringConvertible {
    public var status: Int
    public var message: String

    public init(status: Int, _ message: String) {
        self.status = status
        self.message = message
    }

    public var description: String { "\(status): \(message)" }

    static func unauthorized(_ message: String) -> WebhookError { WebhookError(status: 401, message) }
    static func malformed(_ message: String) -> WebhookError { WebhookError(status: 400, message) }
}
