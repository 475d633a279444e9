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

    /// Kinds that have no namespace (from the Kubernetes OpenAPI kustomize embeds).
    static let clusterScopedKinds: Set<String> = [
        "Namespace", "Node", "PersistentVolume", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition",
        "StorageClass", "PriorityClass", "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration",
        "APIService", "CSIDriver", "CSINode", "VolumeAttachment", "RuntimeClass", "PodSecurityPolicy",
        "IngressClass", "ComponentStatus", "CertificateSigningRequest", "TokenReview", "SelfSubjectAccessReview",
        "SelfSubjectRulesReview", "SubjectAccessReview", "FlowSchema", "PriorityLevelConfiguration",
        "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding", "MutatingAdmissionPolicy",
        "MutatingAdmissionPolicyBinding", "SelfSubjectReview", "StorageVersion", "ClusterTrustBundle",
        "DeviceClass", "VolumeAttributesClass", "IPAddress", "ServiceCIDR", "ResourceSlice",
    ]
}
