import KubernetesModel

/// A repository URL as the user gave it (`--git-url`), parsed once at start-up into what git may
/// see and what it must not: HTTPS user names and passwords (a token alone as the user name
/// included) are taken out of the URL and handed to git through an askpass helper, so they
/// never appear in process arguments, `.git/config`, logs, Events, the inventory or the API.
/// `description` is what every message prints; it cannot show credentials.
public struct GitRemoteURL: Sendable, Hashable, CustomStringConvertible {
    /// How git reaches the repository.
    public enum Transport: Sendable, Hashable {
        case file
        case ssh
        case https
        case http
        /// Anything else git understands (`git://`, ...), passed through.
        case other
    }

    public let transport: Transport
    /// The URL handed to git: without password (and, for HTTP(S), without user name).
    public let gitURL: String
    /// The host name (`nil` for local repositories), used in messages about host keys.
    public let host: String?
    /// The SSH port when one was given.
    public let port: Int?
    /// User name and password found in an HTTP(S) URL.
    public let embeddedUsername: String?
    public let embeddedPassword: String?

    /// Parses `file:///path`, `/abs/path`, `ssh://[user@]host[:port]/path`,
    /// scp-like `user@host:org/repo.git`, `https://[user[:password]@]host/path`.
    public init(_ text: String) throws(GitError) {
        let trimmed = text.trimmingWhitespace()
        guard !trimmed.isEmpty else {
            throw GitError(code: .invalidArgument, operation: "parse-url", url: "", message: "the git URL is empty")
        }
        guard !trimmed.hasPrefix("-"), !trimmed.contains("://-") else {
            throw GitError(
                code: .invalidArgument, operation: "parse-url", url: GitRemoteURL.redact(trimmed),
                message: "a git URL must not start with '-'")
        }
        if let schemeEnd = trimmed.firstRange(of: "://") {
            let scheme = trimmed[..<schemeEnd.lowerBound].lowercased()
            let rest = trimmed[schemeEnd.upperBound...]
            let transport: Transport
            switch scheme {
            case "file":
                self.init(transport: .file, gitURL: trimmed, host: nil, port: nil, username: nil, password: nil)
                return
            case "ssh", "git+ssh", "ssh+git": transport = .ssh
            case "https": transport = .https
            case "http": transport = .http
            default: transport = .other
            }
            let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
            let authority = rest[..<authorityEnd]
            let path = rest[authorityEnd...]
            var hostPort = authority
            var user: Substring?
            var password: Substring?
            if let at = authority.lastIndex(of: "@") {
                let userInfo = authority[..<at]
                hostPort = authority[authority.index(after: at)...]
                if let colon = userInfo.firstIndex(of: ":") {
                    user = userInfo[..<colon]
                    password = userInfo[userInfo.index(after: colon)...]
                } else {
                    user = userInfo
                }
            }
            let (host, port) = Self.splitHostPort(hostPort)
            guard host != nil || transport == .other else {
                throw GitError(
                    code: .invalidArgument, operation: "parse-url", url: GitRemoteURL.redact(trimmed),
                    message: "the git URL names no host")
            }
            switch transport {
            case .https, .http:
                // Credentials leave the URL; git gets them from the askpass helper.
                let clean = "\(scheme)://\(hostPort)\(path)"
                self.init(
                    transport: transport, gitURL: clean, host: host, port: port,
                    username: user.map { Self.percentDecoded($0) }, password: password.map { Self.percentDecoded($0) })
            default:
                // An SSH user name is not a secret; a password in an SSH URL is dropped (keys only).
                let userPart = user.map { "\($0)@" } ?? ""
                let clean = "\(scheme)://\(userPart)\(hostPort)\(path)"
                self.init(transport: transport, gitURL: clean, host: host, port: port, username: nil, password: nil)
            }
            return
        }
        if trimmed.hasPrefix("/") || trimmed.hasPrefix(".") {
            self.init(transport: .file, gitURL: trimmed, host: nil, port: nil, username: nil, password: nil)
            return
        }
        // scp-like: [user@]host:path (a colon before any slash).
        if let colon = trimmed.firstIndex(of: ":"), !trimmed[..<colon].contains("/") {
            let userHost = trimmed[..<colon]
            let host = userHost.lastIndex(of: "@").map { userHost[userHost.index(after: $0)...] } ?? userHost
            self.init(transport: .ssh, gitURL: trimmed, host: String(host), port: nil, username: nil, password: nil)
            return
        }
        throw GitError(
            code: .invalidArgument, operation: "parse-url", url: GitRemoteURL.redact(trimmed),
            message: "not a git URL: expected file://, ssh://, user@host:path or https://")
    }

    private init(transport: Transport, gitURL: String, host: String?, port: Int?, username: String?, password: String?) {
        self.transport = transport
        self.gitURL = gitURL
        self.host = host
        self.port = port
        self.embeddedUsername = username.flatMap { $0.isEmpty ? nil : $0 }
        self.embeddedPassword = password.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The URL as shown in messages and logs: never carries a password.
    public var description: String { gitURL }

    /// Host and port as ssh names them in known_hosts: `host` or `[host]:port`.
    public var knownHostsName: String? {
        guard let host else { return nil }
        if let port, port != 22 { return "[\(host)]:\(port)" }
        return host
    }

    static func splitHostPort(_ hostPort: Substring) -> (String?, Int?) {
        if hostPort.hasPrefix("["), let close = hostPort.firstIndex(of: "]") {
            let host = hostPort[hostPort.index(after: hostPort.startIndex)..<close]
            let after = hostPort[hostPort.index(after: close)...]
            let port = after.hasPrefix(":") ? Int(after.dropFirst()) : nil
            return (String(host), port)
        }
        if let colon = hostPort.lastIndex(of: ":") {
            return (String(hostPort[..<colon]), Int(hostPort[hostPort.index(after: colon)...]))
        }
        return (hostPort.isEmpty ? nil : String(hostPort), nil)
    }

    static func percentDecoded(_ text: Substring) -> String {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%"), let high = iterator.next(), let low = iterator.next(),
                let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
            {
                bytes.append(value)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Hides the credentials of every URL quoted in `text` (`CredentialRedaction`): for
    /// HTTP(S) the whole user information, a user-only token included; elsewhere the password.
    public static func redact(_ text: String) -> String { CredentialRedaction.redact(text) }

    /// Whether the URL as given carried credentials (taken out of `gitURL`, never shown).
    public var hasEmbeddedCredentials: Bool { embeddedUsername != nil || embeddedPassword != nil }

    /// What must never appear in output: the embedded user name and password of an HTTP(S)
    /// URL (a token is often the user name).
    public var secrets: [String] { [embeddedUsername, embeddedPassword].compactMap { $0 } }
}
