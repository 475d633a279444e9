import ArgumentParser
import Foundation
import GitRepository
import ImageAutomation
import KubernetesModel
import Logging
import Manifests

/// fluxd's settings after validation: what the services are built from
/// (`DaemonConfiguration+Options.swift` derives them from the flags).
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
        /// `--git-sync-tag`, or `--git-label` when given.
        public var syncTag: String
        /// `--git-notes-ref`, or `--git-label` when given: fluxd's commits get a note there.
        public var notesRef: String
        /// `--git-ci-skip` was given (the text appended is `commitMessageSuffix`).
        public var ciSkip: Bool
        /// Appended to every commit message fluxd writes: `--git-ci-skip-message`, else
        /// `"\n\n[ci skip]"` with `--git-ci-skip`, else empty.
        public var commitMessageSuffix: String
        public var knownHostsFile: String?
        public var httpsSecret: String?
        public var acceptNewHostKeys: Bool
        /// The deploy key generated on first start.
        public var keyGeneration: DeployKey.Generation
        /// GPG signing and verification (`--git-signing-key`, `--git-verify-signatures-mode`,
        /// `--git-gpg-key-import`).
        public var signatures: SignatureSettings
        /// `--git-secret`: `git secret reveal -f` in every checkout.
        public var gitSecret: Bool
    }

    /// `--git-verify-signatures-mode`, as Flux v1 defines it.
    public enum VerifySignaturesMode: String, Sendable, CaseIterable {
        /// Nothing is verified.
        case none
        /// Every commit after the sync tag (all of history when there is none) and the tag.
        case all
        /// Only commits on the first-parent chain (merges vouch for what they bring in).
        case firstParent = "first-parent"
    }

    public struct SignatureSettings: Sendable {
        public var verifyMode: VerifySignaturesMode
        /// Files or directories of keys imported into fluxd's own GnuPG home.
        public var keyImports: [String]
        /// Signs commits and the sync tag.
        public var signingKey: String?
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
        /// `--sops`: SOPS-encrypted files are decrypted when read.
        public var sops: Bool
    }

    public struct Kubernetes: Sendable {
        public var secretName: String
        /// `--k8s-secret-data-key`: the deploy key's data key within `secretName`.
        public var secretDataKey: String
        public var namespace: String
        public var allowNamespaces: [String]
        public var defaultNamespace: String
        public var kubeconfig: String?
        public var context: String?
        public var qps: Double
        public var burst: Int
        /// `--k8s-unsafe-exclude-resource`: `group/version/kind` globs fluxd never prunes.
        public var excludeResources: [String]
    }

    public struct Embedded: Sendable {
        public var host: String
        public var port: Int
        public var kubeconfigPath: String?
    }

    /// `--log-level`, `--log-format`, and the components logged at debug level by
    /// `--k8s-verbosity` / `--registry-trace`.
    public struct LogSettings: Sendable {
        public enum Format: String, Sendable { case fmt, json }
        public var level: Logger.Level
        public var format: Format
        /// Logger labels logged at `debug` whatever `level` is.
        public var debugComponents: Set<String>
    }

    public var git: Git
    public var sync: Sync
    public var kubernetes: Kubernetes
    public var embedded: Embedded?
    /// Image scanning and automation (`--automation-interval`, `--registry-*`, `--docker-config`).
    public var imageScan: ImageScanSettings
    /// `--state-dir`: where state that outlives a restart lives (the image-scan cache); by
    /// default under TMPDIR. With a read-only root filesystem it must be a writable mount.
    public var stateDirectory: String
    public var listen: String
    public var listenMetrics: String
    /// Webhooks and notifications (`--listen-webhook`, `--notify-*`).
    public var observability: ObservabilityConfiguration
    public var apiTokenFile: String?
    public var logging: LogSettings
    /// Bounds on what one sync reads (`--manifest-max-*`).
    public var manifestLimits: ManifestLimits = .default
    /// `--git-https-credentials-file`: HTTPS credentials from a mounted file.
    public var gitHTTPSCredentialsFile: String?
    /// Settings changed to make the flags consistent, to be logged at start-up.
    public var adjustments: [String] = []
    /// Flux v1 flags given that are ignored or deprecated: (flag, why), logged once at start-up.
    public var compatibilityNotices: [(flag: String, reason: String)] = []

    /// Flux v1's defaults for list flags that have one (used when the flag is not given).
    public static let defaultExcludedImages = ["k8s.gcr.io/*"]
    public static let defaultLabelTimestampImages = ["index.docker.io/weaveworks/*", "index.docker.io/fluxcd/*"]
    public static let defaultExcludedResources = ["*metrics.k8s.io/*", "webhook.certmanager.k8s.io/*", "v1/Event"]
    /// What `--git-ci-skip` appends, as Flux v1 did.
    public static let defaultCISkipMessage = "\n\n[ci skip]"

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
