import CommandRunner
import Foundation
import Logging
import TestSupport
import Testing

@testable import GitRepository

/// GPG: importing keys into fluxd's own home, verifying commits and tags against them only,
/// signing fluxd's commits and sync tag, notes, and git-secret.
@Suite(.serialized) struct SignatureTests {
    static func repository(
        _ fixture: GitFixture, in directory: TemporaryDirectory, signatures: GitSignatureSettings, notesRef: String? = nil
    ) throws -> GitRepository {
        var configuration = GitRepositoryConfiguration(
            url: try GitRemoteURL(fixture.fileURL), branch: "master", workDirectory: "\(directory.path)/fluxd-work",
            timeout: .seconds(60), committer: GitIdentity(name: "Flux Bot", email: "flux@example.com"))
        configuration.signatures = signatures
        configuration.notesRef = notesRef
        return try GitRepository(configuration: configuration, logger: Logger(label: "test"))
    }

    @Test func verifiesCommitsAgainstImportedKeysOnly() async throws {
        let directory = try TemporaryDirectory(prefix: "git-verify")
        defer { directory.remove() }
        let trusted = try await GPGFixture.create(in: directory, name: "Trusted", email: "trusted@example.com")
        let stranger = try await GPGFixture.create(in: directory, name: "Stranger", email: "stranger@example.com")
        let fixture = try await GitFixture.create(in: directory)
        try fixture.write("a.yaml", "kind: A\n")
        let good = try await trusted.commitSigned(fixture, "signed by the trusted key")
        try fixture.write("b.yaml", "kind: B\n")
        let unsigned = try await fixture.commit("not signed")
        try fixture.write("c.yaml", "kind: C\n")
        let foreign = try await stranger.commitSigned(fixture, "signed by a key fluxd does not know")
        try await fixture.push()

        // The trusted public key, imported from a directory as from a mounted Secret.
        try FileManager.default.createDirectory(atPath: directory.path + "/keys", withIntermediateDirectories: true)
        try await trusted.export(to: directory.path + "/keys/trusted.asc")
        try "not a key\n".write(toFile: directory.path + "/keys/broken.asc", atomically: true, encoding: .utf8)
        let home = try GnuPGHome(parent: directory.path)
        let imported = try await home.importKeys(from: [directory.path + "/keys"], trust: true)
        #expect(imported.map(\.file).sorted() == [directory.path + "/keys/broken.asc", directory.path + "/keys/trusted.asc"])
        #expect(imported.first { $0.file.hasSuffix("broken.asc") }?.error != nil)
        #expect(imported.first { $0.file.hasSuffix("trusted.asc") }?.error == nil)
        #expect(try await home.fingerprints() == [trusted.fingerprint])

        let repository = try Self.repository(fixture, in: directory, signatures: GitSignatureSettings(verifyMode: .all, gnupgHome: home))
        let head = try await repository.fetch()
        #expect(head == foreign)
        let signatures = try await repository.commitSignatures(from: nil, to: head, firstParent: false)
        #expect(signatures.map(\.revision).prefix(3) == [foreign, unsigned, good])
        #expect(signatures[0].status == "E", "a key that was not imported cannot vouch")
        #expect(signatures[1].status == "N")
        #expect(signatures[2].status == "G")
        #expect(signatures[0].description.contains("not imported"))

        // Only the newest revision before the first bad commit may be synced.
        let afterGood = try await repository.commitSignatures(from: good, to: head, firstParent: false)
        let decision = VerifiedRevision.decide(commits: afterGood, synced: good, head: head)
        #expect(decision.revision == good)
        #expect(decision.firstInvalid?.revision == unsigned)

        // fluxd refuses to build a commit on top of an unverified head.
        await repository.markVerified(good)
        await #expect(throws: GitError.self) {
            _ = try await repository.commitAndPush(message: "edit") { checkout in
                try "x\n".write(toFile: "\(checkout)/x.yaml", atomically: true, encoding: .utf8)
            }
        }
        await home.shutdown()
        await trusted.shutdown()
        await stranger.shutdown()
    }

    @Test func decidesTheLatestVerifiedRevisionAsFluxV1() {
        func commit(_ name: String, _ status: Character) -> CommitSignature { CommitSignature(revision: name, status: status) }
        // git log order: newest first.
        let allGood = [commit("c", "G"), commit("b", "G"), commit("a", "G")]
        #expect(VerifiedRevision.decide(commits: allGood, synced: nil, head: "c") == VerifiedRevision(revision: "c", firstInvalid: nil))
        let middle = [commit("c", "G"), commit("b", "N"), commit("a", "G")]
        #expect(VerifiedRevision.decide(commits: middle, synced: "s", head: "c").revision == "a")
        let first = [commit("b", "G"), commit("a", "B")]
        #expect(VerifiedRevision.decide(commits: first, synced: "s", head: "b") == VerifiedRevision(revision: "s", firstInvalid: first[1]))
        #expect(VerifiedRevision.decide(commits: first, synced: nil, head: "b").revision == nil)
    }

    @Test func signsCommitsAndTheSyncTagAndAddsNotes() async throws {
        let directory = try TemporaryDirectory(prefix: "git-sign")
        defer { directory.remove() }
        let signer = try await GPGFixture.create(in: directory, name: "Flux", email: "flux@example.com")
        let fixture = try await GitFixture.create(in: directory)
        let home = try GnuPGHome(parent: directory.path)
        try await signer.export(to: directory.path + "/secret.asc", secret: true)
        _ = try await home.importKeys(from: [directory.path + "/secret.asc"], trust: true)
        var configuration = GitRepositoryConfiguration(
            url: try GitRemoteURL(fixture.fileURL), branch: "master", workDirectory: "\(directory.path)/fluxd-work",
            timeout: .seconds(60), committer: GitIdentity(name: "Flux Bot", email: "flux@example.com"))
        configuration.signatures = GitSignatureSettings(signingKey: signer.fingerprint, gnupgHome: home)
        configuration.notesRef = "flux"
        configuration.commitMessageSuffix = " [skip ci]"
        let repository = try GitRepository(configuration: configuration, logger: Logger(label: "test"))
        let pushed = try #require(
            try await repository.commitAndPush(message: "Release nginx:1.25", author: GitIdentity(name: "Jane", email: "jane@example.com"))
            {
                checkout in try "kind: Edited\n".write(toFile: "\(checkout)/edited.yaml", atomically: true, encoding: .utf8)
            })
        try await repository.moveTag("flux-sync", to: pushed.revision)

        let verify = try await Command.run(
            "git", arguments: ["verify-commit", pushed.revision], environment: signer.environment, workingDirectory: fixture.remotePath)
        #expect(verify.succeeded, "\(verify.standardError)")
        let tag = try await Command.run(
            "git", arguments: ["verify-tag", "flux-sync"], environment: signer.environment, workingDirectory: fixture.remotePath)
        #expect(tag.succeeded, "\(tag.standardError)")
        #expect(try await repository.tagSignatureProblem("flux-sync") == nil)
        let message = try await fixture.runInRemote(["log", "-1", "--format=%B", pushed.revision])
        #expect(
            message.trimmingCharacters(in: .whitespacesAndNewlines) == "Release nginx:1.25 [skip ci]", "--git-ci-skip-message, as given")
        let note = try await fixture.runInRemote(["notes", "--ref=flux", "show", pushed.revision])
        #expect(note.contains("\"message\":\"Release nginx:1.25\"") && note.contains("Jane <jane@example.com>"), "\(note)")
        await home.shutdown()
        await signer.shutdown()
    }

    @Test func revealsGitSecretFilesInACheckout() async throws {
        let directory = try TemporaryDirectory(prefix: "git-secret")
        defer { directory.remove() }
        let owner = try await GPGFixture.create(in: directory, name: "Owner", email: "owner@example.com")
        let fixture = try await GitFixture.create(in: directory)
        try fixture.write("cm.yaml", "kind: ConfigMap\ndata:\n  k: revealed\n")
        for arguments in [
            ["secret", "init"], ["secret", "tell", "owner@example.com"], ["secret", "add", "cm.yaml"], ["secret", "hide"],
        ] {
            let result = try await Command.run(
                "git", arguments: arguments, environment: owner.environment, workingDirectory: fixture.workPath)
            #expect(result.succeeded, "\(arguments): \(result.standardError)")
        }
        try FileManager.default.removeItem(atPath: fixture.workPath + "/cm.yaml")
        try await fixture.commit("secret")
        try await fixture.push()

        let home = try GnuPGHome(parent: directory.path)
        try await owner.export(to: directory.path + "/owner.asc", secret: true)
        _ = try await home.importKeys(from: [directory.path + "/owner.asc"], trust: false)
        let repository = try Self.repository(fixture, in: directory, signatures: GitSignatureSettings(gnupgHome: home))
        let head = try await repository.fetch()
        let revealed = try await repository.withExport(revision: head) { tree in
            try await GitSecretReveal(gnupgHome: home).reveal(in: tree)
            return try String(contentsOfFile: tree + "/cm.yaml", encoding: .utf8)
        }
        #expect(revealed.contains("k: revealed"))
        // Without the key, the reveal fails (and says so) rather than leaving the tree half-done.
        let empty = try GnuPGHome(parent: directory.path)
        await #expect(throws: GitError.self) {
            try await repository.withExport(revision: head) { tree in try await GitSecretReveal(gnupgHome: empty).reveal(in: tree) }
        }
        await empty.shutdown()
        await home.shutdown()
        await owner.shutdown()
    }
}

