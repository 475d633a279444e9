import CommandRunner
import Foundation
import TestSupport
import Testing

/// fluxd's web UI in a real browser: `UI/ui_test.py` drives Debian's chromium with Playwright
/// (both installed by .ci/run) against the real fluxd binary on the embedded cluster, a local
/// git repository and a docker-registry holding the image's tags. The script asserts every
/// page's content, each action's effect in git and in the cluster, the live update after a
/// commit, that nothing shows without the token and that no JavaScript error occurs; it saves
/// screenshots (docs/ui.md shows them) under `.build/ui-screenshots`, or
/// `$SWIFTFLUX_UI_SCREENSHOTS`.
@Suite(.serialized) struct UITests {
    static var testsDirectory: URL { URL(fileURLWithPath: #filePath).deletingLastPathComponent() }

    @Test func theWebUIShowsAndSteersFluxdInABrowser() async throws {
        let chromium = "/usr/bin/chromium"
        #expect(FileManager.default.isExecutableFile(atPath: chromium), "Debian's chromium is missing: run .ci/run")
        let python = try Tools.require("python3")
        let directory = try TemporaryDirectory(prefix: "e2e-ui")
        defer { directory.remove() }
        let registry = try await RegistryServer.start()
        defer { Task { await registry.stop() } }
        let layout = try OCIImageLayout(path: directory.path + "/layout")
        for (tag, created) in [("1.0.0", "2024-01-01T00:00:00Z"), ("1.1.0", "2024-02-01T00:00:00Z"), ("2.0.0", "2024-03-01T00:00:00Z")] {
            _ = try await layout.add(OCITestImage(created: created, content: tag), tag: tag)
            try await layout.push(tag: tag, to: "\(registry.host)/app:\(tag)")
        }
        let image = "\(registry.host)/app"
        let repo = try await GitFixture.create(in: directory)
        try repo.write("apps/namespace.yaml", Manifest.namespace("demo"))
        try repo.write(
            "apps/web.yaml",
            AutomationTests.deployment("web", image: "\(image):1.0.0", annotations: ["fluxcd.io/tag.main": "semver:^1"]))
        try await repo.commit("Add the web deployment\n\nThe browser test's workload.")
        try await repo.push()
        let token = "ui-test-token-0123456789abcdef"
        let tokenFile = try directory.write("token", token)
        let screenshots =
            ProcessInfo.processInfo.environment["SWIFTFLUX_UI_SCREENSHOTS"]
            ?? Self.testsDirectory.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(".build/ui-screenshots")
            .path

        try await FluxdHarness.withCluster(controllers: .milliseconds(300)) { cluster in
            let fluxd = try cluster.start([
                "--git-url", repo.fileURL, "--git-branch", repo.branch, "--git-path", "apps",
                "--git-poll-interval", "1s", "--registry-insecure-host", registry.host,
                "--automation-interval", "1h", "--state-dir", directory.path + "/state",
                "--api-token-file", tokenFile, "--git-email", "flux@example.com",
            ])
            #expect(await fluxd.waitForOutput("fluxd API listening on", timeout: .seconds(60)), "\(fluxd.outputText)")
            let port = try #require(FluxctlTests.apiPort(fluxd.outputText))
            #expect(await fluxd.waitForOutput("sync succeeded", timeout: .seconds(60)), "\(fluxd.outputText)")
            let result = try await Command.run(
                python, arguments: [Self.testsDirectory.appendingPathComponent("UI/ui_test.py").path],
                environment: [
                    "FLUX_URL": "http://127.0.0.1:\(port)", "FLUX_TOKEN": token, "GIT_REMOTE": repo.remotePath,
                    "GIT_BRANCH": repo.branch, "KUBECONFIG": cluster.kubeconfig, "KUBECTL": try Tools.kubectl(),
                    "IMAGE_REPOSITORY": image, "SCREENSHOT_DIR": screenshots, "CHROMIUM": chromium,
                ],
                timeout: .seconds(600))
            let output = result.standardOutput + "\n" + result.standardError
            #expect(result.exitCode == 0, "\(output)\n--- fluxd:\n\(fluxd.outputText)")
            #expect(result.standardOutput.contains("UI TEST PASSED"), "\(output)")
            for name in ["sign-in", "overview", "workloads", "images", "history", "identity", "release-preview", "workloads-phone-dark"] {
                #expect(FileManager.default.fileExists(atPath: "\(screenshots)/\(name).png"), "screenshot \(name).png")
            }
            // What the browser did is in git, as fluxctl would have left it.
            let log = try await repo.runInRemote(["log", "--format=%s", repo.branch])
            #expect(log.contains("Live update from the browser test"), "\(log)")
            #expect(log.contains("Release"), "\(log)")
            let file = try await repo.runInRemote(["show", "\(repo.branch):apps/web.yaml"])
            #expect(file.contains("image: \(image):1.1.0"), "\(file)")
            #expect(await fluxd.stop(signal: SIGTERM, grace: .seconds(15)) == 0, "\(fluxd.outputText)")
        }
    }
}
