import Crypto
import Foundation
import Testing
import Webhooks

/// Every provider's payload and signature through a real receiver on loopback: signed
/// requests trigger exactly the event they describe; forged or unsigned ones get 401 and
/// trigger nothing.
@Suite struct ReceiverTests {
    static let forger = "fedcba9876543210-not-the-secret"
    static var digest: String { SHA256.hash(data: Data(ReceiverHarness.secret.utf8)).map { String(format: "%02x", $0) }.joined() }

    @Test func githubPushPingAndPackage() async throws {
        try await ReceiverHarness.with { hook in
            let body = Payloads.githubPush
            let signed = try await hook.post(
                "/hook/github", body: body,
                headers: [("X-GitHub-Event", "push"), ("X-Hub-Signature-256", try ReceiverHarness.sign(body))])
            #expect(signed.status == 202, "\(signed.body)")
            let forged = try await hook.post(
                "/hook/github", body: body,
                headers: [("X-GitHub-Event", "push"), ("X-Hub-Signature-256", try ReceiverHarness.sign(body, key: Self.forger))])
            #expect(forged.status == 401)
            let unsigned = try await hook.post("/hook/github", body: body, headers: [("X-GitHub-Event", "push")])
            #expect(unsigned.status == 401)
            let tampered = try await hook.post(
                "/hook/github", body: body.replacingOccurrences(of: "refs/heads/main", with: "refs/heads/prod"),
                headers: [("X-GitHub-Event", "push"), ("X-Hub-Signature-256", try ReceiverHarness.sign(body))])
            #expect(tampered.status == 401)
            let ping = try await hook.post(
                "/hook/github", body: Payloads.githubPing,
                headers: [("X-GitHub-Event", "ping"), ("X-Hub-Signature-256", try ReceiverHarness.sign(Payloads.githubPing))])
            #expect(ping.status == 200 && ping.body.contains("pong"), "\(ping.body)")
            let package = try await hook.post(
                "/hook/github", body: Payloads.githubPackage,
                headers: [("X-GitHub-Event", "package"), ("X-Hub-Signature-256", try ReceiverHarness.sign(Payloads.githubPackage))])
            #expect(package.status == 202, "\(package.body)")

            let events = await hook.recorded()
            #expect(events.count == 2)
            guard events.count == 2, case .gitPush(let push) = events[0], case .imagePush(let image) = events[1] else {
                Issue.record("unexpected events \(events)")
                return
            }
            #expect(push.branches == ["main"])
            #expect(push.repositoryURLs.contains("git@github.com:example/config.git"))
            #expect(push.revision == "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c")
            #expect(image.repository == "ghcr.io/example/app" && image.tags == ["1.4.0"])
        }
    }

