import Subprocess

#if canImport(System)
    import System
#else
    import SystemPackage
#endif

/// What a finished child process printed, standard output as bytes (binary output, e.g. a
/// decrypted file, must not go through a string).
public struct CommandBytesResult: Sendable {
    public var exitCode: Int32
    public var standardOutput: [UInt8]
    public var standardError: String
    public var succeeded: Bool { exitCode == 0 }
}

extension Command {
    /// Like `run`, with standard output collected as bytes and `input` given as bytes. The
    /// output stays in memory: it never touches the file system.
    public static func runCollectingBytes(
        _ program: String,
        arguments: [String] = [],
        environment: [String: String?] = [:],
        workingDirectory: String? = nil,
        input: [UInt8],
        timeout: Duration = .seconds(300),
        outputLimit: Int = 64 << 20
    ) async throws -> CommandBytesResult {
        try await withThrowingTaskGroup(of: CommandBytesResult?.self) { group in
            group.addTask {
                let executable: Executable = program.contains("/") ? .path(FilePath(program)) : .name(program)
                var overrides: [Environment.Key: String?] = [:]
                for (key, value) in environment { overrides[Environment.Key(stringLiteral: key)] = value }
                let env: Environment = overrides.isEmpty ? .inherit : .inherit.updating(overrides)
                var options = PlatformOptions()
                options.teardownSequence = [.gracefulShutDown(toProcessGroup: false, allowedDurationToNextStep: .seconds(2))]
                let result = try await Subprocess.run(
                    executable, arguments: Arguments(arguments), environment: env,
                    workingDirectory: workingDirectory.map { FilePath($0) }, platformOptions: options,
                    input: .array(input), output: .bytes(limit: outputLimit), error: .string(limit: outputLimit))
                let code: Int32
                switch result.terminationStatus {
                case .exited(let status): code = status
                case .signaled(let signal): code = 128 + signal
                }
                return CommandBytesResult(
                    exitCode: code, standardOutput: result.standardOutput, standardError: result.standardError ?? "")
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
}
