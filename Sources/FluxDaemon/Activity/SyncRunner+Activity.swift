import FluxAPI
import Foundation
import GitRepository

extension SyncRunner {
    /// Tells the activity log about a finished pass, with the details (message, author, time)
    /// of its commit when every object was applied. The pass's outcome does not depend on it:
    /// a commit whose details cannot be read is logged and recorded without them.
    func recordActivity(_ report: SyncReport) async {
        var applied: CommitInfo?
        if report.succeeded, let revision = report.revision {
            if let known = await activity.applied, known.revision == revision, !known.author.isEmpty {
                // The same revision again (every --sync-interval): its details are known.
                applied = known
            } else {
                applied = await commitInfo(revision, fallbackTime: report.started)
            }
        }
        await activity.recordSync(SyncRecord(report, finished: Date()), applied: applied)
    }

    /// The commit's details from the mirror (it was just exported, so no fetch is needed).
    func commitInfo(_ revision: String, fallbackTime: Date) async -> CommitInfo {
        do {
            let details = try await repository.commitDetails(revision)
            return CommitInfo(
                revision: details.revision, message: details.message, author: details.authorName,
                authorEmail: details.authorEmail, time: details.authorTime)
        } catch {
            logger.warning("could not read the applied commit's details", metadata: ["revision": "\(revision)", "error": "\(error)"])
            // Known to be applied, details unknown: an empty message and author, and the pass's
            // time for want of the author's.
            return CommitInfo(revision: revision, message: "", author: "", authorEmail: "", time: fallbackTime)
        }
    }
}