    @Test func gitlabPushWithToken() async throws {
        try await ReceiverHarness.with { hook in
            let ok = try await hook.post(
                "/hook/gitlab", body: Payloads.gitlabPush,
                headers: [("X-Gitlab-Event", "Push Hook"), ("X-Gitlab-Token", ReceiverHarness.secret)])
            #expect(ok.status == 202, "\(ok.body)")
            let forged = try await hook.post(
                "/hook/gitlab", body: Payloads.gitlabPush, headers: [("X-Gitlab-Event", "Push Hook"), ("X-Gitlab-Token", Self.forger)])
            #expect(forged.status == 401)
            let missing = try await hook.post("/hook/gitlab", body: Payloads.gitlabPush, headers: [("X-Gitlab-Event", "Push Hook")])
            #expect(missing.status == 401)
            let events = await hook.recorded()
            #expect(
                events == [
                    .gitPush(
                        GitPush(
                            provider: .gitlab,
                            repositoryURLs: [
                                "git@gitlab.example.com:example/config.git", "https://gitlab.example.com/example/config.git",
                                "https://gitlab.example.com/example/config", "git@gitlab.example.com:example/config.git",
                                "https://gitlab.example.com/example/config.git", "git@gitlab.example.com:example/config.git",
                                "https://gitlab.example.com/example/config",
                            ],
                            branches: ["main"], revision: "da1560886d4f094c3e6c9ef40349f7d38b5d27d7"))
                ])
        }
    }

    @Test func bitbucketCloudAndServerPushes() async throws {
        try await ReceiverHarness.with { hook in
            for (body, key) in [(Payloads.bitbucketCloudPush, "repo:push"), (Payloads.bitbucketServerPush, "repo:refs_changed")] {
                let ok = try await hook.post(
                    "/hook/bitbucket", body: body, headers: [("X-Event-Key", key), ("X-Hub-Signature", try ReceiverHarness.sign(body))])
                #expect(ok.status == 202, "\(ok.body)")
                let forged = try await hook.post(
                    "/hook/bitbucket", body: body,
                    headers: [("X-Event-Key", key), ("X-Hub-Signature", try ReceiverHarness.sign(body, key: Self.forger))])
                #expect(forged.status == 401)
            }
            let events = await hook.recorded()
            guard events.count == 2, case .gitPush(let cloud) = events[0], case .gitPush(let server) = events[1] else {
                Issue.record("unexpected events \(events)")
                return
            }
            #expect(cloud.repositoryURLs.contains("git@bitbucket.org:example/config.git"))
            #expect(cloud.branches == ["main"] && cloud.revision == "6db247ef432063e73512b86edf7b4a72da927355")
            #expect(server.repositoryURLs.contains("ssh://git@bitbucket.example.com:7999/ex/config.git"))
            #expect(server.branches == ["main"] && server.revision == "a93eaf9b94009af4bad03d929185393672a1d788")
        }
    }

    @Test func genericGitAndImagePushes() async throws {
        try await ReceiverHarness.with { hook in
            let git = #"{"repository": "ssh://git@git.example.com/example/config.git", "branch": "main", "revision": "abc"}"#
            let image = #"{"image": "registry.example.com:5000/example/app:2.0"}"#
            for body in [git, image] {
                let ok = try await hook.post("/hook/generic", body: body, headers: [("X-Signature", try ReceiverHarness.sign(body))])
                #expect(ok.status == 202, "\(ok.body)")
                let forged = try await hook.post(
                    "/hook/generic", body: body, headers: [("X-Signature", try ReceiverHarness.sign(body, key: Self.forger))])
                #expect(forged.status == 401)
            }
            let neither = #"{"hello": "world"}"#
            let bad = try await hook.post("/hook/generic", body: neither, headers: [("X-Signature", try ReceiverHarness.sign(neither))])
            #expect(bad.status == 400)
            #expect(
                await hook.recorded() == [
                    .gitPush(
                        GitPush(
                            provider: .generic, repositoryURLs: ["ssh://git@git.example.com/example/config.git"], branches: ["main"],
                            revision: "abc")),
                    .imagePush(ImagePush(provider: .generic, repository: "registry.example.com:5000/example/app", tags: ["2.0"])),
                ])
        }
    }

    @Test func registriesWithoutSignatures() async throws {
        try await ReceiverHarness.with { hook in
            let hub = try await hook.post("/hook/dockerhub/\(Self.digest)", body: Payloads.dockerHubPush, headers: [])
            #expect(hub.status == 202, "\(hub.body)")
            let hubForged = try await hook.post(
                "/hook/dockerhub/\(String(repeating: "0", count: 64))", body: Payloads.dockerHubPush, headers: [])
            #expect(hubForged.status == 401)
            let hubBare = try await hook.post("/hook/dockerhub", body: Payloads.dockerHubPush, headers: [])
            #expect(hubBare.status == 401)
            let quay = try await hook.post("/hook/quay/\(Self.digest)", body: Payloads.quayPush, headers: [])
            #expect(quay.status == 202, "\(quay.body)")
            let quayForged = try await hook.post("/hook/quay/\(Self.digest.dropLast())0", body: Payloads.quayPush, headers: [])
            #expect(quayForged.status == 401)
            let harbor = try await hook.post(
                "/hook/harbor", body: Payloads.harborPush, headers: [("Authorization", ReceiverHarness.secret)])
            #expect(harbor.status == 202, "\(harbor.body)")
            let harborBearer = try await hook.post(
                "/hook/harbor", body: Payloads.harborPush, headers: [("Authorization", "Bearer \(ReceiverHarness.secret)")])
            #expect(harborBearer.status == 202, "\(harborBearer.body)")
            let harborForged = try await hook.post("/hook/harbor", body: Payloads.harborPush, headers: [("Authorization", Self.forger)])
            #expect(harborForged.status == 401)
            let pathOnSigned = try await hook.post("/hook/github/\(Self.digest)", body: Payloads.githubPush, headers: [])
            #expect(pathOnSigned.status == 404)
            #expect(
                await hook.recorded() == [
                    .imagePush(ImagePush(provider: .dockerhub, repository: "docker.io/example/app", tags: ["1.4.0"])),
                    .imagePush(ImagePush(provider: .quay, repository: "quay.io/example/app", tags: ["1.4.0"])),
                    .imagePush(ImagePush(provider: .harbor, repository: "harbor.example.com/example/app", tags: ["1.4.0"])),
                    .imagePush(ImagePush(provider: .harbor, repository: "harbor.example.com/example/app", tags: ["1.4.0"])),
                ])
        }
    }

    @Test func oversizedMalformedAndUnknownRequestsTriggerNothing() async throws {
        try await ReceiverHarness.with(maximumBodySize: 4096) { hook in
            let big = #"{"repository": "x", "branch": "main", "pad": ""# + String(repeating: "a", count: 5000) + #""}"#
            let oversized = try await hook.post("/hook/generic", body: big, headers: [("X-Signature", try ReceiverHarness.sign(big))])
            #expect(oversized.status == 413)
            let malformed = "{\"repository\": "
            let bad = try await hook.post("/hook/generic", body: malformed, headers: [("X-Signature", try ReceiverHarness.sign(malformed))])
            #expect(bad.status == 400, "\(bad.body)")
            let badForged = try await hook.post("/hook/generic", body: malformed, headers: [("X-Signature", "sha256=00")])
            #expect(badForged.status == 401)
            let unknown = try await hook.post("/hook/gitea", body: "{}", headers: [])
            #expect(unknown.status == 404)
            let tag = Payloads.githubPush.replacingOccurrences(of: "refs/heads/main", with: "refs/tags/v1")
            let tagPush = try await hook.post(
                "/hook/github", body: tag, headers: [("X-GitHub-Event", "push"), ("X-Hub-Signature-256", try ReceiverHarness.sign(tag))])
            #expect(tagPush.status == 200 && tagPush.body.contains("not a branch"), "\(tagPush.body)")
            #expect(await hook.recorded().isEmpty)
            #expect(!bad.body.contains(ReceiverHarness.secret) && !oversized.body.contains(ReceiverHarness.secret))
        }
    }
}
