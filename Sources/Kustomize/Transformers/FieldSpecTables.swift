import KubernetesModel

/// kustomize's built-in field-spec configuration (api/konfig/builtinpluginconsts).
enum FieldSpecTables {
    private static let affinityPaths = [
        "spec/template/spec/affinity/podAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels",
        "spec/template/spec/affinity/podAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels",
        "spec/template/spec/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels",
        "spec/template/spec/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels",
    ]

    /// Pod-template label fields (`labels` with `includeTemplates`).
    static let templateLabels: [FieldSpec] = [
        FieldSpec(version: "v1", kind: "ReplicationController", path: "spec/template/metadata/labels", create: true),
        FieldSpec(kind: "Deployment", path: "spec/template/metadata/labels", create: true),
        FieldSpec(kind: "ReplicaSet", path: "spec/template/metadata/labels", create: true),
        FieldSpec(kind: "DaemonSet", path: "spec/template/metadata/labels", create: true),
        FieldSpec(group: "apps", kind: "StatefulSet", path: "spec/template/metadata/labels", create: true),
        FieldSpec(group: "apps", kind: "StatefulSet", path: "spec/volumeClaimTemplates[]/metadata/labels", create: true),
        FieldSpec(group: "batch", kind: "Job", path: "spec/template/metadata/labels", create: true),
        FieldSpec(group: "batch", kind: "CronJob", path: "spec/jobTemplate/metadata/labels", create: true),
        FieldSpec(group: "batch", kind: "CronJob", path: "spec/jobTemplate/spec/template/metadata/labels", create: true),
    ]

    static let metadataLabels = [FieldSpec(path: "metadata/labels", create: true)]

    /// The `images` field specs (kustomize v5.8's `imagesFieldSpecs`, image volumes included).
    static let images: [FieldSpec] = [
        "spec/containers[]/image", "spec/initContainers[]/image", "spec/volumes[]/image/reference",
        "spec/template/spec/containers[]/image", "spec/template/spec/initContainers[]/image",
        "spec/template/spec/volumes[]/image/reference",
    ].map { FieldSpec(path: $0, create: true) }

    /// `commonLabels` (and `labels` with `includeSelectors`): metadata, templates, selectors.
    static let commonLabels: [FieldSpec] = {
        var specs = metadataLabels
        specs.append(FieldSpec(version: "v1", kind: "ReplicationController", path: "spec/selector", create: true))
        specs.append(FieldSpec(kind: "Deployment", path: "spec/selector/matchLabels", create: true))
        for path in affinityPaths { specs.append(FieldSpec(group: "apps", kind: "Deployment", path: path)) }
        specs.append(FieldSpec(kind: "ReplicaSet", path: "spec/selector/matchLabels", create: true))
        specs.append(FieldSpec(kind: "DaemonSet", path: "spec/selector/matchLabels", create: true))
        specs.append(FieldSpec(group: "apps", kind: "StatefulSet", path: "spec/selector/matchLabels", create: true))
        for path in affinityPaths { specs.append(FieldSpec(group: "apps", kind: "StatefulSet", path: path)) }
        specs.append(FieldSpec(group: "batch", kind: "Job", path: "spec/selector/matchLabels"))
        specs.append(FieldSpec(group: "batch", kind: "CronJob", path: "spec/jobTemplate/spec/selector/matchLabels"))
        specs.append(FieldSpec(group: "policy", kind: "PodDisruptionBudget", path: "spec/selector/matchLabels"))
        specs.append(FieldSpec(group: "networking.k8s.io", kind: "NetworkPolicy", path: "spec/podSelector/matchLabels"))
        specs.append(
            FieldSpec(group: "networking.k8s.io", kind: "NetworkPolicy", path: "spec/ingress/from/podSelector/matchLabels"))
        specs.append(
            FieldSpec(group: "networking.k8s.io", kind: "NetworkPolicy", path: "spec/egress/to/podSelector/matchLabels"))
        specs.append(FieldSpec(version: "v1", kind: "Service", path: "spec/selector", create: true))
        return specs + templateLabels
    }()

