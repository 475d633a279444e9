import ArgumentParser
import Foundation
import GitRepository
import ImageAutomation
import KubernetesModel
import Manifests

/// fluxd's settings after validation: what the services are built from.
public struct DaemonConfiguration: Sendable {
    public enum SyncState: String, Sendable { case git, secret }

    public struct Git: Sendable {
        /// Parsed once; prints without credentials wherever it is shown (logs, Events, inventory, API).
        public var url: GitRemoteURL?
        public var branch: String
        public var paths: [String]
        public var pollInterval: Duration
        public var timeout: Duration
        public var readonly: Bool
        public var user: String
        public var email: String
        public var setAuthor: Bool
        public var syncTag: String
        public var ciSkip: Bool
        public var verifySignatures: Bool
        public var knownHostsFile: String?
        public var httpsSecret: String?
        public var acceptNewHostKeys: Bool
        public var keyType: DeployKey.KeyType
    }

    public struct Sync: Sendable {
        public var interval: Duration
        public var timeout: Duration
        public var garbageCollection: Bool
        public var garbageCollectionDry: Bool
        public var state: SyncState
        public var once: Bool
        public var manifestGeneration: Bool
        /// Kustomize remote `resources:` are fetched (`--enable-remote-resources`); off: refused.
        public var remoteResources: Bool
    }

    public struct Kubernetes: Sendable {
        public var secretName: String
        public var namespace: String
        public var allowNamespaces: [String]
        public var defaultNamespace: String
        public var kubeconfig: String?
        public var context: String?
        public var qps: Double
        public var burst: Int
    }

    public struct Embedded: Sendable {
        public var host: String
        public var port: Int
        public var kubeconfigPath: String?
    }

    public var git: Git
    public var sync: Sync
    public var kubernetes: Kubernetes
    public var embedded: Embedded?
    /// Image scanning and automation (`--automation-interval`, `--registry-*`, `--docker-config`).
    public var imageScan: ImageScanSettings
    public var listen: String
    public var listenMetrics: String
    public var apiTokenFile: String?
    public var logFormat: LineLogHandler.Format
    /// Bounds on what one sync reads (`--manifest-max-*`).
    public var manifestLimits: ManifestLimits = .default
    /// `--git-https-credentials-file`: HTTPS credentials from a mounted file.
    public var gitHTTPSCredentialsFile: String?
    /// Settings changed to make the flags consistent, to be logged at start-up.
    public var adjustments: [String] = []

