import CommandRunner
import Foundation
import KubernetesModel
import TestSupport
import Testing

/// fluxd's Flux v1 secret features end to end, with real gpg, sops, age and git-secret:
/// signature verification, SOPS decryption, git-secret.
@Suite(.serialized) struct FluxV1SecretsTests {
    /// `fluxd --once` with extra environment (keys for sops).
    static func once(
        _ fluxd: FluxdHarness, _ arguments: [String], environment: [String: String?] = [:]
    ) async throws -> CommandResult {
        try await Command.run(
            FluxdHarness.fluxdPath,
            arguments: ["--once", "--kubeconfig", fluxd.kubeconfig, "--k8s-namespace", fluxd.namespace, "--listen-metrics", "127.0.0.1:0"]
                + arguments,
            environment: ["SOPS_AGE_KEY_FILE": nil, "SOPS_AGE_KEY": nil].merging(environment) { _, new in new },
            timeout: .seconds(180))
    }

    @Test func appliesOnlyCommitsSignedByImportedKeysAndSignsTheSyncTag() async throws {
        let directory = try TemporaryDirectory(prefix: "e2e-verify")
        defer { directory.remove() }
        let author = try await GPGFixture.create(in: directory, name: "Author", email: "author@example.com")
        let flux = try await GPGFixture.create(in: directory, name: "Flux", email: "flux@example.com")
        let stranger = try await GPGFixture.create(in: directory, name: "Stranger", email: "stranger@example.com")
        let keys = directory.path + "/keys"
        try FileManager.default.createDirectory(atPath: keys, withIntermediateDirectories: true)
        try await author.export(to: keys + "/author.pub.asc")
        try await flux.export(to: keys + "/flux.sec.asc", secret: true)

        let repo = try await GitFixture.create(in: directory)
        try await author.amendSigned(repo)
        try repo.write("one.yaml", Manifest.configMap("one", data: ["k": "v"]))
        let signed = try await author.commitSigned(repo, "one")
        try await repo.push(force: true)
        let flags = [
            "--git-url", repo.fileURL, "--git-verify-signatures", "--git-signing-key", flux.fingerprint,
            "--git-gpg-key-import", keys,
        ]
        try await FluxdHarness.withCluster { fluxd in
            var result = try await Self.once(fluxd, flags)
            #expect(result.exitCode == 0, "\(result.output)")
            #expect(try await fluxd.get("v1", "ConfigMap", "default", "one") != nil)
            // The sync tag fluxd moved is signed by its key.
            let tag = try await Command.run(
                "git", arguments: ["verify-tag", "flux-sync"], environment: flux.environment, workingDirectory: repo.remotePath)
            #expect(tag.succeeded, "\(tag.standardError)")
            #expect(try await repo.runInRemote(["rev-parse", "flux-sync^{commit}"]).hasPrefix(signed))

            // An unsigned commit, and after it one by a key fluxd does not trust: neither is applied.
            try repo.write("two.yaml", Manifest.configMap("two", data: ["k": "v"]))
            let unsigned = try await repo.commit("two, unsigned")
            try repo.write("three.yaml", Manifest.configMap("three", data: ["k": "v"]))
            _ = try await stranger.commitSigned(repo, "three, signed by a stranger")
            try await repo.push()
            result = try await Self.once(fluxd, flags)
            #expect(result.exitCode != 0, "\(result.output)")
            #expect(result.standardOutput.contains("commit \(unsigned.prefix(7)) (two, unsigned): not signed"), "\(result.output)")
            #expect(try await fluxd.get("v1", "ConfigMap", "default", "two") == nil)
            #expect(try await fluxd.get("v1", "ConfigMap", "default", "three") == nil)
            #expect(try await repo.runInRemote(["rev-parse", "flux-sync^{commit}"]).hasPrefix(signed), "the tag stays")
            let events = try await fluxd.client.listAll(GroupVersionKind(group: "", version: "v1", kind: "Event"), namespace: "flux")
            #expect(events.items.contains { ($0["message"]?.stringValue ?? "").contains("not signed") }, "the Event says why")
        }
        for key in [author, flux, stranger] { await key.shutdown() }
    }

