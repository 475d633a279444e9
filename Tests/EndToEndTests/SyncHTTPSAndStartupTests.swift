import Foundation
import KubernetesModel
import TestSupport
import Testing

/// HTTP(S) credentials from a Secret, start-up checks, and a restart after SIGTERM in the
/// middle of a sync.
@Suite(.serialized) struct SyncHTTPSAndStartupTests {
    @Test func httpCredentialsFromASecretNeverAppearInOutput() async throws {
        let directory = try TemporaryDirectory(prefix: "e2e-http")
        defer { directory.remove() }
        let repo = try await GitFixture.create(in: directory)
        try repo.write("cm.yaml", Manifest.configMap("over-http", data: ["k": "v"]))
        try await repo.commit("cm")
        try await repo.push()
        let password = "s3cret-\(UUID().uuidString.prefix(8))"
        try await HTTPGitServer.run(projectRoot: directory.path, username: "flux", password: password) { server in
            let url = server.url(forRepository: "remote.git")
            try await FluxdHarness.withCluster { fluxd in
                // Wrong password first: a clear failure that does not print the secret.
                _ = try await fluxd.client.create([
                    "apiVersion": "v1", "kind": "Secret", "metadata": ["name": "git-https", "namespace": "flux"],
                    "data": [
                        "username": .string(Data("flux".utf8).base64EncodedString()),
                        "password": .string(Data("wrong-\(password)".utf8).base64EncodedString()),
                    ],
                ])
                var result = try await fluxd.once(["--git-url", url, "--git-https-secret", "git-https", "--git-readonly"])
                #expect(result.exitCode != 0)
                #expect(!(result.standardOutput + result.standardError).contains(password))

                _ = try await fluxd.client.patch(
                    GroupVersionKind(group: "", version: "v1", kind: "Secret"), namespace: "flux", name: "git-https",
                    patch: .merge(["data": ["password": .string(Data(password.utf8).base64EncodedString())]]))
                result = try await fluxd.once(["--git-url", url, "--git-https-secret", "git-https", "--git-readonly"])
                #expect(result.exitCode == 0, "\(result.standardOutput)\n\(result.standardError)")
                #expect(!(result.standardOutput + result.standardError).contains(password))
                #expect(try await fluxd.get("v1", "ConfigMap", "default", "over-http") != nil)
            }
        }
    }

    @Test func missingNamespaceStopsWithItsName() async throws {
        let directory = try TemporaryDirectory(prefix: "e2e-ns")
        defer { directory.remove() }
        let repo = try await GitFixture.create(in: directory)
        try await FluxdHarness.withCluster { fluxd in
            let result = try await fluxd.once(["--git-url", repo.fileURL, "--k8s-namespace", "no-such-ns"])
            #expect(result.exitCode != 0)
            #expect((result.standardOutput + result.standardError).contains("\"no-such-ns\" does not exist"))
        }
    }

    @Test func restartAfterSIGTERMMidSyncLosesAndDuplicatesNothing() async throws {
        let directory = try TemporaryDirectory(prefix: "e2e-restart")
        defer { directory.remove() }
        let repo = try await GitFixture.create(in: directory)
        let count = 300
        var text = ""
        for index in 0..<count { text += Manifest.configMap("cm-\(index)", data: ["i": "\(index)"]) + "---\n" }
        try repo.write("many.yaml", text)
        try await repo.commit("many")
        try await repo.push()
        try await FluxdHarness.withCluster { fluxd in
            let gvk = GroupVersionKind(group: "", version: "v1", kind: "ConfigMap")
            let daemon = try fluxd.start(["--git-url", repo.fileURL, "--sync-garbage-collection"])
            // Stop it as soon as the first objects exist, while the pass is (most likely) still running.
            _ = try await fluxd.eventually(timeout: .seconds(60)) {
                try await fluxd.client.listAll(gvk, namespace: "default").items.count > 0
            }
            let code = await daemon.stop(signal: SIGTERM, grace: .seconds(60))
            #expect(code == 0, "\(daemon.outputText)")
            let before = try await fluxd.client.listAll(gvk, namespace: "default").items.count

            let result = try await fluxd.once(["--git-url", repo.fileURL, "--sync-garbage-collection"])
            #expect(result.exitCode == 0, "\(result.standardOutput)")
            #expect(result.standardOutput.contains("created=\(count - before) "), "\(before) existed; \(result.standardOutput)")
            #expect(result.standardOutput.contains("pruned=0 skipped=0 failed=0"))
            #expect(try await fluxd.client.listAll(gvk, namespace: "default").items.count == count)
        }
    }
}