    public init(options: DaemonOptions) throws(ValidationError) {
        func duration(_ text: String, _ flag: String) throws(ValidationError) -> Duration {
            guard let parsed = GoDuration(parsing: text), parsed.duration >= .zero else {
                throw ValidationError("--\(flag): invalid duration \"\(text)\" (use Go syntax, e.g. 30s, 5m, 1h)")
            }
            return parsed.duration
        }
        guard let state = SyncState(rawValue: options.syncState) else {
            throw ValidationError("--sync-state: must be \"git\" or \"secret\", not \"\(options.syncState)\"")
        }
        guard let keyType = DeployKey.KeyType(flag: options.sshKeygenType) else {
            throw ValidationError("--ssh-keygen-type: must be \"ed25519\" or \"rsa\", not \"\(options.sshKeygenType)\"")
        }
        let logFormats: [String: LineLogHandler.Format] = ["fmt": .logfmt, "json": .json]
        guard let logFormat = logFormats[options.logFormat] else {
            throw ValidationError("--log-format: must be \"fmt\" or \"json\", not \"\(options.logFormat)\"")
        }
        let paths = DaemonOptions.flatten(options.gitPath)
        for path in paths where path.hasPrefix("/") || path.split(separator: "/").contains("..") {
            throw ValidationError("--git-path: \"\(path)\" must be a relative path inside the repository")
        }
        var url: GitRemoteURL?
        if let text = options.gitURL {
            do throws(GitError) {
                url = try GitRemoteURL(text)
            } catch {
                throw ValidationError("--git-url: \(error.message) (\(error.url))")
            }
        }
        git = Git(
            url: url, branch: options.gitBranch, paths: paths,
            pollInterval: try duration(options.gitPollInterval, "git-poll-interval"),
            timeout: try duration(options.gitTimeout, "git-timeout"),
            readonly: options.gitReadonly, user: options.gitUser, email: options.gitEmail,
            setAuthor: options.gitSetAuthor, syncTag: options.gitSyncTag, ciSkip: options.gitCISkip,
            verifySignatures: options.gitVerifySignatures, knownHostsFile: options.gitKnownHosts,
            httpsSecret: options.gitHTTPSSecret, acceptNewHostKeys: options.gitAcceptNewHostKeys, keyType: keyType)
        sync = Sync(
            interval: try duration(options.syncInterval, "sync-interval"),
            timeout: try duration(options.syncTimeout, "sync-timeout"),
            garbageCollection: options.syncGarbageCollection || options.syncGarbageCollectionDry,
            garbageCollectionDry: options.syncGarbageCollectionDry,
            state: state, once: options.once, manifestGeneration: options.manifestGeneration,
            remoteResources: options.enableRemoteResources)
        kubernetes = Kubernetes(
            secretName: options.k8sSecretName, namespace: options.k8sNamespace,
            allowNamespaces: DaemonOptions.flatten(options.k8sAllowNamespace),
            defaultNamespace: options.k8sDefaultNamespace ?? "default",
            kubeconfig: options.kubeconfig, context: options.context,
            qps: options.k8sQPS, burst: options.k8sBurst)
        if let address = options.embeddedCluster {
            guard let (host, port) = Self.hostPort(address) else {
                throw ValidationError("--embedded-cluster: expected HOST:PORT, got \"\(address)\"")
            }
            embedded = Embedded(host: host, port: port, kubeconfigPath: options.writeKubeconfig)
        } else if options.writeKubeconfig != nil {
            throw ValidationError("--write-kubeconfig needs --embedded-cluster")
        }
        do {
            imageScan = try ImageScanSettings(
                automationInterval: options.automationInterval, registryRPS: options.registryRPS,
                registryBurst: options.registryBurst, registryExcludeImage: options.registryExcludeImage,
                registryInsecureHost: options.registryInsecureHost, dockerConfig: options.dockerConfig,
                allowedNamespaces: options.k8sAllowNamespace,
                stateDirectory: options.stateDir ?? NSTemporaryDirectory() + "fluxd-state-\(options.k8sNamespace)")
        } catch {
            throw ValidationError(error.description)
        }
        listen = options.listen
        listenMetrics = options.listenMetrics
        apiTokenFile = options.apiTokenFile
        self.logFormat = logFormat
        manifestLimits = try options.limits.manifestLimits()
        gitHTTPSCredentialsFile = options.gitCredentials.httpsCredentialsFile
        if gitHTTPSCredentialsFile != nil && options.gitHTTPSSecret != nil {
            throw ValidationError("--git-https-credentials-file and --git-https-secret both give HTTPS credentials; use one")
        }
        if git.readonly && sync.state == .git {
            sync.state = .secret
            adjustments.append("--git-readonly implies --sync-state=secret")
        }
        if options.gitVerifySignatures {
            throw ValidationError("--git-verify-signatures is not supported yet: fluxd refuses to start rather than apply unverified commits")
        }
        if git.url == nil && embedded == nil {
            throw ValidationError("nothing to do: give --git-url (and a cluster), or --embedded-cluster HOST:PORT")
        }
    }

    /// Parses `HOST:PORT`, `:PORT` and `[::1]:PORT`.
    public static func hostPort(_ text: String) -> (String, Int)? {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (0...65535).contains(port)
        else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if host.isEmpty { host = "0.0.0.0" }
        return (host, port)
    }
}
