import KubernetesModel

/// What `fluxctl install` was asked for: the Flux v1 `fluxctl install` flags plus the fluxd
/// image. Plain values, validated by `InstallManifests.render(_:)`, so that a library caller
/// and the command share one set of checks and messages.
public struct InstallParameters: Sendable, Equatable {
    /// `--git-url` (required): the repository fluxd syncs.
    public var gitURL: String?
    /// `--git-branch`: the branch fluxd follows and pushes to.
    public var gitBranch: String = "master"
    /// `--git-path`: sub-directories to render; entries may hold comma-separated lists.
    public var gitPaths: [String] = []
    /// `--git-label`: the tag marking the last applied commit (fluxd's `--git-label`).
    public var gitLabel: String = "flux"
    /// `--git-user`: committer name of commits fluxd makes.
    public var gitUser: String = "Flux"
    /// `--git-email` (required): committer email of commits fluxd makes.
    public var gitEmail: String?
    /// `--git-readonly`: fluxd never pushes (and records its state in the deploy-key Secret).
    public var gitReadonly: Bool = false
    /// `--manifest-generation`: honour `.flux.yaml` generator files.
    public var manifestGeneration: Bool = false
    /// `--namespace`: where fluxd and its objects live.
    public var namespace: String = "flux"
    /// `--registry-disable-scanning`: fluxd scans no image registry.
    public var registryDisableScanning: Bool = false
    /// `--add-security-context`: run fluxd as a non-root user with a read-only root filesystem,
    /// no privilege escalation, no capabilities and the runtime's default seccomp profile.
    public var addSecurityContext: Bool = true
    /// `--image`: the fluxd image. The caller chooses the default (`SwiftFluxVersion.image`,
    /// the image this version publishes) because the version belongs to the CLI, not to this
    /// module.
    public var image: String

    public init(image: String) {
        self.image = image
    }
}

/// Parameters after validation: required values present, lists flattened.
struct ValidatedParameters: Sendable {
    var gitURL: String
    var gitBranch: String
    var gitPaths: [String]
    var gitLabel: String
    var gitUser: String
    var gitEmail: String
    var gitReadonly: Bool
    var manifestGeneration: Bool
    var namespace: String
    var registryDisableScanning: Bool
    var addSecurityContext: Bool
    var image: String
}

extension InstallParameters {
    func validated() throws(InstallError) -> ValidatedParameters {
        let url = (gitURL ?? "").trimmingWhitespace()
        guard !url.isEmpty else {
            throw InstallError(
                .missingFlag, flag: "--git-url",
                "--git-url is required: the repository fluxd syncs, e.g. --git-url=git@github.com:org/repo")
        }
        let email = (gitEmail ?? "").trimmingWhitespace()
        guard !email.isEmpty else {
            throw InstallError(
                .missingFlag, flag: "--git-email",
                "--git-email is required: the committer email of commits fluxd pushes, e.g. --git-email=flux@example.com")
        }
        try Self.requireSingleLine(url, flag: "--git-url")
        // A token in the URL would land in the Deployment's arguments, readable by anyone who can read pods.
        guard !CredentialRedaction.hasCredentials(url) else {
            throw InstallError(
                .invalidFlag, flag: "--git-url",
                "the URL \(CredentialRedaction.redact(url)) carries credentials, which would be stored in the Deployment's arguments; give the URL without them and put the token in a Secret (fluxd --git-https-secret, or GIT_AUTHUSER/GIT_AUTHKEY from a Secret; see docs/security.md)"
            )
        }
        try Self.requireSingleLine(email, flag: "--git-email")
        try Self.requireSingleLine(gitUser, flag: "--git-user")
        try Self.requireNonEmpty(gitBranch, flag: "--git-branch")
        try Self.requireNonEmpty(gitLabel, flag: "--git-label")
        try Self.requireNonEmpty(gitUser, flag: "--git-user")
        for (flag, value) in [("--git-branch", gitBranch), ("--git-label", gitLabel)]
        where value.contains(where: { $0.isWhitespace }) {
            throw InstallError(.invalidFlag, flag: flag, "\"\(value)\" is not a valid git ref name (it contains whitespace)")
        }
        let paths = gitPaths.flatMap { $0.split(separator: ",") }.map { String($0).trimmingWhitespace() }
            .filter { !$0.isEmpty }
        // The same rule fluxd applies, reported before anything reaches the cluster.
        for path in paths where path.hasPrefix("/") || path.split(separator: "/").contains("..") {
            throw InstallError(.invalidFlag, flag: "--git-path", "\"\(path)\" must be a relative path inside the repository")
        }
        guard Self.isDNSLabel(namespace) else {
            throw InstallError(
                .invalidFlag, flag: "--namespace",
                "\"\(namespace)\" is not a valid namespace name (lowercase letters, digits and '-', at most 63 characters, starting and ending with a letter or digit)"
            )
        }
        do {
            _ = try ImageReference(parsing: image)
        } catch {
            throw InstallError(.invalidFlag, flag: "--image", "\"\(image)\" is not a valid image reference", underlying: error)
        }
        return ValidatedParameters(
            gitURL: url, gitBranch: gitBranch, gitPaths: paths, gitLabel: gitLabel, gitUser: gitUser, gitEmail: email,
            gitReadonly: gitReadonly, manifestGeneration: manifestGeneration, namespace: namespace,
            registryDisableScanning: registryDisableScanning, addSecurityContext: addSecurityContext, image: image)
    }

    private static func requireNonEmpty(_ value: String, flag: String) throws(InstallError) {
        if value.trimmingWhitespace().isEmpty { throw InstallError(.invalidFlag, flag: flag, "\(flag) must not be empty") }
    }

    private static func requireSingleLine(_ value: String, flag: String) throws(InstallError) {
        if value.contains(where: { $0.isNewline || ($0.asciiValue.map { $0 < 0x20 } ?? false) }) {
            throw InstallError(.invalidFlag, flag: flag, "\(flag) must be a single line without control characters")
        }
    }

    /// RFC 1123 label, as Kubernetes requires of namespace names.
    static func isDNSLabel(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard (1...63).contains(bytes.count) else { return false }
        func alphanumeric(_ byte: UInt8) -> Bool { (0x61...0x7a).contains(byte) || (0x30...0x39).contains(byte) }
        guard let first = bytes.first, let last = bytes.last, alphanumeric(first), alphanumeric(last) else { return false }
        return bytes.allSatisfy { alphanumeric($0) || $0 == 0x2d }
    }
}
