import Foundation
import KubernetesModel
import TestSupport
import Testing

/// `fluxctl sync --wait-healthy` against a cluster whose controllers report rollouts: a
/// Deployment whose image cannot be pulled fails the wait by name and reason (after its
/// progress deadline), list-workloads shows it, fluxd records a HealthDegraded Event; once
/// git is fixed the wait succeeds.
@Suite(.serialized) struct HealthWaitTests {
    static func deployment(_ name: String, image: String, deadline: Int) -> String {
        Manifest.deployment(name, namespace: "demo", image: image).replacingOccurrences(
            of: "spec:\n  replicas: 1\n", with: "spec:\n  replicas: 1\n  progressDeadlineSeconds: \(deadline)\n")
    }

    @Test func waitHealthyNamesTheDeploymentThatCannotBecomeAvailable() async throws {
        let directory = try TemporaryDirectory(prefix: "e2e-health")
        defer { directory.remove() }
        let repo = try await GitFixture.create(in: directory)
        try repo.write("apps/namespace.yaml", Manifest.namespace("demo"))
        try repo.write("apps/web.yaml", Self.deployment("web", image: "nginx:1.27", deadline: 600))
        try repo.write("apps/broken.yaml", Self.deployment("broken", image: "registry.invalid/team/app:1.0", deadline: 2))
        _ = try await repo.commit("two deployments")
        try await repo.push()
        let token = "health-e2e-token-0123456789"
        let tokenFile = try directory.write("token", token)

        try await FluxdHarness.withCluster(controllers: .milliseconds(200)) { cluster in
            let fluxd = try cluster.start([
                "--git-url", repo.fileURL, "--git-branch", repo.branch, "--git-path", "apps", "--git-readonly",
                "--git-poll-interval", "10m", "--sync-interval", "10m", "--api-token-file", tokenFile,
            ])
            #expect(await fluxd.waitForOutput("fluxd API listening on", timeout: .seconds(60)), "\(fluxd.outputText)")
            let port = try #require(FluxctlTests.apiPort(fluxd.outputText))
            let fluxctl = Fluxctl(connection: ["--url", "http://127.0.0.1:\(port)", "--token", token, "--timeout", "30s"])

            let failed = try await fluxctl.run(["sync", "--wait-healthy"], timeout: .seconds(90))
            #expect(failed.exitCode != 0, "\(failed.output)")
            #expect(failed.standardError.contains("Deployment/demo/broken: Failed (ProgressDeadlineExceeded)"), "\(failed.output)")
            #expect(failed.standardError.contains("ImagePullBackOff"), "\(failed.output)")
            let verdict = failed.standardError.components(separatedBy: "Error:").last ?? ""
            #expect(verdict.contains("1 object of revision") && !verdict.contains("Deployment/demo/web"), "\(failed.output)")

            let listed = try await fluxctl.run(["list-workloads", "-n", "demo"])
            let lines = listed.standardOutput.split(separator: "\n").map(String.init)
            #expect(lines.first?.hasSuffix("HEALTH") == true, "\(listed.output)")
            #expect(
                lines.contains { $0.hasPrefix("demo:deployment/broken") && $0.hasSuffix("Failed (ProgressDeadlineExceeded)") },
                "\(listed.output)")
            #expect(lines.contains { $0.hasPrefix("demo:deployment/web") && $0.hasSuffix("Current") }, "\(listed.output)")

            let events = try await cluster.client.listAll(GroupVersionKind(group: "", version: "v1", kind: "Event"), namespace: "demo")
            #expect(
                events.items.contains {
                    $0["reason"] == "HealthDegraded" && $0[path: ["involvedObject", "name"]] == "broken" && $0["type"] == "Warning"
                }, "\(events.items)")

            try repo.write("apps/broken.yaml", Self.deployment("broken", image: "nginx:1.27", deadline: 2))
            _ = try await repo.commit("fix the image")
            try await repo.push()
            let healthy = try await fluxctl.run(["sync", "--wait-healthy"], timeout: .seconds(90))
            #expect(healthy.exitCode == 0, "\(healthy.output)")
            #expect(
                healthy.standardOutput.contains("objects of revision") && healthy.standardOutput.contains("are healthy"),
                "\(healthy.output)")
            let code = await fluxd.stop()
            #expect(code == 0, "\(fluxd.outputText)")
        }
    }
}
