import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import KubernetesModel
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// Why the embedded cluster could not start.
public struct EmbeddedClusterError: Error, CustomStringConvertible {
    public var description: String
}

/// An in-memory Kubernetes API server that kubectl and the client accept as a cluster.
///
/// Run it in-process with ``withRunning(_:_:)`` (tests), or as a `Service` until
/// cancelled or shut down gracefully (`fluxd --embedded-cluster`), learning the bound
/// address through `onReady` before requests are served.
public struct EmbeddedCluster: Service {
    public let configuration: EmbeddedClusterConfiguration
    /// The cluster's state, for tests that want to look behind the HTTP API.
    public let store: ClusterStore
    let onReady: @Sendable (RunningCluster) async -> Void

    public init(
        configuration: EmbeddedClusterConfiguration, onReady: @escaping @Sendable (RunningCluster) async -> Void = { _ in }
    ) {
        self.configuration = configuration
        self.store = ClusterStore(
            logger: configuration.logger, historySize: configuration.eventHistorySize,
            maxStoredObjectBytes: configuration.maxStoredObjectBytes)
        self.onReady = onReady
    }

    /// Serves until graceful shutdown is triggered (open watches end, requests in flight
    /// finish, then the listener closes) or the task is cancelled.
    public func run() async throws {
        try await serve()
    }

    func serve() async throws {
        let configuration = self.configuration
        let store = self.store
        let logger = configuration.logger
        var certificates: ClusterCertificates? = nil
        let server: HTTPServerBuilder
        switch configuration.tls {
        case .off:
            server = .http1()
        case .generated(let requireClientCertificates):
            let generated = try ClusterCertificates.generate(hosts: [configuration.host])
            certificates = generated
            server = try .tls(
                .http1(), tlsConfiguration: generated.serverTLSConfiguration(requireClientCertificates: requireClientCertificates))
        }
        let scheme = certificates == nil ? "http" : "https"
        let host = configuration.host
        let address = AddressBox()
        var responder = APIServerResponder(
            store: store, serverAddress: address, bookmarkInterval: configuration.bookmarkInterval, logger: logger)
        responder.maxRequestBodyBytes = configuration.maxRequestBodyBytes
        responder.faults = configuration.faults
        let onReady = self.onReady
        let certificatesForReady = certificates
        let app = Application(
            responder: responder, server: server,
            configuration: ApplicationConfiguration(address: .hostname(host, port: configuration.port), serverName: nil),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? configuration.port
                let hostPart = host.contains(":") ? "[\(host)]" : host
                address.set("\(hostPart):\(port)")
                logger.info("embedded cluster serving", metadata: ["address": "\(scheme)://\(hostPart):\(port)"])
                await onReady(
                    RunningCluster(host: host, port: port, scheme: scheme, certificates: certificatesForReady, store: store))
            },
            logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            if let delay = configuration.simulatedControllerDelay {
                group.addTask {
                    await cancelWhenGracefulShutdown {
                        await SimulatedControllers(
                            store: store, delay: delay, kubelet: configuration.kubelet, logger: logger
                        ).run()
                    }
                }
            }
            group.addTask {
                // Open watches end when the server stops, so its connections can drain.
                do {
                    try await gracefulShutdown()
                } catch {
                    // Cancelled instead: the server is going down all the same.
                }
                await store.finishAllWatches()
            }
            defer { group.cancelAll() }
            // Hummingbird's `run` drains and returns on graceful shutdown; cancelling it instead
            // makes HummingbirdCore log an error, so ``withRunning(_:_:)`` shuts down gracefully.
            try await app.run()
        }
    }

    /// Starts a cluster, runs `body` with it, and stops it when `body` returns or throws.
    public static func withRunning<T>(
        _ configuration: EmbeddedClusterConfiguration = EmbeddedClusterConfiguration(),
        _ body: (RunningCluster) async throws -> T
    ) async throws -> T {
        let (ready, continuation) = AsyncStream.makeStream(of: RunningCluster.self)
        let cluster = EmbeddedCluster(
            configuration: configuration,
            onReady: { running in
                continuation.yield(running)
                continuation.finish()
            })
        var groupConfiguration = ServiceGroupConfiguration(services: [.init(service: cluster)], logger: configuration.logger)
        // A client that keeps a request open past this is cut off (the group then cancels).
        groupConfiguration.maximumGracefulShutdownDuration = .seconds(5)
        let services = ServiceGroup(configuration: groupConfiguration)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                defer { continuation.finish() }
                try await services.run()
            }
            var iterator = ready.makeAsyncIterator()
            guard let running = await iterator.next() else {
                try await group.next()
                throw EmbeddedClusterError(description: "the embedded cluster stopped before it was ready")
            }
            let result: Result<T, any Error>
            do {
                result = .success(try await body(running))
            } catch {
                result = .failure(error)
            }
            await services.triggerGracefulShutdown()
            do {
                try await group.waitForAll()
            } catch {
                // The cluster failed while shutting down; the body's outcome is what callers asked for.
                configuration.logger.debug("embedded cluster stopped with an error", metadata: ["error": "\(error)"])
            }
            return try result.get()
        }
    }
}

/// The advertised address, known only once the listener is bound.
final class AddressBox: Sendable, CustomStringConvertible {
    private let storage = Mutex("")
    func set(_ value: String) { storage.withLock { $0 = value } }
    var description: String { storage.withLock { $0 } }
}
