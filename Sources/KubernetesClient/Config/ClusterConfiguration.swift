import Logging

/// Everything needed to talk to one cluster: where it is, how to trust it, who we are, and
/// how politely to call it. Built from a kubeconfig (`KubeConfig.load`) or from the pod's
/// service account (`ClusterConfiguration.inCluster`), or by hand in tests.
public struct ClusterConfiguration: Sendable {
    /// `https://host:port` (optionally with a path prefix).
    public var server: String
    public var tls: TLSSettings
    public var credentials: Credentials
    /// `http://`, `https://` or `socks5://` proxy, from the cluster's `proxy-url`.
    public var proxyURL: String?
    /// The context's namespace (else `default`): used for namespaced objects that name none.
    public var namespace: String
    /// Client-side rate limit: sustained requests per second and burst (token bucket).
    public var qps: Double
    public var burst: Int
    /// Deadline for one non-watch request (per attempt).
    public var requestTimeout: Duration
    public var retry: RetryPolicy
    public var userAgent: String

    public init(
        server: String, tls: TLSSettings = TLSSettings(), credentials: Credentials = .none, proxyURL: String? = nil,
        namespace: String = "default", qps: Double = 50, burst: Int = 100, requestTimeout: Duration = .seconds(30),
        retry: RetryPolicy = RetryPolicy(), userAgent: String = "swiftflux"
    ) {
        self.server = server
        self.tls = tls
        self.credentials = credentials
        self.proxyURL = proxyURL
        self.namespace = namespace
        self.qps = qps
        self.burst = burst
        self.requestTimeout = requestTimeout
        self.retry = retry
        self.userAgent = userAgent
    }
}

/// How the server's certificate is verified and which client certificate we present.
public struct TLSSettings: Sendable, Hashable {
    /// PEM bundle of trusted CAs; `nil` uses the system trust store.
    public var certificateAuthorityPEM: [UInt8]?
    /// Only ever true when the kubeconfig says `insecure-skip-tls-verify: true`.
    public var insecureSkipVerify: Bool
    /// Name to send as SNI and to verify the server certificate against (`tls-server-name`).
    public var serverName: String?
    public var clientCertificatePEM: [UInt8]?
    public var clientKeyPEM: [UInt8]?

    public init(
        certificateAuthorityPEM: [UInt8]? = nil, insecureSkipVerify: Bool = false, serverName: String? = nil,
        clientCertificatePEM: [UInt8]? = nil, clientKeyPEM: [UInt8]? = nil
    ) {
        self.certificateAuthorityPEM = certificateAuthorityPEM
        self.insecureSkipVerify = insecureSkipVerify
        self.serverName = serverName
        self.clientCertificatePEM = clientCertificatePEM
        self.clientKeyPEM = clientKeyPEM
    }
}

/// How requests authenticate (besides a client certificate, which lives in `TLSSettings`).
public enum Credentials: Sendable, Hashable {
    case none
    /// A fixed bearer token.
    case bearerToken(String)
    /// A token file re-read at most every `refreshInterval` and after a 401, so rotated
    /// service-account tokens are picked up.
    case tokenFile(path: String, refreshInterval: Duration)
    case basic(username: String, password: String)
    /// An exec credential plugin; `clusterInfo` is passed in `KUBERNETES_EXEC_INFO` when the
    /// plugin asked for it (`provideClusterInfo`).
    case exec(ExecConfig, clusterInfo: ExecClusterInfo?)
}

/// The cluster fields client-go hands an exec plugin when `provideClusterInfo` is set.
public struct ExecClusterInfo: Sendable, Hashable {
    public var server: String
    public var tlsServerName: String?
    public var insecureSkipTLSVerify: Bool
    public var certificateAuthorityData: [UInt8]?
    public var proxyURL: String?

    public init(
        server: String, tlsServerName: String? = nil, insecureSkipTLSVerify: Bool = false,
        certificateAuthorityData: [UInt8]? = nil, proxyURL: String? = nil
    ) {
        self.server = server
        self.tlsServerName = tlsServerName
        self.insecureSkipTLSVerify = insecureSkipTLSVerify
        self.certificateAuthorityData = certificateAuthorityData
        self.proxyURL = proxyURL
    }
}
