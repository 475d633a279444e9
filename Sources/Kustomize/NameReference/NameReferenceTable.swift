/// kustomize's `nameReference` configuration: which fields of which kinds hold the name of
/// another resource (api/konfig/builtinpluginconsts/namereference.go).
///
/// A rule selects the objects it renames as kustomize's `Gvk.IsSelected` does: by kind, and
/// by group and version only where the rule names them. kustomize's own rules name the
/// version `v1` and no group for ConfigMap, Secret, Service, ServiceAccount and the volume
/// kinds, so an `example.com/v1` ConfigMap is followed like a core one.
struct NameReferenceRule: Sendable {
    var kind: String
    var group: String?
    var version: String?
    var referrers: [FieldSpec]

    init(kind: String, group: String? = nil, version: String? = nil, referrers: [FieldSpec]) {
        self.kind = kind
        self.group = group.flatMap { $0.isEmpty ? nil : $0 }
        self.version = version.flatMap { $0.isEmpty ? nil : $0 }
        self.referrers = referrers
    }

    /// Whether an identity the object had is one this rule renames.
    func selects(_ id: ResourceID) -> Bool {
        id.kind == kind && (group.map { id.group == $0 } ?? true) && (version.map { id.version == $0 } ?? true)
    }

    /// The same rule as kustomize's configuration merge sees it (equal kind, group and version).
    func sameTarget(as other: NameReferenceRule) -> Bool {
        kind == other.kind && group == other.group && version == other.version
    }
}

enum NameReferenceTable {
    private static let podSpecOwners: [(kind: String, prefix: String)] = [
        ("Pod", "spec"), ("PodTemplate", "template/spec"), ("Deployment", "spec/template/spec"), ("ReplicaSet", "spec/template/spec"),
        ("DaemonSet", "spec/template/spec"), ("StatefulSet", "spec/template/spec"), ("Job", "spec/template/spec"),
        ("CronJob", "spec/jobTemplate/spec/template/spec"), ("ReplicationController", "spec/template/spec"),
    ]

    private static func podFields(_ suffixes: [String], kinds: Set<String>? = nil) -> [FieldSpec] {
        var result: [FieldSpec] = []
        for owner in podSpecOwners where kinds?.contains(owner.kind) ?? true {
            for suffix in suffixes { result.append(FieldSpec(kind: owner.kind, path: owner.prefix + "/" + suffix)) }
        }
        return result
    }

