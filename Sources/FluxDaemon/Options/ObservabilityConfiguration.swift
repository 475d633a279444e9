import ArgumentParser
import Foundation
import Notifications
import Webhooks

/// Validated settings for webhooks and notifications. Secrets stay in files until fluxd
/// starts (`ObservabilitySecrets.load`), so a configuration can be built and printed safely.
public struct ObservabilityConfiguration: Sendable {
    public var webhookListen: String?
    public var webhookSecretFile: String?
    public var notifyURLs: [String]
    public var hmacKeyFile: String?
    public var slackURLFiles: [String]
    public var teamsURLFiles: [String]
    public var github: CommitStatusTarget?
    public var gitlab: CommitStatusTarget?
    public var statusContext: String

    public struct CommitStatusTarget: Sendable {
        public var apiURL: String
        /// `owner/repo` (GitHub) or `group/project` (GitLab).
        public var repository: String
        public var tokenFile: String
    }

    public init(options: ObservabilityOptions, gitURL: String?) throws(ValidationError) {
        webhookListen = options.listenWebhook.isEmpty ? nil : options.listenWebhook
        if let address = webhookListen, DaemonConfiguration.hostPort(address) == nil {
            throw ValidationError("--listen-webhook: expected HOST:PORT or :PORT, got \"\(address)\"")
        }
        if webhookListen != nil && options.webhookSecretFile == nil {
            throw ValidationError("--listen-webhook needs --webhook-secret-file (webhooks are always authenticated)")
        }
        webhookSecretFile = options.webhookSecretFile
        for url in options.notifyURL where !(url.hasPrefix("http://") || url.hasPrefix("https://")) {
            throw ValidationError("--notify-url: \"\(url)\" is not an http(s) URL")
        }
        notifyURLs = options.notifyURL
        hmacKeyFile = options.notifyHMACKeyFile
        slackURLFiles = options.notifySlackURLFile
        teamsURLFiles = options.notifyTeamsURLFile
        statusContext = options.notifyStatusContext
        if let tokenFile = options.notifyGitHubTokenFile {
            guard let repository = options.notifyGitHubRepository ?? Self.repositoryPath(gitURL, host: "github.com") else {
                throw ValidationError(
                    "--notify-github-token-file needs --notify-github-repository owner/repo (--git-url is not on github.com)")
            }
            github = CommitStatusTarget(apiURL: options.notifyGitHubAPIURL, repository: repository, tokenFile: tokenFile)
        }
        if let tokenFile = options.notifyGitLabTokenFile {
            guard let project = options.notifyGitLabProject ?? Self.repositoryPath(gitURL, host: "gitlab.com") else {
                throw ValidationError(
                    "--notify-gitlab-token-file needs --notify-gitlab-project group/project (--git-url is not on gitlab.com)")
            }
            gitlab = CommitStatusTarget(apiURL: options.notifyGitLabAPIURL, repository: project, tokenFile: tokenFile)
        }
    }

    /// `org/repo` of a git URL on `host` (`git@github.com:org/repo.git`, `https://github.com/org/repo`).
    static func repositoryPath(_ url: String?, host: String) -> String? {
        guard let url, let normalized = GitSourceMatcher.normalize(url), normalized.hasPrefix(host + "/") else { return nil }
        // The original spelling (case) of the path, without `.git`.
        guard let range = url.range(of: String(normalized.dropFirst(host.count + 1)), options: .caseInsensitive) else {
            return String(normalized.dropFirst(host.count + 1))
        }
        return String(url[range])
    }

    public var notificationsEnabled: Bool {
        !notifyURLs.isEmpty || !slackURLFiles.isEmpty || !teamsURLFiles.isEmpty || github != nil || gitlab != nil
    }
}

/// The secrets of webhooks and notifications, read from their files at start-up.
struct ObservabilitySecrets: Sendable {
    var webhook: WebhookSecret?
    var targets: [NotificationTarget]
    var credentials: NotificationCredentials
    /// Secret strings to keep out of payloads.
    var redact: [String]

    static func read(_ path: String, what: String) throws -> String {
        do {
            return try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        } catch {
            throw DaemonError("\(what): cannot read \(path): \(error.localizedDescription)")
        }
    }

    static func load(_ configuration: ObservabilityConfiguration) throws -> ObservabilitySecrets {
        var redact: [String] = []
        var webhook: WebhookSecret?
        if let file = configuration.webhookSecretFile {
            let text = try read(file, what: "--webhook-secret-file")
            do {
                webhook = try WebhookSecret(text)
            } catch {
                throw DaemonError("--webhook-secret-file \(file): \(error.message)")
            }
            redact.append(text)
        }
        var credentials = NotificationCredentials()
        if let file = configuration.hmacKeyFile {
            let key = try read(file, what: "--notify-hmac-key-file")
            guard !key.isEmpty else { throw DaemonError("--notify-hmac-key-file \(file) is empty") }
            credentials.hmacKey = Array(key.utf8)
        }
        var targets: [NotificationTarget] = configuration.notifyURLs.map { .generic(url: $0) }
        for file in configuration.slackURLFiles {
            let url = try read(file, what: "--notify-slack-url-file")
            redact.append(url)
            targets.append(.slack(url: url))
        }
        for file in configuration.teamsURLFiles {
            let url = try read(file, what: "--notify-msteams-url-file")
            redact.append(url)
            targets.append(.msteams(url: url))
        }
        if let github = configuration.github {
            credentials.githubToken = try read(github.tokenFile, what: "--notify-github-token-file")
            targets.append(
                .githubStatus(apiURL: github.apiURL, repository: github.repository, context: configuration.statusContext))
        }
        if let gitlab = configuration.gitlab {
            credentials.gitlabToken = try read(gitlab.tokenFile, what: "--notify-gitlab-token-file")
            targets.append(
                .gitlabStatus(apiURL: gitlab.apiURL, project: gitlab.repository, context: configuration.statusContext))
        }
        return ObservabilitySecrets(webhook: webhook, targets: targets, credentials: credentials, redact: redact)
    }
}
