import ArgumentParser
import Foundation
import GitRepository
import ImageAutomation
import KubernetesModel
import Logging
import Manifests

extension DaemonConfiguration {
    /// Validates the flags and applies Flux v1's rules between them (`--git-label` overrides
    /// `--git-sync-tag` and `--git-notes-ref`; `--git-verify-signatures` means
    /// `--git-verify-signatures-mode=all` unless that is given; `--git-readonly` implies
    /// `--sync-state=secret`; deprecated aliases fill in their replacements).
    public init(options: DaemonOptions) throws(ValidationError) {
        let v1 = options.fluxV1
        guard let state = SyncState(rawValue: options.syncState) else {
            throw ValidationError("--sync-state: must be \"git\" or \"secret\", not \"\(options.syncState)\"")
        }
        guard let logFormat = LogSettings.Format(rawValue: options.logFormat) else {
            throw ValidationError("--log-format: must be \"fmt\" or \"json\", not \"\(options.logFormat)\"")
        }
        guard let logLevel = Self.logLevel(options.logLevel) else {
            throw ValidationError("--log-level: must be debug, info, warn or error, not \"\(options.logLevel)\"")
        }
        let verifyMode = try Self.verifyMode(options)
        let paths = DaemonOptions.flatten(options.gitPath)
        for path in paths where path.hasPrefix("/") || path.split(separator: "/").contains("..") {
            throw ValidationError("--git-path: \"\(path)\" must be a relative path inside the repository")
        }
        let keyGeneration: DeployKey.Generation
        do {
            keyGeneration = try DeployKey.Generation(
                type: options.sshKeygenType, bits: options.sshKeygenBits, format: options.sshKeygenFormat,
                directory: options.sshKeygenDir)
        } catch {
            throw ValidationError(error.message)
        }
        let skipMessage = options.gitCISkipMessage.isEmpty && options.gitCISkip ? Self.defaultCISkipMessage : options.gitCISkipMessage
        var gitURL: GitRemoteURL?
        if let text = options.gitURL.flatMap({ $0.isEmpty ? nil : $0 }) {
            do throws(GitError) {
                gitURL = try GitRemoteURL(text)
            } catch {
                throw ValidationError("--git-url: \(error.message) (\(error.url))")
            }
        }
        git = Git(
            url: gitURL, branch: options.gitBranch, paths: paths,
            pollInterval: try Self.duration(options.gitPollInterval, "git-poll-interval"),
            timeout: try Self.duration(options.gitTimeout, "git-timeout"),
            readonly: options.gitReadonly, user: options.gitUser, email: options.gitEmail,
            setAuthor: options.gitSetAuthor, syncTag: options.gitLabel ?? options.gitSyncTag,
            notesRef: options.gitLabel ?? options.gitNotesRef, ciSkip: options.gitCISkip || !skipMessage.isEmpty,
            commitMessageSuffix: skipMessage, knownHostsFile: options.gitKnownHosts, httpsSecret: options.gitHTTPSSecret,
            acceptNewHostKeys: options.gitAcceptNewHostKeys, keyGeneration: keyGeneration,
            signatures: SignatureSettings(
                verifyMode: verifyMode, keyImports: DaemonOptions.flatten(options.secrets.gitGPGKeyImport),
                signingKey: options.secrets.gitSigningKey.flatMap { $0.isEmpty ? nil : $0 }),
            gitSecret: options.secrets.gitSecret)
        sync = Sync(
            interval: try Self.duration(options.syncInterval, "sync-interval"),
            timeout: try Self.duration(options.syncTimeout, "sync-timeout"),
            garbageCollection: options.syncGarbageCollection || options.syncGarbageCollectionDry,
            garbageCollectionDry: options.syncGarbageCollectionDry,
            state: state, once: options.once, manifestGeneration: options.manifestGeneration,
            remoteResources: options.enableRemoteResources, sops: options.secrets.sops)
        let excludedResources = DaemonOptions.flatten(options.k8sUnsafeExcludeResource)
        kubernetes = Kubernetes(
            secretName: options.k8sSecretName, secretDataKey: options.k8sSecretDataKey, namespace: options.k8sNamespace,
            allowNamespaces: DaemonOptions.flatten(options.k8sAllowNamespace + v1.k8sNamespaceWhitelist),
            defaultNamespace: options.k8sDefaultNamespace.flatMap { $0.isEmpty ? nil : $0 } ?? "default",
            kubeconfig: options.kubeconfig ?? v1.kubeConfig.flatMap { $0.isEmpty ? nil : $0 }, context: options.context,
            qps: options.k8sQPS, burst: options.k8sBurst,
            excludeResources: options.k8sUnsafeExcludeResource.isEmpty ? Self.defaultExcludedResources : excludedResources)
        if let address = options.embeddedCluster {
            guard let (host, port) = Self.hostPort(address) else {
                throw ValidationError("--embedded-cluster: expected HOST:PORT, got \"\(address)\"")
            }
            embedded = Embedded(host: host, port: port, kubeconfigPath: options.writeKubeconfig)
        } else if options.writeKubeconfig != nil {
            throw ValidationError("--write-kubeconfig needs --embedded-cluster")
        }
        imageScan = try Self.imageScan(options)
        listen = options.listen
        listenMetrics = options.listenMetrics
        stateDirectory = Self.stateDirectory(options)
        observability = try ObservabilityConfiguration(options: options.observability, gitURL: options.gitURL)
        apiTokenFile = options.apiTokenFile
        manifestLimits = try options.limits.manifestLimits()
        gitHTTPSCredentialsFile = options.gitCredentials.httpsCredentialsFile
        if gitHTTPSCredentialsFile != nil && options.gitHTTPSSecret != nil {
            throw ValidationError("--git-https-credentials-file and --git-https-secret both give HTTPS credentials; use one")
        }
        var debugComponents: Set<String> = []
        if options.k8sVerbosity > 0 { debugComponents.insert("kubernetes") }
        if options.registryTrace { debugComponents.insert("registry") }
        logging = LogSettings(level: logLevel, format: logFormat, debugComponents: debugComponents)
        compatibilityNotices = v1.notices
        if git.readonly && sync.state == .git {
            sync.state = .secret
            adjustments.append("--git-readonly implies --sync-state=secret")
        }
        if git.readonly {
            let ignored = [
                options.gitSetAuthor ? "--git-set-author" : nil, git.ciSkip ? "--git-ci-skip(-message)" : nil,
                git.signatures.signingKey != nil ? "--git-signing-key" : nil,
            ].compactMap { $0 }
            if !ignored.isEmpty {
                adjustments.append("\(ignored.joined(separator: ", ")) have no effect with --git-readonly (fluxd never commits)")
            }
        }
        if verifyMode != .none && sync.state == .git && git.signatures.signingKey == nil {
            throw ValidationError(
                "--git-verify-signatures-mode=\(verifyMode.rawValue) with --sync-state=git needs --git-signing-key: fluxd verifies the sync tag it moves, so it must sign it"
            )
        }
        if git.url == nil && embedded == nil {
            throw ValidationError("nothing to do: give --git-url (and a cluster), or --embedded-cluster HOST:PORT")
        }
    }

