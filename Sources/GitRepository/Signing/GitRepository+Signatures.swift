import Foundation
import KubernetesModel

extension GitRepository {
    /// The signatures of the commits after `synced` up to `head` (all of `head`'s history
    /// when `synced` is `nil`), newest first, checked against fluxd's GnuPG home; only the
    /// first-parent chain with `firstParent`.
    public func commitSignatures(from synced: String?, to head: String, firstParent: Bool) async throws(GitError)
        -> [CommitSignature]
    {
        try await exclusivelyGit { () async throws(GitError) -> [CommitSignature] in
            try await ensureRevision(head)
            try await deepen()
            var arguments = ["log", "--format=%H%x00%G?%x00%GK%x00%s"]
            if firstParent { arguments.append("--first-parent") }
            arguments += ["--end-of-options", synced.map { "\($0)..\(head)" } ?? head]
            return Self.parseSignatures(try await runner.run("log", arguments, in: mirrorPath).standardOutput)
        }
    }

    /// The signature of one commit.
    public func commitSignature(of revision: String) async throws(GitError) -> CommitSignature {
        try await exclusivelyGit { () async throws(GitError) -> CommitSignature in
            try await ensureRevision(revision)
            let output = try await runner.run(
                "log", ["log", "-1", "--format=%H%x00%G?%x00%GK%x00%s", "--end-of-options", revision], in: mirrorPath)
            guard let signature = Self.parseSignatures(output.standardOutput).first else {
                throw GitError(code: .referenceNotFound, operation: "log", url: url, message: "no commit \(revision)")
            }
            return signature
        }
    }

    static func parseSignatures(_ output: String) -> [CommitSignature] {
        output.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: "\0", omittingEmptySubsequences: false)
            guard fields.count == 4, let status = fields[1].first else { return nil }
            return CommitSignature(
                revision: String(fields[0]), status: status, key: String(fields[2]), subject: String(fields[3]))
        }
    }

    /// Whether the annotated tag `name` on the remote carries a good signature by an imported
    /// key: fetches it and runs `git verify-tag`. Returns `nil` when it verifies, else why not.
    public func tagSignatureProblem(_ name: String) async throws(GitError) -> String? {
        try await exclusivelyGit { () async throws(GitError) -> String? in
            try await prepareMirror()
            try await runner.run(
                "fetch",
                [
                    "fetch", "--no-tags", "--quiet", "--force", "--end-of-options", configuration.url.gitURL,
                    "+refs/tags/\(name):refs/tags/\(name)",
                ],
                in: mirrorPath)
            let result = try await runner.runAllowingFailure(
                "verify-tag", ["verify-tag", "--raw", "--end-of-options", name], in: mirrorPath)
            if result.succeeded { return nil }
            let status = result.standardError
            if status.contains("[GNUPG:] GOODSIG") && status.contains("TRUST_ULTIMATE") { return nil }
            if status.contains("NO_PUBKEY") || status.contains("ERRSIG") { return "signed by a key that was not imported" }
            if status.contains("BADSIG") { return "bad signature" }
            if status.contains("EXPKEYSIG") { return "signed by an expired key" }
            if status.contains("REVKEYSIG") { return "signed by a revoked key" }
            if status.contains("GOODSIG") { return "signed by a key that is not trusted" }
            return "not signed"
        }
    }

    /// Records that `revision` and its history passed verification, so `commitAndPush`
    /// only checks what came after it.
    public func markVerified(_ revision: String) {
        verifiedRevision = revision
    }

    /// With signature verification on, a commit fluxd makes must go on top of a verified
    /// head (Flux v1's `verifyWorkingRepo`): fails naming the first commit that is not.
    func verifyHeadBeforeCommit(_ head: String, in directory: String) async throws(GitError) {
        let mode = configuration.signatures.verifyMode
        guard mode != .none, head != verifiedRevision else { return }
        var arguments = ["log", "--format=%H%x00%G?%x00%GK%x00%s"]
        if mode == .firstParent { arguments.append("--first-parent") }
        arguments += ["--end-of-options", verifiedRevision.map { "\($0)..\(head)" } ?? head]
        // The checkout is shallow; the mirror has the history.
        try await ensureRevision(head)
        try await deepen()
        let commits = Self.parseSignatures(try await runner.run("log", arguments, in: mirrorPath).standardOutput)
        if let invalid = commits.last(where: { !$0.isValid }) {
            throw GitError(
                code: .unverifiedCommit, operation: "commit", url: url,
                message:
                    "refusing to commit on top of branch \(configuration.branch): \(invalid) (--git-verify-signatures-mode=\(mode.rawValue))"
            )
        }
    }
}
