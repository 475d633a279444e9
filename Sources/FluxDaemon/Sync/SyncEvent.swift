import ApplyEngine
import Foundation
import KubernetesModel

/// The Kubernetes Events fluxd records after each sync, on the inventory ConfigMap, so that
/// `kubectl describe configmap flux-sync-inventory -n <ns>` shows the sync history:
/// `Synced` / `SyncFailed` with the revision and counts, and `Pruned` naming what garbage
/// collection deleted. Repeats are folded by `EventRecorder` (count, lastTimestamp).
enum SyncEvent {
    static func inventoryObject(namespace: String) -> EventRecord.InvolvedObject {
        EventRecord.InvolvedObject(apiVersion: "v1", kind: "ConfigMap", namespace: namespace, name: Inventory.configMapName)
    }

    static func records(namespace: String, revision: String?, changes: ChangeSet?, failure: String?) -> [EventRecord] {
        let short = revision.map { String($0.prefix(7)) } ?? "unknown"
        let succeeded = failure == nil && (changes?.succeeded ?? false)
        var message: String
        if let failure {
            message = "Sync of revision \(short) failed: \(failure)"
        } else if let changes {
            message =
                succeeded ? "Synced revision \(short): \(changes.summary)" : "Sync of revision \(short) had failures: \(changes.summary)"
            if let first = changes.failures.first {
                message += "; first failure: \(first.key) \(first.reason ?? "")"
            }
            for error in changes.errors { message += "; \(error)" }
        } else {
            message = "Synced revision \(short)"
        }
        let object = inventoryObject(namespace: namespace)
        var records = [
            EventRecord(
                object: object, type: succeeded ? .normal : .warning, reason: succeeded ? "Synced" : "SyncFailed",
                message: message, eventNamespace: namespace)
        ]
        let pruned = changes?.results.filter { $0.action == .pruned }.map(\.key.description) ?? []
        if !pruned.isEmpty {
            var text = "Pruned \(pruned.count) object\(pruned.count == 1 ? "" : "s") removed from git at revision \(short): "
            text += pruned.prefix(20).joined(separator: ", ")
            if pruned.count > 20 { text += ", and \(pruned.count - 20) more" }
            records.append(EventRecord(object: object, type: .normal, reason: "Pruned", message: text, eventNamespace: namespace))
        }
        return records
    }
}
