import Foundation
import KubernetesModel

extension GitRepository {
    /// Applies `edit` to a fresh checkout of the branch head, commits what changed and pushes.
    /// If the push is rejected because the branch moved, the head is fetched again and the edit
    /// re-applied on it, up to `maxAttempts` times.
    ///
    /// - Parameters:
    ///   - author: the requesting user (`--git-set-author`); the committer is always
    ///     `configuration.committer`.
    ///   - ciSkip: append `[ci skip]` to the message (`--git-ci-skip`) when the configuration
    ///     has no `commitMessageSuffix` (which is appended whatever `ciSkip` says).
    ///   - edit: receives the checkout directory; it must not call back into this repository.
    /// - Returns: the pushed commit, or `nil` when the edit changed nothing (nothing is pushed).
    /// - Throws: `GitError`, or whatever `edit` throws, unchanged.
    public func commitAndPush(
        message: String, author: GitIdentity? = nil, ciSkip: Bool = false, maxAttempts: Int = 3,
        edit: @Sendable (_ directory: String) async throws -> Void
    ) async throws -> GitCommitResult? {
        try await commitAndPush(author: author, ciSkip: ciSkip, maxAttempts: maxAttempts) { directory in
            try await edit(directory)
            return message
        }
    }

    /// Like `commitAndPush(message:…)`, with the message written by the edit itself (it
    /// depends on what the edit found on the current head, e.g. a release's changes). An edit
    /// returning `nil` commits nothing.
    public func commitAndPush(
        author: GitIdentity? = nil, ciSkip: Bool = false, maxAttempts: Int = 3,
        edit: @Sendable (_ directory: String) async throws -> String?
    ) async throws -> GitCommitResult? {
        try await exclusively { () async throws -> GitCommitResult? in
            var attempt = 0
            while true {
                attempt += 1
                let directory = "\(auth.path)/commit-\(UUID().uuidString)"
                // try?: scratch cleanup; a leftover goes with the private auth directory when the repository does.
                defer { try? FileManager.default.removeItem(atPath: directory) }
                let parent = try await freshCheckout(into: directory)
                try await verifyHeadBeforeCommit(parent, in: directory)
                guard let message = try await edit(directory) else { return nil }
                try await runner.run("add", ["add", "--all"], in: directory)
                let status = try await runner.run("status", ["status", "--porcelain"], in: directory)
                if status.standardOutput.trimmingWhitespace().isEmpty {
                    logger.debug("git edit changed nothing", metadata: ["revision": "\(parent)"])
                    return nil
                }
                let suffix = configuration.commitMessageSuffix.isEmpty && ciSkip ? "\n\n[ci skip]" : configuration.commitMessageSuffix
                let fullMessage = message + suffix
                let committer = configuration.committer
                let writer = author ?? committer
                try await runner.run(
                    "commit", ["commit", "--quiet", "--no-verify"] + configuration.signatures.commitArguments + ["-m", fullMessage],
                    in: directory,
                    extraEnvironment: [
                        "GIT_COMMITTER_NAME": committer.name, "GIT_COMMITTER_EMAIL": committer.email,
                        "GIT_AUTHOR_NAME": writer.name, "GIT_AUTHOR_EMAIL": writer.email,
                    ])
                let revision = try await runner.run("rev-parse", ["rev-parse", "HEAD"], in: directory)
                    .standardOutput.trimmingWhitespace()
                let notes = try await addNote(in: directory, author: writer, message: message)
                do {
                    try await runner.run(
                        "push",
                        [
                            "push", "--quiet", "--no-verify", "--end-of-options", configuration.url.gitURL,
                            "HEAD:refs/heads/\(configuration.branch)",
                        ] + notes,
                        in: directory)
                    logger.info(
                        "git pushed a commit",
                        metadata: ["revision": "\(revision)", "branch": "\(configuration.branch)", "attempts": "\(attempt)"])
                    await configuration.onPush?(
                        GitPushedCommit(revision: revision, message: fullMessage, author: writer, time: Date()))
                    return GitCommitResult(revision: revision, parent: parent, attempts: attempt)
                } catch let error as GitError where error.code == .pushRejected && attempt < maxAttempts {
                    logger.info(
                        "git push rejected, branch moved; retrying",
                        metadata: ["branch": "\(configuration.branch)", "attempt": "\(attempt)"])
                    continue
                }
            }
        }
    }

    /// A non-bare, shallow clone of the branch head in `directory`; returns the head commit.
    func freshCheckout(into directory: String) async throws(GitError) -> String {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw GitError(
                code: .localFileSystem, operation: "checkout", url: url,
                message: "cannot create checkout directory \(directory): \(error)")
        }
        try await runner.run("init", ["init", "--quiet", directory], in: nil)
        let remoteRef = "refs/remotes/origin/\(configuration.branch)"
        try await runner.run(
            "fetch",
            [
                "fetch", "--depth=1", "--no-tags", "--quiet", "--end-of-options", configuration.url.gitURL,
                "+refs/heads/\(configuration.branch):\(remoteRef)",
            ],
            in: directory)
        try await runner.run(
            "checkout", ["checkout", "--quiet", "-B", configuration.branch, remoteRef], in: directory)
        return try await runner.run("rev-parse", ["rev-parse", "HEAD"], in: directory).standardOutput.trimmingWhitespace()
    }

    /// Moves the annotated tag `name` (`--git-sync-tag`, default `flux-sync`) to `revision` and
    /// force-pushes it, so the remote records the last applied commit.
    public func moveTag(_ name: String = "flux-sync", to revision: String, message: String? = nil) async throws(GitError) {
        try await exclusivelyGit { () async throws(GitError) in
            try await ensureRevision(revision)
            let committer = configuration.committer
            try await runner.run(
                "tag",
                ["tag", "--annotate", "--force"] + configuration.signatures.tagArguments
                    + ["--message=\(message ?? "Sync pointer")", "--end-of-options", name, revision],
                in: mirrorPath,
                extraEnvironment: ["GIT_COMMITTER_NAME": committer.name, "GIT_COMMITTER_EMAIL": committer.email])
            try await runner.run(
                "push",
                [
                    "push", "--quiet", "--force", "--no-verify", "--end-of-options", configuration.url.gitURL,
                    "refs/tags/\(name):refs/tags/\(name)",
                ],
                in: mirrorPath)
            logger.debug("git moved the sync tag", metadata: ["tag": "\(name)", "revision": "\(revision)"])
        }
    }

    /// The commit the tag `name` points to on the remote (peeled), or `nil` if there is none.
    public func remoteTagRevision(_ name: String = "flux-sync") async throws(GitError) -> String? {
        try await lsRemote("refs/tags/\(name)")
    }
}
