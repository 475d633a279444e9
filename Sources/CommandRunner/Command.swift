import Subprocess

#if canImport(System)
    import System
#else
    import SystemPackage
#endif

/// What a finished child process left behind.
public struct CommandResult: Sendable {
    public var exitCode: Int32
    public var standardOutput: String
    public var standardError: String
    public var succeeded: Bool { exitCode == 0 }
}

/// Why a child process could not run to completion.
public struct CommandError: Error, Sendable, CustomStringConvertible {
    public enum Code: Sendable, Equatable {
        case notFound
        case timedOut
        case launchFailed
    }

    public var code: Code
    /// The program's name (never its arguments, which may carry secrets).
    public var program: String
    public var message: String

    public var description: String { "\(program): \(message)" }
}

/// Runs external programs (git, ssh-keygen, kustomize, credential plugins) with a timeout,
/// collecting their output. Arguments and environment are never logged here: callers decide
/// what is safe to show.
public enum Command {
    /// Runs `program` (a path, or a name looked up in `PATH`) to completion.
    ///
    /// - Parameters:
    ///   - environment: variables added to (or, with `nil` values, removed from) the inherited environment.
    ///   - input: bytes written to standard input, then closed.
    ///   - timeout: the child is killed and `CommandError.timedOut` thrown when it runs longer.
    public static func run(
        _ program: String,
        arguments: [String] = [],
        environment: [String: String?] = [:],
        workingDirectory: String? = nil,
        input: String? = nil,
        timeout: Duration = .seconds(300),
        outputLimit: Int = 64 << 20
    ) async throws -> CommandResult {
        return try await withThrowingTaskGroup(of: CommandResult?.self) { group in
            group.addTask {
                let executable: Executable = program.contains("/") ? .path(FilePath(program)) : .name(program)
                var overrides: [Environment.Key: String?] = [:]
                for (key, value) in environment { overrides[Environment.Key(stringLiteral: key)] = value }
                let env: Environment = overrides.isEmpty ? .inherit : .inherit.updating(overrides)
                let directory = workingDirectory.map { FilePath($0) }
                var options = PlatformOptions()
                options.teardownSequence = [
                    .gracefulShutDown(toProcessGroup: false, allowedDurationToNextStep: .seconds(2))
                ]
                let result = try await Subprocess.run(
                    executable,
                    arguments: Arguments(arguments),
                    environment: env,
                    workingDirectory: directory,
                    platformOptions: options,
                    input: .string(input ?? ""),
                    output: .string(limit: outputLimit),
                    error: .string(limit: outputLimit)
                )
                let code: Int32
                switch result.terminationStatus {
                case .exited(let status): code = status
                case .signaled(let signal): code = 128 + signal
                }
                return CommandResult(
                    exitCode: code,
                    standardOutput: result.standardOutput ?? "",
                    standardError: result.standardError ?? "")
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            do {
                guard let first = try await group.next(), let result = first else {
                    throw CommandError(code: .timedOut, program: program, message: "timed out after \(timeout)")
                }
                return result
            } catch let error as CommandError {
                throw error
            } catch let error as SubprocessError {
                let text = "\(error)"
                if text.contains("not found") || text.contains("No such file") {
                    throw CommandError(code: .notFound, program: program, message: "executable not found")
                }
                throw CommandError(code: .launchFailed, program: program, message: text)
            }
        }
    }

    /// Finds an executable in `PATH`, as a shell would.
    public static func which(_ name: String, path: String? = nil) -> String? {
        let searchPath = path ?? (ProcessEnvironment.value("PATH") ?? "/usr/local/bin:/usr/bin:/bin")
        for directory in searchPath.split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if ProcessEnvironment.isExecutable(candidate) { return candidate }
        }
        return nil
    }
}
