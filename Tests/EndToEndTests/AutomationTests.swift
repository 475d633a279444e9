import CommandRunner
import Foundation
import KubernetesModel
import TestSupport
import Testing

/// Image automation end to end: a real docker-registry on loopback, images pushed with
/// skopeo, fluxd scanning it; a new tag is released into git by policy (only that value
/// changes), the cluster runs it after the sync, a locked workload is left alone, a Flux v1
/// HelmRelease is automated through its values, and `release --update-all-images` uses the
/// same scan results.
@Suite(.serialized) struct AutomationTests {
    static func deployment(_ name: String, image: String, annotations: [String: String]) -> String {
        var text = """
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: \(name)
              namespace: demo

            """
        if !annotations.isEmpty {
            text += "  annotations:\n"
            for key in annotations.keys.sorted() { text += "    \(key): \"\(annotations[key] ?? "")\"\n" }
        }
        text += """
            spec:
              selector:
                matchLabels: {app: \(name)}
              template:
                metadata:
                  labels: {app: \(name)}
                spec:
                  containers:
                    - name: main
                      image: \(image)   # the app

            """
        return text
    }

    /// The Helm operator's CRD (as much of it as the API server needs) and a HelmRelease whose
    /// `values.app` holds the image and tag separately.
    static func helmRelease(image: String) -> (crd: String, release: String) {
        let crd = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata:
              name: helmreleases.helm.fluxcd.io
            spec:
              group: helm.fluxcd.io
              names: {kind: HelmRelease, listKind: HelmReleaseList, plural: helmreleases, singular: helmrelease}
              scope: Namespaced
              versions:
              - name: v1
                served: true
                storage: true
                schema:
                  openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}

            """
        let release = """
            apiVersion: helm.fluxcd.io/v1
            kind: HelmRelease
            metadata:
              name: chart
              namespace: demo
              annotations:
                fluxcd.io/automated: "true"
                filter.fluxcd.io/app: semver:^1
            spec:
              chart: {repository: "https://charts.example", name: app, version: 1.0.0}
              values:
                app:
                  image: \(image)
                  tag: 1.0.0   # released by flux

