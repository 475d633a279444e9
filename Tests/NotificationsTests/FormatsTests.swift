import AsyncHTTPClient
import Crypto
import Foundation
import Logging
import Notifications
import TestSupport
import Testing

/// Each notification format delivered to a real HTTP server on loopback.
@Suite struct FormatsTests {
    static let hmacKey = "notify-hmac-key-0123456789"
    static let githubToken = "ghp_0123456789abcdefTOKEN"
    static let gitlabToken = "glpat-0123456789TOKEN"
    static let revision = "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c"

    static var credentials: NotificationCredentials {
        NotificationCredentials(hmacKey: Array(hmacKey.utf8), githubToken: githubToken, gitlabToken: gitlabToken)
    }

    static let failure = FluxNotification(
        kind: .syncError, severity: .error,
        message:
            "Sync of revision 0d1a26e failed: 1 manifest error(s); nothing applied or pruned (fetching https://deploy:s3cr3t-pass@git.example.com/config.git)",
        revision: revision, timestamp: Date(timeIntervalSince1970: 1_760_000_000),
        source: .init(url: "https://git.example.com/config.git", branch: "main", paths: ["apps"]),
        errors: [.init(message: "mapping values are not allowed here", file: "apps/web.yaml", line: 7, object: "demo:deployment/web")])

    static let sync = FluxNotification(
        kind: .sync, severity: .info, message: "Synced revision 0d1a26e: created=1 configured=1 unchanged=3",
        revision: revision, timestamp: Date(timeIntervalSince1970: 1_760_000_000),
        counts: .init(created: 1, configured: 1, unchanged: 3),
        objects: [.init(object: "Deployment/demo/web", action: "configured"), .init(object: "ConfigMap/demo/settings", action: "created")],
        workloads: ["demo:deployment/web"])

    static func service(_ targets: [NotificationTarget], attempts: Int = 5) -> (NotificationService, HTTPClient) {
        var settings = NotificationService.Settings()
        settings.initialBackoff = .milliseconds(10)
        settings.maximumAttempts = attempts
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        var logger = Logger(label: "notifications-test")
        logger.logLevel = .critical
        return (
            NotificationService(
                targets: targets, credentials: credentials, redact: ["s3cr3t-pass"], settings: settings, http: http, logger: logger),
            http
        )
    }

    static func deliver(_ notification: FluxNotification, to target: NotificationTarget, attempts: Int = 5) async throws -> Bool {
        let (service, http) = service([target], attempts: attempts)
        let delivered = await service.deliver(notification, to: target)
        try await http.shutdown()
        return delivered
    }

    static func assertNoSecrets(_ text: String) {
        for secret in [hmacKey, githubToken, gitlabToken, "s3cr3t-pass", "deploy:"] {
            #expect(!text.contains(secret), "payload leaks \(secret): \(text)")
        }
    }

