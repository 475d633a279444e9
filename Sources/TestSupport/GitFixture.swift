import CommandRunner
import Foundation

/// A git repository made by a test: a bare "remote" (what fluxd fetches from) and a working
/// clone the test commits in and pushes from, to play the user of the repository.
public struct GitFixture: Sendable {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// The bare repository, the "remote".
    public let remotePath: String
    /// A clone the test edits.
    public let workPath: String
    public let branch: String

    /// `file://` URL of the remote.
    public var fileURL: String { "file://\(remotePath)" }

    /// Creates `remote.git` and `work` under `directory`, with one commit on `branch`.
    public static func create(in directory: TemporaryDirectory, branch: String = "master") async throws -> GitFixture {
        let remote = "\(directory.path)/remote.git"
        let work = "\(directory.path)/work"
        _ = try await git(["init", "--quiet", "--bare", "--initial-branch=\(branch)", remote], in: directory.path)
        _ = try await git(["init", "--quiet", "--initial-branch=\(branch)", work], in: directory.path)
        let fixture = GitFixture(remotePath: remote, workPath: work, branch: branch)
        try await fixture.run(["remote", "add", "origin", remote])
        try fixture.write("README.md", "test repository\n")
        try await fixture.commit("initial commit")
        try await fixture.push()
        return fixture
    }

    /// Writes a file in the working clone (creating parent directories).
    public func write(_ relative: String, _ contents: String) throws {
        let full = "\(workPath)/\(relative)"
        try FileManager.default.createDirectory(
            atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try contents.write(toFile: full, atomically: true, encoding: .utf8)
    }

    public func remove(_ relative: String) throws {
        try FileManager.default.removeItem(atPath: "\(workPath)/\(relative)")
    }

    /// Commits everything in the working clone; returns the commit hash.
    @discardableResult
    public func commit(_ message: String) async throws -> String {
        try await run(["add", "--all"])
        try await run(["commit", "--quiet", "--allow-empty", "-m", message])
        return try await head()
    }

    public func head() async throws -> String {
        try await run(["rev-parse", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Pushes the branch (with `force`, rewriting the remote's history).
    public func push(force: Bool = false) async throws {
        try await run(["push", "--quiet"] + (force ? ["--force"] : []) + ["origin", "HEAD:refs/heads/\(branch)"])
    }

    /// Pulls what others (fluxd) pushed.
    public func pull() async throws {
        try await run(["pull", "--quiet", "--rebase", "origin", branch])
    }

    /// Runs git in the working clone, with a fixed identity; returns stdout.
    @discardableResult
    public func run(_ arguments: [String]) async throws -> String {
        try await Self.git(arguments, in: workPath)
    }

    /// Runs git in the bare remote; returns stdout.
    @discardableResult
    public func runInRemote(_ arguments: [String]) async throws -> String {
        try await Self.git(arguments, in: remotePath)
    }

    public static func git(_ arguments: [String], in directory: String) async throws -> String {
        let result = try await Command.run(
            "git", arguments: arguments,
            environment: [
                "GIT_AUTHOR_NAME": "Test User", "GIT_AUTHOR_EMAIL": "test@example.com",
                "GIT_COMMITTER_NAME": "Test User", "GIT_COMMITTER_EMAIL": "test@example.com",
                "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null", "LC_ALL": "C",
            ],
            workingDirectory: directory, timeout: .seconds(60))
        guard result.succeeded else {
            throw Failure(description: "git \(arguments.joined(separator: " ")) failed (\(result.exitCode)): \(result.standardError)")
        }
        return result.standardOutput
    }
}
