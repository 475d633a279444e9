import Foundation

/// An HTTP request to deliver a notification.
public struct OutgoingRequest: Sendable, Hashable {
    public var method: String
    public var url: String
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(method: String = "POST", url: String, headers: [(String, String)], body: [UInt8]) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    public static func == (lhs: OutgoingRequest, rhs: OutgoingRequest) -> Bool {
        lhs.method == rhs.method && lhs.url == rhs.url && lhs.body == rhs.body
            && lhs.headers.map { "\($0.0): \($0.1)" } == rhs.headers.map { "\($0.0): \($0.1)" }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(method)
        hasher.combine(url)
        hasher.combine(body)
    }
}

/// Where notifications go and how they are written for it (`--notify-*` flags).
public enum NotificationTarget: Sendable, Hashable, CustomStringConvertible {
    /// SwiftFlux's JSON event, signed with `X-Signature: sha256=<hex HMAC>` when a key is set.
    case generic(url: String)
    /// A Slack incoming webhook.
    case slack(url: String)
    /// A Microsoft Teams incoming webhook (Workflows), as an Adaptive Card.
    case msteams(url: String)
    /// Commit statuses on GitHub (or GitHub Enterprise: `apiURL` `https://HOST/api/v3`).
    case githubStatus(apiURL: String, repository: String, context: String)
    /// Commit statuses on GitLab (`apiURL` `https://HOST/api/v4`); `project` is `group/name`.
    case gitlabStatus(apiURL: String, project: String, context: String)

    /// The label of the target in metrics and logs (never the URL: webhook URLs are secrets).
    public var kindName: String {
        switch self {
        case .generic: "generic"
        case .slack: "slack"
        case .msteams: "msteams"
        case .githubStatus: "github"
        case .gitlabStatus: "gitlab"
        }
    }

    public var description: String { kindName }
}

/// Credentials the formats need; never part of a body.
public struct NotificationCredentials: Sendable {
    /// `--notify-hmac-key-file`: signs generic events.
    public var hmacKey: [UInt8]?
    public var githubToken: String?
    public var gitlabToken: String?

    public init(hmacKey: [UInt8]? = nil, githubToken: String? = nil, gitlabToken: String? = nil) {
        self.hmacKey = hmacKey
        self.githubToken = githubToken
        self.gitlabToken = gitlabToken
    }

    /// Every secret value, for `Redaction`.
    public var secretValues: [String] {
        [hmacKey.map { String(decoding: $0, as: UTF8.self) }, githubToken, gitlabToken].compactMap { $0 }
    }
}

extension NotificationTarget {
    /// The request that delivers `notification` here, or nil when this target has nothing to
    /// say about it (a commit status needs a revision and a sync or health outcome).
    public func request(for notification: FluxNotification, credentials: NotificationCredentials) -> OutgoingRequest? {
        switch self {
        case .generic(let url): GenericFormat.request(notification, url: url, hmacKey: credentials.hmacKey)
        case .slack(let url): SlackFormat.request(notification, url: url)
        case .msteams(let url): TeamsFormat.request(notification, url: url)
        case .githubStatus(let api, let repository, let context):
            CommitStatusFormat.github(notification, api: api, repository: repository, context: context, token: credentials.githubToken)
        case .gitlabStatus(let api, let project, let context):
            CommitStatusFormat.gitlab(notification, api: api, project: project, context: context, token: credentials.gitlabToken)
        }
    }
}

enum JSONBody {
    static func encode<T: Encodable>(_ value: T) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        // deliberate: the bodies are plain structs of strings, numbers and arrays, which always encode
        return (try? encoder.encode(value)).map(Array.init) ?? Array("{}".utf8)
    }
}
