import Foundation
import TestSupport
import Testing

@testable import GitRepository

@Suite struct GitRepositoryPushTests {
    @Test func commitsAndPushesAnEdit() async throws {
        let directory = try TemporaryDirectory(prefix: "git-push")
        defer { directory.remove() }
        let fixture = try await GitFixture.create(in: directory)
        let before = try await fixture.head()
        let repository = try GitRepositoryFetchTests.repository(url: fixture.fileURL, in: directory)

        let result = try await repository.commitAndPush(
            message: "Auto-release image", author: GitIdentity(name: "Jane", email: "jane@example.com"), ciSkip: true
        ) { checkout in
            try "kind: Edited\n".write(toFile: "\(checkout)/edited.yaml", atomically: true, encoding: .utf8)
        }
        let pushed = try #require(result)
        #expect(pushed.parent == before)
        #expect(pushed.attempts == 1)
        #expect(try await fixture.runInRemote(["rev-parse", "refs/heads/master"]).hasPrefix(pushed.revision))
        let log = try await fixture.runInRemote(["log", "-1", "--format=%an <%ae>|%cn <%ce>|%B", "master"])
        #expect(log.hasPrefix("Jane <jane@example.com>|Flux Bot <flux@example.com>|Auto-release image"))
        #expect(log.contains("[ci skip]"))
        #expect(try await fixture.runInRemote(["show", "master:edited.yaml"]) == "kind: Edited\n")
    }

    @Test func noChangeMeansNoCommit() async throws {
        let directory = try TemporaryDirectory(prefix: "git-nochange")
        defer { directory.remove() }
        let fixture = try await GitFixture.create(in: directory)
        let before = try await fixture.head()
        let repository = try GitRepositoryFetchTests.repository(url: fixture.fileURL, in: directory)
        let result = try await repository.commitAndPush(message: "nothing") { _ in }
        #expect(result == nil)
        #expect(try await fixture.runInRemote(["rev-parse", "master"]).hasPrefix(before))
    }

    @Test func retriesWhenTheBranchMovesDuringPush() async throws {
        let directory = try TemporaryDirectory(prefix: "git-race")
        defer { directory.remove() }
        let fixture = try await GitFixture.create(in: directory)
        let repository = try GitRepositoryFetchTests.repository(url: fixture.fileURL, in: directory)
        let calls = Counter()
        let result = try await repository.commitAndPush(message: "policy change") { checkout in
            if await calls.increment() == 1 {
                // Someone else pushes while fluxd is editing.
                try fixture.write("other.yaml", "kind: Other\n")
                try await fixture.commit("concurrent change")
                try await fixture.push()
            }
            let existing = FileManager.default.fileExists(atPath: "\(checkout)/other.yaml")
            try "edited after other: \(existing)\n".write(toFile: "\(checkout)/mine.yaml", atomically: true, encoding: .utf8)
        }
        let pushed = try #require(result)
        #expect(pushed.attempts == 2)
        #expect(await calls.value == 2)
        #expect(try await fixture.runInRemote(["show", "master:mine.yaml"]) == "edited after other: true\n")
        #expect(try await fixture.runInRemote(["show", "master:other.yaml"]) == "kind: Other\n")
    }

    @Test func editErrorsPropagateUnchanged() async throws {
        struct EditFailed: Error {}
        let directory = try TemporaryDirectory(prefix: "git-editerr")
        defer { directory.remove() }
        let fixture = try await GitFixture.create(in: directory)
        let repository = try GitRepositoryFetchTests.repository(url: fixture.fileURL, in: directory)
        await #expect(throws: EditFailed.self) {
            _ = try await repository.commitAndPush(message: "x") { _ in throw EditFailed() }
        }
    }

    @Test func movesTheSyncTag() async throws {
        let directory = try TemporaryDirectory(prefix: "git-tag")
        defer { directory.remove() }
        let fixture = try await GitFixture.create(in: directory)
        let first = try await fixture.head()
        let repository = try GitRepositoryFetchTests.repository(url: fixture.fileURL, in: directory)
        #expect(try await repository.remoteTagRevision() == nil)
        try await repository.fetch()
        try await repository.moveTag(to: first)
        #expect(try await repository.remoteTagRevision() == first)
        #expect(try await fixture.runInRemote(["cat-file", "-t", "flux-sync"]) == "tag\n")

        try fixture.write("next.yaml", "kind: Next\n")
        let second = try await fixture.commit("next")
        try await fixture.push()
        try await repository.fetch()
        try await repository.moveTag("custom-label", to: second, message: "Sync pointer")
        try await repository.moveTag(to: second)
        #expect(try await repository.remoteTagRevision() == second)
        #expect(try await repository.remoteTagRevision("custom-label") == second)
    }
}

actor Counter {
    private(set) var value = 0
    func increment() -> Int {
        value += 1
        return value
    }
}
