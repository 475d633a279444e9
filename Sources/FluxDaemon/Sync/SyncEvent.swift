import ApplyEngine
import Foundation
import KubernetesModel

/// The Kubernetes Event fluxd emits after each sync, attached to the inventory ConfigMap so
/// that `kubectl describe configmap flux-sync-inventory -n <ns>` shows the sync history.
enum SyncEvent {
    static func make(
        namespace: String, revision: String?, changes: ChangeSet?, failure: String?, now: Date = Date()
    ) -> JSONValue {
        let timestamp = now.formatted(.iso8601)
        let short = revision.map { String($0.prefix(7)) } ?? "unknown"
        let succeeded = failure == nil && (changes?.succeeded ?? false)
        var message: String
        if let failure {
            message = "Sync of revision \(short) failed: \(failure)"
        } else if let changes {
            message = succeeded ? "Synced revision \(short): \(changes.summary)" : "Sync of revision \(short) had failures: \(changes.summary)"
            if let first = changes.failures.first {
                message += "; first failure: \(first.key) \(first.reason ?? "")"
            }
            for error in changes.errors { message += "; \(error)" }
        } else {
            message = "Synced revision \(short)"
        }
        if message.count > 1000 { message = String(message.prefix(997)) + "..." }
        let suffix = String(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16))
        return [
            "apiVersion": "v1", "kind": "Event",
            "metadata": ["name": .string("\(Inventory.configMapName).\(suffix)"), "namespace": .string(namespace)],
            "involvedObject": [
                "apiVersion": "v1", "kind": "ConfigMap", "name": .string(Inventory.configMapName),
                "namespace": .string(namespace),
            ],
            "reason": .string(succeeded ? "Synced" : "SyncFailed"),
            "message": .string(message),
            "type": .string(succeeded ? "Normal" : "Warning"),
            "source": ["component": "fluxd"],
            "reportingComponent": "fluxd",
            "reportingInstance": "fluxd",
            "firstTimestamp": .string(timestamp),
            "lastTimestamp": .string(timestamp),
            "count": 1,
        ]
    }
}
