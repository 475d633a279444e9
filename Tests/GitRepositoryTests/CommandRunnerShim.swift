import CommandRunner

/// Runs a helper program the way git would, for tests that check helpers directly.
enum CommandRunnerShim {
    static func run(_ program: String, _ arguments: [String], _ environment: [String: String?]) async throws -> String {
        let result = try await Command.run(program, arguments: arguments, environment: environment, timeout: .seconds(60))
        return result.standardOutput
    }
}
