/// How fluxd proves who it is to the git host, and how it checks who the host is.
/// The daemon reads these from Secrets/ConfigMaps/flags; this module only uses them.
public struct GitCredentials: Sendable {
    /// For `ssh://` and scp-like URLs.
    public var ssh: SSHCredentials?
    /// For `https://` URLs; overrides a user name/password embedded in the URL.
    public var https: HTTPSCredentials?

    public init(ssh: SSHCredentials? = nil, https: HTTPSCredentials? = nil) {
        self.ssh = ssh
        self.https = https
    }

    public static let none = GitCredentials()
}

/// A deploy key and the host keys it may talk to.
public struct SSHCredentials: Sendable, CustomStringConvertible {
    /// The private key in OpenSSH format (what `DeployKey.privateKey` holds).
    public var privateKey: String
    /// known_hosts lines; hosts not listed are refused unless `acceptNewHostKeys`.
    public var knownHosts: String
    /// `StrictHostKeyChecking=accept-new`: trust a host seen for the first time. Off by default.
    public var acceptNewHostKeys: Bool

    public init(privateKey: String, knownHosts: String, acceptNewHostKeys: Bool = false) {
        self.privateKey = privateKey
        self.knownHosts = knownHosts
        self.acceptNewHostKeys = acceptNewHostKeys
    }

    /// Never shows the private key.
    public var description: String { "SSHCredentials(privateKey: <redacted>, acceptNewHostKeys: \(acceptNewHostKeys))" }
}

/// A user name and password (or token) for HTTPS remotes. Passed to git through environment
/// variables read by an askpass helper, never through arguments or the URL.
public struct HTTPSCredentials: Sendable, CustomStringConvertible {
    public var username: String
    public var password: String

    public init(username: String, password: String) {
        self.username = username
        self.password = password
    }

    public var description: String { "HTTPSCredentials(username: \(username), password: <redacted>)" }
}
