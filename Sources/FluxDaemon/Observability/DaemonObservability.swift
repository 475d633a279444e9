import AsyncHTTPClient
import FluxAPI
import Foundation
import GitRepository
import Health
import KubernetesClient
import KubernetesModel
import Logging
import Metrics
import Notifications
import ServiceLifecycle

/// The parts of fluxd that tell people what it does: Flux v1's metrics, Kubernetes Events,
/// notifications and health checks, attached to the sync pass and the jobs at start-up.
struct DaemonObservability: Sendable {
    let metrics: DaemonMetrics
    let health: HealthState
    let healthMonitor: HealthMonitor
    let notifications: NotificationService?
    let syncNotifier: SyncNotifier
    let events: EventRecorder
    let namespace: String
    let logger: Logger

    static func make(
        configuration: DaemonConfiguration, secrets: ObservabilitySecrets, components: DaemonComponents,
        client: KubernetesClient, namespace: String, http: HTTPClient, metrics: DaemonMetrics, logger: Logger
    ) -> DaemonObservability {
        let notifications: NotificationService? =
            secrets.targets.isEmpty
            ? nil
            : NotificationService(
                targets: secrets.targets, credentials: secrets.credentials,
                redact: secrets.redact + [ProcessInfo.processInfo.environment["GIT_AUTHKEY"]].compactMap { $0 }, http: http,
                logger: logger)
        let post: @Sendable (FluxNotification) -> Void = { notifications?.post($0) }
        let health = HealthState()
        let monitor = HealthMonitor(
            assessor: HealthAssessor(client: client), state: health, events: components.events, notify: post,
            metrics: metrics, namespace: namespace, logger: logger)
        let source = configuration.git.url.map {
            FluxNotification.Source(url: $0.description, branch: configuration.git.branch, paths: configuration.git.paths)
        }
        return DaemonObservability(
            metrics: metrics, health: health, healthMonitor: monitor, notifications: notifications,
            syncNotifier: SyncNotifier(source: source, post: post), events: components.events, namespace: namespace,
            logger: logger)
    }

    /// Hooks metrics, notifications and health checks into every sync pass.
    func attach(to observers: SyncObservers) {
        let metrics = self.metrics
        observers.onFetch { metrics.recordGit(ready: $0) }
        let (notifier, monitor) = (syncNotifier, healthMonitor)
        observers.add { report, duration in
            Self.recordMetrics(metrics, report: report, duration: duration)
            await notifier.synced(report)
            await monitor.synced(report)
        }
    }

    static func recordMetrics(_ metrics: DaemonMetrics, report: SyncReport, duration: Duration) {
        let changes = report.changes
        let applied = (changes?.count(.created) ?? 0) + (changes?.count(.configured) ?? 0) + (changes?.count(.unchanged) ?? 0)
        let failed = (changes?.count(.failed) ?? 0) + report.manifestErrors.count
        metrics.recordSync(succeeded: report.succeeded, duration: duration, applied: applied, failed: failed)
        Counter(label: "flux_daemon_sync_total", dimensions: [("success", report.succeeded ? "true" : "false")]).increment()
        if let changes {
            for action in ["created", "configured", "unchanged", "pruned", "failed"] {
                let count = changes.results.filter { $0.action.rawValue == action }.count
                Gauge(label: "flux_daemon_sync_objects", dimensions: [("action", action)]).record(count)
            }
        }
    }

    var services: [ServiceGroupConfiguration.ServiceConfiguration] {
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [.init(service: healthMonitor)]
        if let notifications { services.append(.init(service: notifications)) }
        return services
    }

    /// A release or automation job pushed a commit: an Event on each workload it changed and
    /// a notification.
    func committed(kind: String, pushed: JobResult) async {
        guard kind == "release" || kind == "automation", let revision = pushed.revision else { return }
        let changes = pushed.changes ?? []
        let short = String(revision.prefix(7))
        let byWorkload = Dictionary(grouping: changes, by: \.workload)
        for (workload, changes) in byWorkload.sorted(by: { $0.key < $1.key }) {
            guard let id = WorkloadID(parsing: workload), let (apiVersion, kindName) = Self.workloadKinds[id.kind] else { continue }
            let list = changes.map { "\($0.container): \($0.from) -> \($0.to)" }.joined(separator: ", ")
            await events.record(
                EventRecord(
                    object: .init(apiVersion: apiVersion, kind: kindName, namespace: id.namespace, name: id.name),
                    type: .normal, reason: kind == "release" ? "ReleaseCommitted" : "AutomationCommitted",
                    message: "\(kind == "release" ? "Release" : "Automated release") committed in \(short): \(list)",
                    eventNamespace: id.namespace))
        }
        let summary = changes.map { "\($0.workload) \($0.container) \($0.to)" }.joined(separator: ", ")
        notifications?.post(
            FluxNotification(
                kind: kind == "release" ? .release : .automation, severity: .info,
                message: "\(kind == "release" ? "Release" : "Automated release") committed in \(short): \(summary)",
                revision: revision, workloads: Array(Set(changes.map(\.workload))).sorted(),
                images: changes.map { .init(workload: $0.workload, container: $0.container, from: $0.from, to: $0.to) }))
    }

    static let workloadKinds: [String: (String, String)] = [
        "deployment": ("apps/v1", "Deployment"), "statefulset": ("apps/v1", "StatefulSet"),
        "daemonset": ("apps/v1", "DaemonSet"), "cronjob": ("batch/v1", "CronJob"),
    ]
}
