import ArgumentParser
import KubernetesModel

/// Every fluxd flag, named as in Flux v1 (SPEC section 2). Parsing only: `DaemonConfiguration`
/// turns these into validated settings. Booleans are `--flag`, `--flag=true|false` (see
/// `FluxdArgumentSyntax`); list flags repeat or hold comma-separated values. Flux v1 flags
/// that mean nothing here live in `FluxV1CompatibilityOptions`.
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
    @Flag(name: .customLong("git-readonly"), inversion: .prefixedNo, help: "Never push; implies --sync-state=secret")
    public var gitReadonly: Bool = false
    @Option(name: .customLong("git-user"), help: "Committer name for commits fluxd makes")
    public var gitUser: String = "Weave Flux"
    @Option(name: .customLong("git-email"), help: "Committer email for commits fluxd makes")
    public var gitEmail: String = "support@weave.works"
    @Flag(name: .customLong("git-set-author"), inversion: .prefixedNo, help: "Also set the author to the requesting user")
    public var gitSetAuthor: Bool = false
    @Option(
        name: .customLong("git-label"),
        help: "Overrides both --git-sync-tag and --git-notes-ref (Flux v1's label for sync progress)")
    public var gitLabel: String?
    @Option(name: .customLong("git-sync-tag"), help: "Tag that marks the last applied commit (--sync-state=git)")
    public var gitSyncTag: String = "flux-sync"
    @Option(name: .customLong("git-notes-ref"), help: "Ref (refs/notes/<ref>) holding the notes fluxd adds to its commits")
    public var gitNotesRef: String = "flux"
    @Flag(name: .customLong("git-ci-skip"), inversion: .prefixedNo, help: "Append [ci skip] to commit messages")
    public var gitCISkip: Bool = false
    @Option(
        name: .customLong("git-ci-skip-message"),
        help: "Text appended to commit messages (e.g. to skip CI builds); --git-ci-skip means \"[ci skip]\"")
    public var gitCISkipMessage: String = ""
    @Flag(
        name: .customLong("git-verify-signatures"), inversion: .prefixedNo,
        help: "(deprecated) Same as --git-verify-signatures-mode=all when that is not given")
    public var gitVerifySignatures: Bool = false
    @Option(
        name: .customLong("git-known-hosts"),
        help:
            "known_hosts file for SSH host keys (else key known_hosts of the ConfigMap or Secret flux-ssh-config; github.com, gitlab.com, bitbucket.org and ssh.dev.azure.com are built in)"
    )
    public var gitKnownHosts: String?
    @Option(
        name: .customLong("git-https-secret"),
        help: "Secret in fluxd's namespace with username/password for https:// URLs (else GIT_AUTHUSER/GIT_AUTHKEY)")
    public var gitHTTPSSecret: String?
    @Flag(
        name: .customLong("git-accept-new-host-keys"), inversion: .prefixedNo,
        help: "Trust SSH host keys seen for the first time (not recommended)")
    public var gitAcceptNewHostKeys: Bool = false
    /// GPG, SOPS and git-secret.
    @OptionGroup(title: "Signatures and secrets") public var secrets: SecretOptions

    // MARK: SSH deploy key
    @Option(name: .customLong("ssh-keygen-type"), help: "Deploy key type: ed25519, ecdsa or rsa (-t of ssh-keygen)")
    public var sshKeygenType: String = "ed25519"
    @Option(name: .customLong("ssh-keygen-bits"), help: "Key size (-b of ssh-keygen) [rsa: 4096]")
    public var sshKeygenBits: Int?
    @Option(name: .customLong("ssh-keygen-format"), help: "Private key format (-m of ssh-keygen): RFC4716, PKCS8 or PEM")
    public var sshKeygenFormat: String?
    @Option(
        name: .customLong("ssh-keygen-dir"),
        help: "Directory, ideally on a tmpfs volume, in which new SSH keys are generated [the temporary directory]")
    public var sshKeygenDir: String?

    // MARK: sync
    @Option(name: .customLong("sync-interval"), help: "Re-apply even when git has not changed")
    public var syncInterval: String = "5m"
    @Option(name: .customLong("sync-timeout"), help: "Timeout of one apply pass")
    public var syncTimeout: String = "1m"
    @Flag(name: .customLong("sync-garbage-collection"), inversion: .prefixedNo, help: "Prune objects removed from git")
    public var syncGarbageCollection: Bool = false
    @Flag(
        name: .customLong("sync-garbage-collection-dry"), inversion: .prefixedNo,
        help: "Log what would be pruned, prune nothing")
    public var syncGarbageCollectionDry: Bool = false
    @Option(name: .customLong("sync-state"), help: "Where the applied revision is recorded: git or secret")
    public var syncState: String = "git"
    @Flag(name: .customLong("manifest-generation"), inversion: .prefixedNo, help: "Honour .flux.yaml generator files")
    public var manifestGeneration: Bool = false
    @Flag(
        name: .customLong("enable-remote-resources"), inversion: .prefixedNo,
        help: "Let kustomizations fetch remote resources (git repositories, http(s) files), as kustomize does")
    public var enableRemoteResources: Bool = false
    @Flag(name: .customLong("once"), inversion: .prefixedNo, help: "Run one sync, print a summary, exit non-zero on failure")
    public var once: Bool = false

    // MARK: images
    @Option(name: .customLong("automation-interval"), help: "How often image automation runs [5m]")
    public var automationInterval: String?
    @Option(name: .customLong("registry-rps"), help: "Per-registry requests per second")
    public var registryRPS: Double = 50
    @Option(name: .customLong("registry-burst"), help: "Per-registry burst")
    public var registryBurst: Int = 10
    @Option(
        name: .customLong("registry-exclude-image"),
        help: "Images never scanned (globs, comma-separated) [k8s.gcr.io/*]")
    public var registryExcludeImage: [String] = []
    @Option(
        name: .customLong("registry-include-image"),
        help: "When given, scan only images matching these globs (less any excluded)")
    public var registryIncludeImage: [String] = []
    @Option(
        name: .customLong("registry-use-labels"),
        help:
            "Images (globs) whose creation time comes from their labels (org.opencontainers.image.created, org.label-schema.build-date) [index.docker.io/weaveworks/*,index.docker.io/fluxcd/*]"
    )
    public var registryUseLabels: [String] = []
    @Flag(
        name: .customLong("registry-disable-scanning"), inversion: .prefixedNo,
        help: "Scan no image registry (same as --registry-exclude-image=*)")
    public var registryDisableScanning: Bool = false
    @Flag(name: .customLong("registry-trace"), inversion: .prefixedNo, help: "Log every registry request (debug level)")
    public var registryTrace: Bool = false
    @Option(name: .customLong("registry-insecure-host"), help: "Hosts reached over plain HTTP")
    public var registryInsecureHost: [String] = []
    @Option(name: .customLong("docker-config"), help: "A config.json with registry credentials")
    public var dockerConfig: String?
    @Option(
        name: .customLong("state-dir"),
        help: "Where fluxd keeps state that outlives a restart (the image-scan cache); an emptyDir in a pod")
    public var stateDir: String?

    // MARK: kubernetes
    @Option(name: .customLong("k8s-secret-name"), help: "Secret holding the SSH deploy key")
    public var k8sSecretName: String = "flux-git-deploy"
    @Option(name: .customLong("k8s-secret-data-key"), help: "Data key of the deploy key within that Secret")
    public var k8sSecretDataKey: String = "identity"
    @Option(name: .customLong("k8s-namespace"), help: "fluxd's own namespace when not running in a pod")
    public var k8sNamespace: String = "flux"
    @Option(name: .customLong("k8s-allow-namespace"), help: "Restrict what fluxd may touch (comma-separated)")
    public var k8sAllowNamespace: [String] = []
    @Option(name: .customLong("k8s-default-namespace"), help: "Namespace for namespaced objects that name none")
    public var k8sDefaultNamespace: String?
    @Option(
        name: .customLong("k8s-unsafe-exclude-resource"),
        help:
            "Kinds (globs over group/version/kind, e.g. v1/Event) fluxd never looks up or prunes [*metrics.k8s.io/*,webhook.certmanager.k8s.io/*,v1/Event]"
    )
    public var k8sUnsafeExcludeResource: [String] = []
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
    @Option(name: .customLong("k8s-verbosity"), help: "Above 0: log the Kubernetes client at debug level")
    public var k8sVerbosity: Int = 0

    // MARK: serving and logging
    @Option(name: [.customShort("l"), .customLong("listen")], help: "Address of the API")
    public var listen: String = ":3030"
    @Option(name: .customLong("listen-metrics"), help: "Another address for /metrics, /healthz, /readyz (all three are on --listen too)")
    public var listenMetrics: String = ""
    @Option(name: .customLong("api-token-file"), help: "File holding the API bearer token")
    public var apiTokenFile: String?
    @Option(name: .customLong("log-format"), help: "fmt (logfmt) or json")
    public var logFormat: String = "fmt"
    @Option(name: .customLong("log-level"), help: "debug, info, warn or error")
    public var logLevel: String = "info"

    /// Webhooks, notifications (ObservabilityOptions.swift).
    @OptionGroup public var observability: ObservabilityOptions

    // MARK: embedded cluster
    @Option(name: .customLong("embedded-cluster"), help: "Serve an in-memory Kubernetes API on HOST:PORT and use it")
    public var embeddedCluster: String?
    @Option(name: .customLong("write-kubeconfig"), help: "With --embedded-cluster: write a kubeconfig for it here")
    public var writeKubeconfig: String?

    /// Flux v1 flags accepted for compatibility and logged as ignored (or as deprecated aliases).
    @OptionGroup(title: "Flux v1 compatibility") public var fluxV1: FluxV1CompatibilityOptions
    @OptionGroup(title: "Limits on what a sync reads (docs/security.md)") public var limits: ManifestLimitOptions
    @OptionGroup public var gitCredentials: GitCredentialOptions
}

extension DaemonOptions {
    /// Parses fluxd's arguments in Flux v1's syntax (`--flag=false`, `-l=:3030`, `--flag=`),
    /// exactly as the `fluxd` binary does.
    public static func parseFluxd(_ arguments: [String]) throws -> DaemonOptions {
        try parse(FluxdArgumentSyntax.normalize(arguments))
    }

    /// Splits repeatable, comma-separated list flags the way Flux v1 accepted them.
    static func flatten(_ values: [String]) -> [String] {
        values.flatMap { $0.split(separator: ",") }.map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
    }
}
