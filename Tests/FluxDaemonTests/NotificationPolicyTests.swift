import ApplyEngine
import Foundation
import KubernetesModel
import Manifests
import Notifications
import Testing

@testable import FluxDaemon

@Suite struct NotificationPolicyTests {
    static func report(revision: String, created: Int = 0, failure: String? = nil, loadErrors: [ManifestError] = []) -> SyncReport {
        var report = SyncReport()
        report.revision = revision
        var changes = ChangeSet()
        for index in 0..<created {
            changes.results.append(
                ObjectResult(key: ObjectKey(group: "", kind: "ConfigMap", namespace: "demo", name: "c\(index)"), action: .created))
        }
        changes.results.append(
            ObjectResult(key: ObjectKey(group: "", kind: "ConfigMap", namespace: "demo", name: "same"), action: .unchanged))
        report.changes = failure == nil ? changes : nil
        report.failure = failure
        report.manifestErrors = loadErrors
        report.loadErrors = loadErrors.map(\.description)
        return report
    }

    @Test func quietWhenNothingChangesLoudOnNewsFailuresAndRecovery() {
        var policy = SyncNotificationPolicy()
        let now = Date(timeIntervalSince1970: 5_000_000)
        let passes: [(SyncReport, Date)] = [
            (Self.report(revision: "aaa", created: 1), now),
            (Self.report(revision: "aaa"), now + 300),
            (Self.report(revision: "bbb"), now + 600),
            (Self.report(revision: "ccc", failure: "1 manifest error(s)"), now + 900),
            (Self.report(revision: "ccc", failure: "1 manifest error(s)"), now + 1200),
            (Self.report(revision: "ccc", failure: "1 manifest error(s)"), now + 900 + 3601),
            (Self.report(revision: "ccc"), now + 5000),
        ]
        var decisions: [Bool] = []
        for (report, time) in passes { decisions.append(policy.shouldNotify(report, now: time)) }
        // New objects; nothing new; a new revision; a failure; the same failure; an hour later; recovery.
        #expect(decisions == [true, false, true, true, false, true, true])
    }

    @Test func failureNotificationNamesFileLineAndObject() {
        let error = ManifestError(code: .syntax, file: "apps/web.yaml", line: 7, object: "demo:deployment/web", message: "bad indentation")
        let notification = SyncNotificationPolicy.notification(
            Self.report(revision: "0123456789abcdef", failure: "1 manifest error(s); nothing applied or pruned", loadErrors: [error]),
            source: .init(url: "ssh://git@example.com/config.git", branch: "main", paths: []))
        #expect(notification.kind == .syncError && notification.severity == .error)
        #expect(notification.revision == "0123456789abcdef")
        #expect(notification.errors == [.init(message: "bad indentation", file: "apps/web.yaml", line: 7, object: "demo:deployment/web")])
        #expect(notification.message.contains("0123456"))
        let success = SyncNotificationPolicy.notification(Self.report(revision: "fedcba", created: 2), source: nil)
        #expect(success.counts == .init(created: 2, unchanged: 1))
        #expect(success.objects.map(\.action) == ["created", "created"])
    }
}
