import AsyncHTTPClient
import Crypto
import Foundation
import KubernetesModel
import NIOCore
import TestSupport
import Testing

/// The real fluxd with polling at 10 minutes: a forged GitHub push is refused and changes
/// nothing; a signed one is synced within seconds; a burst of 100 pushes causes at most two
/// syncs; every sync is notified to a loopback server with a valid HMAC naming the revision;
/// Flux v1's metrics are on the API port; sync Events carry the revision.
@Suite(.serialized) struct WebhookNotifyMetricsTests {
    static let secret = "e2e-webhook-secret-0123456789"
    static let hmacKey = "e2e-notify-hmac-key-0123456789"

    static func hmac(_ body: [UInt8], key: String) -> String {
        HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Array(key.utf8))).map { String(format: "%02x", $0) }.joined()
    }

    static func githubPush(repository: String, branch: String) -> String {
        """
        {"ref": "refs/heads/\(branch)", "after": "0000000000000000000000000000000000000001", "deleted": false,
         "repository": {"full_name": "example/config", "clone_url": "\(repository)", "ssh_url": "git@github.com:example/config.git"}}
        """
    }

    static func post(_ http: HTTPClient, port: Int, body: String, key: String) async throws -> Int {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/hook/github")
        request.method = .POST
        request.headers.add(name: "X-GitHub-Event", value: "push")
        request.headers.add(name: "X-Hub-Signature-256", value: "sha256=" + hmac(Array(body.utf8), key: key))
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await http.execute(request, timeout: .seconds(10))
        _ = try await response.body.collect(upTo: 1 << 16)
        return Int(response.status.code)
    }

    /// Metric names in docs/monitoring/alerts.yaml and grafana-dashboard.json.
    static func documentedMetrics() throws -> Set<String> {
        let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/monitoring")
        var names = Set<String>()
        for file in ["alerts.yaml", "grafana-dashboard.json"] {
            let text = try String(contentsOf: docs.appendingPathComponent(file), encoding: .utf8)
            let expression = try Regex("(swiftflux|flux)_[a-z_]+")
            for match in text.matches(of: expression) { names.insert(String(text[match.range])) }
        }
        return names
    }

    static func port(_ output: String, after marker: String) -> Int? {
        guard let range = output.range(of: marker) else { return nil }
        return output[range.upperBound...].prefix { $0 != "\n" }.split(separator: ":").last.flatMap { Int($0) }
    }

    static func metrics(_ http: HTTPClient, port: Int) async throws -> [String: PrometheusText.Family] {
        let response = try await http.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/metrics"), timeout: .seconds(10))
        #expect(response.status.code == 200)
        return try await PrometheusText.parse(String(buffer: try await response.body.collect(upTo: 8 << 20)))
    }

    static func syncCount(_ families: [String: PrometheusText.Family]) -> Double {
        families["flux_daemon_sync_duration_seconds"]?
            .samples(named: "flux_daemon_sync_duration_seconds_count", where: ["success": "true"]).first?.value ?? -1
    }

    @Test func webhooksNotificationsMetricsAndEvents() async throws {
        let directory = try TemporaryDirectory(prefix: "e2e-observe")
        defer { directory.remove() }
        let repo = try await GitFixture.create(in: directory)
        try repo.write("settings.yaml", Manifest.configMap("settings", data: ["color": "blue"]))
        let first = try await repo.commit("blue")
        try await repo.push()
        let secretFile = try directory.write("webhook-secret", Self.secret + "\n")
        let keyFile = try directory.write("hmac-key", Self.hmacKey)
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            try await run(repo: repo, first: first, secretFile: secretFile, keyFile: keyFile, http: http)
        } catch {
            try await http.shutdown()
            throw error
        }
        try await http.shutdown()
    }

    func run(repo: GitFixture, first: String, secretFile: String, keyFile: String, http: HTTPClient) async throws {
        try await RecordingServer.with { receiver in
            try await FluxdHarness.withCluster { cluster in
                let fluxd = try cluster.start([
                    "--git-url", repo.fileURL, "--git-branch", repo.branch,
                    "--git-poll-interval", "10m", "--sync-interval", "10m",
                    "--listen-webhook", "127.0.0.1:0", "--webhook-secret-file", secretFile,
                    "--notify-url", receiver.baseURL + "/events", "--notify-hmac-key-file", keyFile,
                ])
                #expect(await fluxd.waitForOutput("fluxd webhooks listening on", timeout: .seconds(60)), "\(fluxd.outputText)")
                #expect(await fluxd.waitForOutput("fluxd API listening on", timeout: .seconds(60)), "\(fluxd.outputText)")
                let hookPort = try #require(Self.port(fluxd.outputText, after: "fluxd webhooks listening on "))
                let apiPort = try #require(Self.port(fluxd.outputText, after: "fluxd API listening on "))
                let color = { try await cluster.get("v1", "ConfigMap", "default", "settings")?[path: ["data", "color"]] }
                #expect(try await cluster.eventually { try await color() == "blue" }, "\(fluxd.outputText)")

                // The first sync is notified, signed, naming its revision.
                let notified = try await receiver.waitFor(1)
                let event = try #require(notified.first)
                #expect(event.headers["x-signature"] == "sha256=" + Self.hmac(event.body, key: Self.hmacKey))
                #expect(event.json?["kind"] as? String == "sync" && event.json?["revision"] as? String == first, "\(event.text)")
                #expect(!event.text.contains(Self.secret) && !event.text.contains(Self.hmacKey))

                // A forged push is refused; nothing is fetched.
                try repo.write("settings.yaml", Manifest.configMap("settings", data: ["color": "green"]))
                let second = try await repo.commit("green")
                try await repo.push()
                let push = Self.githubPush(repository: repo.fileURL, branch: repo.branch)
                #expect(try await Self.post(http, port: hookPort, body: push, key: "not-the-secret-0123456789") == 401)
                #expect(
                    try await Self.post(
                        http, port: hookPort, body: Self.githubPush(repository: repo.fileURL, branch: "other"), key: Self.secret) == 200)
                try await Task.sleep(for: .seconds(1))
                #expect(try await color() == "blue")
                let before = Self.syncCount(try await Self.metrics(http, port: apiPort))
                #expect(before == 1)

                // A signed push is synced within seconds (polling is at 10 minutes).
                let clock = ContinuousClock()
                let sent = clock.now
                #expect(try await Self.post(http, port: hookPort, body: push, key: Self.secret) == 202)
                #expect(try await cluster.eventually(timeout: .seconds(10)) { try await color() == "green" }, "\(fluxd.outputText)")
                #expect(clock.now - sent < .seconds(10))
                var syncNotices: [String] = []
                for _ in 0..<100 {
                    syncNotices = await receiver.requests().filter { $0.json?["kind"] as? String == "sync" }
                        .compactMap { $0.json?["revision"] as? String }
                    if syncNotices.contains(second) { break }
                    try await Task.sleep(for: .milliseconds(100))
                }
                #expect(syncNotices == [first, second])

                // 100 pushes in a burst: at most two more syncs. The count is taken once the
                // passes the signed push started have settled (it stays put for a second) and
                // before the new commit exists, so whichever pass applies it is in the burst.
                var afterSecond = Self.syncCount(try await Self.metrics(http, port: apiPort))
                var settled = false
                for _ in 0..<20 where !settled {
                    try await Task.sleep(for: .seconds(1))
                    let now = Self.syncCount(try await Self.metrics(http, port: apiPort))
                    settled = now == afterSecond
                    afterSecond = now
                }
                #expect(settled, "syncs kept running with polling at 10 minutes: \(fluxd.outputText)")
                try repo.write("settings.yaml", Manifest.configMap("settings", data: ["color": "red"]))
                _ = try await repo.commit("red")
                try await repo.push()
                try await withThrowingTaskGroup(of: Int.self) { group in
                    for _ in 0..<100 { group.addTask { try await Self.post(http, port: hookPort, body: push, key: Self.secret) } }
                    for try await status in group { #expect(status == 202) }
                }
                #expect(try await cluster.eventually(timeout: .seconds(10)) { try await color() == "red" }, "\(fluxd.outputText)")
                try await Task.sleep(for: .seconds(2))
                let families = try await Self.metrics(http, port: apiPort)
                let burst = Self.syncCount(families) - afterSecond
                #expect(burst >= 1 && burst <= 2, "\(burst) syncs for 100 pushes")

                // An image push for a repository no workload runs is answered and ignored.
                let digest = SHA256.hash(data: Array(Self.secret.utf8)).map { String(format: "%02x", $0) }.joined()
                var imagePush = HTTPClientRequest(url: "http://127.0.0.1:\(hookPort)/hook/dockerhub/\(digest)")
                imagePush.method = .POST
                imagePush.body = .bytes(
                    ByteBuffer(string: #"{"push_data": {"tag": "2.0"}, "repository": {"repo_name": "example/unused"}}"#))
                let imageAnswer = try await http.execute(imagePush, timeout: .seconds(10))
                let imageBody = String(buffer: try await imageAnswer.body.collect(upTo: 1 << 16))
                #expect(
                    imageAnswer.status.code == 200 && imageBody.contains("no workload runs images from docker.io/example/unused"),
                    "\(imageBody)")

                // Flux v1's metric names on the API port.
                for name in [
                    "flux_daemon_sync_duration_seconds", "flux_daemon_sync_manifests", "flux_git_ready", "flux_daemon_job_duration_seconds",
                    "flux_daemon_queue_duration_seconds", "flux_daemon_queue_length_count", "flux_request_duration_seconds",
                    "swiftflux_webhook_requests", "swiftflux_notifications", "swiftflux_health_objects",
                    "flux_registry_fetch_duration_seconds", "flux_client_fetch_duration_seconds",
                ] {
                    #expect(families[name] != nil, "missing \(name)")
                }
                #expect(families["flux_git_ready"]?.samples.first?.value == 1)
                // Every metric docs/monitoring's alert rules and dashboard use is one fluxd exports
                // (registry fetches appear once a workload's images were scanned).
                // (retries appear once one happened).
                let later = ["swiftflux_notification_retries"]
                for name in try Self.documentedMetrics() where !later.contains(where: name.hasPrefix) {
                    let family = ["_bucket", "_count", "_sum", "_total"].reduce(name) { name, suffix in
                        name.hasSuffix(suffix) ? String(name.dropLast(suffix.count)) : name
                    }
                    #expect(families[name] != nil || families[family] != nil, "docs/monitoring uses \(name), which fluxd does not export")
                }
                #expect(
                    families["swiftflux_webhook_requests"]?.samples(named: "swiftflux_webhook_requests_total", where: ["code": "401"])
                        .first?.value == 1)

                // Sync Events carry the revision; repeats are counted, not repeated.
                let events = try await cluster.client.listAll(GroupVersionKind(group: "", version: "v1", kind: "Event"), namespace: "flux")
                let synced = events.items.filter { $0["reason"] == "Synced" }
                #expect(synced.contains { ($0["message"]?.stringValue ?? "").contains(String(second.prefix(7))) }, "\(synced)")
                #expect(synced.allSatisfy { $0[path: ["source", "component"]] == "fluxd" && ($0["count"]?.intValue ?? 0) >= 1 })
                let code = await fluxd.stop(signal: SIGTERM, grace: .seconds(15))
                #expect(code == 0, "\(fluxd.outputText)")
            }
        }
    }
}
