import Foundation
import KubernetesModel

/// Computes an object's health from its live state alone, with the rules of kstatus
/// (sigs.k8s.io/cli-utils `pkg/kstatus/status`: `Compute`, `checkGenericProperties`, and the
/// per-kind rules of `core.go`), plus APIService availability and, for kinds without a rule of
/// their own, a `Ready` condition. Pure: no cluster access, `now` only for the Pod schedule window.
public enum StatusRules {
    /// How long a Pod may be unschedulable before it counts as failed (kstatus `ScheduleWindow`).
    public static let scheduleWindow: TimeInterval = 15

    public static func compute(_ object: JSONValue, now: Date = Date()) -> HealthResult {
        if let generic = genericProperties(object) { return generic }
        let kind = object.kind ?? ""
        let group = object.groupVersionKind?.group ?? ""
        if let rule = rules[group.isEmpty ? kind : group + "/" + kind] {
            return rule(ObjectView(object), now)
        }
        return readyCondition(ObjectView(object))
            ?? .current("Resource is current")
    }

    typealias Rule = @Sendable (ObjectView, Date) -> HealthResult

    /// kstatus's `legacyTypes`, keyed `group/Kind` (`Kind` for the core group).
    static let rules: [String: Rule] = [
        "Service": { object, _ in service(object) },
        "Pod": { object, now in pod(object, now: now) },
        "Secret": { _, _ in .current("Resource is always ready") },
        "ConfigMap": { _, _ in .current("Resource is always ready") },
        "PersistentVolumeClaim": { object, _ in persistentVolumeClaim(object) },
        "apps/StatefulSet": { object, _ in statefulSet(object) },
        "apps/DaemonSet": { object, _ in daemonSet(object) },
        "extensions/DaemonSet": { object, _ in daemonSet(object) },
        "apps/Deployment": { object, _ in deployment(object) },
        "extensions/Deployment": { object, _ in deployment(object) },
        "apps/ReplicaSet": { object, _ in replicaSet(object) },
        "extensions/ReplicaSet": { object, _ in replicaSet(object) },
        "policy/PodDisruptionBudget": { _, _ in .current("AllowedDisruptions has been computed.") },
        "batch/CronJob": { _, _ in .current("Resource is always ready") },
        "batch/Job": { object, _ in job(object) },
        "apiextensions.k8s.io/CustomResourceDefinition": { object, _ in customResourceDefinition(object) },
        "apiregistration.k8s.io/APIService": { object, _ in apiService(object) },
    ]

    /// kstatus `checkGenericProperties`: deletion, an unobserved generation, and the standard
    /// `Reconciling`/`Stalled` conditions decide before any per-kind rule.
    static func genericProperties(_ json: JSONValue) -> HealthResult? {
        let object = ObjectView(json)
        if let deletion = object.string(["metadata", "deletionTimestamp"]), !deletion.isEmpty {
            return HealthResult(.terminating, message: "Resource scheduled for deletion")
        }
        if let generation = object.int(["metadata", "generation"]),
            let observed = object.int(["status", "observedGeneration"]), observed != generation
        {
            return .inProgress(
                "LatestGenerationNotObserved",
                "\(object.kind) generation is \(generation), but latest observed generation is \(observed)")
        }
        for condition in object.conditions where condition.status == "True" {
            if condition.type == "Reconciling" { return .inProgress(condition.reason, condition.message) }
            if condition.type == "Stalled" { return .failed(condition.reason, condition.message) }
        }
        return nil
    }

    /// Kinds without a rule of their own that report a `Ready` condition (most operators'
    /// custom resources, Flux's own): `True` is current, anything else in progress.
    static func readyCondition(_ object: ObjectView) -> HealthResult? {
        guard let ready = object.condition("Ready") else { return nil }
        if ready.status == "True" { return .current(ready.message.isEmpty ? "Resource is Ready" : ready.message) }
        let reason = ready.reason.isEmpty ? "NotReady" : ready.reason
        return .inProgress(reason, ready.message.isEmpty ? "Ready condition is \(ready.status)" : ready.message)
    }
}

/// Read-only access to the fields the rules look at, with kstatus's defaults.
struct ObjectView: Sendable {
    struct Condition: Sendable {
        var type: String
        var status: String
        var reason: String
        var message: String
    }

    let json: JSONValue

    init(_ json: JSONValue) { self.json = json }

    var kind: String { json.kind ?? "" }

    func int(_ path: [String]) -> Int64? { json[path: path]?.intValue }
    func int(_ path: [String], default fallback: Int64) -> Int64 { int(path) ?? fallback }
    func string(_ path: [String]) -> String? { json[path: path]?.stringValue }
    func string(_ path: [String], default fallback: String) -> String { string(path) ?? fallback }

    var conditions: [Condition] {
        (json[path: ["status", "conditions"]]?.arrayValue ?? []).compactMap { item in
            guard let type = item["type"]?.stringValue else { return nil }
            return Condition(
                type: type, status: item["status"]?.stringValue ?? "", reason: item["reason"]?.stringValue ?? "",
                message: item["message"]?.stringValue ?? "")
        }
    }

    func condition(_ type: String) -> Condition? { conditions.first { $0.type == type } }
}
