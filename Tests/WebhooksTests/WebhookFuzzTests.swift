import TestSupport
import Testing

@testable import Webhooks

/// Every provider's payload parser on its documented payloads and on mutations of them
/// (seeded, bounded; `bench/fuzz.sh` runs it long): each input ends in an event, an ignore or
/// a `WebhookError` (answered 400), never a crash, a hang or growing memory (issues 15, 16).
@Suite struct WebhookFuzzTests {
    /// A provider, the event header its parser reads, and payloads in its shapes.
    static let targets: [(WebhookProvider, [String: String], [String])] = [
        (.github, ["X-GitHub-Event": "push"], [Payloads.githubPush]),
        (.github, ["X-GitHub-Event": "ping"], [Payloads.githubPing]),
        (.github, ["X-GitHub-Event": "package"], [Payloads.githubPackage]),
        (.gitlab, ["X-Gitlab-Event": "Push Hook"], [Payloads.gitlabPush]),
        (.bitbucket, ["X-Event-Key": "repo:push"], [Payloads.bitbucketCloudPush]),
        (.bitbucket, ["X-Event-Key": "repo:refs_changed"], [Payloads.bitbucketServerPush]),
        (.dockerhub, [:], [Payloads.dockerHubPush]),
        (.harbor, [:], [Payloads.harborPush]),
        (.quay, [:], [Payloads.quayPush]),
        (
            .generic, [:],
            [
                #"{"repository": "ssh://git@git.example.com/example/config.git", "branch": "main", "revision": "0d1a26e6"}"#,
                #"{"url": "https://git.example.com/example/config.git", "ref": "refs/heads/main"}"#,
                #"{"image": "registry.example.com/example/app:1.4.0"}"#,
            ]
        ),
    ]
    static let tokens = [
        "{", "}", "[", "]", "\"", ",", ":", "null", "true", "1e400", "\\u0000", "\\ud800", "refs/heads/", "refs/tags/",
        "\"ref\"", "\"repository\"", "\"tag\"", "ghcr.io/", "sha256:", "@", ":", "/", "..", "%2F",
    ]

    @Test(arguments: 0..<targets.count)
    func parsersSurviveHostilePayloads(_ index: Int) async throws {
        let (provider, headers, corpus) = Self.targets[index]
        var events = 0
        let report = try await Fuzzer(
            name: "webhook \(provider.rawValue) \(headers.values.first ?? "")", corpus: corpus, tokens: Self.tokens
        )
        .run { bytes in
            let request = WebhookRequest(provider: provider, headers: headers, body: bytes)
            _ = try provider.parse(request)
        }
        // The documented payloads themselves are understood (the corpus runs first, unmutated).
        for payload in corpus {
            if case .event = try provider.parse(WebhookRequest(provider: provider, headers: headers, body: Array(payload.utf8))) {
                events += 1
            }
        }
        #expect(events >= 1, "no payload of \(provider.rawValue)'s corpus was understood")
        #expect(report.inputs > corpus.count)
        #expect(report.rejected > 0, "no mutation of \(provider.rawValue)'s payloads was refused: the fuzzer did not reach the parser")
    }
}