    static let rules: [NameReferenceRule] = {
        let workloads: Set<String> = ["Pod", "PodTemplate", "Deployment", "ReplicaSet", "DaemonSet", "StatefulSet", "Job", "CronJob"]
        // ServiceAccount, PersistentVolumeClaim and PriorityClass names are not followed into
        // ReplicaSets or PodTemplates (kustomize lists no such field specs).
        let controllers: Set<String> = ["Pod", "Deployment", "DaemonSet", "StatefulSet", "Job", "CronJob", "ReplicationController"]
        var configMap = podFields(
            [
                "volumes/configMap/name", "containers/env/valueFrom/configMapKeyRef/name",
                "initContainers/env/valueFrom/configMapKeyRef/name", "containers/envFrom/configMapRef/name",
                "initContainers/envFrom/configMapRef/name", "volumes/projected/sources/configMap/name",
            ], kinds: workloads)
        configMap += [
            FieldSpec(kind: "Node", path: "spec/configSource/configMap"),
            FieldSpec(kind: "Role", path: "rules/resourceNames"),
            FieldSpec(kind: "ClusterRole", path: "rules/resourceNames"),
            FieldSpec(kind: "Ingress", path: "metadata/annotations/nginx.ingress.kubernetes.io\\/fastcgi-params-configmap"),
        ]
        var secret = podFields(
            [
                "volumes/secret/secretName", "containers/env/valueFrom/secretKeyRef/name",
                "initContainers/env/valueFrom/secretKeyRef/name", "containers/envFrom/secretRef/name",
                "initContainers/envFrom/secretRef/name", "imagePullSecrets/name", "volumes/projected/sources/secret/name",
            ], kinds: workloads)
        secret += [
            FieldSpec(kind: "Ingress", path: "spec/tls/secretName"),
            FieldSpec(kind: "Ingress", path: "metadata/annotations/ingress.kubernetes.io\\/auth-secret"),
            FieldSpec(kind: "Ingress", path: "metadata/annotations/nginx.ingress.kubernetes.io\\/auth-secret"),
            FieldSpec(kind: "Ingress", path: "metadata/annotations/nginx.ingress.kubernetes.io\\/auth-tls-secret"),
            FieldSpec(kind: "ServiceAccount", path: "imagePullSecrets/name"),
            FieldSpec(kind: "StorageClass", path: "parameters/secretName"),
            FieldSpec(kind: "StorageClass", path: "parameters/adminSecretName"),
            FieldSpec(kind: "StorageClass", path: "parameters/userSecretName"),
            FieldSpec(kind: "StorageClass", path: "parameters/secretRef"),
            FieldSpec(kind: "Role", path: "rules/resourceNames"),
            FieldSpec(kind: "ClusterRole", path: "rules/resourceNames"),
            FieldSpec(
                group: "serving.knative.dev", version: "v1", kind: "Service",
                path: "spec/template/spec/containers/env/valueFrom/secretKeyRef/name"),
            FieldSpec(kind: "PersistentVolume", path: "spec/azureFile/secretName"),
        ]
        let hpa = [FieldSpec(kind: "HorizontalPodAutoscaler", path: "spec/scaleTargetRef/name")]
        let service = [
            FieldSpec(group: "apps", kind: "StatefulSet", path: "spec/serviceName"),
            FieldSpec(kind: "Ingress", path: "spec/rules/http/paths/backend/serviceName"),
            FieldSpec(kind: "Ingress", path: "spec/backend/serviceName"),
            FieldSpec(kind: "Ingress", path: "spec/rules/http/paths/backend/service/name"),
            FieldSpec(kind: "Ingress", path: "spec/defaultBackend/service/name"),
            FieldSpec(group: "apiregistration.k8s.io", kind: "APIService", path: "spec/service/name"),
            FieldSpec(group: "admissionregistration.k8s.io", kind: "ValidatingWebhookConfiguration", path: "webhooks/clientConfig/service"),
            FieldSpec(group: "admissionregistration.k8s.io", kind: "MutatingWebhookConfiguration", path: "webhooks/clientConfig/service"),
        ]
        let rbac = "rbac.authorization.k8s.io"
        let serviceAccount =
            [
                FieldSpec(group: rbac, kind: "RoleBinding", path: "subjects"),
                FieldSpec(group: rbac, kind: "ClusterRoleBinding", path: "subjects"),
            ] + podFields(["serviceAccountName"], kinds: controllers)
        let pvc = podFields(["volumes/persistentVolumeClaim/claimName"], kinds: controllers)
        let priorityClass = podFields(["priorityClassName"], kinds: controllers)
        return [
            NameReferenceRule(kind: "Deployment", referrers: hpa),
            NameReferenceRule(kind: "ReplicationController", referrers: hpa),
            NameReferenceRule(kind: "ReplicaSet", referrers: hpa),
            NameReferenceRule(kind: "StatefulSet", referrers: hpa),
            NameReferenceRule(kind: "ConfigMap", version: "v1", referrers: configMap),
            NameReferenceRule(kind: "Secret", version: "v1", referrers: secret),
            NameReferenceRule(kind: "Service", version: "v1", referrers: service),
            NameReferenceRule(kind: "Role", group: rbac, referrers: [FieldSpec(group: rbac, kind: "RoleBinding", path: "roleRef/name")]),
            NameReferenceRule(
                kind: "ClusterRole", group: rbac,
                referrers: [
                    FieldSpec(group: rbac, kind: "RoleBinding", path: "roleRef/name"),
                    FieldSpec(group: rbac, kind: "ClusterRoleBinding", path: "roleRef/name"),
                ]),
            NameReferenceRule(kind: "ServiceAccount", version: "v1", referrers: serviceAccount),
            NameReferenceRule(kind: "PersistentVolumeClaim", version: "v1", referrers: pvc),
            NameReferenceRule(
                kind: "PersistentVolume", version: "v1",
                referrers: [
                    FieldSpec(kind: "PersistentVolumeClaim", path: "spec/volumeName"),
                    FieldSpec(kind: "ClusterRole", path: "rules/resourceNames"),
                ]),
            NameReferenceRule(
                kind: "StorageClass", group: "storage.k8s.io", version: "v1",
                referrers: [
                    FieldSpec(kind: "PersistentVolume", path: "spec/storageClassName"),
                    FieldSpec(kind: "PersistentVolumeClaim", path: "spec/storageClassName"),
                    FieldSpec(kind: "StatefulSet", path: "spec/volumeClaimTemplates/spec/storageClassName"),
                ]),
            NameReferenceRule(kind: "PriorityClass", group: "scheduling.k8s.io", version: "v1", referrers: priorityClass),
            // kustomize v5.8 (TestBackReferenceAdmissionPolicy): only admissionregistration's kinds.
            NameReferenceRule(
                kind: "ValidatingAdmissionPolicy", group: "admissionregistration.k8s.io",
                referrers: [
                    FieldSpec(group: "admissionregistration.k8s.io", kind: "ValidatingAdmissionPolicyBinding", path: "spec/policyName")
                ]),
            // kustomize writes this rule's group as "networking.k8s.io/v1", which no object's
            // group equals: an Ingress's ingressClassName is never renamed.
            NameReferenceRule(
                kind: "IngressClass", group: "networking.k8s.io/v1", version: "v1",
                referrers: [FieldSpec(kind: "Ingress", path: "spec/ingressClassName")]),
        ]
    }()
}
