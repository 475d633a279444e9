import ApplyEngine
import Foundation
import KubernetesModel
import Manifests

/// The outcome of one sync pass, as `--once` prints it and the event and metrics report it.
public struct SyncReport: Sendable {
    public var revision: String?
    public var changes: ChangeSet?
    /// Why the pass failed as a whole (fetch, load or render); per-object failures are in `changes`.
    public var failure: String?
    /// Every load error, one per line, each naming file, line and object.
    public var loadErrors: [String] = []
    /// The same load errors with their file, line and object apart (status, notifications).
    public var manifestErrors: [ManifestError] = []
    /// What the pass applied (the objects whose health fluxd then follows).
    public var inventory: [InventoryEntry] = []
    /// Where each object of the pass came from in git.
    public var sources: [ObjectKey: SourceLocation] = [:]
    /// When the pass began.
    public var started = Date()
    /// With `--git-verify-signatures-mode`: why the branch head was not applied (the first
    /// commit without a good signature, and why); the pass applied the last verified revision.
    public var unverifiedHead: String?

    /// The revision was applied completely (it may still be older than the branch head).
    public var applied: Bool { failure == nil && (changes?.succeeded ?? false) }
    public var succeeded: Bool { applied && unverifiedHead == nil }

    /// The `--once` summary.
    public var summary: String {
        var lines: [String] = []
        lines.append("revision: \(revision ?? "unknown")")
        if let changes {
            lines.append(changes.summary)
            for result in changes.results where result.action == .failed {
                lines.append("failed: \(result.key): \(result.reason ?? "")")
            }
            for note in changes.pruneNotes { lines.append("prune: \(note)") }
            for error in changes.errors { lines.append("error: \(error)") }
        }
        for error in loadErrors { lines.append("error: \(error)") }
        if let unverifiedHead { lines.append("unverified: \(unverifiedHead)") }
        if let failure { lines.append("sync failed: \(failure)") }
        return lines.joined(separator: "\n")
    }
}
