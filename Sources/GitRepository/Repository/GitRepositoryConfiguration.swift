import Foundation

/// Who commits: `--git-user` / `--git-email` (committer), or the requesting user (author).
public struct GitIdentity: Sendable, Hashable, CustomStringConvertible {
    public var name: String
    public var email: String

    public init(name: String, email: String) {
        self.name = name
        self.email = email
    }

    public var description: String { "\(name) <\(email)>" }
}

/// Everything a `GitRepository` needs: where the repository is, which branch to follow, where
/// to keep the private working copy and how long one git operation may take.
public struct GitRepositoryConfiguration: Sendable {
    public var url: GitRemoteURL
    /// `--git-branch`.
    public var branch: String
    /// A directory fluxd owns; the mirror of each URL lives in a sub-directory named by its hash,
    /// so changing `--git-url` never mixes two repositories.
    public var workDirectory: String
    /// `--git-timeout`, applied to each git invocation.
    public var timeout: Duration
    public var credentials: GitCredentials
    /// `--git-user` / `--git-email`: the committer of commits and tags fluxd makes.
    public var committer: GitIdentity
    /// Told about every commit `commitAndPush` pushed, once the push succeeded (fluxd's
    /// history); it must not call back into the repository.
    public var onPush: (@Sendable (GitPushedCommit) async -> Void)?
    /// Appended to every commit message (`--git-ci-skip-message`, or `"\n\n[ci skip]"` for
    /// `--git-ci-skip`); empty: nothing.
    public var commitMessageSuffix: String = ""
    /// GPG: the home holding imported keys, the key signing commits and the sync tag, and
    /// which commits must be verified before fluxd builds on them.
    public var signatures = GitSignatureSettings()
    /// `--git-notes-ref`: commits fluxd makes get a git note under `refs/notes/<ref>`
    /// (pushed with them, as Flux v1 did); `nil`: no notes.
    public var notesRef: String?

    public init(
        url: GitRemoteURL, branch: String = "master", workDirectory: String, timeout: Duration = .seconds(20),
        credentials: GitCredentials = .none,
        committer: GitIdentity = GitIdentity(name: "fluxd", email: "fluxd@localhost")
    ) {
        self.url = url
        self.branch = branch
        self.workDirectory = workDirectory
        self.timeout = timeout
        self.credentials = credentials
        self.committer = committer
    }
}

/// What `commitAndPush` did.
public struct GitCommitResult: Sendable, Hashable {
    /// The pushed commit.
    public var revision: String
    /// The branch head the edit was applied to.
    public var parent: String
    /// How many times the edit was applied (more than 1 when the branch moved during a push).
    public var attempts: Int
}

/// A commit `commitAndPush` pushed, as `GitRepositoryConfiguration.onPush` hears of it.
public struct GitPushedCommit: Sendable, Hashable {
    public var revision: String
    /// The whole message, `[ci skip]` included when it was added.
    public var message: String
    public var author: GitIdentity
    public var time: Date

    public init(revision: String, message: String, author: GitIdentity, time: Date) {
        self.revision = revision
        self.message = message
        self.author = author
        self.time = time
    }
}

/// How fluxd signs and verifies (`--git-signing-key`, `--git-verify-signatures-mode`,
/// `--git-gpg-key-import` into `gnupgHome`).
public struct GitSignatureSettings: Sendable {
    public var verifyMode: SignatureVerificationMode
    public var signingKey: String?
    public var gnupgHome: GnuPGHome?

    public init(verifyMode: SignatureVerificationMode = .none, signingKey: String? = nil, gnupgHome: GnuPGHome? = nil) {
        self.verifyMode = verifyMode
        self.signingKey = signingKey
        self.gnupgHome = gnupgHome
    }

    /// `git commit` arguments: sign with the key, or never sign (whatever the user's git config says).
    var commitArguments: [String] { signingKey.map { ["--gpg-sign=\($0)"] } ?? ["--no-gpg-sign"] }
    /// `git tag` arguments: a signed tag by the key, or an unsigned annotated tag.
    var tagArguments: [String] { signingKey.map { ["--sign", "--local-user=\($0)"] } ?? ["--no-sign"] }
}
