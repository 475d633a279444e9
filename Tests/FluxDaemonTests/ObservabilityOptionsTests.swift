import ArgumentParser
import Testing

@testable import FluxDaemon

/// The webhook and notification flags, and `--listen-metrics` now empty by default (SPEC:
/// `/metrics` is always on `--listen`).
@Suite struct ObservabilityOptionsTests {
    static func configuration(_ arguments: [String]) throws -> DaemonConfiguration {
        try DaemonConfiguration(options: DaemonOptions.parse(["--git-url", "git@github.com:Example/Config.git"] + arguments))
    }

    @Test func defaultsAndDerivedRepositories() throws {
        let plain = try Self.configuration([])
        #expect(plain.listenMetrics == "")
        #expect(plain.observability.webhookListen == nil && !plain.observability.notificationsEnabled)
        let configured = try Self.configuration([
            "--listen-webhook", ":8080", "--webhook-secret-file", "/s", "--notify-url", "https://hooks.example.com/a",
            "--notify-url", "http://127.0.0.1:9000/b", "--notify-github-token-file", "/t",
        ])
        #expect(configured.observability.webhookListen == ":8080")
        #expect(configured.observability.notifyURLs.count == 2)
        #expect(configured.observability.github?.repository == "Example/Config")
        #expect(configured.observability.github?.apiURL == "https://api.github.com")
    }

    @Test func refusesWebhooksWithoutASecretAndStatusesWithoutARepository() {
        #expect(throws: ValidationError.self) { try Self.configuration(["--listen-webhook", ":8080"]) }
        #expect(throws: ValidationError.self) { try Self.configuration(["--notify-gitlab-token-file", "/t"]) }
        #expect(throws: ValidationError.self) { try Self.configuration(["--notify-url", "ftp://x"]) }
    }
}
