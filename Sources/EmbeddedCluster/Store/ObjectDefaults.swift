import Foundation
import KubernetesModel

/// Defaulting and key ordering the API server applies to stored objects.
enum ObjectDefaults {
    static let metadataOrder = [
        "name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "generation", "creationTimestamp",
        "deletionTimestamp", "deletionGracePeriodSeconds", "labels", "annotations", "ownerReferences", "finalizers",
        "managedFields",
    ]

    /// `apiVersion`, `kind`, `metadata` first, metadata fields in `ObjectMeta` order, as
    /// kube-apiserver serializes them.
    static func canonicalOrder(_ object: JSONValue) -> JSONValue {
        guard case .object(let input) = object else { return object }
        var result = JSONObject()
        if let v = input["apiVersion"] { result["apiVersion"] = v }
        if let v = input["kind"] { result["kind"] = v }
        if case .object(let metadata)? = input["metadata"] {
            var ordered = JSONObject()
            for key in metadataOrder { if let v = metadata[key] { ordered[key] = v } }
            for (key, value) in metadata where ordered[key] == nil { ordered[key] = value }
            result["metadata"] = .object(ordered)
        }
        for (key, value) in input where result[key] == nil { result[key] = value }
        return .object(result)
    }

    static func withResourceVersion(_ object: JSONValue, _ rv: Int64) -> JSONValue {
        var copy = object
        copy.resourceVersion = String(rv)
        return copy
    }

    /// The apps/v1 defaults `kubectl rollout status` depends on: `replicas` 1 and the
    /// RollingUpdate strategy (kubectl refuses rollout status for other strategy types).
    static func workload(_ kind: String, _ input: JSONValue) -> JSONValue {
        var object = input
        if kind != "DaemonSet", object[path: ["spec", "replicas"]] == nil { object.set(path: ["spec", "replicas"], to: 1) }
        let strategy: (key: String, value: JSONValue)?
        switch kind {
        case "Deployment":
            strategy = ("strategy", ["type": "RollingUpdate", "rollingUpdate": ["maxUnavailable": "25%", "maxSurge": "25%"]])
        case "StatefulSet": strategy = ("updateStrategy", ["type": "RollingUpdate", "rollingUpdate": ["partition": 0]])
        case "DaemonSet": strategy = ("updateStrategy", ["type": "RollingUpdate", "rollingUpdate": ["maxUnavailable": 1, "maxSurge": 0]])
        default: strategy = nil
        }
        if let strategy, object[path: ["spec", strategy.key]] == nil { object.set(path: ["spec", strategy.key], to: strategy.value) }
        return object
    }

    /// Secret `stringData` is written into `data` (base64) and never stored.
    static func foldStringData(_ object: JSONValue) -> JSONValue {
        guard let stringData = object["stringData"]?.objectValue else { return object }
        var copy = object
        var data = copy["data"]?.objectValue ?? JSONObject()
        for (key, value) in stringData {
            data[key] = .string(Data((value.stringValue ?? "").utf8).base64EncodedString())
        }
        copy["data"] = .object(data)
        copy["stringData"] = nil
        return copy
    }

    /// The status a served CRD gets: names accepted and established at once.
    static func crdStatus(_ crd: JSONValue, now: String) -> JSONValue {
        var accepted = crd[path: ["spec", "names"]]?.objectValue ?? JSONObject()
        if accepted["singular"] == nil, let kind = accepted["kind"]?.stringValue { accepted["singular"] = .string(kind.lowercased()) }
        if accepted["listKind"] == nil, let kind = accepted["kind"]?.stringValue { accepted["listKind"] = .string(kind + "List") }
        let stored = (crd[path: ["spec", "versions"]]?.arrayValue ?? [])
            .filter { $0["storage"]?.boolValue == true }.compactMap { $0["name"] }
        return [
            "conditions": [
                [
                    "type": "NamesAccepted", "status": "True", "lastTransitionTime": .string(now), "reason": "NoConflicts",
                    "message": "no conflicts found",
                ],
                [
                    "type": "Established", "status": "True", "lastTransitionTime": .string(now),
                    "reason": "InitialNamesAccepted", "message": "the initial names have been accepted",
                ],
            ],
            "acceptedNames": .object(accepted),
            "storedVersions": .array(stored),
        ]
    }
}
