import KubernetesModel

/// A kubeconfig as client-go reads it: named clusters, users and contexts, and the current
/// context. Paths inside are already resolved against the directory of the file that
/// defined them, so entries from several merged files stay correct.
public struct KubeConfig: Sendable, Hashable {
    public var clusters: [String: Cluster] = [:]
    public var users: [String: User] = [:]
    public var contexts: [String: Context] = [:]
    public var currentContext: String?

    public init() {}

    /// A `clusters[].cluster` entry.
    public struct Cluster: Sendable, Hashable {
        public var server: String
        public var certificateAuthority: String?
        /// Decoded PEM bytes of `certificate-authority-data`.
        public var certificateAuthorityData: [UInt8]?
        public var insecureSkipTLSVerify: Bool = false
        public var tlsServerName: String?
        public var proxyURL: String?
        /// The file this entry came from, for error messages.
        public var source: String?

        public init(server: String) { self.server = server }
    }

    /// A `users[].user` entry.
    public struct User: Sendable, Hashable {
        public var token: String?
        public var tokenFile: String?
        public var clientCertificate: String?
        public var clientCertificateData: [UInt8]?
        public var clientKey: String?
        public var clientKeyData: [UInt8]?
        public var username: String?
        public var password: String?
        public var exec: ExecConfig?
        /// Set when the entry uses the removed `auth-provider` mechanism (name of the provider).
        public var authProvider: String?
        public var source: String?

        public init() {}
    }

    /// A `contexts[].context` entry.
    public struct Context: Sendable, Hashable {
        public var cluster: String
        public var user: String
        public var namespace: String?

        public init(cluster: String, user: String, namespace: String? = nil) {
            self.cluster = cluster
            self.user = user
            self.namespace = namespace
        }
    }

    /// client-go's merge of several files: the first file to set a value or a map key wins,
    /// and later files never change it (not even non-conflicting fields of the same entry).
    public mutating func merge(_ later: KubeConfig) {
        for (name, cluster) in later.clusters where clusters[name] == nil { clusters[name] = cluster }
        for (name, user) in later.users where users[name] == nil { users[name] = user }
        for (name, context) in later.contexts where contexts[name] == nil { contexts[name] = context }
        if currentContext == nil || currentContext == "" { currentContext = later.currentContext }
    }
}

/// An `exec` credential plugin (`client.authentication.k8s.io/v1` or `v1beta1`).
public struct ExecConfig: Sendable, Hashable {
    public var command: String
    public var args: [String] = []
    public var env: [(name: String, value: String)] = []
    public var apiVersion: String
    /// `Never`, `IfAvailable` or `Always`. fluxd never has a terminal, so `Always` fails.
    public var interactiveMode: String?
    public var provideClusterInfo: Bool = false
    public var installHint: String?

    public init(command: String, apiVersion: String = "client.authentication.k8s.io/v1") {
        self.command = command
        self.apiVersion = apiVersion
    }

    public static func == (lhs: ExecConfig, rhs: ExecConfig) -> Bool {
        lhs.command == rhs.command && lhs.args == rhs.args && lhs.apiVersion == rhs.apiVersion
            && lhs.env.map(\.name) == rhs.env.map(\.name) && lhs.env.map(\.value) == rhs.env.map(\.value)
            && lhs.interactiveMode == rhs.interactiveMode && lhs.provideClusterInfo == rhs.provideClusterInfo
            && lhs.installHint == rhs.installHint
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(command)
        hasher.combine(args)
        hasher.combine(apiVersion)
    }
}
