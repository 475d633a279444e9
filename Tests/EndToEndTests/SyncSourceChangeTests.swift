import Foundation
import KubernetesModel
import TestSupport
import Testing

/// What happens when --git-url, --git-path or --k8s-allow-namespace change between runs
/// (docs/ARCHITECTURE.md, "Apply and prune").
@Suite(.serialized) struct SyncSourceChangeTests {
    @Test func changingPathsAndURLNeitherOrphansNorWronglyDeletes() async throws {
        let directory = try TemporaryDirectory(prefix: "e2e-source")
        defer { directory.remove() }
        let repo = try await GitFixture.create(in: directory)
        try repo.write("a/one.yaml", Manifest.configMap("one", data: ["k": "v"]))
        try repo.write("b/two.yaml", Manifest.configMap("two", data: ["k": "v"]))
        try repo.write("empty/README.md", "nothing to apply here\n")
        try await repo.commit("a and b")
        try await repo.push()
        try await FluxdHarness.withCluster { fluxd in
            let gc = "--sync-garbage-collection"
            var result = try await fluxd.once(["--git-url", repo.fileURL, "--git-path", "a,b", gc])
            #expect(result.exitCode == 0, "\(result.standardOutput)")
            #expect(try await fluxd.get("v1", "ConfigMap", "default", "two") != nil)

            // Narrowing the paths: what only the old paths had is pruned, the rest is untouched.
            result = try await fluxd.once(["--git-url", repo.fileURL, "--git-path", "a", gc])
            #expect(result.exitCode == 0, "\(result.standardOutput)")
            #expect(result.standardOutput.contains("unchanged=1") && result.standardOutput.contains("pruned=1"), "\(result.standardOutput)")
            #expect(try await fluxd.get("v1", "ConfigMap", "default", "one") != nil)
            #expect(try await fluxd.get("v1", "ConfigMap", "default", "two") == nil)

            // A path that does not exist fails the load: nothing is applied or pruned.
            result = try await fluxd.once(["--git-url", repo.fileURL, "--git-path", "missing", gc])
            #expect(result.exitCode != 0)
            #expect(try await fluxd.get("v1", "ConfigMap", "default", "one") != nil)

            // A path that renders nothing: the prune is refused loudly rather than emptying the cluster.
            result = try await fluxd.once(["--git-url", repo.fileURL, "--git-path", "empty", gc])
            #expect(result.exitCode != 0)
            #expect(result.standardOutput.contains("refusing to prune"), "\(result.standardOutput)")
            #expect(try await fluxd.get("v1", "ConfigMap", "default", "one") != nil)

            // Moving to another URL (a mirror with the same content): ownership carries over,
            // nothing is recreated or orphaned; what the new source lacks is pruned.
            let mirror = directory.path + "/mirror.git"
            _ = try await GitFixture.git(["clone", "--quiet", "--bare", repo.remotePath, mirror], in: directory.path)
            result = try await fluxd.once(["--git-url", "file://\(mirror)", "--git-path", "a", gc])
            #expect(result.exitCode == 0, "\(result.standardOutput)")
            #expect(result.standardOutput.contains("created=0 configured=0 unchanged=1"), "\(result.standardOutput)")
        }
    }

    @Test func allowNamespaceRestrictsWhatIsTouched() async throws {
        let directory = try TemporaryDirectory(prefix: "e2e-allow")
        defer { directory.remove() }
        let repo = try await GitFixture.create(in: directory)
        try repo.write("ns.yaml", Manifest.namespace("team-a") + "---\n" + Manifest.namespace("team-b"))
        try repo.write("a.yaml", Manifest.configMap("cm", namespace: "team-a", data: ["k": "v"]))
        try repo.write("b.yaml", Manifest.configMap("cm", namespace: "team-b", data: ["k": "v"]))
        try await repo.commit("two teams")
        try await repo.push()
        try await FluxdHarness.withCluster { fluxd in
            let result = try await fluxd.once([
                "--git-url", repo.fileURL, "--k8s-allow-namespace", "team-a", "--k8s-default-namespace", "team-a",
            ])
            #expect(result.exitCode == 0, "\(result.standardOutput)")
            #expect(result.standardOutput.contains("skipped=2"), "\(result.standardOutput)")
            #expect(try await fluxd.get("v1", "ConfigMap", "team-a", "cm") != nil)
            #expect(try await fluxd.get("v1", "Namespace", nil, "team-b") == nil)
            #expect(try await fluxd.get("v1", "ConfigMap", "team-b", "cm") == nil)
        }
    }
}
