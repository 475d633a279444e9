import Subprocess

#if canImport(System)
    import System
#else
    import SystemPackage
#endif

/// What every way of running a program shares: how the program, environment and teardown
/// are given to Subprocess, how the exit is read, and the race against the timeout.
extension Command {
    static func executable(_ program: String) -> Executable {
        program.contains("/") ? .path(FilePath(program)) : .name(program)
    }

    /// The inherited environment with `overrides` added (or, for `nil` values, removed).
    static func environment(_ overrides: [String: String?]) -> Environment {
        guard !overrides.isEmpty else { return .inherit }
        var keyed: [Environment.Key: String?] = [:]
        for (key, value) in overrides { keyed[Environment.Key(stringLiteral: key)] = value }
        return .inherit.updating(keyed)
    }

    /// SIGTERM first, SIGKILL two seconds later, when a run is cancelled or times out.
    static var platformOptions: PlatformOptions {
        var options = PlatformOptions()
        options.teardownSequence = [.gracefulShutDown(toProcessGroup: false, allowedDurationToNextStep: .seconds(2))]
        return options
    }

    /// The exit status as a shell reports it (128 + the signal for a killed process).
    static func exitCode(_ status: TerminationStatus) -> Int32 {
        switch status {
        case .exited(let code): code
        case .signaled(let signal): 128 + signal
        }
    }

    /// Runs `body` (which runs `program`) against `timeout`: the first to finish wins and the
    /// other is cancelled, which tears the child down. Launch failures become `CommandError`s.
    static func racingTimeout<Result: Sendable>(
        program: String, timeout: Duration, _ body: @escaping @Sendable () async throws -> Result
    ) async throws -> Result {
        try await withThrowingTaskGroup(of: Result?.self) { group in
            group.addTask { try await body() }
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
