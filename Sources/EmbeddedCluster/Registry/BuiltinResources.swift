import KubernetesModel

/// The built-in kinds the embedded server serves, with kube-apiserver's names, short
/// names, categories and the table columns `kubectl get` prints.
enum BuiltinResources {
    private static func make(
        _ group: String, _ version: String, _ kind: String, _ plural: String, namespaced: Bool = true,
        short: [String] = [], all: Bool = false, status: Bool = false, generation: Bool = true,
        columns: [TableColumn] = [], required: [[String]] = []
    ) -> ResourceType {
        ResourceType(
            group: group, version: version, kind: kind, plural: plural, singular: kind.lowercased(),
            namespaced: namespaced, shortNames: short, categories: all ? ["all"] : [], hasStatus: status,
            tracksGeneration: generation, columns: columns + [age], schema: .builtin, requiredFields: required)
    }

    static let age = TableColumn(
        name: "Age", description: "CreationTimestamp is a timestamp representing the server time when this object was created.",
        source: .age)
    private static func path(_ name: String, _ path: String, type: String = "string", priority: Int = 0) -> TableColumn {
        TableColumn(name: name, type: type, priority: priority, source: .jsonPath(path))
    }
    private static func computed(_ name: String, _ id: String, type: String = "string", priority: Int = 0) -> TableColumn {
        TableColumn(name: name, type: type, priority: priority, source: .computed(id))
    }

    static let podTemplate: [[String]] = [["spec", "selector"], ["spec", "template", "spec", "containers"]]

    static let all: [ResourceType] = listed.map { type in
        var type = type
        type.returnsDeletedObject = ["pods", "services", "serviceaccounts"].contains(type.plural) && type.group.isEmpty
        return type
    }

    private static let listed: [ResourceType] = [
        make(
            "", "v1", "Namespace", "namespaces", namespaced: false, short: ["ns"], status: true, generation: false,
            columns: [path("Status", "status.phase")]),
        make(
            "", "v1", "ConfigMap", "configmaps", short: ["cm"], generation: false, columns: [computed("Data", "dataCount", type: "integer")]
        ),
        make(
            "", "v1", "Secret", "secrets", generation: false,
            columns: [path("Type", "type"), computed("Data", "dataCount", type: "integer")]),
        make(
            "", "v1", "Service", "services", short: ["svc"], all: true, status: true, generation: false,
            columns: [
                path("Type", "spec.type"), path("Cluster-IP", "spec.clusterIP"),
                computed("External-IP", "externalIP"), computed("Port(s)", "servicePorts"),
                computed("Selector", "serviceSelector", priority: 1),
            ]),
        make("", "v1", "ServiceAccount", "serviceaccounts", short: ["sa"], generation: false),
        make(
            "", "v1", "Pod", "pods", short: ["po"], all: true, status: true, generation: false,
            columns: [
                computed("Ready", "podReady"), computed("Status", "podStatus"),
                computed("Restarts", "podRestarts", type: "string"),
            ],
            required: [["spec", "containers"]]),
        make(
            "", "v1", "Event", "events", short: ["ev"], generation: false,
            columns: [
                path("Type", "type"), path("Reason", "reason"), computed("Object", "eventObject"),
                path("Message", "message"),
            ]),
        make("", "v1", "Endpoints", "endpoints", short: ["ep"], generation: false, columns: [computed("Endpoints", "endpoints")]),
        make(
            "", "v1", "PersistentVolumeClaim", "persistentvolumeclaims", short: ["pvc"], status: true,
            generation: false, columns: [path("Status", "status.phase")]),
        make(
            "apps", "v1", "Deployment", "deployments", short: ["deploy"], all: true, status: true,
            columns: [
                computed("Ready", "readyOfReplicas"), path("Up-to-date", "status.updatedReplicas", type: "integer"),
                path("Available", "status.availableReplicas", type: "integer"),
            ],
            required: podTemplate),
        make(
            "apps", "v1", "StatefulSet", "statefulsets", short: ["sts"], all: true, status: true,
            columns: [computed("Ready", "readyOfReplicas")], required: podTemplate),
        make(
            "apps", "v1", "DaemonSet", "daemonsets", short: ["ds"], all: true, status: true,
            columns: [
                path("Desired", "status.desiredNumberScheduled", type: "integer"),
                path("Current", "status.currentNumberScheduled", type: "integer"),
                path("Ready", "status.numberReady", type: "integer"),
                path("Up-to-date", "status.updatedNumberScheduled", type: "integer"),
                path("Available", "status.numberAvailable", type: "integer"),
            ],
            required: podTemplate),
        make(
            "apps", "v1", "ReplicaSet", "replicasets", short: ["rs"], all: true, status: true,
            columns: [
                path("Desired", "spec.replicas", type: "integer"), path("Current", "status.replicas", type: "integer"),
                path("Ready", "status.readyReplicas", type: "integer"),
            ],
            required: podTemplate),
        make(
            "batch", "v1", "Job", "jobs", all: true, status: true,
            columns: [computed("Status", "jobStatus"), computed("Completions", "jobCompletions")],
            required: [["spec", "template", "spec", "containers"]]),
        make(
            "batch", "v1", "CronJob", "cronjobs", short: ["cj"], all: true, status: true,
            columns: [
                path("Schedule", "spec.schedule"), path("Suspend", "spec.suspend", type: "boolean"),
                computed("Active", "cronActive", type: "integer"), path("Last Schedule", "status.lastScheduleTime"),
            ],
            required: [["spec", "schedule"], ["spec", "jobTemplate"]]),
        make("rbac.authorization.k8s.io", "v1", "Role", "roles", generation: false),
        make("rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", namespaced: false, generation: false),
        make(
            "rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings", generation: false,
            columns: [computed("Role", "bindingRole")], required: [["roleRef"]]),
        make(
            "rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", "clusterrolebindings", namespaced: false,
            generation: false, columns: [computed("Role", "bindingRole")], required: [["roleRef"]]),
        make(
            "networking.k8s.io", "v1", "Ingress", "ingresses", short: ["ing"], status: true,
            columns: [
                path("Class", "spec.ingressClassName"), computed("Hosts", "ingressHosts"), computed("Address", "ingressAddress"),
                computed("Ports", "ingressPorts"),
            ]),
        make(
            "networking.k8s.io", "v1", "NetworkPolicy", "networkpolicies", short: ["netpol"],
            columns: [computed("Pod-Selector", "podSelector")]),
        make("coordination.k8s.io", "v1", "Lease", "leases", generation: false, columns: [path("Holder", "spec.holderIdentity")]),
        make(
            "apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions", namespaced: false,
            short: ["crd", "crds"], status: true),
        make(
            "policy", "v1", "PodDisruptionBudget", "poddisruptionbudgets", short: ["pdb"], status: true,
            columns: [
                path("Min Available", "spec.minAvailable"), path("Max Unavailable", "spec.maxUnavailable"),
                path("Allowed Disruptions", "status.disruptionsAllowed", type: "integer"),
            ]),
        make(
            "autoscaling", "v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers", short: ["hpa"], all: true, status: true,
            columns: [
                computed("Reference", "hpaReference"), path("MinPods", "spec.minReplicas", type: "integer"),
                path("MaxPods", "spec.maxReplicas", type: "integer"), path("Replicas", "status.currentReplicas", type: "integer"),
            ]),
    ]
}