    static let commonAnnotations: [FieldSpec] = [
        FieldSpec(path: "metadata/annotations", create: true),
        FieldSpec(version: "v1", kind: "ReplicationController", path: "spec/template/metadata/annotations", create: true),
        FieldSpec(kind: "Deployment", path: "spec/template/metadata/annotations", create: true),
        FieldSpec(kind: "ReplicaSet", path: "spec/template/metadata/annotations", create: true),
        FieldSpec(kind: "DaemonSet", path: "spec/template/metadata/annotations", create: true),
        FieldSpec(group: "apps", kind: "StatefulSet", path: "spec/template/metadata/annotations", create: true),
        FieldSpec(group: "batch", kind: "Job", path: "spec/template/metadata/annotations", create: true),
        FieldSpec(group: "batch", kind: "CronJob", path: "spec/jobTemplate/metadata/annotations", create: true),
        FieldSpec(
            group: "batch", kind: "CronJob", path: "spec/jobTemplate/spec/template/metadata/annotations", create: true),
    ]

    static let replicas: [FieldSpec] = ["Deployment", "ReplicationController", "ReplicaSet", "StatefulSet"].map {
        FieldSpec(kind: $0, path: "spec/replicas", create: true)
    }

    /// The cluster-scoped types kustomize knows (kyaml's `precomputedIsNamespaceScoped`), by
    /// exact apiVersion and kind: any other type, a newer API version of a cluster-scoped kind
    /// (`admissionregistration.k8s.io/v1` ValidatingAdmissionPolicy, `flowcontrol…/v1`
    /// FlowSchema) or a custom kind named `Namespace`, is namespaced to kustomize.
    static let clusterScopedTypes: Set<String> = [
        "admissionregistration.k8s.io/v1 MutatingWebhookConfiguration",
        "admissionregistration.k8s.io/v1 ValidatingWebhookConfiguration",
        "admissionregistration.k8s.io/v1beta1 MutatingWebhookConfiguration",
        "admissionregistration.k8s.io/v1beta1 ValidatingWebhookConfiguration",
        "apiextensions.k8s.io/v1 CustomResourceDefinition", "apiextensions.k8s.io/v1beta1 CustomResourceDefinition",
        "apiregistration.k8s.io/v1 APIService", "apiregistration.k8s.io/v1beta1 APIService",
        "certificates.k8s.io/v1 CertificateSigningRequest", "certificates.k8s.io/v1beta1 CertificateSigningRequest",
        "flowcontrol.apiserver.k8s.io/v1beta1 FlowSchema", "flowcontrol.apiserver.k8s.io/v1beta1 PriorityLevelConfiguration",
        "networking.k8s.io/v1 IngressClass", "networking.k8s.io/v1beta1 IngressClass",
        "node.k8s.io/v1 RuntimeClass", "node.k8s.io/v1beta1 RuntimeClass",
        "policy/v1beta1 PodSecurityPolicy",
        "rbac.authorization.k8s.io/v1 ClusterRole", "rbac.authorization.k8s.io/v1 ClusterRoleBinding",
        "rbac.authorization.k8s.io/v1beta1 ClusterRole", "rbac.authorization.k8s.io/v1beta1 ClusterRoleBinding",
        "scheduling.k8s.io/v1 PriorityClass", "scheduling.k8s.io/v1beta1 PriorityClass",
        "storage.k8s.io/v1 CSIDriver", "storage.k8s.io/v1 CSINode", "storage.k8s.io/v1 StorageClass",
        "storage.k8s.io/v1 VolumeAttachment", "storage.k8s.io/v1beta1 CSIDriver", "storage.k8s.io/v1beta1 CSINode",
        "storage.k8s.io/v1beta1 StorageClass", "storage.k8s.io/v1beta1 VolumeAttachment",
        "v1 ComponentStatus", "v1 Namespace", "v1 Node", "v1 NodeProxyOptions", "v1 PersistentVolume",
    ]

    /// Whether objects of this group, version and kind have no namespace.
    static func isClusterScoped(_ gvk: GroupVersionKind) -> Bool {
        isClusterScoped(group: gvk.group, version: gvk.version, kind: gvk.kind)
    }

    static func isClusterScoped(group: String, version: String, kind: String) -> Bool {
        clusterScopedTypes.contains(group.isEmpty ? "\(version) \(kind)" : "\(group)/\(version) \(kind)")
    }
}
