import Foundation
import TestSupport
import Testing

@testable import GitRepository

@Suite struct GitAuthDirectoryTests {
    @Test func keyFilesArePrivateAndRemovedWithTheRepository() throws {
        let url = try GitRemoteURL("ssh://git@example.com:2222/org/repo.git")
        var path = ""
        do {
            let auth = try GitAuthDirectory(
                remote: url,
                credentials: GitCredentials(ssh: SSHCredentials(privateKey: "KEY", knownHosts: "example.com ssh-ed25519 AAAA")))
            path = auth.path
            let manager = FileManager.default
            let directoryMode = try manager.attributesOfItem(atPath: path)[.posixPermissions] as? Int
            let keyMode = try manager.attributesOfItem(atPath: "\(path)/identity")[.posixPermissions] as? Int
            #expect(directoryMode == 0o700)
            #expect(keyMode == 0o600)
            #expect(try String(contentsOfFile: "\(path)/identity", encoding: .utf8) == "KEY\n")
            let command = try #require(auth.environment["GIT_SSH_COMMAND"] ?? nil)
            #expect(command.contains("-i '\(path)/identity'"))
            #expect(command.contains("-o IdentitiesOnly=yes"))
            #expect(command.contains("-o UserKnownHostsFile='\(path)/known_hosts'"))
            #expect(command.contains("-o StrictHostKeyChecking=yes"))
            #expect(!command.contains("KEY"))
        }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func concurrentOperationsOnOneRepositoryAreSerialized() async throws {
        let directory = try TemporaryDirectory(prefix: "git-concurrent")
        defer { directory.remove() }
        let fixture = try await GitFixture.create(in: directory)
        let head = try await fixture.head()
        let repository = try GitRepositoryFetchTests.repository(url: fixture.fileURL, in: directory)
        let results = try await withThrowingTaskGroup(of: String.self) { group in
            for index in 0..<6 {
                group.addTask {
                    if index % 2 == 0 { return try await repository.fetch() }
                    let revision = try await repository.fetch()
                    return try await repository.withExport(revision: revision) { tree in
                        FileManager.default.fileExists(atPath: "\(tree)/README.md") ? revision : "missing"
                    }
                }
            }
            var collected: [String] = []
            for try await result in group { collected.append(result) }
            return collected
        }
        #expect(results == Array(repeating: head, count: 6))
    }
}
