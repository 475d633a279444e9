import ArgumentParser
import KubernetesModel

/// Every fluxd flag, named as in Flux v1 (SPEC section 2). Parsing only: `DaemonConfiguration`
/// turns these into validated settings.
public struct DaemonOptions: ParsableArguments, Sendable {
    public init() {}

    // MARK: git
    @Option(name: .customLong("git-url"), help: "Repository: file://, ssh://, git@host:org/repo, https://")
    public var gitURL: String?
    @Option(name: .customLong("git-branch"), help: "Branch to follow and to push to")
    public var gitBranch: String = "master"
    @Option(name: .customLong("git-path"), help: "Sub-directory to render (repeatable or comma-separated)")
    public var gitPath: [String] = []
    @Option(name: .customLong("git-poll-interval"), help: "How often to fetch")
    public var gitPollInterval: String = "5m"
    @Option(name: .customLong("git-timeout"), help: "Timeout of each git operation")
    public var gitTimeout: String = "20s"
    @Flag(name: .customLong("git-readonly"), help: "Never push; implies --sync-state=secret")
    public var gitReadonly: Bool = false
    @Option(name: .customLong("git-user"), help: "Committer name for commits fluxd makes")
    public var gitUser: String = "Weave Flux"
    @Option(name: .customLong("git-email"), help: "Committer email for commits fluxd makes")
    public var gitEmail: String = "support@weave.works"
    @Flag(name: .customLong("git-set-author"), help: "Also set the author to the requesting user")
    public var gitSetAuthor: Bool = false
    @Option(name: [.customLong("git-label"), .customLong("git-sync-tag")], help: "Tag that marks the last applied commit")
    public var gitSyncTag: String = "flux-sync"
    @Flag(name: .customLong("git-ci-skip"), help: "Append [ci skip] to commit messages")
    public var gitCISkip: Bool = false
    @Flag(name: .customLong("git-verify-signatures"), help: "Refuse commits without a trusted GPG signature")
    public var gitVerifySignatures: Bool = false
    @Option(
        name: .customLong("git-known-hosts"),
        help: "known_hosts file for SSH host keys (else key known_hosts of the ConfigMap or Secret flux-ssh-config)")
    public var gitKnownHosts: String?
    @Option(
        name: .customLong("git-https-secret"),
        help: "Secret in fluxd's namespace with username/password for https:// URLs (else GIT_AUTHUSER/GIT_AUTHKEY)")
    public var gitHTTPSSecret: String?
    @Flag(name: .customLong("git-accept-new-host-keys"), help: "Trust SSH host keys seen for the first time (not recommended)")
    public var gitAcceptNewHostKeys: Bool = false
    @Option(name: .customLong("ssh-keygen-type"), help: "Deploy key type: ed25519 or rsa")
    public var sshKeygenType: String = "ed25519"

    // MARK: sync
    @Option(name: .customLong("sync-interval"), help: "Re-apply even when git has not changed")
    public var syncInterval: String = "5m"
    @Option(name: .customLong("sync-timeout"), help: "Timeout of one apply pass")
    public var syncTimeout: String = "1m"
    @Flag(name: .customLong("sync-garbage-collection"), help: "Prune objects removed from git")
    public var syncGarbageCollection: Bool = false
    @Flag(name: .customLong("sync-garbage-collection-dry"), help: "Log what would be pruned, prune nothing")
    public var syncGarbageCollectionDry: Bool = false
    @Option(name: .customLong("sync-state"), help: "Where the applied revision is recorded: git or secret")
    public var syncState: String = "git"
    @Flag(name: .customLong("manifest-generation"), help: "Honour .flux.yaml generator files")
    public var manifestGeneration: Bool = false
    @Flag(
        name: .customLong("enable-remote-resources"),
        help: "Let kustomizations fetch remote resources (git repositories, http(s) files), as kustomize does")
    public var enableRemoteResources: Bool = false
    @Flag(name: .customLong("once"), help: "Run one sync, print a summary, exit non-zero on failure")
    public var once: Bool = false

    // MARK: images
    @Option(name: .customLong("automation-interval"), help: "How often image automation runs")
    public var automationInterval: String = "5m"
    @Option(name: .customLong("registry-rps"), help: "Per-registry requests per second")
    public var registryRPS: Double = 50
    @Option(name: .customLong("registry-burst"), help: "Per-registry burst")
    public var registryBurst: Int = 10
    @Option(name: .customLong("registry-exclude-image"), help: "Images never scanned (globs, comma-separated)")
    public var registryExcludeImage: [String] = []
    @Option(name: .customLong("registry-insecure-host"), help: "Hosts reached over plain HTTP")
    public var registryInsecureHost: [String] = []
    @Option(name: .customLong("docker-config"), help: "A config.json with registry credentials")
    public var dockerConfig: String?
    @Option(
        name: .customLong("state-dir"),
        help: "Where fluxd keeps state that outlives a restart (the image-scan cache); an emptyDir in a pod")
    public var stateDir: String?

    // MARK: kubernetes
    @Option(name: .customLong("k8s-secret-name"), help: "Secret holding the SSH deploy key (data key identity)")
    public var k8sSecretName: String = "flux-git-deploy"
    @Option(name: .customLong("k8s-namespace"), help: "fluxd's own namespace when not running in a pod")
    public var k8sNamespace: String = "flux"
    @Option(name: .customLong("k8s-allow-namespace"), help: "Restrict what fluxd may touch (comma-separated)")
    public var k8sAllowNamespace: [String] = []
    @Option(name: .customLong("k8s-default-namespace"), help: "Namespace for namespaced objects that name none")
    public var k8sDefaultNamespace: String?
    @Option(name: .customLong("kubeconfig"), help: "Path to a kubeconfig file")
    public var kubeconfig: String?
    @Option(name: .customLong("context"), help: "kubeconfig context to use")
    public var context: String?
    @Option(
        name: .customLong("k8s-qps"),
        help: "Client-side request rate limit (0: none; requests are bounded by apply concurrency and the server's priority and fairness)")
    public var k8sQPS: Double = 0
    @Option(name: .customLong("k8s-burst"), help: "Client-side burst against the API server")
    public var k8sBurst: Int = 100

    // MARK: serving
    @Option(name: .customLong("listen"), help: "Address of the API")
    public var listen: String = ":3030"
    @Option(name: .customLong("listen-metrics"), help: "Address of /metrics, /healthz, /readyz")
    public var listenMetrics: String = ":3031"
    @Option(name: .customLong("api-token-file"), help: "File holding the API bearer token")
    public var apiTokenFile: String?
    @Option(name: .customLong("log-format"), help: "fmt or json")
    public var logFormat: String = "fmt"

    // MARK: embedded cluster
    @Option(name: .customLong("embedded-cluster"), help: "Serve an in-memory Kubernetes API on HOST:PORT and use it")
    public var embeddedCluster: String?
    @Option(name: .customLong("write-kubeconfig"), help: "With --embedded-cluster: write a kubeconfig for it here")
    public var writeKubeconfig: String?

    @OptionGroup(title: "Limits on what a sync reads (docs/security.md)") public var limits: ManifestLimitOptions
    @OptionGroup public var gitCredentials: GitCredentialOptions
}

extension DaemonOptions {
    /// Splits repeatable, comma-separated list flags the way Flux v1 accepted them.
    static func flatten(_ values: [String]) -> [String] {
        values.flatMap { $0.split(separator: ",") }.map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
    }
}

