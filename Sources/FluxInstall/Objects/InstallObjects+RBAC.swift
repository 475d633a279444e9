import KubernetesModel

// fluxd's RBAC: what it grants, and why it is not narrower.
//
// Flux v1 bound fluxd to a ClusterRole of `*` verbs on `*` resources in `*` groups plus
// `*` on every non-resource URL. SwiftFlux grants two separate things, each bound for one
// purpose:
//
// 1. ClusterRole/ClusterRoleBinding `flux-<namespace>`, "apply what git holds":
//    get, list, watch, create, update, patch, delete and deletecollection on every resource.
//    fluxd applies whatever the repository contains (any kind, any namespace, CRDs and the
//    custom resources they define, which no list written today can name), reads workloads,
//    their service accounts and image pull secrets (list-workloads, image scanning) and lists
//    what it applied before (pruning). RBAC is additive only and `apiGroups: ["*"]` includes
//    the core group, so "everything except Secrets outside our namespace" cannot be written
//    without enumerating every group, which would break CRDs from git; and repositories do
//    apply Secrets to application namespaces (SOPS-style decrypted Secrets, plain ones).
//    `deletecollection` is never used by fluxd but is held so that Roles in git which grant
//    it pass the API server's escalation check (a role may only grant what its creator holds).
//    Left out, compared with Flux v1:
//    - the verbs `escalate`, `bind` and `impersonate` (and `approve`, `sign`, `use`): fluxd never
//      needs them, and without them RBAC in git that grants more than fluxd holds (wildcard
//      verbs, impersonation, non-resource URLs) is refused by the API server with a clear
//      "attempting to grant RBAC permissions not currently held" error. A cluster whose
//      repository must carry such roles binds `cluster-admin` to fluxd explicitly, a visible
//      decision (docs/ARCHITECTURE.md, "Installing fluxd").
//    - non-resource URLs: discovery (`/api`, `/apis`, `/version`) is granted to every
//      authenticated user by `system:discovery`; fluxd reaches nothing else.
//
// 2. Role/RoleBinding `flux` in fluxd's namespace, "fluxd's own state": the deploy-key Secret
//    (`flux-git-deploy`, key `identity`, also the sync-state annotation with --git-readonly),
//    the API-token Secret (`flux-api-token`, key `token`), the inventory ConfigMap
//    (`flux-sync-inventory`), reading `flux-ssh-config` and the --git-https-secret, Events,
//    and getting its own Namespace. Updates are limited by name; `create` cannot be (the
//    API server authorizes a create before the object has a name). While the ClusterRole
//    is bound cluster-wide this Role adds nothing; it exists so that an administrator can
//    narrow the sync grant (replace the ClusterRoleBinding with RoleBindings of the same
//    ClusterRole in the namespaces git manages) and fluxd keeps its deploy key, token,
//    inventory and events working.
//
// Whatever the grants, write access to the repository is authority over the cluster: git
// may hold a Pod running as any service account. Guard the branch fluxd follows accordingly.
extension InstallObjects {
    /// The verbs fluxd holds on every resource (see the discussion above).
    static let syncVerbs: [JSONValue] = ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"]

    static func clusterRole(_ parameters: ValidatedParameters) -> JSONValue {
        [
            "apiVersion": "rbac.authorization.k8s.io/v1",
            "kind": "ClusterRole",
            "metadata": [
                "name": .string(InstallNames.clusterScoped(namespace: parameters.namespace)),
                "labels": InstallNames.labels,
            ],
            "rules": [
                ["apiGroups": ["*"], "resources": ["*"], "verbs": .array(syncVerbs)]
            ],
        ]
    }

    static func clusterRoleBinding(_ parameters: ValidatedParameters) -> JSONValue {
        let name = InstallNames.clusterScoped(namespace: parameters.namespace)
        return [
            "apiVersion": "rbac.authorization.k8s.io/v1",
            "kind": "ClusterRoleBinding",
            "metadata": ["name": .string(name), "labels": InstallNames.labels],
            "roleRef": ["apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": .string(name)],
            "subjects": [serviceAccountSubject(parameters)],
        ]
    }

    static func role(_ parameters: ValidatedParameters) -> JSONValue {
        [
            "apiVersion": "rbac.authorization.k8s.io/v1",
            "kind": "Role",
            "metadata": metadata(InstallNames.flux, parameters),
            "rules": [
                // Reads: its own Secrets and ConfigMaps, flux-ssh-config, the --git-https-secret.
                ["apiGroups": [""], "resources": ["secrets", "configmaps"], "verbs": ["get"]],
                // The API server authorizes create before there is a name to restrict.
                ["apiGroups": [""], "resources": ["secrets", "configmaps"], "verbs": ["create"]],
                [
                    "apiGroups": [""], "resources": ["secrets"],
                    "resourceNames": [.string(InstallNames.deployKeySecret), .string(InstallNames.apiTokenSecret)],
                    "verbs": ["update", "patch"],
                ],
                [
                    "apiGroups": [""], "resources": ["configmaps"],
                    "resourceNames": [.string(InstallNames.inventoryConfigMap)],
                    "verbs": ["update", "patch"],
                ],
                ["apiGroups": ["", "events.k8s.io"], "resources": ["events"], "verbs": ["create", "patch"]],
                // A namespace's own object is authorized within that namespace.
                [
                    "apiGroups": [""], "resources": ["namespaces"], "resourceNames": [.string(parameters.namespace)],
                    "verbs": ["get"],
                ],
            ],
        ]
    }

    static func roleBinding(_ parameters: ValidatedParameters) -> JSONValue {
        [
            "apiVersion": "rbac.authorization.k8s.io/v1",
            "kind": "RoleBinding",
            "metadata": metadata(InstallNames.flux, parameters),
            "roleRef": ["apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": .string(InstallNames.flux)],
            "subjects": [serviceAccountSubject(parameters)],
        ]
    }

    static func serviceAccount(_ parameters: ValidatedParameters) -> JSONValue {
        [
            "apiVersion": "v1",
            "kind": "ServiceAccount",
            "metadata": metadata(InstallNames.flux, parameters),
        ]
    }

    private static func serviceAccountSubject(_ parameters: ValidatedParameters) -> JSONValue {
        ["kind": "ServiceAccount", "name": .string(InstallNames.flux), "namespace": .string(parameters.namespace)]
    }
}
