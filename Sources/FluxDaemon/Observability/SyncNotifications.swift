import ApplyEngine
import Foundation
import GitRepository
import Manifests
import Notifications

/// Turns sync passes into notifications, and decides which are news: a pass that changed
/// objects or applied a new revision, the first failure (and the same failure again after
/// an hour), the first success after failures. A sync every `--sync-interval` that changes
/// nothing stays quiet, as in Flux v1 and v2.
struct SyncNotificationPolicy: Sendable {
    static let repeatFailureAfter: TimeInterval = 3600

    private var lastSuccessRevision: String?
    private var lastFailure: (key: String, at: Date)?

    mutating func shouldNotify(_ report: SyncReport, now: Date = Date()) -> Bool {
        if report.succeeded {
            let changed =
                (report.changes?.count(.created) ?? 0) + (report.changes?.count(.configured) ?? 0)
                + (report.changes?.count(.pruned) ?? 0)
            let news = lastFailure != nil || report.revision != lastSuccessRevision || changed > 0
            lastFailure = nil
            lastSuccessRevision = report.revision
            return news
        }
        let key =
            "\(report.revision ?? "")|\(report.failure ?? "")|\(report.loadErrors.joined())|\(report.changes?.failures.map(\.key.description) ?? [])"
        if let last = lastFailure, last.key == key, now.timeIntervalSince(last.at) < Self.repeatFailureAfter { return false }
        lastFailure = (key, now)
        return true
    }

    /// The notification for a pass.
    static func notification(_ report: SyncReport, source: FluxNotification.Source?) -> FluxNotification {
        let short = report.revision.map { String($0.prefix(7)) } ?? "unknown"
        var errors: [FluxNotification.ErrorDetail] = report.manifestErrors.map {
            .init(message: $0.message, file: $0.file, line: $0.line, object: $0.object)
        }
        for failure in report.changes?.failures ?? [] {
            let source = report.sources[failure.key]
            errors.append(
                .init(message: failure.reason ?? "failed", file: source?.file, line: source.map(\.line), object: failure.key.description))
        }
        errors += (report.changes?.errors ?? []).map { .init(message: $0) }
        if errors.isEmpty, let failure = report.failure { errors.append(.init(message: failure)) }
        let changes = report.changes
        let counts = changes.map {
            FluxNotification.Counts(
                created: $0.count(.created), configured: $0.count(.configured), unchanged: $0.count(.unchanged),
                pruned: $0.count(.pruned), skipped: $0.count(.skipped), failed: $0.count(.failed))
        }
        let objects = (changes?.results ?? []).filter { $0.action != .unchanged && $0.action != .skipped }.map {
            FluxNotification.ObjectChange(object: $0.key.description, action: $0.action.rawValue)
        }
        let workloads = (changes?.results ?? []).filter { $0.action == .created || $0.action == .configured }
            .compactMap { HealthMonitor.workloadID($0.key) }
        let message: String
        if report.succeeded {
            message = "Synced revision \(short): \(changes?.summary ?? "")"
        } else {
            message = "Sync of revision \(short) failed: \(report.failure ?? "some objects failed to apply")"
        }
        return FluxNotification(
            kind: report.succeeded ? .sync : .syncError, severity: report.succeeded ? .info : .error, message: message,
            revision: report.revision, source: source, counts: counts, objects: objects, errors: errors,
            workloads: workloads)
    }
}

/// Holds the policy across passes.
actor SyncNotifier {
    private var policy = SyncNotificationPolicy()
    let source: FluxNotification.Source?
    let post: @Sendable (FluxNotification) -> Void

    init(source: FluxNotification.Source?, post: @escaping @Sendable (FluxNotification) -> Void) {
        self.source = source
        self.post = post
    }

    func synced(_ report: SyncReport) {
        guard policy.shouldNotify(report) else { return }
        post(SyncNotificationPolicy.notification(report, source: source))
    }
}
