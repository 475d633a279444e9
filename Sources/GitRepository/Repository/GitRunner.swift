import CommandRunner
import KubernetesModel
import Logging

/// Runs `git` for one repository with its authentication environment and timeout, and turns
/// failures into `GitError`s that name the operation, the redacted URL and git's stderr.
struct GitRunner: Sendable {
    let remote: GitRemoteURL
    let environment: [String: String?]
    let timeout: Duration
    let logger: Logger
    /// Values that must never appear in an error message (HTTPS passwords).
    let secrets: [String]

    /// Runs `git <arguments>` in `directory`; throws unless it exits 0.
    @discardableResult
    func run(
        _ operation: String, _ arguments: [String], in directory: String?, extraEnvironment: [String: String?] = [:]
    ) async throws(GitError) -> CommandResult {
        let result = try await runAllowingFailure(operation, arguments, in: directory, extraEnvironment: extraEnvironment)
        guard result.succeeded else { throw failure(operation, result) }
        return result
    }

    /// Runs git and returns its result whatever the exit code; throws only when git could not
    /// run or timed out.
    func runAllowingFailure(
        _ operation: String, _ arguments: [String], in directory: String?, extraEnvironment: [String: String?] = [:]
    ) async throws(GitError) -> CommandResult {
        var env = environment
        for (key, value) in extraEnvironment { env[key] = value }
        let clock = ContinuousClock()
        let start = clock.now
        do {
            // No credential helper: a user's `credential.helper=store` must not persist our token.
            let result = try await Command.run(
                "git", arguments: ["-c", "credential.helper="] + arguments, environment: env, workingDirectory: directory, timeout: timeout)
            logger.trace(
                "git command finished",
                metadata: [
                    "operation": "\(operation)", "exitCode": "\(result.exitCode)",
                    "duration": "\(clock.now - start)",
                ])
            return result
        } catch let error as CommandError {
            switch error.code {
            case .timedOut:
                throw GitError(
                    code: .timedOut, operation: operation, url: remote.description,
                    message: "timed out after \(timeout) (see --git-timeout)")
            case .notFound, .launchFailed:
                throw GitError(
                    code: .toolUnavailable, operation: operation, url: remote.description,
                    message: "cannot run git: \(error.message)")
            }
        } catch {
            throw GitError(
                code: .commandFailed, operation: operation, url: remote.description, message: "\(error)")
        }
    }

    /// Classifies a failed git run by its stderr.
    func failure(_ operation: String, _ result: CommandResult) -> GitError {
        let stderr = redacted(result.standardError)
        let lower = stderr.lowercased()
        let hostName = remote.knownHostsName ?? "the git host"
        let code: GitError.Code
        let message: String
        if lower.contains("remote host identification has changed") {
            code = .hostKeyMismatch
            message =
                "the SSH host key of \(hostName) does not match the one in known_hosts;"
                + " if the host key really changed, update the known_hosts you supply"
        } else if lower.contains("host key verification failed") || lower.contains("host key is known for") {
            code = .unknownHost
            let scan = remote.port.map { "ssh-keyscan -p \($0) \(remote.host ?? "HOST")" } ?? "ssh-keyscan \(remote.host ?? "HOST")"
            message =
                "the SSH host \(hostName) is not in known_hosts, so it is refused;"
                + " supply its host key in known_hosts (e.g. the output of `\(scan)`, checked out of band),"
                + " or explicitly opt in to accepting new host keys"
        } else if lower.contains("permission denied") || lower.contains("authentication failed")
            || lower.contains("could not read username") || lower.contains("could not read password")
            || lower.contains("invalid username or password")
        {
            code = .authenticationFailed
            message =
                remote.transport == .ssh
                ? "the git host refused the deploy key; add the public key to the repository with write access if fluxd pushes"
                : "the git host refused the credentials"
        } else if lower.contains("couldn't find remote ref")
            || lower.contains("remote branch")
                && lower.contains("not found")
        {
            code = .referenceNotFound
            message = "the reference does not exist on the remote"
        } else if lower.contains("[rejected]") || lower.contains("non-fast-forward") || lower.contains("fetch first")
            || lower.contains("[remote rejected]") && lower.contains("cannot lock ref")
        {
            code = .pushRejected
            message = "the remote rejected the push because the branch moved"
        } else {
            code = .commandFailed
            message = "git failed"
        }
        return GitError(
            code: code, operation: operation, url: remote.description, exitCode: result.exitCode,
            standardError: stderr, message: message)
    }

    func redacted(_ text: String) -> String {
        var text = GitRemoteURL.redact(text)
        for secret in secrets where !secret.isEmpty {
            text = text.replacingAll(secret, with: "***")
        }
        return text
    }
}
