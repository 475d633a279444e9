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
        try await racingTimeout(program: program, timeout: timeout) {
            let result = try await Subprocess.run(
                executable(program),
                arguments: Arguments(arguments),
                environment: Self.environment(environment),
                workingDirectory: workingDirectory.map { FilePath($0) },
                platformOptions: platformOptions,
                input: .array(input),
                output: .bytes(limit: outputLimit),
                error: .string(limit: outputLimit)
            )
            return CommandBytesResult(
                exitCode: exitCode(result.terminationStatus),
                standardOutput: result.standardOutput,
                standardError: result.standardError ?? "")
        }
    }
}
