import CommandRunner
import Foundation
import KubernetesModel
import TestSupport
import Testing

/// Issue 16, finding 6: a 50 MB manifest cost 317 MB of RSS, got a bare HTTP 500 from the
/// embedded cluster and was retried on every poll. Now it is refused from its size with a clear
/// error; an object the API server refuses is named with the limit, and retried with back-off.
@Suite(.serialized) struct LargeManifestTests {
    @Test func fiftyMegabyteManifestIsRefusedWithoutReadingIt() async throws {
        let directory = try TemporaryDirectory(prefix: "e2e-50mb")
        defer { directory.remove() }
        let repo = try await GitFixture.create(in: directory)
        try repo.write("small.yaml", Manifest.configMap("small", data: ["k": "v"]))
        let payload = String(repeating: "x", count: 50 * 1024 * 1024)
        try repo.write("big.yaml", Manifest.configMap("big", data: ["blob": payload]))
        try await repo.commit("a 50 MB manifest")
        try await repo.push()
        try await FluxdHarness.withCluster { fluxd in
            let time = try Tools.require("time")
            let result = try await Command.run(
                time,
                arguments: [
                    "-f", "peak-rss-kib=%M", FluxdHarness.fluxdPath, "--once", "--kubeconfig", fluxd.kubeconfig,
                    "--k8s-namespace", "flux", "--listen-metrics", "127.0.0.1:0", "--git-url", repo.fileURL,
                ], timeout: .seconds(120))
            let output = result.standardOutput + result.standardError
            #expect(result.exitCode != 0)
            #expect(output.contains("big.yaml: the file is 50.0MiB, more than the limit of 32MiB"), "\(output)")
            #expect(output.contains("--manifest-max-file-size"))
            #expect(try await fluxd.get("v1", "ConfigMap", "default", "small") == nil, "nothing is applied when a file cannot load")
            let peak = output.split(separator: "\n").last { $0.hasPrefix("peak-rss-kib=") }.flatMap { Int($0.dropFirst(13)) } ?? 0
            #expect(peak > 0 && peak < 200 * 1024, "fluxd peaked at \(peak / 1024) MiB")
        }
    }

    @Test func anObjectTheAPIServerRefusesIsNamedAndBackedOff() async throws {
        let directory = try TemporaryDirectory(prefix: "e2e-413")
        defer { directory.remove() }
        let repo = try await GitFixture.create(in: directory)
        try repo.write("big.yaml", Manifest.configMap("big", data: ["blob": String(repeating: "y", count: 4 * 1024 * 1024)]))
        try repo.write("small.yaml", Manifest.configMap("small", data: ["k": "v"]))
        try await repo.commit("a 4 MiB ConfigMap")
        try await repo.push()
        try await FluxdHarness.withCluster { fluxd in
            // The user raised fluxd's own limits: the API server's 3 MiB limit still holds.
            let daemon = try fluxd.start([
                "--git-url", repo.fileURL, "--git-poll-interval", "1s", "--sync-interval", "1s",
                "--manifest-max-document-size", "8Mi", "--manifest-max-object-size", "8Mi",
            ])
            #expect(await daemon.waitForOutput("backing off", timeout: .seconds(60)), "\(daemon.outputText)")
            let log = daemon.outputText
            #expect(log.contains("default:configmap/big"), "\(log.suffix(3000))")
            #expect(log.contains("Request entity too large: limit is 3145728"))
            #expect(log.contains("kube-apiserver accepts at most 3MiB per request"))
            // The Event says the same, and the small object was applied.
            let events = try await fluxd.client.listAll(GroupVersionKind(group: "", version: "v1", kind: "Event"), namespace: "flux").items
            #expect(events.contains { ($0["message"]?.stringValue ?? "").contains("Request entity too large") })
            #expect(try await fluxd.get("v1", "ConfigMap", "default", "small") != nil)
            await daemon.stop()
        }
    }
}
