import ArgumentParser

/// fluxd's flags for webhooks, notifications and health (SwiftFlux's own; Flux v1 had none of
/// these in fluxd). Included in `DaemonOptions` with `@OptionGroup`. Values that are
/// credentials (secrets, tokens, chat webhook URLs, which embed a token) are read from files,
/// never given on the command line.
public struct ObservabilityOptions: ParsableArguments, Sendable {
    public init() {}

    // MARK: webhooks
    @Option(
        name: .customLong("listen-webhook"),
        help: "Address of the webhook receiver (POST /hook/<provider>); off when empty")
    public var listenWebhook: String = ""
    @Option(
        name: .customLong("webhook-secret-file"),
        help: "File with the webhooks' shared secret (HMAC key for GitHub/Bitbucket/generic, token for GitLab/Harbor)")
    public var webhookSecretFile: String?

    // MARK: notifications
    @Option(
        name: .customLong("notify-url"),
        help: "POST a JSON event to this URL on syncs, sync errors, releases, automation and health changes (repeatable)")
    public var notifyURL: [String] = []
    @Option(name: .customLong("notify-hmac-key-file"), help: "Sign --notify-url events: X-Signature: sha256=<hex HMAC of the body>")
    public var notifyHMACKeyFile: String?
    @Option(name: .customLong("notify-slack-url-file"), help: "File with a Slack incoming-webhook URL (repeatable)")
    public var notifySlackURLFile: [String] = []
    @Option(name: .customLong("notify-msteams-url-file"), help: "File with a Microsoft Teams incoming-webhook URL (repeatable)")
    public var notifyTeamsURLFile: [String] = []
    @Option(name: .customLong("notify-github-token-file"), help: "Set commit statuses on GitHub with this token")
    public var notifyGitHubTokenFile: String?
    @Option(name: .customLong("notify-github-api-url"), help: "GitHub API (GitHub Enterprise: https://HOST/api/v3)")
    public var notifyGitHubAPIURL: String = "https://api.github.com"
    @Option(name: .customLong("notify-github-repository"), help: "owner/repo for commit statuses [from --git-url]")
    public var notifyGitHubRepository: String?
    @Option(name: .customLong("notify-gitlab-token-file"), help: "Set commit statuses on GitLab with this token")
    public var notifyGitLabTokenFile: String?
    @Option(name: .customLong("notify-gitlab-api-url"), help: "GitLab API (self-managed: https://HOST/api/v4)")
    public var notifyGitLabAPIURL: String = "https://gitlab.com/api/v4"
    @Option(name: .customLong("notify-gitlab-project"), help: "group/project for commit statuses [from --git-url]")
    public var notifyGitLabProject: String?
    @Option(name: .customLong("notify-status-context"), help: "Commit status context prefix (<prefix>/sync, <prefix>/health)")
    public var notifyStatusContext: String = "fluxd"
}
