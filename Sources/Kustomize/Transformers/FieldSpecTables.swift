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

    /// Cluster-scoped kinds of the Kubernetes API kustomize embeds, with their groups: a kind
    /// of the same name in another group (a custom resource) is namespaced.
    static let clusterScopedGroups: [String: Set<String>] = [
        "Namespace": [""], "Node": [""], "PersistentVolume": [""], "ComponentStatus": [""],
        "ClusterRole": ["rbac.authorization.k8s.io"], "ClusterRoleBinding": ["rbac.authorization.k8s.io"],
        "CustomResourceDefinition": ["apiextensions.k8s.io"], "StorageClass": ["storage.k8s.io"],
        "CSIDriver": ["storage.k8s.io"], "CSINode": ["storage.k8s.io"], "VolumeAttachment": ["storage.k8s.io"],
        "VolumeAttributesClass": ["storage.k8s.io"], "PriorityClass": ["scheduling.k8s.io"],
        "MutatingWebhookConfiguration": ["admissionregistration.k8s.io"],
        "ValidatingWebhookConfiguration": ["admissionregistration.k8s.io"],
        "ValidatingAdmissionPolicy": ["admissionregistration.k8s.io"],
        "ValidatingAdmissionPolicyBinding": ["admissionregistration.k8s.io"],
        "MutatingAdmissionPolicy": ["admissionregistration.k8s.io"],
        "MutatingAdmissionPolicyBinding": ["admissionregistration.k8s.io"], "APIService": ["apiregistration.k8s.io"],
        "RuntimeClass": ["node.k8s.io"], "PodSecurityPolicy": ["policy", "extensions"],
        "IngressClass": ["networking.k8s.io"], "IPAddress": ["networking.k8s.io"], "ServiceCIDR": ["networking.k8s.io"],
        "CertificateSigningRequest": ["certificates.k8s.io"], "ClusterTrustBundle": ["certificates.k8s.io"],
        "TokenReview": ["authentication.k8s.io"], "SelfSubjectReview": ["authentication.k8s.io"],
        "SelfSubjectAccessReview": ["authorization.k8s.io"], "SelfSubjectRulesReview": ["authorization.k8s.io"],
        "SubjectAccessReview": ["authorization.k8s.io"], "FlowSchema": ["flowcontrol.apiserver.k8s.io"],
        "PriorityLevelConfiguration": ["flowcontrol.apiserver.k8s.io"], "StorageVersion": ["internal.apiserver.k8s.io"],
        "DeviceClass": ["resource.k8s.io"], "ResourceSlice": ["resource.k8s.io"],
    ]

    /// Kinds that have no namespace, whatever their group (for selectors that name no group).
    static let clusterScopedKinds = Set(clusterScopedGroups.keys)

    /// Whether objects of this group and kind have no namespace.
    static func isClusterScoped(_ gvk: GroupVersionKind) -> Bool {
        clusterScopedGroups[gvk.kind]?.contains(gvk.group) ?? false
    }
}
