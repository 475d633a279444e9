import GitRepository
import Logging

/// `--git-verify-signatures-mode`: which revision a sync may apply, as Flux v1 decided it.
/// The sync tag (with `--sync-state=git`) and the commit it marks must carry good signatures
/// by imported keys, else nothing is synced; then the commits after it (all of history before
/// the first sync) are checked oldest first, and the sync applies the newest revision before
/// the first commit that fails, saying which commit and why.
struct SignatureGate: Sendable {
    struct Unverified: Error, CustomStringConvertible {
        var description: String
    }

    let mode: SignatureVerificationMode
    let repository: GitRepository
    let recorder: RevisionRecorder

    /// The revision to apply for `head`, and why `head` itself is not applied (if it is not).
    func revisionToSync(head: String) async throws -> (revision: String, unverified: String?) {
        guard mode != .none else { return (head, nil) }
        let synced = try await recorder.recorded()
        if let synced {
            if recorder.state == .git, let problem = try await repository.tagSignatureProblem(recorder.tag) {
                throw Unverified(
                    description: "sync tag \(recorder.tag) (at \(synced.prefix(7))) is not verified: \(problem); nothing synced")
            }
            let marked = try await repository.commitSignature(of: synced)
            guard marked.isValid else {
                throw Unverified(description: "the last synced revision is not verified: \(marked); nothing synced")
            }
        }
        let commits = try await repository.commitSignatures(from: synced, to: head, firstParent: mode == .firstParent)
        let decision = VerifiedRevision.decide(commits: commits, synced: synced, head: head)
        guard let revision = decision.revision else {
            let reason = decision.firstInvalid.map(\.description) ?? "no commit"
            throw Unverified(description: "no verified revision to sync: \(reason); nothing synced")
        }
        await repository.markVerified(revision)
        guard let invalid = decision.firstInvalid else { return (revision, nil) }
        return (
            revision,
            "branch head \(head.prefix(7)) is not verified: \(invalid); applied the last verified revision \(revision.prefix(7))"
        )
    }
}
