import Logging

/// How to run an embedded cluster: where to listen, whether to speak TLS, and whether to
/// simulate the workload controllers.
public struct EmbeddedClusterConfiguration: Sendable {
    public enum TLSMode: Sendable, Equatable {
        /// Plain HTTP (kubeconfigs then carry no credentials).
        case off
        /// HTTPS with a generated CA and serving certificate; with `requireClientCertificates`,
        /// clients must present the generated admin certificate (written into kubeconfigs).
        case generated(requireClientCertificates: Bool)
    }

    public var host: String
    /// 0 picks an ephemeral port; ``RunningCluster/port`` tells which.
    public var port: Int
    public var tls: TLSMode
    /// When set, Deployments, StatefulSets and DaemonSets are marked rolled out and Jobs
    /// complete this long after each change. Off (nil) by default.
    public var simulatedControllerDelay: Duration?
    /// Which container images the simulated kubelet cannot pull (by default, images on
    /// `*.invalid` registries): their workloads never become ready.
    public var kubelet = SimulatedKubelet()
    /// How often watches that asked for bookmarks receive one.
    public var bookmarkInterval: Duration
    /// How many recent events are kept for watches resuming from a resourceVersion.
    public var eventHistorySize: Int
    public var logger: Logger
    /// kube-apiserver's `MaxRequestBodyBytes`: larger write bodies get 413 `RequestEntityTooLarge`.
    public var maxRequestBodyBytes = EmbeddedClusterConfiguration.apiServerMaxRequestBodyBytes
    /// etcd's `--max-request-bytes` for stored objects (`nil`: unlimited).
    public var maxStoredObjectBytes: Int? = ClusterStore.etcdDefaultMaxRequestBytes
    /// Test-only: faults (429/500/503) injected into matching requests. Never set by fluxd.
    public var faults: FaultInjector?

    /// 3 MiB, kube-apiserver's limit (not configurable there).
    public static let apiServerMaxRequestBodyBytes = 3 * 1024 * 1024

    public init(
        host: String = "127.0.0.1", port: Int = 0, tls: TLSMode = .off, simulatedControllerDelay: Duration? = nil,
        bookmarkInterval: Duration = .seconds(30), eventHistorySize: Int = 10_000,
        logger: Logger = Logger(label: "swiftflux.embedded-cluster")
    ) {
        self.host = host
        self.port = port
        self.tls = tls
        self.simulatedControllerDelay = simulatedControllerDelay
        self.bookmarkInterval = bookmarkInterval
        self.eventHistorySize = eventHistorySize
        self.logger = logger
    }
}
