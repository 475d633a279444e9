import CommandRunner
import Foundation
import KubernetesModel
import TestSupport
import Testing

/// The deploy-key flow over SSH: fluxd generates a key, the git host does not know it yet
/// (a clear failure), the user adds it to the host, and syncs work; an unknown host key is
/// refused.
@Suite(.serialized) struct SyncSSHTests {
    @Test func deployKeyFlowOverSSH() async throws {
        let directory = try TemporaryDirectory(prefix: "e2e-ssh")
        defer { directory.remove() }
        let repo = try await GitFixture.create(in: directory)
        try repo.write("cm.yaml", Manifest.configMap("over-ssh", data: ["k": "v"]))
        let head = try await repo.commit("add cm")
        try await repo.push()

        try await SSHGitServer.run(authorizedKeys: []) { server in
            let knownHosts = try directory.write("known_hosts", server.knownHostsLine + "\n")
            let url = server.url(forRepository: repo.remotePath)
            try await FluxdHarness.withCluster { fluxd in
                // First start: the key is new, the host refuses it.
                var result = try await fluxd.once(["--git-url", url, "--git-known-hosts", knownHosts])
                #expect(result.exitCode != 0)
                #expect(
                    (result.standardOutput + result.standardError).contains("Permission denied"),
                    "\(result.standardOutput)\n\(result.standardError)")
                #expect(try await fluxd.get("v1", "ConfigMap", "default", "over-ssh") == nil)

                // The user adds fluxd's public key to the host (as a deploy key).
                let secret = try #require(try await fluxd.get("v1", "Secret", "flux", "flux-git-deploy"))
                let encoded = try #require(secret[path: ["data", "identity"]]?.stringValue)
                let privateKey = String(decoding: try #require(Data(base64Encoded: encoded)), as: UTF8.self)
                let keyFile = try directory.write("identity", privateKey)
                try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: keyFile)
                let publicKey = try await Command.run("ssh-keygen", arguments: ["-y", "-f", keyFile], timeout: .seconds(30))
                #expect(publicKey.succeeded)
                try publicKey.standardOutput.write(toFile: server.directory + "/authorized_keys", atomically: true, encoding: .utf8)

                // The same key (reused from the Secret) now works, and the sync tag is pushed over SSH.
                result = try await fluxd.once(["--git-url", url, "--git-known-hosts", knownHosts])
                #expect(result.exitCode == 0, "\(result.standardOutput)\n\(result.standardError)")
                #expect(try await fluxd.get("v1", "ConfigMap", "default", "over-ssh") != nil)
                let tag = try await repo.runInRemote(["rev-parse", "flux-sync^{commit}"]).trimmingCharacters(in: .whitespacesAndNewlines)
                #expect(tag == head)

                // Without known_hosts the host is unknown: refused, with a message saying how to fix it.
                result = try await fluxd.once(["--git-url", url])
                #expect(result.exitCode != 0)
                let output = result.standardOutput + result.standardError
                #expect(output.contains("127.0.0.1") && output.lowercased().contains("host"), "\(output)")

                // known_hosts supplied through the ConfigMap flux-ssh-config instead of a flag.
                _ = try await fluxd.client.create([
                    "apiVersion": "v1", "kind": "ConfigMap",
                    "metadata": ["name": "flux-ssh-config", "namespace": "flux"],
                    "data": ["known_hosts": .string(server.knownHostsLine + "\n")],
                ])
                result = try await fluxd.once(["--git-url", url])
                #expect(result.exitCode == 0, "\(result.standardOutput)\n\(result.standardError)")
            }
        }
    }
}