            """
        return (crd, release)
    }

    @Test func newTagIsReleasedIntoGitAndApplied() async throws {
        let directory = try TemporaryDirectory(prefix: "e2e-automation")
        defer { directory.remove() }
        let registry = try await RegistryServer.start()
        defer { Task { await registry.stop() } }
        let layout = try OCIImageLayout(path: directory.path + "/layout")
        let images = [
            ("1.0.0", "2024-01-01T00:00:00Z"), ("2.0.0", "2024-02-01T00:00:00Z"), ("1.1.0-rc.1", "2024-03-01T00:00:00Z"),
        ]
        for (tag, created) in images {
            _ = try await layout.add(OCITestImage(created: created, content: tag), tag: tag)
            try await layout.push(tag: tag, to: "\(registry.host)/app:\(tag)")
        }
        let image = "\(registry.host)/app"
        let repo = try await GitFixture.create(in: directory)
        try repo.write("apps/namespace.yaml", Manifest.namespace("demo"))
        try repo.write(
            "apps/app.yaml",
            Self.deployment(
                "auto", image: "\(image):1.0.0", annotations: ["fluxcd.io/automated": "true", "fluxcd.io/tag.main": "semver:^1"])
                + Self.deployment(
                    "held", image: "\(image):1.0.0",
                    annotations: ["fluxcd.io/automated": "true", "fluxcd.io/locked": "true", "fluxcd.io/tag.main": "semver:^1"])
                + Self.deployment("manual", image: "\(image):1.0.0", annotations: [:]))
        let helm = Self.helmRelease(image: image)
        try repo.write("apps/crd.yaml", helm.crd)
        try repo.write("apps/release.yaml", helm.release)
        let initial = try await repo.commit("initial")
        try await repo.push()
        let token = "automation-token-0123456789"
        let tokenFile = try directory.write("token", token)

        try await FluxdHarness.withCluster { cluster in
            let fluxd = try cluster.start([
                "--git-url", repo.fileURL, "--git-branch", repo.branch, "--git-path", "apps",
                "--automation-interval", "1s", "--registry-insecure-host", registry.host,
                "--state-dir", directory.path + "/state", "--api-token-file", tokenFile,
                "--git-poll-interval", "1s", "--git-email", "flux@example.com",
            ])
            #expect(await fluxd.waitForOutput("fluxd API listening on", timeout: .seconds(60)), "\(fluxd.outputText)")
            let port = try #require(FluxctlTests.apiPort(fluxd.outputText))
            let fluxctl = Fluxctl(connection: ["--url", "http://127.0.0.1:\(port)", "--token", token])
            #expect(
                try await cluster.eventually(timeout: .seconds(60)) {
                    try await cluster.get("apps/v1", "Deployment", "demo", "auto") != nil
                }, "\(fluxd.outputText)")

            // Scanned: ^1 allows 1.0.0 only (2.0.0 is out of range, the rc is a pre-release).
            var listed = try await fluxctl.run(["list-images", "-w", "demo:deployment/auto"])
            #expect(
                try await cluster.eventually(timeout: .seconds(60)) {
                    listed = try await fluxctl.run(["list-images", "-w", "demo:deployment/auto"])
                    return listed.standardOutput.contains("'-> 1.0.0") && !listed.standardOutput.contains("image data not available")
                }, "\(listed.output)\n\(fluxd.outputText)")
            #expect(!listed.standardOutput.contains("2.0.0") && !listed.standardOutput.contains("rc.1"), "\(listed.output)")
            // The HelmRelease is a workload too, its container named by its values key.
            #expect(
                try await cluster.eventually(timeout: .seconds(60)) {
                    listed = try await fluxctl.run(["list-images", "-w", "demo:helmrelease/chart"])
                    return listed.standardOutput.contains("app") && listed.standardOutput.contains("'-> 1.0.0")
                        && !listed.standardOutput.contains("image data not available")
                }, "\(listed.output)\n\(fluxd.outputText)")
            #expect(try await repo.runInRemote(["rev-parse", "HEAD"]).trimmingWhitespace() == initial, "nothing to release yet")

            // A new tag in range: one automation pass releases it.
            _ = try await layout.add(OCITestImage(created: "2024-04-01T00:00:00Z", content: "1.1.0"), tag: "1.1.0")
            try await layout.push(tag: "1.1.0", to: "\(image):1.1.0")
            var subject = ""
            #expect(
                try await cluster.eventually(timeout: .seconds(90)) {
                    subject = try await repo.runInRemote(["log", "-1", "--format=%s"]).trimmingWhitespace()
                    return subject.hasPrefix("Auto-release")
                }, "\(subject)\n\(fluxd.outputText)")
            #expect(subject == "Auto-release \(image):1.1.0")
            let body = try await repo.runInRemote(["log", "-1", "--format=%b"])
            // Flux v1's message for one image has no body; the diffs below show what changed.
            #expect(body.trimmingWhitespace().isEmpty, "\(body)")
            let helmDiff = try await repo.runInRemote(["diff", "HEAD~1", "HEAD", "--unified=0", "--", "apps/release.yaml"])
            let helmChanged = helmDiff.split(separator: "\n").filter {
                ($0.hasPrefix("+") || $0.hasPrefix("-")) && !$0.hasPrefix("+++") && !$0.hasPrefix("---")
            }
            #expect(helmChanged == ["-      tag: 1.0.0   # released by flux", "+      tag: 1.1.0   # released by flux"], "\(helmDiff)")
            #expect(
                try await cluster.eventually(timeout: .seconds(30)) {
                    try await cluster.get("helm.fluxcd.io/v1", "HelmRelease", "demo", "chart")?[path: ["spec", "values", "app", "tag"]]
                        == "1.1.0"
                })
            let diff = try await repo.runInRemote(["diff", "HEAD~1", "HEAD", "--unified=0", "--", "apps/app.yaml"])
            let changed = diff.split(separator: "\n").filter {
                ($0.hasPrefix("+") || $0.hasPrefix("-")) && !$0.hasPrefix("+++") && !$0.hasPrefix("---")
            }
            #expect(changed == ["-          image: \(image):1.0.0   # the app", "+          image: \(image):1.1.0   # the app"], "\(diff)")
            func running(_ name: String) async throws -> String? {
                try await cluster.get("apps/v1", "Deployment", "demo", name)?[path: ["spec", "template", "spec", "containers"]]?
                    .arrayValue?.first?["image"]?.stringValue
            }
            #expect(try await cluster.eventually(timeout: .seconds(30)) { try await running("auto") == "\(image):1.1.0" })
            #expect(try await running("held") == "\(image):1.0.0", "a locked workload is not touched")
            #expect(try await running("manual") == "\(image):1.0.0", "a workload without automation is not touched")

            // A manual release of the newest image by the (default glob) policy uses the same scan.
            let release = try await fluxctl.run(["release", "--workload", "demo:deployment/manual", "--update-all-images"])
            #expect(release.exitCode == 0, "\(release.output)")
            #expect(release.standardOutput.contains("main: \(image):1.0.0 -> 1.1.0"), "\(release.output)")
            #expect(try await cluster.eventually(timeout: .seconds(30)) { try await running("manual") == "\(image):1.1.0" })
            _ = await fluxd.stop()
        }
    }
}
