import CommandRunner
import EmbeddedCluster
import Foundation
import TestSupport

/// Runs the real kubectl against a running embedded cluster through a written kubeconfig.
struct Kubectl {
    let kubeconfig: String
    let directory: TemporaryDirectory

    init(_ cluster: RunningCluster) throws {
        directory = try TemporaryDirectory(prefix: "embedded-kubectl")
        kubeconfig = "\(directory.path)/kubeconfig"
        try cluster.writeKubeconfig(to: kubeconfig)
    }

    @discardableResult
    func run(_ arguments: [String], input: String? = nil, timeout: Duration = .seconds(60)) async throws -> CommandResult {
        try await Command.run(
            try Tools.kubectl(), arguments: arguments,
            environment: ["KUBECONFIG": kubeconfig, "HOME": directory.path, "KUBECTL_KUBERC": "false"],
            input: input, timeout: timeout)
    }

    /// Writes `contents` to a file in the harness directory and returns its path.
    func file(_ name: String, _ contents: String) throws -> String {
        try directory.write(name, contents)
    }
}
