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
    /// Sync passes of the loop and of API jobs take turns.
    let passLock = PassLock()

    static func make(
        configuration: DaemonConfiguration, client: KubernetesClient, namespace: String, logger: Logger
    ) async throws -> DaemonComponents {
        guard let url = configuration.git.url else { throw DaemonError("--git-url is required to sync") }
        let keyType = configuration.git.keyType
        let key = try await Bootstrap.deployKey(
            secretName: configuration.kubernetes.secretName, namespace: namespace, keyType: keyType, client: client,
            logger: logger)
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
        let workDirectory = NSTemporaryDirectory() + "fluxd-git-\(UUID().uuidString.prefix(8))"
        let repository = try GitRepository(
            configuration: GitRepositoryConfiguration(
                url: url, branch: configuration.git.branch, workDirectory: workDirectory,
                timeout: configuration.git.timeout, credentials: credentials,
                committer: GitIdentity(name: configuration.git.user, email: configuration.git.email)),
            logger: logger)
        let engine = SyncEngine(
            cluster: ClientClusterAccess(client: client),
            settings: SyncEngine.Settings(
                fieldManager: "flux",
                mark: SyncMark(value: Bootstrap.syncMark(namespace: namespace, secretName: configuration.kubernetes.secretName)),
                filter: NamespaceFilter(allowed: configuration.kubernetes.allowNamespaces),
                garbageCollection: configuration.sync.garbageCollection,
                garbageCollectionDry: configuration.sync.garbageCollectionDry,
                crdTimeout: configuration.sync.timeout),
            logger: logger)
        let recorder = RevisionRecorder(
            state: configuration.sync.state, tag: configuration.git.syncTag, repository: repository, client: client,
            namespace: namespace, secretName: configuration.kubernetes.secretName)
        let runner = SyncRunner(
            configuration: configuration, client: client, repository: repository, engine: engine, recorder: recorder,
            namespace: namespace, logger: logger)
        return DaemonComponents(repository: repository, runner: runner, deployKey: key)
    }
}
