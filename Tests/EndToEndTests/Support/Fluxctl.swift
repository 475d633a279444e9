import CommandRunner
import Foundation
import TestSupport

/// Runs the real `fluxctl` binary with a fixed connection.
struct Fluxctl: Sendable {
    /// Connection flags added to every command (`--url …`, `--token …`).
    var connection: [String]
    /// Extra environment (FLUX_URL, KUBECONFIG…); FLUX_* from the test process are cleared.
    var environment: [String: String] = [:]

    static var path: String { Tools.productsDirectory() + "/fluxctl" }

    @discardableResult
    func run(_ arguments: [String], timeout: Duration = .seconds(120)) async throws -> CommandResult {
        var env: [String: String?] = [
            "FLUX_URL": nil, "FLUX_TOKEN": nil, "FLUX_FORWARD_NAMESPACE": nil, "FLUX_SERVICE_TOKEN": nil,
            "WEAVE_CLOUD_TOKEN": nil, "FLUX_FORWARD_LABELS": nil, "FLUX_TIMEOUT": nil,
            // The machine's kubeconfig must not choose the namespace of workload IDs.
            "KUBECONFIG": "/nonexistent/kubeconfig",
        ]
        for (key, value) in environment { env[key] = value }
        guard let command = arguments.first else { return try await Command.run(Self.path, arguments: [], timeout: timeout) }
        return try await Command.run(
            Self.path, arguments: [command] + connection + arguments.dropFirst(), environment: env, timeout: timeout)
    }
}

extension CommandResult {
    /// stdout and stderr, for failure messages.
    var output: String { "exit \(exitCode)\n--- stdout\n\(standardOutput)--- stderr\n\(standardError)" }
}
