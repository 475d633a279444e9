import ApplyEngine
import Foundation
import GitRepository
import KubernetesClient
import Logging

/// The long-lived parts of a running fluxd, built once at start-up.
struct DaemonComponents: Sendable {
    let repository: GitRepository
    let runner: SyncRunner
    let deployKey: DeployKey
    /// What fluxd did since it started (the API's status and history).
    let activity: ActivityLog
    /// fluxd's own GnuPG home (`--git-gpg-key-import`, signature verification), if any.
    let gnupgHome: GnuPGHome?
    /// fluxd's Kubernetes Events, correlated.
    let events: EventRecorder
    /// Told about every sync pass (metrics, notifications, health).
    let observers: SyncObservers
    /// Sync passes of the loop and of API jobs take turns.
    let passLock = PassLock()

    static func make(
        configuration: DaemonConfiguration, client: KubernetesClient, namespace: String, logger: Logger
    ) async throws -> DaemonComponents {
        guard let url = configuration.git.url else { throw DaemonError("--git-url is required to sync") }
        let key = try await Bootstrap.deployKey(
            secretName: configuration.kubernetes.secretName, dataKey: configuration.kubernetes.secretDataKey,
            namespace: namespace, generation: configuration.git.keyGeneration, client: client, logger: logger)
        let knownHosts = try await GitAccess.knownHosts(
            file: configuration.git.knownHostsFile, namespace: namespace, client: client)
        let https: HTTPSCredentials?
        if let file = configuration.gitHTTPSCredentialsFile {
            https = try HTTPSCredentials.fromCredentialStore(path: file, for: url)
        } else {
            https = try await GitAccess.httpsCredentials(
                secretName: configuration.git.httpsSecret, namespace: namespace, client: client)
        }
        let credentials = GitCredentials(
            ssh: SSHCredentials(
                privateKey: key.privateKey, knownHosts: knownHosts,
                acceptNewHostKeys: configuration.git.acceptNewHostKeys),
            https: https)
        let activity = ActivityLog()
        let workDirectory = NSTemporaryDirectory() + "fluxd-git-\(UUID().uuidString.prefix(8))"
        var repositoryConfiguration = GitRepositoryConfiguration(
            url: url, branch: configuration.git.branch, workDirectory: workDirectory,
            timeout: configuration.git.timeout, credentials: credentials,
            committer: GitIdentity(name: configuration.git.user, email: configuration.git.email))
        repositoryConfiguration.commitMessageSuffix = configuration.git.commitMessageSuffix
        repositoryConfiguration.notesRef = configuration.git.readonly ? nil : configuration.git.notesRef
        let signatures = configuration.git.signatures
        let gnupgHome = try await GPGSetup.prepare(signatures, logger: logger)
        repositoryConfiguration.signatures = GitSignatureSettings(
            verifyMode: SignatureVerificationMode(rawValue: signatures.verifyMode.rawValue) ?? .all,
            signingKey: signatures.signingKey, gnupgHome: gnupgHome)
        repositoryConfiguration.onPush = { pushed in await activity.recordCommit(pushed) }
        let repository = try GitRepository(configuration: repositoryConfiguration, logger: logger)
        let engine = SyncEngine(
            cluster: ClientClusterAccess(client: client),
            settings: SyncEngine.Settings(
                fieldManager: "flux",
                mark: SyncMark(installationNamespace: namespace, secretName: configuration.kubernetes.secretName),
                filter: NamespaceFilter(allowed: configuration.kubernetes.allowNamespaces),
                garbageCollection: configuration.sync.garbageCollection,
                garbageCollectionDry: configuration.sync.garbageCollectionDry,
                crdTimeout: configuration.sync.timeout, excludedResources: configuration.kubernetes.excludeResources),
            logger: logger)
        let recorder = RevisionRecorder(
            state: configuration.sync.state, tag: configuration.git.syncTag, repository: repository, client: client,
            namespace: namespace, secretName: configuration.kubernetes.secretName)
        let events = EventRecorder(client: client, logger: logger)
        let observers = SyncObservers()
        var runner = SyncRunner(
            configuration: configuration, client: client, repository: repository, engine: engine, recorder: recorder,
            namespace: namespace, logger: logger, activity: activity, events: events, observers: observers)
        if signatures.verifyMode != .none {
            runner.signatureGate = SignatureGate(
                mode: repositoryConfiguration.signatures.verifyMode, repository: repository, recorder: recorder)
        }
        runner.secrets = CheckoutSecrets(
            gitSecret: configuration.git.gitSecret ? GitSecretReveal(gnupgHome: gnupgHome) : nil,
            decryption: try GPGSetup.decryption(
                enabled: configuration.sync.sops, home: gnupgHome, keysImported: !signatures.keyImports.isEmpty,
                timeout: configuration.sync.timeout, logger: logger))
        if configuration.git.gitSecret && signatures.keyImports.isEmpty {
            logger.warning(
                "--git-secret is on without --git-gpg-key-import: the GPG key must be in the keyring of the environment")
        }
        return DaemonComponents(
            repository: repository, runner: runner, deployKey: key, activity: activity, gnupgHome: gnupgHome,
            events: events, observers: observers)
    }
}
