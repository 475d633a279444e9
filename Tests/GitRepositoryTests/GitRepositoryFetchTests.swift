import Foundation
import Logging
import TestSupport
import Testing

@testable import GitRepository

@Suite struct GitRepositoryFetchTests {
    static func repository(
        url: String, in directory: TemporaryDirectory, workName: String = "fluxd-work", branch: String = "master",
        credentials: GitCredentials = .none, timeout: Duration = .seconds(30)
    ) throws -> GitRepository {
        let configuration = GitRepositoryConfiguration(
            url: try GitRemoteURL(url), branch: branch, workDirectory: "\(directory.path)/\(workName)", timeout: timeout,
            credentials: credentials, committer: GitIdentity(name: "Flux Bot", email: "flux@example.com"))
        return try GitRepository(configuration: configuration, logger: Logger(label: "test"))
    }

    @Test func fetchesExportsAndFollowsForcePush() async throws {
        let directory = try TemporaryDirectory(prefix: "git-fetch")
        defer { directory.remove() }
        let fixture = try await GitFixture.create(in: directory)
        try fixture.write("apps/a.yaml", "kind: A\n")
        let first = try await fixture.commit("add a")
        try await fixture.push()

        let repository = try Self.repository(url: fixture.fileURL, in: directory)
        let fetched = try await repository.fetch()
        #expect(fetched == first)
        #expect(await repository.head == first)

        let exported = "\(directory.path)/export1"
        try await repository.export(revision: fetched, to: exported)
        #expect(try String(contentsOfFile: "\(exported)/apps/a.yaml", encoding: .utf8) == "kind: A\n")
        #expect(!FileManager.default.fileExists(atPath: "\(exported)/.git"))

        // A second commit, then a rewrite of history that drops it.
        try fixture.write("apps/b.yaml", "kind: B\n")
        let second = try await fixture.commit("add b")
        try await fixture.push()
        #expect(try await repository.fetch() == second)
        #expect(try await repository.changedPaths(from: first, to: second) == ["apps/b.yaml"])

        try await fixture.run(["reset", "--hard", "--quiet", first])
        try fixture.write("apps/c.yaml", "kind: C\n")
        let rewritten = try await fixture.commit("add c instead")
        try await fixture.push(force: true)
        #expect(try await repository.fetch() == rewritten)
        let paths = try await repository.withExport(revision: rewritten) { tree in
            try FileManager.default.contentsOfDirectory(atPath: "\(tree)/apps").sorted()
        }
        #expect(paths == ["a.yaml", "c.yaml"])
        // The old revision is still readable from the mirror for diffs.
        #expect(try await repository.changedPaths(from: second, to: rewritten).sorted() == ["apps/b.yaml", "apps/c.yaml"])
    }

    @Test func missingBranchIsAClearError() async throws {
        let directory = try TemporaryDirectory(prefix: "git-branch")
        defer { directory.remove() }
        let fixture = try await GitFixture.create(in: directory)
        let repository = try Self.repository(url: fixture.fileURL, in: directory, branch: "does-not-exist")
        let error = try await #require(throws: GitError.self) { try await repository.fetch() }
        #expect(error.code == .referenceNotFound)
        #expect(error.operation == "fetch")
        #expect(error.description.contains("does-not-exist"))
        #expect(try await repository.remoteHead() == nil)
    }

    @Test func timeoutIsReported() async throws {
        let directory = try TemporaryDirectory(prefix: "git-timeout")
        defer { directory.remove() }
        let fixture = try await GitFixture.create(in: directory)
        let repository = try Self.repository(url: fixture.fileURL, in: directory, timeout: .milliseconds(1))
        let error = try await #require(throws: GitError.self) { try await repository.fetch() }
        #expect(error.code == .timedOut)
        #expect(error.description.contains("--git-timeout"))
    }

    @Test func historyIsAvailableOnDemand() async throws {
        let directory = try TemporaryDirectory(prefix: "git-log")
        defer { directory.remove() }
        let fixture = try await GitFixture.create(in: directory)
        let base = try await fixture.head()
        try fixture.write("x.yaml", "x: 1\n")
        try await fixture.commit("one")
        try fixture.write("x.yaml", "x: 2\n")
        let tip = try await fixture.commit("two")
        try await fixture.push()
        let repository = try Self.repository(url: fixture.fileURL, in: directory)
        #expect(try await repository.fetch() == tip)
        let commits = try await repository.commits(from: base, to: tip)
        #expect(commits.map(\.subject) == ["two", "one"])
        #expect(commits.first?.authorEmail == "test@example.com")
    }

    @Test func passwordsNeverAppearInErrors() async throws {
        let directory = try TemporaryDirectory(prefix: "git-redact")
        defer { directory.remove() }
        let port = try FreePort.find()
        let repository = try Self.repository(
            url: "https://alice:sup3rsecret@127.0.0.1:\(port)/org/repo.git", in: directory,
            credentials: GitCredentials(https: HTTPSCredentials(username: "alice", password: "0th3rsecret")))
        let error = try await #require(throws: GitError.self) { try await repository.fetch() }
        #expect(error.url == "https://127.0.0.1:\(port)/org/repo.git")
        #expect(!error.description.contains("sup3rsecret"))
        #expect(!error.description.contains("0th3rsecret"))
        #expect(error.exitCode == 128)
        #expect(error.standardError.contains("127.0.0.1"))
    }

    @Test func httpsCredentialsGoThroughAskpassNotArguments() async throws {
        let url = try GitRemoteURL("https://alice:t0ken@git.example.com/org/repo.git")
        let auth = try GitAuthDirectory(remote: url, credentials: .none)
        let askpass = try #require(auth.environment["GIT_ASKPASS"] ?? nil)
        var environment = auth.environment
        #expect(environment["SWIFTFLUX_GIT_PASSWORD"] == "t0ken")
        environment["SWIFTFLUX_GIT_PASSWORD"] = "t0ken"
        let user = try await CommandRunnerShim.run(askpass, ["Username for 'https://git.example.com': "], environment)
        let password = try await CommandRunnerShim.run(askpass, ["Password for 'https://alice@git.example.com': "], environment)
        #expect(user == "alice\n")
        #expect(password == "t0ken\n")
        #expect(!url.gitURL.contains("t0ken"))
    }
}
