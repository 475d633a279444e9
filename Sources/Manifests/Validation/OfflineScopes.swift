import KubernetesModel

/// Scope answers without a cluster (`fluxctl build`): the cluster-scoped kinds Kubernetes
/// itself serves, every other kind namespaced. Kinds defined by CRDs in the same set are
/// decided by those CRDs (`NamespaceDefaulting` consults them before the oracle), so a
/// cluster-scoped custom resource rendered with its CRD is right; one whose CRD is elsewhere
/// is taken to be namespaced.
public enum OfflineScopes {
    /// The built-in cluster-scoped kinds (Kubernetes 1.30+ API groups).
    public static let clusterScoped: Set<GroupKind> = {
        let byGroup: [String: [String]] = [
            "": ["Namespace", "Node", "PersistentVolume", "ComponentStatus"],
            "rbac.authorization.k8s.io": ["ClusterRole", "ClusterRoleBinding"],
            "apiextensions.k8s.io": ["CustomResourceDefinition"],
            "apiregistration.k8s.io": ["APIService"],
            "storage.k8s.io": ["StorageClass", "CSIDriver", "CSINode", "VolumeAttachment", "VolumeAttributesClass"],
            "scheduling.k8s.io": ["PriorityClass"],
            "networking.k8s.io": ["IngressClass", "IPAddress", "ServiceCIDR"],
            "node.k8s.io": ["RuntimeClass"],
            "admissionregistration.k8s.io": [
                "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration", "ValidatingAdmissionPolicy",
                "ValidatingAdmissionPolicyBinding", "MutatingAdmissionPolicy", "MutatingAdmissionPolicyBinding",
            ],
            "certificates.k8s.io": ["CertificateSigningRequest", "ClusterTrustBundle"],
            "flowcontrol.apiserver.k8s.io": ["FlowSchema", "PriorityLevelConfiguration"],
            "resource.k8s.io": ["DeviceClass", "ResourceSlice"],
            "policy": ["PodSecurityPolicy"],
            "authentication.k8s.io": ["TokenReview", "SelfSubjectReview"],
            "authorization.k8s.io": ["SubjectAccessReview", "SelfSubjectAccessReview", "SelfSubjectRulesReview"],
            "extensions": ["PodSecurityPolicy"],
        ]
        var kinds: Set<GroupKind> = []
        for (group, names) in byGroup {
            for name in names { kinds.insert(GroupKind(group: group, kind: name)) }
        }
        return kinds
    }()

    /// The oracle: cluster-scoped for the table above, namespaced for everything else.
    public static let oracle: NamespaceScopeOracle = { kind in !clusterScoped.contains(kind) }
}
