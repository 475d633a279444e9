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
        try await racingTimeout(program: program, timeout: timeout) {
            let result = try await Subprocess.run(
                executable(program),
                arguments: Arguments(arguments),
                environment: Self.environment(environment),
                workingDirectory: workingDirectory.map { FilePath($0) },
                platformOptions: platformOptions,
                input: .string(input ?? ""),
                output: .string(limit: outputLimit),
                error: .string(limit: outputLimit)
            )
            return CommandResult(
                exitCode: exitCode(result.terminationStatus),
                standardOutput: result.standardOutput ?? "",
                standardError: result.standardError ?? "")
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