@Suite struct KnownHostsTests {
    @Test func builtInHostsAreTrustedUnlessTheUserNamesThem() {
        let builtIn = KnownHosts.withBuiltIn("")
        for host in ["github.com", "gitlab.com", "bitbucket.org", "ssh.dev.azure.com"] {
            #expect(builtIn.contains("\n\(host) ") || builtIn.hasPrefix("\(host) "), "\(host)")
        }
        #expect(builtIn.split(separator: "\n").count == 10)
        let user = "github.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIUSERKEY\n[git.example.com]:2222 ssh-ed25519 AAAAOTHER\n"
        let merged = KnownHosts.withBuiltIn(user)
        #expect(merged.hasPrefix(user))
        #expect(merged.split(separator: "\n").filter { $0.hasPrefix("github.com ") }.count == 1, "the user's key replaces GitHub's")
        #expect(merged.contains("gitlab.com ssh-ed25519"))
        #expect(KnownHosts.hosts(in: user) == ["github.com", "git.example.com"])
        #expect(KnownHosts.hosts(in: "|1|abc=|def= ssh-rsa AAAA\n") == [])
    }

    /// The built-in keys are the published ones: their SHA256 fingerprints (from the
    /// providers' documentation) as `ssh-keygen -l` computes them.
    @Test func builtInKeysHaveThePublishedFingerprints() async throws {
        let directory = try TemporaryDirectory(prefix: "known-hosts")
        defer { directory.remove() }
        let file = try directory.write("known_hosts", KnownHosts.builtIn)
        let result = try await Command.run("ssh-keygen", arguments: ["-l", "-f", file])
        let fingerprints = Set(
            result.standardOutput.split(separator: "\n").compactMap { $0.split(separator: " ").dropFirst().first.map(String.init) })
        #expect(
            fingerprints == [
                "SHA256:+DiY3wvvV6TuJJhbpZisF/zLDA0zPMSvHdkr4UvCOqU", "SHA256:p2QAMXNIC1TJYWeIOttrVc98/R1BUFWu3/LiyKgUfQM",
                "SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s", "SHA256:eUXGGm1YGsMAS7vkcx6JOJdOGHPem5gQp4taiCfCLB8",
                "SHA256:HbW3g8zUjNSksFbqTiUWPWg2Bq1x8xdGUrliXFzSnUw", "SHA256:ROQFvPThGrW4RuWLoL9tq9I9zJ42fK4XywyRtbOz/EQ",
                "SHA256:ybgmFkzwOSotHTHLJgHO0QN8L0xErw6vd0VhFA9m3SM", "SHA256:FC73VB6C4OQLSCrjEayhMp9UMxS97caD/Yyi2bhW/J0",
                "SHA256:46OSHA1Rmj8E8ERTC6xkNcmGOw9oFxYr0WF6zWW8l1E", "SHA256:ohD8VZEXGWo6Ez8GSEJQ9WpafgLFsOfLOtGGQCQo6Og",
            ])
    }
}
