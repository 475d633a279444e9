import CommandRunner
import Foundation
import KubernetesModel

/// A shallow checkout of a remote base in a temporary directory, made the way kustomize v5's
/// `ClonerUsingGitExec` makes it: `git init`, `git remote add origin URL`,
/// `git fetch --depth=1 URL REF` (`HEAD` without a ref, so branches, tags and commit SHAs all
/// work), `git checkout FETCH_HEAD`, then `git submodule update --init --recursive` unless
/// `?submodules=false`.
///
/// git runs through CommandRunner (asynchronously, killed after the spec's timeout). The
/// caller removes the directory with `remove()`.
struct GitCheckout {
    /// The clone's working tree.
    let directory: String

    /// Why a git command failed: the command (without URLs' credentials) and git's stderr.
    struct Failure: Error {
        var message: String
    }

    /// Names of checkout directories start with this, so files read while building a remote
    /// base can be recognised and kept inside it (see `RemoteRestriction`).
    static let directoryPrefix = "swiftflux-kustomize-remote-"

    static var temporaryRoot: String {
        let base = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        return URL(fileURLWithPath: base).standardizedFileURL.path
    }

    static func clone(_ spec: GitRepoSpec) async throws(Failure) -> GitCheckout {
        let directory = "\(temporaryRoot)/\(directoryPrefix)\(UUID().uuidString.prefix(12).lowercased())"
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw Failure(message: "cannot create a temporary directory for the clone: \(error)")
        }
        let checkout = GitCheckout(directory: directory)
        do throws(Failure) {
            let ref = spec.ref.isEmpty ? "HEAD" : spec.ref
            try await checkout.git(["init", "--quiet"], timeout: spec.timeout)
            try await checkout.git(["remote", "add", "origin", spec.cloneURL], timeout: spec.timeout)
            do throws(Failure) {
                try await checkout.git(["fetch", "--quiet", "--depth=1", spec.cloneURL, ref], timeout: spec.timeout)
            } catch {
                throw Failure(
                    message:
                        "trouble fetching \(ref) (check that the repository exists and the ref is a valid branch, tag or commit): \(error.message)"
                )
            }
            try await checkout.git(["checkout", "--quiet", "FETCH_HEAD"], timeout: spec.timeout)
            if spec.submodules {
                try await checkout.git(["submodule", "update", "--init", "--recursive"], timeout: spec.timeout)
            }
        } catch {
            checkout.remove()
            throw error
        }
        return checkout
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: directory)  // deliberate: best-effort cleanup of a temporary clone
    }

    /// Runs git in the checkout; throws with git's stderr (credentials redacted) on failure.
    private func git(_ arguments: [String], timeout: TimeInterval) async throws(Failure) {
        let shown = "git " + arguments.map(Redaction.redact).joined(separator: " ")
        let result: CommandResult
        do {
            result = try await Command.run(
                "git", arguments: arguments,
                // Never wait for a password on a terminal: fail, and say why.
                environment: ["GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"], workingDirectory: directory,
                timeout: .milliseconds(Int64(timeout * 1000)))
        } catch let error as CommandError {
            if case .timedOut = error.code {
                throw Failure(message: "\(shown) timed out after \(Self.format(timeout))")
            }
            throw Failure(message: "cannot run \(shown): \(Redaction.redact(error.message))")
        } catch {
            throw Failure(message: "cannot run \(shown): \(Redaction.redact("\(error)"))")
        }
        guard result.succeeded else {
            let stderr = Redaction.redact(result.standardError).trimmingCharacters(in: .whitespacesAndNewlines)
            throw Failure(message: "\(shown) failed (exit \(result.exitCode)): \(stderr)")
        }
    }

    private static func format(_ seconds: TimeInterval) -> String {
        seconds == seconds.rounded() ? "\(Int(seconds))s" : "\(seconds)s"
    }
}

/// Removes credentials from URLs in messages, as everywhere in SwiftFlux (`CredentialRedaction`):
/// `https://user:token@host` and `https://token@host` → `https://***@host` (a token is often the
/// user name, alone or as `TOKEN:x-oauth-basic`).
enum Redaction {
    static func redact(_ text: String) -> String { CredentialRedaction.redact(text) }
}
