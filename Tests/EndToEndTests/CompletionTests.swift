import CommandRunner
import Foundation
import TestSupport
import Testing

/// `fluxctl completion bash|zsh|fish` prints scripts that know every command; the bash one
/// parses.
@Suite struct CompletionTests {
    @Test(arguments: ["bash", "zsh", "fish"])
    func scriptsNameEveryCommand(shell: String) async throws {
        let result = try await Fluxctl(connection: []).run(["completion", shell])
        #expect(result.exitCode == 0, "\(result.output)")
        for command in ["sync", "list-workloads", "list-images", "release", "automate", "policy", "save", "install", "identity"] {
            #expect(result.standardOutput.contains(command), "\(shell) script lacks \(command)")
        }
        if shell == "bash" {
            let directory = try TemporaryDirectory(prefix: "completion")
            defer { directory.remove() }
            let script = try directory.write("fluxctl.bash", result.standardOutput)
            let syntax = try await Command.run("bash", arguments: ["-n", script], timeout: .seconds(30))
            #expect(syntax.succeeded, "\(syntax.standardError)")
        }
    }

    @Test func unknownShellIsAnError() async throws {
        let result = try await Fluxctl(connection: []).run(["completion", "tcsh"])
        #expect(result.exitCode != 0)
    }
}
