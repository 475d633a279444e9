import ApplyEngine
import Foundation
import Health
import KubernetesModel
import Logging
import Notifications
import ServiceLifecycle

/// Follows the health of what the last sync applied: assesses it right after each sync
/// (before the sync's job reports back, so `fluxctl sync --wait-healthy` never sees an older
/// assessment), then every second while anything is still in progress and every
/// `settledInterval` once all is settled, so later degradations are seen too. Each change
/// worth telling is logged, recorded as an Event on the object, and notified.
struct HealthMonitor: Service {
    let assessor: HealthAssessor
    let state: HealthState
    let events: EventRecorder
    let notify: @Sendable (FluxNotification) -> Void
    let metrics: DaemonMetrics?
    /// fluxd's namespace (the inventory ConfigMap's).
    let namespace: String
    var progressInterval: Duration = .seconds(1)
    var settledInterval: Duration = .seconds(30)
    let logger: Logger
    let wakeup = WakeupSignal()

    /// A sync finished: follow what it applied and assess it now.
    func synced(_ report: SyncReport) async {
        if !report.inventory.isEmpty || report.failure == nil {
            await state.follow(
                revision: report.revision,
                targets: report.inventory.map { HealthTarget(key: $0.key, apiVersion: $0.apiVersion) })
        }
        await assess()
        // The loop may be in a long wait for settled objects: poll at the progress pace now.
        wakeup.signal()
    }

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let wait = await state.unsettled ? progressInterval : settledInterval
            let wakeup = self.wakeup
            _ = await cancelWhenGracefulShutdown { await wakeup.wait(timeout: wait) }
            if Task.isShuttingDownGracefully || Task.isCancelled { return }
            await assess()
        }
    }

    func assess() async {
        let (ticket, revision, targets) = await state.ticket()
        guard !targets.isEmpty else { return }
        let objects = await assessor.assess(targets)
        guard let update = await state.apply(ticket: ticket, revision: revision, objects: objects, at: Date()) else { return }
        metrics?.recordHealth(objects)
        await report(update, revision: revision, objects: objects)
    }

    func report(_ update: HealthState.Update, revision: String?, objects: [ObjectHealth]) async {
        let short = revision.map { String($0.prefix(7)) } ?? "unknown"
        var degraded: [HealthTransition] = []
        for transition in update.transitions {
            let object = transition.object
            switch transition.kind {
            case .degraded:
                degraded.append(transition)
                logger.warning(
                    "object unhealthy",
                    metadata: [
                        "object": "\(object.displayName)", "status": "\(object.result.status.rawValue)",
                        "reason": "\(object.explanation)", "revision": "\(short)",
                    ])
                await events.record(
                    record(
                        for: object, type: .warning, reason: "HealthDegraded",
                        message: "\(object.result.status.rawValue): \(object.explanation) (revision \(short))"))
            case .recovered:
                logger.info("object healthy again", metadata: ["object": "\(object.displayName)", "revision": "\(short)"])
                await events.record(
                    record(
                        for: object, type: .normal, reason: "HealthRecovered",
                        message: "Current: \(object.result.message) (revision \(short))"))
            case .ready:
                continue
            }
        }
        if !degraded.isEmpty {
            let list = degraded.map { "\($0.object.displayName): \($0.object.result.status.rawValue) \($0.object.explanation)" }
            notify(
                FluxNotification(
                    kind: .health, severity: .error,
                    message: "\(degraded.count) object\(degraded.count == 1 ? "" : "s") unhealthy at revision \(short): "
                        + list.joined(separator: "; "),
                    revision: revision,
                    workloads: degraded.compactMap { Self.workloadID($0.object.key) },
                    health: degraded.map {
                        .init(object: $0.object.displayName, status: $0.object.result.status.rawValue, message: $0.object.explanation)
                    }))
        }
        if let healthy = update.becameHealthy {
            logger.info("all objects healthy", metadata: ["revision": "\(short)", "objects": "\(objects.count)"])
            let message = "All \(objects.count) objects of revision \(String(healthy.prefix(7))) are healthy"
            await events.record(
                EventRecord(
                    object: SyncEvent.inventoryObject(namespace: namespace), type: .normal, reason: "Healthy",
                    message: message, eventNamespace: namespace))
            notify(FluxNotification(kind: .health, severity: .info, message: message, revision: healthy))
        }
    }

    func record(for object: ObjectHealth, type: EventRecord.EventType, reason: String, message: String) -> EventRecord {
        EventRecord(
            object: EventRecord.InvolvedObject(
                apiVersion: object.apiVersion, kind: object.key.kind, namespace: object.key.namespace, name: object.key.name),
            type: type, reason: reason, message: message,
            // kube-apiserver wants Events about cluster-scoped objects in `default` (client-go does the same).
            eventNamespace: object.key.namespace.isEmpty ? "default" : object.key.namespace)
    }

    /// `namespace:kind/name` for workload kinds fluxctl knows.
    static func workloadID(_ key: ObjectKey) -> String? {
        let kind = key.kind.lowercased()
        guard WorkloadID.kinds.contains(kind) else { return nil }
        return "\(key.namespace):\(kind)/\(key.name)"
    }
}