    @Test func decryptsSopsFilesWithAgeAndImportedPGPKeysAndAppliesNothingWhenOneFails() async throws {
        let directory = try TemporaryDirectory(prefix: "e2e-sops")
        defer { directory.remove() }
        let age = try await AgeKey.generate(in: directory)
        let pgp = try await GPGFixture.create(in: directory, name: "Cluster", email: "cluster@example.com")
        try await pgp.export(to: directory.path + "/cluster.sec.asc", secret: true)
        let password = "pw-\(UUID().uuidString.prefix(8))"
        let secret = { (name: String) in
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: \(name)\n  namespace: default\nstringData:\n  password: \(password)\n"
        }
        let repo = try await GitFixture.create(in: directory)
        try repo.write("apps/age.yaml", try await SOPSFixture.encrypt(secret("by-age"), format: "yaml", age: age.recipient))
        try repo.write(
            "apps/pgp.yaml", try await SOPSFixture.encrypt(secret("by-pgp"), format: "yaml", pgp: pgp.fingerprint, gnupgHome: pgp.home))
        try repo.write("apps/keep.yaml", Manifest.configMap("keep", data: ["k": "v"]))
        try await repo.commit("encrypted")
        try await repo.push()
        let flags = [
            "--git-url", repo.fileURL, "--git-path", "apps", "--sops", "--git-gpg-key-import", directory.path + "/cluster.sec.asc",
            "--sync-garbage-collection", "--git-readonly",
        ]
        try await FluxdHarness.withCluster { fluxd in
            var result = try await Self.once(fluxd, flags, environment: ["SOPS_AGE_KEY_FILE": age.identityFile])
            #expect(result.exitCode == 0, "\(result.output)")
            for name in ["by-age", "by-pgp"] {
                let object = try #require(try await fluxd.get("v1", "Secret", "default", name))
                let stored =
                    object[path: ["stringData", "password"]]?.stringValue
                    ?? object[path: ["data", "password"]]?.stringValue.flatMap { Data(base64Encoded: $0) }.map {
                        String(decoding: $0, as: UTF8.self)
                    }
                #expect(stored == password, "\(name)")
            }
            #expect(!(result.standardOutput + result.standardError).contains(password), "plaintext never in the logs")
            // Nor in what fluxd writes to the cluster besides the Secrets themselves: Events, and
            // ConfigMaps (its sync inventory among them), as text or base64.
            let encoded = Data(password.utf8).base64EncodedString()
            for kind in ["Event", "ConfigMap"] {
                let items = try await fluxd.client.listAll(GroupVersionKind(apiVersion: "v1", kind: kind), namespace: nil).items
                let text = items.map { $0.serialized() }.joined()
                #expect(!text.contains(password) && !text.contains(encoded), "plaintext in a \(kind)")
                if kind == "ConfigMap" {
                    #expect(items.contains { $0.name == "flux-sync-inventory" }, "the scan must see fluxd's inventory")
                }
            }

            // One file fluxd cannot decrypt, and a file removed: the pass fails naming the file,
            // nothing is pruned.
            let other = try await AgeKey.generate(in: directory, name: "other")
            try repo.write("apps/age.yaml", try await SOPSFixture.encrypt(secret("by-age"), format: "yaml", age: other.recipient))
            try repo.remove("apps/keep.yaml")
            try await repo.commit("foreign key")
            try await repo.push()
            result = try await Self.once(fluxd, flags, environment: ["SOPS_AGE_KEY_FILE": age.identityFile])
            #expect(result.exitCode != 0)
            #expect(result.standardOutput.contains("apps/age.yaml"), "\(result.output)")
            #expect(try await fluxd.get("v1", "ConfigMap", "default", "keep") != nil, "nothing pruned after a failed decryption")
            #expect(!result.output.contains(password), "the failed decryption's report carries no plaintext")
        }
        await pgp.shutdown()
    }

    /// `fluxctl build --sops` decrypts with the user's keys, a kustomization's inputs included;
    /// without `--sops` the encrypted file is refused by name.
    @Test func fluxctlBuildDecryptsWithSops() async throws {
        let directory = try TemporaryDirectory(prefix: "e2e-build-sops")
        defer { directory.remove() }
        let age = try await AgeKey.generate(in: directory)
        try directory.write("app/kustomization.yaml", "resources:\n- secret.yaml\nsecretGenerator:\n- name: env\n  envs:\n  - app.env\n")
        try directory.write(
            "app/secret.yaml",
            try await SOPSFixture.encrypt(
                "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: built-in-memory\n", format: "yaml",
                age: age.recipient))
        try directory.write("app/app.env", try await SOPSFixture.encrypt("TOKEN=from-env\n", format: "dotenv", age: age.recipient))
        let fluxctl = Fluxctl(connection: [], environment: ["SOPS_AGE_KEY_FILE": age.identityFile])
        let built = try await fluxctl.run(["build", "--sops", directory.path + "/app"])
        #expect(built.exitCode == 0, "\(built.output)")
        #expect(built.standardOutput.contains("password: built-in-memory"), "\(built.output)")
        #expect(built.standardOutput.contains("TOKEN: \(Data("from-env".utf8).base64EncodedString())"), "\(built.output)")
        let refused = try await fluxctl.run(["build", directory.path + "/app"])
        #expect(refused.exitCode != 0)
        // The first encrypted file the kustomization reads (its resources come before its generators).
        #expect(
            refused.standardError.contains("app/secret.yaml: the file is encrypted with sops; run fluxd with --sops"), "\(refused.output)")
    }

    @Test func revealsGitSecretFiles() async throws {
        let directory = try TemporaryDirectory(prefix: "e2e-git-secret")
        defer { directory.remove() }
        let owner = try await GPGFixture.create(in: directory, name: "Owner", email: "owner@example.com")
        try await owner.export(to: directory.path + "/owner.sec.asc", secret: true)
        let repo = try await GitFixture.create(in: directory)
        try repo.write("hidden.yaml", Manifest.configMap("from-git-secret", data: ["k": "revealed"]))
        for arguments in [
            ["secret", "init"], ["secret", "tell", "owner@example.com"], ["secret", "add", "hidden.yaml"], ["secret", "hide"],
        ] {
            let result = try await Command.run("git", arguments: arguments, environment: owner.environment, workingDirectory: repo.workPath)
            #expect(result.succeeded, "\(arguments): \(result.standardError)")
        }
        try repo.remove("hidden.yaml")
        try await repo.commit("git-secret")
        try await repo.push()
        try await FluxdHarness.withCluster { fluxd in
            let result = try await Self.once(
                fluxd,
                ["--git-url", repo.fileURL, "--git-secret", "--git-gpg-key-import", directory.path + "/owner.sec.asc", "--git-readonly"])
            #expect(result.exitCode == 0, "\(result.output)")
            let object = try await fluxd.get("v1", "ConfigMap", "default", "from-git-secret")
            #expect(object?[path: ["data", "k"]] == "revealed")
        }
        await owner.shutdown()
    }
}
