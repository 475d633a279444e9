import Foundation

extension GitRepository {
    /// Writes the tree of `revision` into `directory` (created if missing; existing files with
    /// the same names are overwritten). This is what manifests are rendered from: a plain
    /// directory without `.git`, so nothing the renderer does can touch the mirror.
    public func export(revision: String, to directory: String) async throws(GitError) {
        try await exclusivelyGit { () async throws(GitError) in
            try await ensureRevision(revision)
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw GitError(
                    code: .localFileSystem, operation: "export", url: url,
                    message: "cannot create export directory \(directory): \(error)")
            }
            // A private index file keeps the mirror untouched and lets exports run anywhere.
            let index = "\(auth.path)/export-index-\(UUID().uuidString)"
            // try?: scratch cleanup; a leftover goes with the private auth directory when the repository does.
            defer { try? FileManager.default.removeItem(atPath: index) }
            let environment: [String: String?] = ["GIT_INDEX_FILE": index]
            let base = ["--git-dir=\(mirrorPath)", "--work-tree=\(directory)"]
            try await runner.run(
                "export", base + ["read-tree", "--end-of-options", "\(revision)^{tree}"], in: directory,
                extraEnvironment: environment)
            try await runner.run("export", base + ["checkout-index", "--all", "--force"], in: directory, extraEnvironment: environment)
        }
    }

    /// Exports `revision` into a fresh temporary directory, runs `body` with its path, and
    /// removes the directory afterwards, whatever happens.
    public func withExport<T: Sendable>(
        revision: String, _ body: @Sendable (_ directory: String) async throws -> T
    ) async throws -> T {
        let directory = "\(auth.path)/tree-\(UUID().uuidString)"
        // try?: scratch cleanup; a leftover goes with the private auth directory when the repository does.
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await export(revision: revision, to: directory)
        return try await body(directory)
    }

    /// Paths (relative to the repository root) that differ between two revisions: added,
    /// modified, deleted or renamed (both names).
    public func changedPaths(from old: String, to new: String) async throws(GitError) -> [String] {
        try await exclusivelyGit { () async throws(GitError) -> [String] in
            try await ensureRevision(old)
            try await ensureRevision(new)
            let result = try await runner.run(
                "diff", ["diff-tree", "-r", "-z", "--name-only", "--no-renames", "--end-of-options", old, new],
                in: mirrorPath)
            return result.standardOutput.split(separator: "\0").map(String.init).filter { !$0.isEmpty }
        }
    }

    /// One-line summaries of the commits after `old` up to `new` (newest first), deepening the
    /// shallow mirror as needed.
    public func commits(from old: String?, to new: String) async throws(GitError) -> [GitCommitSummary] {
        try await exclusivelyGit { () async throws(GitError) -> [GitCommitSummary] in
            try await deepen()
            let range = old.map { "\($0)..\(new)" } ?? new
            let result = try await runner.run(
                "log", ["log", "--format=%H%x00%an%x00%ae%x00%s", "--end-of-options", range], in: mirrorPath)
            return result.standardOutput.split(separator: "\n").compactMap { line -> GitCommitSummary? in
                let fields = line.split(separator: "\0", omittingEmptySubsequences: false)
                guard fields.count == 4 else { return nil }
                return GitCommitSummary(
                    revision: String(fields[0]), authorName: String(fields[1]), authorEmail: String(fields[2]),
                    subject: String(fields[3]))
            }
        }
    }
}

/// A commit as `fluxctl` and notifications show it.
public struct GitCommitSummary: Sendable, Hashable {
    public var revision: String
    public var authorName: String
    public var authorEmail: String
    public var subject: String
}
