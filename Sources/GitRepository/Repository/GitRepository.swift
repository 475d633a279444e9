import Crypto
import Foundation
import KubernetesModel
import Logging

/// A private working copy of one remote branch, driven by the system `git`.
///
/// The repository keeps a shallow bare mirror under the work directory. `fetch()` brings the
/// branch head in with `+refs/heads/<branch>` (so force-pushes and rewritten history are
/// followed), `export(revision:to:)` writes a revision's tree into a directory for rendering,
/// and the write helpers (`commitAndPush`, `moveTag`) work on fresh checkouts of the head.
///
/// Operations are serialized: git does not like two processes updating the same refs, and the
/// sync loop and automation share one repository. Each git invocation is bounded by the
/// configured timeout.
public actor GitRepository {
    public nonisolated let configuration: GitRepositoryConfiguration
    let runner: GitRunner
    let auth: GitAuthDirectory
    let logger: Logger
    /// The bare mirror's path.
    public nonisolated let mirrorPath: String

    /// Serializes operations (see the type's documentation).
    private let lock = AsyncLock()
    private var mirrorReady = false
    /// The branch head seen by the last successful fetch.
    public private(set) var head: String?
    /// The newest revision whose history passed signature verification (`markVerified`).
    var verifiedRevision: String?

    public init(configuration: GitRepositoryConfiguration, logger: Logger) throws(GitError) {
        self.configuration = configuration
        self.logger = logger
        let auth = try GitAuthDirectory(remote: configuration.url, credentials: configuration.credentials)
        self.auth = auth
        // Never shown in errors: tokens given in the URL (as user name or password) or as credentials.
        var secrets = configuration.url.secrets
        if let https = configuration.credentials.https { secrets += [https.password, https.username.count >= 8 ? https.username : ""] }
        var environment = auth.environment
        if let home = configuration.signatures.gnupgHome {
            environment.merge(home.environment) { _, new in new }
        }
        self.runner = GitRunner(
            remote: configuration.url, environment: environment, timeout: configuration.timeout, logger: logger,
            secrets: secrets)
        let digest = SHA256.hash(data: Data("\(configuration.url.gitURL)".utf8))
        let name = digest.prefix(12).hexEncoded
        self.mirrorPath = "\(configuration.workDirectory)/\(name).git"
    }

    var url: String { configuration.url.description }
    var branchRef: String { "refs/flux/heads/\(configuration.branch)" }

    // MARK: - Serialization

    /// Runs `body` with no other operation of this repository in flight.
    func exclusively<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        try await lock.withLock { try await body() }
    }

    /// Like `exclusively`, keeping the error type for operations that only throw `GitError`.
    func exclusivelyGit<T: Sendable>(_ body: () async throws(GitError) -> T) async throws(GitError) -> T {
        do {
            return try await exclusively { try await body() }
        } catch let error as GitError {
            throw error
        } catch {
            throw GitError(code: .commandFailed, operation: "internal", url: url, message: "\(error)")
        }
    }

    // MARK: - Fetch

    /// Fetches the branch head (depth 1) and returns its commit hash. A force-pushed branch is
    /// followed: the local ref is overwritten with whatever the remote has now.
    @discardableResult
    public func fetch() async throws(GitError) -> String {
        try await exclusivelyGit { () async throws(GitError) -> String in
            try await prepareMirror()
            let refspec = "+refs/heads/\(configuration.branch):\(branchRef)"
            try await runner.run(
                "fetch",
                ["fetch", "--depth=1", "--no-tags", "--quiet", "--end-of-options", configuration.url.gitURL, refspec],
                in: mirrorPath)
            let revision = try await resolve(branchRef, operation: "fetch")
            if head != revision {
                logger.debug("git branch head changed", metadata: ["revision": "\(revision)", "previous": "\(head ?? "-")"])
            }
            head = revision
            return revision
        }
    }

    /// Reads the branch head on the remote without fetching (`git ls-remote`); `nil` if the
    /// branch does not exist.
    public func remoteHead() async throws(GitError) -> String? {
        try await lsRemote("refs/heads/\(configuration.branch)")
    }

    func prepareMirror() async throws(GitError) {
        if mirrorReady { return }
        let fileManager = FileManager.default
        if !fileManager.fileExists(atPath: "\(mirrorPath)/HEAD") {
            do {
                try fileManager.createDirectory(atPath: mirrorPath, withIntermediateDirectories: true)
            } catch {
                throw GitError(
                    code: .localFileSystem, operation: "init", url: url,
                    message: "cannot create the working copy directory \(mirrorPath): \(error)")
            }
            try await runner.run("init", ["init", "--bare", "--quiet", mirrorPath], in: nil)
        }
        mirrorReady = true
    }

    func resolve(_ reference: String, operation: String) async throws(GitError) -> String {
        let result = try await runner.run(
            operation, ["rev-parse", "--verify", "--end-of-options", "\(reference)^{commit}"], in: mirrorPath)
        return result.standardOutput.trimmingWhitespace()
    }

    /// Makes sure `revision` is present in the mirror, fetching it (or the full history) if not.
    func ensureRevision(_ revision: String) async throws(GitError) {
        try await prepareMirror()
        let present = try await runner.runAllowingFailure(
            "cat-file", ["cat-file", "-e", "\(revision)^{commit}"], in: mirrorPath)
        if present.succeeded { return }
        let byHash = try await runner.runAllowingFailure(
            "fetch", ["fetch", "--depth=1", "--no-tags", "--quiet", "--end-of-options", configuration.url.gitURL, revision],
            in: mirrorPath)
        if byHash.succeeded { return }
        try await deepen()
        let again = try await runner.runAllowingFailure(
            "cat-file", ["cat-file", "-e", "\(revision)^{commit}"], in: mirrorPath)
        guard again.succeeded else {
            throw GitError(
                code: .referenceNotFound, operation: "fetch", url: url,
                message: "revision \(revision) is not in the history of branch \(configuration.branch)")
        }
    }

    /// Fetches the whole history of the branch (for operations that need it).
    func deepen() async throws(GitError) {
        let shallow = FileManager.default.fileExists(atPath: "\(mirrorPath)/shallow")
        var arguments = ["fetch", "--no-tags", "--quiet"]
        if shallow { arguments.append("--unshallow") }
        arguments += ["--end-of-options", configuration.url.gitURL, "+refs/heads/\(configuration.branch):\(branchRef)"]
        try await runner.run("fetch", arguments, in: mirrorPath)
    }

    func lsRemote(_ reference: String) async throws(GitError) -> String? {
        // In fluxd's own mirror, like fetch: not in whatever repository fluxd's working
        // directory happens to be in, whose configuration (or a broken `.git`) would apply.
        try await prepareMirror()
        let result = try await runner.run(
            "ls-remote", ["ls-remote", "--end-of-options", configuration.url.gitURL, reference, "\(reference)^{}"],
            in: mirrorPath)
        var plain: String?
        for line in result.standardOutput.split(separator: "\n") {
            let fields = line.split(separator: "\t", maxSplits: 1)
            guard fields.count == 2 else { continue }
            if fields[1] == "\(reference)^{}" { return String(fields[0]) }
            if fields[1] == reference { plain = String(fields[0]) }
        }
        return plain
    }
}
