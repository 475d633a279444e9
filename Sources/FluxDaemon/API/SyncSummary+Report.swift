import FluxAPI

extension SyncSummary {
    /// The API's view of a sync pass.
    init(_ report: SyncReport) {
        let results = report.changes?.results ?? []
        func count(_ action: String) -> Int { results.filter { $0.action.rawValue == action }.count }
        var errors = report.loadErrors
        for result in results where result.action.rawValue == "failed" {
            errors.append("\(result.key): \(result.reason ?? "failed")")
        }
        errors += report.changes?.errors ?? []
        if let failure = report.failure { errors.append(failure) }
        if let unverified = report.unverifiedHead { errors.append(unverified) }
        self.init(
            revision: report.revision, succeeded: report.succeeded, created: count("created"),
            configured: count("configured"), unchanged: count("unchanged"), pruned: count("pruned"), failed: count("failed"),
            errors: errors)
    }
}
