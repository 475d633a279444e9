import KubernetesModel

/// How a list field merges in a strategic merge patch, from the Kubernetes API's
/// `x-kubernetes-patch-merge-key` / `patch-strategy` markers for the built-in kinds.
enum ListStrategy: Equatable {
    case mergeByKey(String)
    /// Lists keyed by several fields (`x-kubernetes-list-map-keys`), e.g. ports by number
    /// and protocol.
    case mergeByKeys([String])
    case mergePrimitives
    case replace
}

enum PatchStrategy {
    /// API groups whose kinds are built in (strategic merge applies); everything else is a
    /// custom resource and merges like a JSON merge patch.
    static let builtinGroups: Set<String> = [
        "", "apps", "batch", "autoscaling", "policy", "networking.k8s.io", "rbac.authorization.k8s.io",
        "storage.k8s.io", "scheduling.k8s.io", "extensions", "apiextensions.k8s.io", "admissionregistration.k8s.io",
        "coordination.k8s.io", "discovery.k8s.io", "node.k8s.io", "certificates.k8s.io", "events.k8s.io",
        "apiregistration.k8s.io", "flowcontrol.apiserver.k8s.io", "resource.k8s.io",
    ]

    static func isBuiltin(_ gvk: GroupVersionKind) -> Bool {
        builtinGroups.contains(gvk.group) && gvk.kind != "" && !gvk.kind.hasSuffix("List")
    }

    /// The strategy of list field `field` whose parent object is reached through `path`
    /// (field names from the root, list levels omitted).
    static func strategy(field: String, path: [String], kind: String) -> ListStrategy {
        let parent = path.last ?? ""
        switch field {
        case "containers", "initContainers", "ephemeralContainers":
            return .mergeByKey("name")
        case "env", "volumes", "imagePullSecrets", "resourceClaims", "schedulingGates":
            return .mergeByKey("name")
        case "volumeMounts":
            return .mergeByKey("mountPath")
        case "volumeDevices":
            return .mergeByKey("devicePath")
        case "hostAliases":
            return .mergeByKey("ip")
        case "topologySpreadConstraints":
            return .mergeByKey("topologyKey")
        case "ownerReferences":
            return .mergeByKey("uid")
        case "conditions":
            return .mergeByKey("type")
        case "finalizers":
            return parent == "metadata" ? .mergePrimitives : .replace
        case "ports":
            if ["containers", "initContainers", "ephemeralContainers"].contains(parent) {
                return .mergeByKeys(["containerPort", "protocol"])
            }
            if kind == "Service" && parent == "spec" { return .mergeByKeys(["port", "protocol"]) }
            return .replace
        default:
            return .replace
        }
    }
}
