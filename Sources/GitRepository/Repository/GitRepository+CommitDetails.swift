import Foundation

extension GitRepository {
    /// The full message, author and author time of `revision` (fetched if the mirror lacks it).
    public func commitDetails(_ revision: String) async throws(GitError) -> GitCommitDetails {
        try await exclusivelyGit { () async throws(GitError) -> GitCommitDetails in
            try await ensureRevision(revision)
            let result = try await runner.run(
                "log", ["log", "-1", "--format=%H%x00%an%x00%ae%x00%at%x00%B", "--end-of-options", revision], in: mirrorPath)
            guard let details = GitCommitDetails(logOutput: result.standardOutput) else {
                throw GitError(
                    code: .commandFailed, operation: "log", url: url,
                    message: "cannot read the details of commit \(revision) from git log")
            }
            return details
        }
    }
}

/// A commit's hash, author, author time and whole message.
public struct GitCommitDetails: Sendable, Hashable {
    public var revision: String
    public var authorName: String
    public var authorEmail: String
    public var authorTime: Date
    /// The message without trailing newlines.
    public var message: String

    public init(revision: String, authorName: String, authorEmail: String, authorTime: Date, message: String) {
        self.revision = revision
        self.authorName = authorName
        self.authorEmail = authorEmail
        self.authorTime = authorTime
        self.message = message
    }

    /// Parses `git log -1 --format=%H%x00%an%x00%ae%x00%at%x00%B`.
    init?(logOutput: String) {
        let fields = logOutput.split(separator: "\0", maxSplits: 4, omittingEmptySubsequences: false)
        guard fields.count == 5, let seconds = TimeInterval(fields[3]) else { return nil }
        self.init(
            revision: String(fields[0]), authorName: String(fields[1]), authorEmail: String(fields[2]),
            authorTime: Date(timeIntervalSince1970: seconds),
            message: String(fields[4]).trimmingCharacters(in: .newlines))
    }
}