    static func duration(_ text: String, _ flag: String) throws(ValidationError) -> Duration {
        guard let parsed = GoDuration(parsing: text), parsed.duration >= .zero else {
            throw ValidationError("--\(flag): invalid duration \"\(text)\" (use Go syntax, e.g. 30s, 5m, 1h)")
        }
        return parsed.duration
    }

    /// `debug`, `info`, `warn` (or `warning`), `error`, as Flux v2's controllers take them.
    static func logLevel(_ text: String) -> Logger.Level? {
        switch text.lowercased() {
        case "trace": return .trace
        case "debug": return .debug
        case "info": return .info
        case "warn", "warning": return .warning
        case "error": return .error
        default: return nil
        }
    }

    /// Flux v1: `--git-verify-signatures` means `all` unless the mode is given explicitly.
    static func verifyMode(_ options: DaemonOptions) throws(ValidationError) -> VerifySignaturesMode {
        if let given = options.secrets.gitVerifySignaturesMode {
            guard let mode = VerifySignaturesMode(rawValue: given) else {
                throw ValidationError(
                    "--git-verify-signatures-mode: must be none, all or first-parent, not \"\(given)\"")
            }
            return mode
        }
        return options.gitVerifySignatures ? .all : .none
    }

    /// Flux v1's registry rules: `--registry-exclude-image` defaults to `k8s.gcr.io/*`,
    /// `--registry-disable-scanning` excludes everything, `--registry-poll-interval` is the
    /// automation interval when `--automation-interval` is not given.
    /// `--state-dir`, by default under TMPDIR.
    static func stateDirectory(_ options: DaemonOptions) -> String {
        options.stateDir ?? NSTemporaryDirectory() + "fluxd-state-\(options.k8sNamespace)"
    }

    static func imageScan(_ options: DaemonOptions) throws(ValidationError) -> ImageScanSettings {
        var excluded = options.registryExcludeImage.isEmpty ? defaultExcludedImages : options.registryExcludeImage
        if options.registryDisableScanning { excluded = ["*"] }
        let interval = options.automationInterval ?? options.fluxV1.registryPollInterval ?? "5m"
        do {
            var settings = try ImageScanSettings(
                automationInterval: interval, registryRPS: options.registryRPS,
                registryBurst: options.registryBurst, registryExcludeImage: excluded,
                registryInsecureHost: options.registryInsecureHost, dockerConfig: options.dockerConfig,
                allowedNamespaces: options.k8sAllowNamespace + options.fluxV1.k8sNamespaceWhitelist,
                stateDirectory: stateDirectory(options))
            settings.includeImages = DaemonOptions.flatten(options.registryIncludeImage)
            settings.registry.labelTimestampImages =
                options.registryUseLabels.isEmpty ? defaultLabelTimestampImages : DaemonOptions.flatten(options.registryUseLabels)
            return settings
        } catch {
            throw ValidationError(error.description)
        }
    }
}
