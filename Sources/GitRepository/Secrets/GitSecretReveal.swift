import CommandRunner
import Foundation
import KubernetesModel

/// `--git-secret`: reveals the files a repository keeps encrypted with git-secret
/// (`<file>.secret`, listed in `.gitsecret/paths/mapping.cfg`) in a checkout, as Flux v1 did
/// with `git secret reveal -f` after every checkout. The GPG key comes from fluxd's GnuPG home
/// (`--git-gpg-key-import`), else the keyring in the environment.
///
/// git-secret writes the plaintext next to the encrypted file: in fluxd that is the scratch
/// export of one revision, inside the repository's private (0700) directory, removed when
/// the sync pass ends. A repository without `.gitsecret` is left alone.
public struct GitSecretReveal: Sendable {
    public var environment: [String: String?]
    public var timeout: Duration

    public init(gnupgHome: GnuPGHome? = nil, timeout: Duration = .seconds(120)) {
        self.environment = gnupgHome?.environment ?? [:]
        self.timeout = timeout
    }

    /// Reveals every secret in `directory` (an exported tree); throws with git-secret's
    /// message when a file cannot be decrypted, so nothing is applied from a half-revealed tree.
    public func reveal(in directory: String) async throws(GitError) {
        guard Self.isDirectory("\(directory)/.gitsecret") else { return }
        // git-secret works only inside a git working tree; an export has none.
        if !Self.isDirectory("\(directory)/.git") {
            try await run("git", ["init", "--quiet", directory], in: directory, what: "git init")
        }
        try await run("git", ["secret", "reveal", "-f"], in: directory, what: "git secret reveal")
    }

    func run(_ program: String, _ arguments: [String], in directory: String, what: String) async throws(GitError) {
        let result: CommandResult
        do {
            result = try await Command.run(
                program, arguments: arguments, environment: environment.merging(["GIT_TERMINAL_PROMPT": "0"]) { _, new in new },
                workingDirectory: directory, timeout: timeout)
        } catch {
            throw GitError(code: .toolUnavailable, operation: "secret reveal", url: "", message: "cannot run \(what): \(error)")
        }
        guard result.succeeded else {
            throw GitError(
                code: .commandFailed, operation: "secret reveal", url: "", exitCode: result.exitCode,
                standardError: result.standardError.trimmingWhitespace(),
                message: "\(what) failed (--git-secret; is the GPG key imported with --git-gpg-key-import?)")
        }
    }

    static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
