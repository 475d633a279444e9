import Foundation
import TestSupport
import Testing

/// fluxd syncing a kustomization whose base lives in another git repository: refused with a
/// clear error by default (nothing applied), fetched and applied with --enable-remote-resources.
@Suite(.serialized) struct RemoteResourcesSyncTests {
    @Test func remoteBaseNeedsTheFlag() async throws {
        let directory = try TemporaryDirectory(prefix: "e2e-remote")
        defer { directory.remove() }
        let baseDirectory = try TemporaryDirectory(prefix: "e2e-remote-base")
        defer { baseDirectory.remove() }
        let base = try await GitFixture.create(in: baseDirectory)
        try base.write("base/kustomization.yaml", "resources:\n- cm.yaml\n")
        try base.write("base/cm.yaml", Manifest.configMap("shared", namespace: "default", data: ["from": "remote"]))
        _ = try await base.commit("base")
        try await base.push()
        _ = try await base.runInRemote(["tag", "v1", "HEAD"])

        let repo = try await GitFixture.create(in: directory)
        try repo.write(
            "cluster/kustomization.yaml", "namePrefix: prod-\nresources:\n- file://\(base.remotePath)//base?ref=v1\n")
        _ = try await repo.commit("overlay")
        try await repo.push()

        try await FluxdHarness.withCluster { cluster in
            let arguments = ["--git-url", repo.fileURL, "--git-branch", repo.branch, "--git-readonly"]
            var result = try await cluster.once(arguments)
            #expect(result.exitCode != 0)
            let output = result.standardOutput + result.standardError
            #expect(output.contains("cluster/kustomization.yaml") && output.contains("--enable-remote-resources"), "\(output)")
            #expect(try await cluster.get("v1", "ConfigMap", "default", "prod-shared") == nil)

            result = try await cluster.once(arguments + ["--enable-remote-resources"])
            #expect(result.exitCode == 0, "\(result.standardOutput)\n\(result.standardError)")
            let applied = try await cluster.get("v1", "ConfigMap", "default", "prod-shared")
            #expect(applied?[path: ["data", "from"]]?.stringValue == "remote")
        }
    }
}
