import Foundation
import TestSupport
import Testing

@testable import GitRepository

/// git over SSH to a real sshd on 127.0.0.1 whose authorized_keys holds the deploy key our
/// code generated: the flow of adding a deploy key to a git host.
@Suite struct GitOverSSHTests {
    @Test func cloneFetchPushAndTagWithTheDeployKey() async throws {
        let directory = try TemporaryDirectory(prefix: "git-ssh")
        defer { directory.remove() }
        let fixture = try await GitFixture.create(in: directory)
        try fixture.write("app/config.yaml", "kind: ConfigMap\n")
        let head = try await fixture.commit("add config")
        try await fixture.push()

        let deployKey = try await DeployKey.generate()
        let wrongKey = try await DeployKey.generate()
        try await SSHGitServer.run(authorizedKeys: [deployKey.publicKey]) { server in
            let url = server.url(forRepository: fixture.remotePath)

            // The right key and the host's key in known_hosts: fetch, push a commit, move the tag.
            let good = try GitRepositoryFetchTests.repository(
                url: url, in: directory,
                credentials: GitCredentials(ssh: SSHCredentials(privateKey: deployKey.privateKey, knownHosts: server.knownHostsLine)))
            #expect(try await good.fetch() == head)
            let pushed = try #require(
                try await good.commitAndPush(message: "from fluxd over ssh") { checkout in
                    try "kind: Pushed\n".write(toFile: "\(checkout)/pushed.yaml", atomically: true, encoding: .utf8)
                })
            #expect(try await fixture.runInRemote(["rev-parse", "master"]).hasPrefix(pushed.revision))
            #expect(try await good.fetch() == pushed.revision)
            try await good.moveTag(to: pushed.revision)
            #expect(try await good.remoteTagRevision() == pushed.revision)

            // A key the host does not know: git's stderr is in the error.
            let wrong = try GitRepositoryFetchTests.repository(
                url: url, in: directory, workName: "git-ssh-wrong",
                credentials: GitCredentials(ssh: SSHCredentials(privateKey: wrongKey.privateKey, knownHosts: server.knownHostsLine)))
            let denied = try await #require(throws: GitError.self) { try await wrong.fetch() }
            #expect(denied.code == .authenticationFailed)
            #expect(denied.standardError.contains("Permission denied (publickey)"))
            #expect(denied.description.contains("Permission denied"))
            #expect(denied.url == url)

            // A host not in known_hosts is refused, and the message says how to fix it.
            let unknown = try GitRepositoryFetchTests.repository(
                url: url, in: directory, workName: "git-ssh-unknown",
                credentials: GitCredentials(ssh: SSHCredentials(privateKey: deployKey.privateKey, knownHosts: "")))
            let refused = try await #require(throws: GitError.self) { try await unknown.fetch() }
            #expect(refused.code == .unknownHost)
            #expect(refused.message.contains("[127.0.0.1]:\(server.port)"))
            #expect(refused.message.contains("known_hosts"))
            #expect(refused.message.contains("ssh-keyscan -p \(server.port) 127.0.0.1"))

            // ... unless the user opted in to accepting new host keys.
            let optIn = try GitRepositoryFetchTests.repository(
                url: url, in: directory, workName: "git-ssh-accept",
                credentials: GitCredentials(
                    ssh: SSHCredentials(privateKey: deployKey.privateKey, knownHosts: "", acceptNewHostKeys: true)))
            #expect(try await optIn.fetch() == pushed.revision)

            // A different key recorded for the host is a mismatch, never silently accepted.
            let otherHostKey = try await DeployKey.generate()
            let mismatched = try GitRepositoryFetchTests.repository(
                url: url, in: directory, workName: "git-ssh-mismatch",
                credentials: GitCredentials(
                    ssh: SSHCredentials(
                        privateKey: deployKey.privateKey,
                        knownHosts: "[127.0.0.1]:\(server.port) \(otherHostKey.publicKey)")))
            let mismatch = try await #require(throws: GitError.self) { try await mismatched.fetch() }
            #expect(mismatch.code == .hostKeyMismatch)
        }
    }
}
