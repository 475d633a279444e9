import ApplyEngine
import AsyncHTTPClient
import EmbeddedCluster
import Foundation
import GitRepository
import ImageAutomation
import KubernetesClient
import Logging
import Metrics
import Prometheus
import ServiceLifecycle
import Webhooks

/// Builds fluxd's services from its configuration and runs them until SIGTERM
/// (or, with `--once`, until one sync has finished).
public struct Daemon: Sendable {
    public let configuration: DaemonConfiguration
    public let logger: Logger

    public init(configuration: DaemonConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    /// Returns the process exit code.
    public func run() async throws -> Int32 {
        guard let embedded = configuration.embedded else {
            return try await runAgainstCluster(kubeconfigPath: configuration.kubernetes.kubeconfig, onEmbedded: false)
        }
        let clusterConfiguration = EmbeddedClusterConfiguration(
            host: embedded.host, port: embedded.port,
            // Workloads report rolled out shortly after each change, so rollout status shows.
            simulatedControllerDelay: .milliseconds(500), logger: Logger(label: "embedded-cluster"))
        return try await EmbeddedCluster.withRunning(clusterConfiguration) { running in
            let path = embedded.kubeconfigPath ?? NSTemporaryDirectory() + "swiftflux-embedded-\(running.port).kubeconfig"
            try running.writeKubeconfig(to: path)
            logger.info(
                "embedded cluster ready",
                metadata: ["address": "\(running.scheme)://\(running.host):\(running.port)", "kubeconfig": "\(path)"])
            // A line for people and scripts to wait on.
            // Written unbuffered, so a pipe sees it at once.
            FileHandle.standardOutput.write(
                Data("embedded cluster listening on \(running.scheme)://\(running.host):\(running.port); kubeconfig: \(path)\n".utf8))
            guard configuration.git.url != nil else {
                try await ServiceGroup(
                    configuration: ServiceGroupConfiguration(
                        services: [.init(service: WaitForShutdown(), successTerminationBehavior: .gracefullyShutdownGroup)],
                        gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
                ).run()
                return 0
            }
            return try await runAgainstCluster(kubeconfigPath: path, onEmbedded: true)
        }
    }

    func runAgainstCluster(kubeconfigPath: String?, onEmbedded: Bool) async throws -> Int32 {
        let writable = WritableDirectories.requirements(
            stateDirectory: configuration.stateDirectory, environment: ProcessInfo.processInfo.environment)
        for warning in try WritableDirectories.ensure(writable) {
            logger.warning("directory not writable", metadata: ["problem": "\(warning)"])
        }
        var clusterConfiguration = try ClusterConfiguration.automatic(
            kubeconfigPath: kubeconfigPath, context: onEmbedded ? nil : configuration.kubernetes.context)
        clusterConfiguration.qps = configuration.kubernetes.qps
        clusterConfiguration.burst = configuration.kubernetes.burst
        return try await KubernetesClient.withClient(clusterConfiguration, logger: Logger(label: "kubernetes")) { client in
            let namespace = Self.ownNamespace(default: configuration.kubernetes.namespace)
            // A brief API outage at start-up is waited out (forever for the daemon, ~1 min with --once).
            let retry = StartupRetry(maxAttempts: configuration.sync.once ? 6 : .max)
            let components = try await retry.run("bootstrap", logger: logger) {
                try await Bootstrap.ensureNamespace(namespace, create: onEmbedded, client: client, logger: logger)
                return try await DaemonComponents.make(
                    configuration: configuration, client: client, namespace: namespace, logger: logger)
            }
            let http = HTTPClient(eventLoopGroupProvider: .singleton)
            let code: Int32
            do {
                let scans = ImageScanService(
                    settings: configuration.imageScan, kubernetes: client, httpClient: http, logger: logger)
                code =
                    configuration.sync.once
                    ? await runOnce(components: components, scans: scans)
                    : try await serve(
                        components: components, scans: scans, client: client, namespace: namespace, onEmbedded: onEmbedded,
                        kubeconfigPath: kubeconfigPath, http: http)
            } catch {
                // try?: the run's own error is the one to report; a client that fails to shut
                // down as well adds nothing the caller can act on.
                try? await http.shutdown()
                await components.gnupgHome?.shutdown()
                throw error
            }
            await components.gnupgHome?.shutdown()
            try await http.shutdown()
            return code
        }
    }

    /// `--once`: one sync, then (unless `--git-readonly`) one scan and automation pass, and a
    /// second sync when automation pushed; prints a summary, returns the exit code.
    func runOnce(components: DaemonComponents, scans: ImageScanService) async -> Int32 {
        let report = await components.runner.syncOnce()
        print(report.summary)
        guard report.succeeded else { return 1 }
        guard !configuration.git.readonly else { return 0 }
        _ = await scans.scanNow()
        do {
            let (changes, commit) = try await automationPass(components: components, scans: scans).run()
            guard let commit else {
                print("automation: nothing to release")
                return 0
            }
            for change in changes { print("automation: \(change.workload) \(change.container): \(change.from) -> \(change.to)") }
            print("automation: pushed \(commit.revision)")
            let second = await components.runner.syncOnce()
            print(second.summary)
            return second.succeeded ? 0 : 1
        } catch {
            print("automation failed: \(error)")
            return 1
        }
    }

    func automationPass(components: DaemonComponents, scans: ImageScanService) -> AutomationPass {
        AutomationPass(
            repository: components.repository, catalog: ScanCatalog(service: scans), paths: configuration.git.paths,
            defaultNamespace: configuration.kubernetes.defaultNamespace, ciSkip: configuration.git.ciSkip,
            manifestGeneration: configuration.sync.manifestGeneration, generationTimeout: configuration.sync.timeout)
    }

    /// The daemon: sync loop, job queue, image scanning and automation, health checks,
    /// notifications, the webhook receiver, the API and metrics servers, in one service group
    /// that stops on SIGTERM/SIGINT.
    func serve(
        components: DaemonComponents, scans: ImageScanService, client: KubernetesClient, namespace: String,
        onEmbedded: Bool, kubeconfigPath: String? = nil, http: HTTPClient
    ) async throws -> Int32 {
        let metrics = DaemonMetrics()
        MetricsSystem.bootstrap(metrics.factory)
        DaemonMetrics.registerSwiftMetricsSeries()
        let secrets = try ObservabilitySecrets.load(configuration.observability)
        let observability = DaemonObservability.make(
            configuration: configuration, secrets: secrets, components: components, client: client, namespace: namespace,
            http: http, metrics: metrics, logger: logger)
        observability.attach(to: components.observers)
        let readiness = Readiness()
        let loop = SyncLoop(
            runner: components.runner, repository: components.repository, passLock: components.passLock,
            pollInterval: configuration.git.pollInterval, syncInterval: configuration.sync.interval,
            readiness: readiness, logger: logger)
        let jobs = JobQueue(logger: logger, activity: components.activity, metrics: metrics)
        var handlers = APIHandlers(
            configuration: configuration, client: client, namespace: namespace,
            repository: components.repository, runner: components.runner, passLock: components.passLock,
            identity: IdentityHolder(key: components.deployKey), jobs: jobs, catalog: ScanCatalog(service: scans),
            logger: logger)
        handlers.health = observability.health
        handlers.committed = { kind, pushed in await observability.committed(kind: kind, pushed: pushed) }
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: loop, successTerminationBehavior: .gracefullyShutdownGroup),
            .init(service: jobs),
            .init(service: scans),
        ]
        services += observability.services
        var automation: (@Sendable () async -> Void)?
        if configuration.git.readonly {
            logger.info("image automation is off: fluxd runs with --git-readonly")
        } else {
            let syncHandlers = handlers
            let automationLoop = AutomationLoop(
                pass: automationPass(components: components, scans: scans), scans: scans, jobs: jobs,
                interval: configuration.imageScan.automationInterval,
                sync: { progress, pushed in try await syncHandlers.syncAndReport(progress: progress, pushed: pushed) },
                logger: logger)
            automation = { await automationLoop.submit() }
            services.append(.init(service: automationLoop))
        }
        if let address = configuration.observability.webhookListen, let secret = secrets.webhook,
            let (host, port) = DaemonConfiguration.hostPort(address)
        {
            let actions = WebhookActions(
                matcher: GitSourceMatcher(repository: configuration.git.url?.description ?? "", branch: configuration.git.branch),
                wakeup: loop.wakeup, scans: scans, automation: automation, logger: logger)
            services.append(.init(service: actions))
            services.append(
                .init(
                    service: WebhookReceiver.application(
                        host: host, port: port, secret: secret, logger: logger,
                        onServerRunning: { port in
                            logger.info("webhook receiver listening", metadata: ["address": "\(host):\(port)"])
                            FileHandle.standardOutput.write(Data("fluxd webhooks listening on \(host):\(port)\n".utf8))
                        },
                        handler: { event in await actions.handle(event) })))
        }
        if let (host, port) = DaemonConfiguration.hostPort(configuration.listen) {
            let token = try await APIToken.load(
                file: configuration.apiTokenFile, namespace: namespace, client: client, logger: logger)
            services.append(
                .init(
                    service: APIServer.application(
                        host: host, port: port, token: token, handlers: handlers, logger: logger, metrics: metrics,
                        readiness: readiness,
                        onServerRunning: { port in
                            logger.info("API listening", metadata: ["address": "\(host):\(port)"])
                            // For scripts and tests that chose port 0.
                            FileHandle.standardOutput.write(Data("fluxd API listening on \(host):\(port)\n".utf8))
                            let ui = WebUIAddress.url(host: host, port: port)
                            let hint = WebUIAddress.tokenHint(
                                tokenFile: configuration.apiTokenFile, namespace: namespace,
                                kubeconfig: onEmbedded ? kubeconfigPath : nil)
                            logger.info("web UI listening", metadata: ["url": "\(ui)"])
                            if onEmbedded {
                                // The demo's first screen: where to look and how to sign in.
                                FileHandle.standardOutput.write(
                                    Data("SwiftFlux web UI: \(ui)\n  sign in with the API token: \(hint)\n".utf8))
                            }
                            if onEmbedded {
                                await EmbeddedSelfPod.register(
                                    port: port, namespace: namespace, client: client, logger: logger)
                            }
                        })))
        }
        if let (host, port) = DaemonConfiguration.hostPort(configuration.listenMetrics) {
            services.append(
                .init(
                    service: MetricsServer.application(
                        host: host, port: port, metrics: metrics, readiness: readiness, logger: logger)))
        }
        try await ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        ).run()
        return 0
    }

    /// The pod's namespace when running in a cluster, else `--k8s-namespace`.
    static func ownNamespace(default fallback: String) -> String {
        let path = ClusterConfiguration.serviceAccountDirectory + "/namespace"
        // try?: outside a pod, or with the token volume not mounted, the flag's namespace is the answer.
        if ProcessInfo.processInfo.environment["KUBERNETES_SERVICE_HOST"] != nil,
            let text = try? String(contentsOfFile: path, encoding: .utf8)
        {
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if !trimmed.isEmpty { return trimmed }
        }
        return fallback
    }
}

/// A service that does nothing until the group shuts down (fluxd serving only the embedded cluster).
struct WaitForShutdown: Service {
    func run() async throws {
        // try?: cancellation is how the wait ends; either way the service is done.
        try? await gracefulShutdown()
    }
}
