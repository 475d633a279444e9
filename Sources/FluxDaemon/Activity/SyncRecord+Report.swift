import ApplyEngine
import FluxAPI
import Foundation

extension SyncRecord {
    /// The API's record of a finished pass: counts, and every problem with its file, line and
    /// object apart (load errors as the loader found them, apply failures with where the
    /// object is defined, pass-wide failures with neither).
    init(_ report: SyncReport, finished: Date) {
        var problems = report.manifestErrors.map {
            SyncProblem(file: $0.file, line: $0.line, object: $0.object, message: $0.message)
        }
        let changes = report.changes ?? ChangeSet()
        for result in changes.failures {
            let source = report.sources[result.key]
            problems.append(
                SyncProblem(
                    file: source?.file, line: source.flatMap { $0.line > 0 ? $0.line : nil }, object: result.key.description,
                    message: result.reason ?? "failed"))
        }
        problems += changes.errors.map { SyncProblem(message: $0) }
        // The pass-wide reason, unless it only counts the load errors listed above.
        if let failure = report.failure, report.manifestErrors.isEmpty {
            problems.append(SyncProblem(message: failure))
        }
        self.init(
            started: report.started, finished: finished, summary: SyncSummary(report), skipped: changes.count(.skipped),
            problems: problems)
    }
}