    @Test func genericEventIsSignedAndCarriesTheDetails() async throws {
        try await RecordingServer.with { server in
            let (service, http) = Self.service([.generic(url: server.baseURL + "/events")])
            let received = try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await service.run() }
                service.post(Self.failure)
                let received = try await server.waitFor(1)
                group.cancelAll()
                return received
            }
            try await http.shutdown()
            let request = try #require(received.first)
            #expect(request.path == "/events")
            let expected =
                "sha256="
                + HMAC<SHA256>.authenticationCode(for: request.body, using: SymmetricKey(data: Array(Self.hmacKey.utf8)))
                .map { String(format: "%02x", $0) }.joined()
            #expect(request.headers["x-signature"] == expected)
            let json = try #require(request.json)
            #expect(json["kind"] as? String == "sync-error")
            #expect(json["revision"] as? String == Self.revision)
            let errors = try #require(json["errors"] as? [[String: Any]])
            #expect(errors.first?["file"] as? String == "apps/web.yaml" && errors.first?["line"] as? Int == 7)
            #expect(errors.first?["object"] as? String == "demo:deployment/web")
            Self.assertNoSecrets(request.text)
            #expect(request.text.contains("https://git.example.com/config.git"))
        }
    }

    @Test func slackMessageIsColouredByOutcome() async throws {
        try await RecordingServer.with { server in
            #expect(try await Self.deliver(Self.failure, to: .slack(url: server.baseURL + "/slack")))
            #expect(try await Self.deliver(Self.sync, to: .slack(url: server.baseURL + "/slack")))
            let received = try await server.waitFor(2)
            let failure = try #require(received.first?.json)
            #expect((failure["text"] as? String)?.contains("0d1a26e") == true)
            let attachment = try #require((failure["attachments"] as? [[String: Any]])?.first)
            #expect(attachment["color"] as? String == "danger")
            #expect((attachment["text"] as? String)?.contains("apps/web.yaml:7: demo:deployment/web: mapping values") == true)
            let success = try #require((received.last?.json?["attachments"] as? [[String: Any]])?.first)
            #expect(success["color"] as? String == "good")
            #expect((success["text"] as? String)?.contains("configured Deployment/demo/web") == true)
            for request in received { Self.assertNoSecrets(request.text) }
        }
    }

    @Test func teamsMessageIsAnAdaptiveCard() async throws {
        try await RecordingServer.with { server in
            #expect(try await Self.deliver(Self.failure, to: .msteams(url: server.baseURL + "/teams")))
            let request = try #require(try await server.waitFor(1).first)
            let json = try #require(request.json)
            #expect(json["type"] as? String == "message")
            let attachment = try #require((json["attachments"] as? [[String: Any]])?.first)
            #expect(attachment["contentType"] as? String == "application/vnd.microsoft.card.adaptive")
            let card = try #require(attachment["content"] as? [String: Any])
            #expect(card["type"] as? String == "AdaptiveCard" && card["version"] as? String == "1.4")
            let body = try #require(card["body"] as? [[String: Any]])
            #expect(body.first?["color"] as? String == "Attention")
            #expect(body.contains { $0["type"] as? String == "FactSet" })
            Self.assertNoSecrets(request.text)
        }
    }

    @Test func commitStatusesOnGitHubAndGitLab() async throws {
        try await RecordingServer.with { server in
            let github = NotificationTarget.githubStatus(
                apiURL: server.baseURL + "/api/v3/", repository: "example/config", context: "fluxd")
            let gitlab = NotificationTarget.gitlabStatus(apiURL: server.baseURL + "/api/v4", project: "group/config", context: "fluxd")
            #expect(try await Self.deliver(Self.sync, to: github))
            #expect(try await Self.deliver(Self.failure, to: gitlab))
            let release = FluxNotification(kind: .release, severity: .info, message: "Release", revision: Self.revision)
            #expect(try await Self.deliver(release, to: github))
            let received = try await server.waitFor(2)
            #expect(received.count == 2)
            let onGitHub = try #require(received.first)
            #expect(onGitHub.path == "/api/v3/repos/example/config/statuses/\(Self.revision)")
            #expect(onGitHub.headers["authorization"] == "Bearer \(Self.githubToken)")
            #expect(onGitHub.json?["state"] as? String == "success" && onGitHub.json?["context"] as? String == "fluxd/sync")
            let onGitLab = try #require(received.last)
            #expect(onGitLab.path == "/api/v4/projects/group%2Fconfig/statuses/\(Self.revision)")
            #expect(onGitLab.headers["private-token"] == Self.gitlabToken)
            #expect(onGitLab.json?["state"] as? String == "failed" && onGitLab.json?["name"] as? String == "fluxd/sync")
            #expect(((onGitLab.json?["description"] as? String) ?? "").count <= 140)
            for request in received { Self.assertNoSecrets(request.text) }
        }
    }

    @Test func serverErrorsAreRetriedWithBackoffClientErrorsAreNot() async throws {
        try await RecordingServer.with(script: [503, 429, 200, 400]) { (server: RecordingServer) async throws in
            let target = NotificationTarget.generic(url: server.baseURL + "/flaky")
            #expect(try await Self.deliver(Self.sync, to: target))
            #expect(await server.requests().count == 3)
            #expect(try await Self.deliver(Self.sync, to: target) == false)
            #expect(await server.requests().count == 4)
        }
        try await RecordingServer.with(script: [500, 500, 500]) { (server: RecordingServer) async throws in
            #expect(try await Self.deliver(Self.sync, to: .generic(url: server.baseURL + "/down"), attempts: 3) == false)
            #expect(await server.requests().count == 3)
        }
    }
}
