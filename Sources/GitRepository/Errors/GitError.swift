import KubernetesModel

/// Why a git operation failed: which operation, against which (redacted) remote, git's exit
/// code and its standard error. The message is meant for users: it says what to do where it can
/// (e.g. how to supply known_hosts for an unknown SSH host).
public struct GitError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this was, so callers can react (retry, report, refuse to prune).
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        let raw: String
        public var description: String { raw }

        /// git exited non-zero for a reason not classified below.
        public static let commandFailed = Code(raw: "commandFailed")
        /// The operation ran longer than `--git-timeout`.
        public static let timedOut = Code(raw: "timedOut")
        /// The SSH host key is not in known_hosts (and accepting new keys was not allowed).
        public static let unknownHost = Code(raw: "unknownHost")
        /// The SSH host key differs from the one in known_hosts.
        public static let hostKeyMismatch = Code(raw: "hostKeyMismatch")
        /// The remote refused the credentials (wrong deploy key, bad token).
        public static let authenticationFailed = Code(raw: "authenticationFailed")
        /// The branch (or tag) does not exist on the remote.
        public static let referenceNotFound = Code(raw: "referenceNotFound")
        /// A push was rejected because the remote branch moved.
        public static let pushRejected = Code(raw: "pushRejected")
        /// The `git` (or `ssh-keygen`) executable could not be started.
        public static let toolUnavailable = Code(raw: "toolUnavailable")
        /// The caller passed something unusable (bad URL, bad key).
        public static let invalidArgument = Code(raw: "invalidArgument")
        /// A local file operation (work directory, key file) failed.
        public static let localFileSystem = Code(raw: "localFileSystem")
        /// A commit or tag lacks a good signature by an imported key (`--git-verify-signatures-mode`).
        public static let unverifiedCommit = Code(raw: "unverifiedCommit")
    }

    public var code: Code
    /// The operation, e.g. `fetch`, `push`, `clone`, `ls-remote`, `ssh-keygen`.
    public var operation: String
    /// The remote URL with any password removed.
    public var url: String
    /// git's exit code, when it ran.
    public var exitCode: Int32?
    /// git's standard error (redacted), when it ran.
    public var standardError: String
    /// A sentence for the user.
    public var message: String

    public init(
        code: Code, operation: String, url: String, exitCode: Int32? = nil, standardError: String = "",
        message: String
    ) {
        self.code = code
        self.operation = operation
        self.url = url
        self.exitCode = exitCode
        self.standardError = standardError
        self.message = message
    }

    public var description: String {
        var text = "git \(operation) \(url): \(message)"
        if let exitCode { text += " (exit \(exitCode))" }
        let stderr = standardError.trimmingWhitespace()
        if !stderr.isEmpty { text += ": \(stderr)" }
        return text
    }
}
