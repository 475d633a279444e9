import KubernetesModel

/// Names shared by the installed objects and by fluxd, in one place so the manifests, the
/// RBAC rules that name them and the daemon's flags cannot drift apart.
public enum InstallNames {
    /// The ServiceAccount, Deployment, Service, container, Role and RoleBinding.
    public static let flux = "flux"
    /// The SSH deploy-key Secret (data key `identity`), fluxd's `--k8s-secret-name`.
    public static let deployKeySecret = "flux-git-deploy"
    /// The Secret fluxd keeps its API bearer token in (data key `token`).
    public static let apiTokenSecret = "flux-api-token"
    /// The ConfigMap holding the sync inventory (what the last sync applied, for pruning).
    public static let inventoryConfigMap = "flux-sync-inventory"
    /// The ConfigMap or Secret fluxd reads SSH `known_hosts` from.
    public static let sshConfig = "flux-ssh-config"
    /// Port of the API (`--listen`), container port name `api`.
    public static let apiPort: Int64 = 3030
    /// Port of `/metrics`, `/healthz`, `/readyz` (`--listen-metrics`), container port name `metrics`.
    public static let metricsPort: Int64 = 3031
    /// Where the deploy-key Secret is mounted (as in Flux v1's image).
    public static let deployKeyMountPath = "/etc/fluxd/ssh"

    /// The numeric user and group fluxd runs as: `flux` (65532) in SwiftFlux's image, whose
    /// passwd entry gives it the home `homeDirectory` (ssh takes the home from there, not from
    /// `HOME`). `scripts/build-image.sh` and the Containerfile create the same user; CI checks
    /// that the built image's config and these manifests agree.
    public static let runAsUser: Int64 = 65532
    /// fluxd's `HOME` (an emptyDir): git's and gpg's configuration.
    public static let homeDirectory = "/home/flux"
    /// fluxd's `--state-dir` (an emptyDir): the image-scan cache, kept across container restarts.
    public static let stateDirectory = "/var/lib/fluxd"
    /// fluxd's `TMPDIR` (an emptyDir): git working copies, key files handed to ssh, scratch.
    public static let temporaryDirectory = "/tmp"

    /// The cluster-scoped ClusterRole and ClusterRoleBinding: suffixed with the namespace so
    /// that two installations in one cluster do not overwrite each other's grants.
    public static func clusterScoped(namespace: String) -> String { "flux-\(namespace)" }

    /// Labels on every object; the pods' `app=flux` is what `fluxctl --k8s-fwd-labels` finds.
    static let labels: JSONValue = ["app": "flux", "name": "flux"]
}
