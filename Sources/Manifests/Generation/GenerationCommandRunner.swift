import CommandRunner
import KubernetesModel

/// Runs the shell commands of a `.flux.yaml` (`/bin/sh -c COMMAND`) in the target path's
/// directory with a timeout, turning failures into errors that name the file, the line, the
/// command and its stderr.
struct GenerationCommandRunner: Sendable {
    /// The repository root (absolute).
    var root: String
    var timeout: Duration
    /// How much of a failed command's stderr goes into the error.
    static let standardErrorLimit = 4096

    /// Runs `command` and returns its stdout; throws unless it exits 0 within the timeout.
    ///
    /// - Parameter environment: variables added to the inherited environment (`nil` removes).
    func run(_ command: GenerationConfig.Command, of config: GenerationConfig, environment: [String: String?] = [:])
        async throws(ManifestGenerationError) -> String
    {
        let directory = config.workingDirectory.isEmpty ? root : "\(root)/\(config.workingDirectory)"
        let timedOut = ManifestGenerationError(
            .timedOut, file: config.file, line: command.line, command: command.command,
            message: "command did not finish within \(timeout); it was stopped")
        let invocation = Self.invocation(command.command, timeout: timeout)
        let clock = ContinuousClock()
        let started = clock.now
        let result: CommandResult
        do {
            result = try await Command.run(
                invocation.program, arguments: invocation.arguments, environment: environment,
                workingDirectory: directory, timeout: invocation.timeout)
        } catch let error as CommandError {
            if error.code == .timedOut { throw timedOut }
            throw ManifestGenerationError(
                .commandFailed, file: config.file, line: command.line, command: command.command,
                message: "cannot run /bin/sh: \(error.message)")
        } catch {
            throw ManifestGenerationError(
                .commandFailed, file: config.file, line: command.line, command: command.command,
                message: "cannot run /bin/sh: \(error)")
        }
        if invocation.program != "/bin/sh", [124, 137].contains(result.exitCode), clock.now - started >= timeout {
            throw timedOut
        }
        guard result.succeeded else {
            throw ManifestGenerationError(
                .commandFailed, file: config.file, line: command.line, command: command.command,
                standardError: Self.tail(result.standardError.trimmingWhitespace(), limit: Self.standardErrorLimit),
                message: "command failed (exit \(result.exitCode))")
        }
        return result.standardOutput
    }

    /// How to run a command: under coreutils `timeout` when it is installed, because it
    /// signals the command's whole process group (a generator's own children included) when
    /// time is up, then kills what is left; else `/bin/sh` alone, stopped by `Command.run`.
    static func invocation(_ command: String, timeout: Duration) -> (program: String, arguments: [String], timeout: Duration) {
        guard let tool = Command.which("timeout") else {
            return ("/bin/sh", ["-c", command], timeout)
        }
        let (seconds, attoseconds) = timeout.components
        let milliseconds = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        let limit = "\(milliseconds / 1000).\(String(milliseconds % 1000 + 1000).dropFirst())"
        return (tool, ["--kill-after=2", limit, "/bin/sh", "-c", command], timeout + .seconds(5))
    }

    /// The last `limit` bytes of `text` (where the error usually is), marked when cut.
    static func tail(_ text: String, limit: Int) -> String {
        guard text.utf8.count > limit else { return text }
        let suffix = String(decoding: text.utf8.suffix(limit), as: UTF8.self)
        return "…" + suffix
    }
}
