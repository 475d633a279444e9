import CommandRunner
import Foundation
import TestSupport
import Testing

/// The README's first command: fluxd on its embedded cluster, alone and syncing this
/// repository's examples/helloworld, checked with real kubectl.
@Suite(.serialized) struct EmbeddedDemoTests {
    static var packageRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
    }

    @Test func embeddedClusterAloneServesKubectlAndStopsOnSIGTERM() async throws {
        let directory = try TemporaryDirectory(prefix: "e2e-embedded")
        defer { directory.remove() }
        let port = try FreePort.find()
        let kubeconfig = directory.path + "/kubeconfig"
        let fluxd = try BackgroundProcess(
            FluxdHarness.fluxdPath,
            ["--embedded-cluster", "127.0.0.1:\(port)", "--write-kubeconfig", kubeconfig, "--listen", "127.0.0.1:0"])
        #expect(await fluxd.waitForOutput("embedded cluster listening", timeout: .seconds(60)), "\(fluxd.outputText)")
        let result = try await Command.run(
            try Tools.kubectl(), arguments: ["--kubeconfig", kubeconfig, "get", "namespaces", "-o", "name"], timeout: .seconds(60))
        #expect(result.succeeded, "\(result.standardError)")
        #expect(result.standardOutput.contains("namespace/default"))
        #expect(await fluxd.stop(signal: SIGTERM, grace: .seconds(15)) == 0, "\(fluxd.outputText)")
    }

    @Test func readmeDemoSyncsTheExamples() async throws {
        var root = Self.packageRoot
        var branch = try await Command.run("git", arguments: ["-C", root, "rev-parse", "--abbrev-ref", "HEAD"], timeout: .seconds(30))
            .standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        let directory = try TemporaryDirectory(prefix: "e2e-demo")
        defer { directory.remove() }
        if branch == "HEAD" || branch.isEmpty {
            // A detached checkout has no branch to follow: serve the same files from a test repository.
            let fixture = try await GitFixture.create(in: directory)
            for file in try FileManager.default.contentsOfDirectory(atPath: root + "/examples/helloworld") {
                try fixture.write(
                    "examples/helloworld/\(file)", try String(contentsOfFile: root + "/examples/helloworld/\(file)", encoding: .utf8))
            }
            try await fixture.commit("examples")
            try await fixture.push()
            root = fixture.remotePath
            branch = fixture.branch
        }
        let port = try FreePort.find()
        let kubeconfig = directory.path + "/kubeconfig"
        let fluxd = try BackgroundProcess(
            FluxdHarness.fluxdPath,
            [
                "--embedded-cluster", "127.0.0.1:\(port)", "--write-kubeconfig", kubeconfig, "--git-url", "file://\(root)",
                "--git-branch", branch, "--git-path", "examples/helloworld", "--git-readonly",
                "--listen-metrics", "127.0.0.1:\(try FreePort.find())", "--listen", "127.0.0.1:\(try FreePort.find())",
            ])
        #expect(await fluxd.waitForOutput("sync succeeded", timeout: .seconds(120)), "\(fluxd.outputText)")
        // A new user sees where the web UI is and how to get the token to sign in with.
        #expect(await fluxd.waitForOutput("SwiftFlux web UI: http://127.0.0.1:", timeout: .seconds(10)), "\(fluxd.outputText)")
        #expect(
            fluxd.outputText.contains(
                "sign in with the API token: kubectl --kubeconfig \(kubeconfig) -n flux get secret flux-api-token"),
            "\(fluxd.outputText)")
        // fluxctl finds fluxd through the embedded cluster's API, as on a real cluster.
        let listed = try await Fluxctl(connection: [], environment: ["KUBECONFIG": kubeconfig]).run(["list-workloads", "-a"])
        #expect(listed.exitCode == 0, "\(listed.output)")
        #expect(listed.standardOutput.contains("demo:deployment/helloworld"), "\(listed.output)")
        let result = try await Command.run(
            try Tools.kubectl(),
            arguments: ["--kubeconfig", kubeconfig, "get", "deployment/helloworld", "service/helloworld", "-n", "demo", "-o", "name"],
            timeout: .seconds(60))
        #expect(result.succeeded, "\(result.standardError)")
        #expect(result.standardOutput.contains("deployment.apps/helloworld"))
        #expect(await fluxd.stop(signal: SIGTERM, grace: .seconds(15)) == 0, "\(fluxd.outputText)")
    }
}
