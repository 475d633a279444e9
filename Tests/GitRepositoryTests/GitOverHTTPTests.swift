import Foundation
import TestSupport
import Testing

@testable import GitRepository

/// git over HTTP with Basic authentication (git http-backend on loopback): credentials reach
/// git through the askpass helper and never show up in errors.
@Suite struct GitOverHTTPTests {
    @Test func credentialsFromTheCallerOrTheURLWork() async throws {
        let directory = try TemporaryDirectory(prefix: "git-http")
        defer { directory.remove() }
        let fixture = try await GitFixture.create(in: directory)
        try await fixture.runInRemote(["config", "http.receivepack", "true"])
        let head = try await fixture.head()
        try await HTTPGitServer.run(projectRoot: directory.path, username: "alice", password: "s3cret-token") { server in
            let url = server.url(forRepository: "remote.git")
            let good = try GitRepositoryFetchTests.repository(
                url: url, in: directory,
                credentials: GitCredentials(https: HTTPSCredentials(username: "alice", password: "s3cret-token")))
            #expect(try await good.fetch() == head)
            let pushed = try #require(
                try await good.commitAndPush(message: "over http") { checkout in
                    try "kind: Http\n".write(toFile: "\(checkout)/http.yaml", atomically: true, encoding: .utf8)
                })
            #expect(try await fixture.runInRemote(["rev-parse", "master"]).hasPrefix(pushed.revision))
            try await good.moveTag(to: pushed.revision)
            #expect(try await good.remoteTagRevision() == pushed.revision)

            let embedded = try GitRepositoryFetchTests.repository(
                url: url.replacingOccurrences(of: "http://", with: "http://alice:s3cret-token@"),
                in: directory, workName: "git-http-embedded")
            #expect(try await embedded.fetch() == pushed.revision)

            let wrong = try GitRepositoryFetchTests.repository(
                url: url, in: directory, workName: "git-http-wrong",
                credentials: GitCredentials(https: HTTPSCredentials(username: "alice", password: "wr0ng-token")))
            let error = try await #require(throws: GitError.self) { try await wrong.fetch() }
            #expect(error.code == .authenticationFailed)
            #expect(!error.description.contains("wr0ng-token"))
            #expect(error.description.contains("Authentication failed"))
        }
    }
}
