import KubernetesModel

/// How a list field merges in a strategic merge patch, from the Kubernetes API's
/// `x-kubernetes-patch-merge-key` / `x-kubernetes-patch-strategy` and
/// `x-kubernetes-list-map-keys` markers.
public enum ListStrategy: Sendable, Hashable {
    /// Items are maps merged on one key field (`containers` by `name`).
    case mergeByKey(String)
    /// Items are maps keyed by several fields (`x-kubernetes-list-map-keys`, e.g. container
    /// ports by `containerPort` and `protocol`). The first is the patch merge key.
    case mergeByKeys([String])
    /// A set of scalars (`metadata.finalizers`).
    case mergePrimitives
    /// Replaced whole (no patch strategy).
    case replace

    /// The key fields (nil for scalars and replaced lists).
    public var keys: [String]? {
        switch self {
        case .mergeByKey(let key): return [key]
        case .mergeByKeys(let keys): return keys
        case .mergePrimitives, .replace: return nil
        }
    }

    /// `x-kubernetes-patch-merge-key`: the one key kube-apiserver's strategic merge uses.
    public var patchMergeKey: String? { keys?.first }
}

/// Finds the strategy of a list field: `field` is the list's name, `path` the field names
/// from the object's root to the list's parent (list levels omitted).
public struct ListStrategies: Sendable {
    public var lookup: @Sendable (_ field: String, _ path: [String]) -> ListStrategy

    public init(_ lookup: @escaping @Sendable (_ field: String, _ path: [String]) -> ListStrategy) {
        self.lookup = lookup
    }

    /// No schema: every list is replaced (custom resources, as in kustomize and JSON merge).
    public static let replaceAll = ListStrategies { _, _ in .replace }

    /// The built-in kinds' table, for objects of `kind`.
    public static func builtin(kind: String) -> ListStrategies {
        ListStrategies { field, path in PatchStrategy.strategy(field: field, path: path, kind: kind) }
    }

    /// kustomize's (kyaml with its embedded Kubernetes OpenAPI schema): the list strategies
    /// of `group/version/kind` from `KubernetesListStrategies`, following the schema's types
    /// down the path; kinds and fields the schema lacks replace their lists (so an
    /// `apps/v1beta2` Deployment's containers are replaced, as in kustomize).
    public static func kubernetesSchema(group: String, version: String, kind: String) -> ListStrategies {
        guard let root = KubernetesListStrategies.kinds["\(group)/\(version)/\(kind)"] else { return .replaceAll }
        return ListStrategies { field, path in
            let types = KubernetesListStrategies.types
            var type = root
            for name in path {
                guard let next = types[type][name], next.type >= 0 else { return .replace }
                type = next.type
            }
            return types[type][field]?.strategy ?? .replace
        }
    }

    /// Whether kustomize's embedded schema has the object's apiVersion and kind.
    public static func hasKubernetesSchema(for object: JSONValue) -> Bool {
        let gvk = GroupVersionKind(apiVersion: object.apiVersion ?? "", kind: object.kind ?? "")
        return KubernetesListStrategies.kinds["\(gvk.group)/\(gvk.version)/\(gvk.kind)"] != nil
    }

    /// `kubernetesSchema` for an object's apiVersion and kind.
    public static func kubernetesSchema(for object: JSONValue) -> ListStrategies {
        let gvk = GroupVersionKind(apiVersion: object.apiVersion ?? "", kind: object.kind ?? "")
        return kubernetesSchema(group: gvk.group, version: gvk.version, kind: gvk.kind)
    }

    /// The strategies for an object: the built-in table for built-in kinds, else `replaceAll`.
    public static func forObject(_ object: JSONValue) -> ListStrategies {
        let gvk = GroupVersionKind(apiVersion: object.apiVersion ?? "", kind: object.kind ?? "")
        return PatchStrategy.isBuiltin(gvk) ? .builtin(kind: gvk.kind) : .replaceAll
    }
}

/// kube-apiserver's patch strategies and merge keys of the built-in kinds (current Kubernetes),
/// used by the embedded API server's PATCH and server-side apply, and for `.flux.yaml`
/// `patchUpdated` files (`StrategicMergePatch.kustomize(_:to:)`). Kustomize's patches use
/// `KubernetesListStrategies` instead: the real kustomize merges by the older OpenAPI schema it
/// embeds, which differs (no `resourceClaims`/`schedulingGates`, legacy groups), and its output
/// must match kustomize's, not the API server's.
public enum PatchStrategy {
    /// API groups whose kinds are built in (strategic merge applies); everything else is a
    /// custom resource and merges like a JSON merge patch.
    public static let builtinGroups: Set<String> = [
        "", "apps", "batch", "autoscaling", "policy", "networking.k8s.io", "rbac.authorization.k8s.io",
        "storage.k8s.io", "scheduling.k8s.io", "extensions", "apiextensions.k8s.io", "admissionregistration.k8s.io",
        "coordination.k8s.io", "discovery.k8s.io", "node.k8s.io", "certificates.k8s.io", "events.k8s.io",
        "apiregistration.k8s.io", "flowcontrol.apiserver.k8s.io", "resource.k8s.io",
    ]

    public static func isBuiltin(_ gvk: GroupVersionKind) -> Bool {
        builtinGroups.contains(gvk.group) && gvk.kind != "" && !gvk.kind.hasSuffix("List")
    }

    /// List fields by name whose strategy does not depend on where they are.
    public static let listFields: [String: ListStrategy] = [
        "containers": .mergeByKey("name"), "initContainers": .mergeByKey("name"),
        "ephemeralContainers": .mergeByKey("name"), "env": .mergeByKey("name"), "volumes": .mergeByKey("name"),
        "imagePullSecrets": .mergeByKey("name"), "resourceClaims": .mergeByKey("name"),
        "schedulingGates": .mergeByKey("name"), "volumeMounts": .mergeByKey("mountPath"),
        "volumeDevices": .mergeByKey("devicePath"), "hostAliases": .mergeByKey("ip"),
        "topologySpreadConstraints": .mergeByKeys(["topologyKey", "whenUnsatisfiable"]),
        "ownerReferences": .mergeByKey("uid"), "conditions": .mergeByKey("type"),
    ]

    /// The strategy of list field `field` whose parent object is reached through `path`.
    public static func strategy(field: String, path: [String], kind: String) -> ListStrategy {
        let parent = path.last ?? ""
        if let known = listFields[field] { return known }
        switch field {
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
