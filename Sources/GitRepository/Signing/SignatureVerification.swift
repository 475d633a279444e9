/// Which commits must carry a good signature (`--git-verify-signatures-mode`, as Flux v1).
public enum SignatureVerificationMode: String, Sendable, Hashable {
    case none
    /// Every commit after the last synced one (all of history when none was synced yet).
    case all
    /// Only the first-parent chain: a signed merge vouches for what it brings in.
    case firstParent = "first-parent"
}

/// A commit's signature as git reports it (`%G?`, checked against fluxd's own GnuPG home).
public struct CommitSignature: Sendable, Hashable, CustomStringConvertible {
    public var revision: String
    /// git's `%G?`: `G` good, `B` bad, `U` good but of unknown validity, `X` expired
    /// signature, `Y` made by an expired key, `R` made by a revoked key, `E` cannot be
    /// checked (no such key imported), `N` not signed.
    public var status: Character
    /// The signing key (`%GK`), when there is a signature.
    public var key: String
    public var subject: String

    public init(revision: String, status: Character, key: String = "", subject: String = "") {
        self.revision = revision
        self.status = status
        self.key = key
        self.subject = subject
    }

    /// Only a good signature by a trusted (imported) key counts, as in Flux v1.
    public var isValid: Bool { status == "G" }

    /// Why the signature does not count.
    public var problem: String {
        switch status {
        case "G": return "good signature"
        case "B": return "bad signature by key \(key)"
        case "U": return "signature by key \(key), which is not trusted"
        case "X": return "expired signature by key \(key)"
        case "Y": return "signature by expired key \(key)"
        case "R": return "signature by revoked key \(key)"
        case "E": return "signed by key \(key), which was not imported (--git-gpg-key-import)"
        case "N": return "not signed"
        default: return "signature status \(status)"
        }
    }

    public var description: String { "commit \(revision.prefix(7)) (\(subject)): \(problem)" }
}

/// What a sync may apply when signatures are verified: Flux v1's `latestValidRevision`.
public struct VerifiedRevision: Sendable, Hashable {
    /// The newest revision whose commits are all validly signed; `nil` when no commit after
    /// the last synced one is (and nothing was synced before).
    public var revision: String?
    /// The oldest commit that failed, which stops the sync there.
    public var firstInvalid: CommitSignature?

    /// Walks `commits` (newest first, as `git log` lists them, ending after `synced`) from
    /// the oldest: the revision to sync is the one just before the first invalid commit, or
    /// `head` when every commit is valid.
    public static func decide(commits: [CommitSignature], synced: String?, head: String) -> VerifiedRevision {
        var latest = synced
        for commit in commits.reversed() {
            guard commit.isValid else { return VerifiedRevision(revision: latest, firstInvalid: commit) }
            latest = commit.revision
        }
        return VerifiedRevision(revision: head, firstInvalid: nil)
    }
}
