import KubernetesModel

/// Turns live objects into manifests fit for git (`fluxctl save`): no status, no server-set
/// metadata, no fields that only repeat the API server's defaults.
enum WorkloadExport {
    static let serverMetadata = [
        "uid", "resourceVersion", "generation", "creationTimestamp", "managedFields", "selfLink", "ownerReferences",
        "deletionTimestamp", "deletionGracePeriodSeconds",
    ]
    static let noiseAnnotations = [
        "kubectl.kubernetes.io/last-applied-configuration", "deployment.kubernetes.io/revision",
        "fluxcd.io/sync-checksum",
    ]
    static let noiseLabels = ["fluxcd.io/sync-gc-mark"]

    /// Defaults kube-apiserver fills into a pod spec, removed when they hold the default value.
    static let podSpecDefaults: [String: JSONValue] = [
        "dnsPolicy": "ClusterFirst", "restartPolicy": "Always", "schedulerName": "default-scheduler",
        "securityContext": .object(JSONObject()), "terminationGracePeriodSeconds": 30,
    ]
    static let containerDefaults: [String: JSONValue] = [
        "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File",
        "resources": .object(JSONObject()),
    ]
    static let workloadSpecDefaults: [String: [String: JSONValue]] = [
        "Deployment": [
            "progressDeadlineSeconds": 600, "revisionHistoryLimit": 10,
            "strategy": ["type": "RollingUpdate", "rollingUpdate": ["maxSurge": "25%", "maxUnavailable": "25%"]],
        ],
        "StatefulSet": [
            "podManagementPolicy": "OrderedReady", "revisionHistoryLimit": 10,
            "updateStrategy": ["type": "RollingUpdate", "rollingUpdate": ["partition": 0]],
            "persistentVolumeClaimRetentionPolicy": ["whenDeleted": "Retain", "whenScaled": "Retain"],
        ],
        "DaemonSet": [
            "revisionHistoryLimit": 10,
            "updateStrategy": ["type": "RollingUpdate", "rollingUpdate": ["maxSurge": 0, "maxUnavailable": 1]],
        ],
        "CronJob": [
            "concurrencyPolicy": "Allow", "failedJobsHistoryLimit": 1, "successfulJobsHistoryLimit": 3, "suspend": false,
        ],
    ]

    static func clean(_ object: JSONValue) -> JSONValue {
        var object = object
        object["status"] = nil
        var metadata = object.metadata
        for field in serverMetadata { metadata[field] = nil }
        object.metadata = metadata
        var annotations = object.annotations
        for key in noiseAnnotations { annotations[key] = nil }
        object.annotations = annotations
        var labels = object.labels
        for key in noiseLabels { labels[key] = nil }
        object.labels = labels
        let kind = object.kind ?? ""
        for (field, value) in workloadSpecDefaults[kind] ?? [:] where object[path: ["spec", field]] == value {
            object.set(path: ["spec", field], to: nil)
        }
        // The pod template: the pod spec's parent.
        if let podPath = WorkloadID.podSpecPaths[kind]?.dropLast().map({ $0 }), var template = object[path: podPath] {
            if template[path: ["metadata", "creationTimestamp"]] == .null {
                template.set(path: ["metadata", "creationTimestamp"], to: nil)
            }
            if var spec = template["spec"] {
                for (field, value) in podSpecDefaults where spec[field] == value { spec[field] = nil }
                for field in ["containers", "initContainers"] {
                    guard let containers = spec[field]?.arrayValue else { continue }
                    spec[field] = .array(containers.map(cleanContainer))
                }
                template["spec"] = spec
            }
            object.set(path: podPath, to: template)
        }
        return object
    }

    static func cleanContainer(_ container: JSONValue) -> JSONValue {
        var container = container
        for (field, value) in containerDefaults where container[field] == value { container[field] = nil }
        // IfNotPresent is the default unless the tag is `latest` (or absent). Deliberate `try?`:
        // an image that is no reference keeps its pull policy as written.
        if container["imagePullPolicy"]?.stringValue == "IfNotPresent",
            let image = container["image"]?.stringValue, let reference = try? ImageReference(parsing: image),
            reference.tag != nil && reference.tag != "latest" || reference.digest != nil
        {
            container["imagePullPolicy"] = nil
        }
        if let ports = container["ports"]?.arrayValue {
            container["ports"] = .array(
                ports.map { port in
                    var port = port
                    if port["protocol"]?.stringValue == "TCP" { port["protocol"] = nil }
                    return port
                })
        }
        return container
    }
}
