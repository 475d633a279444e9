import Foundation
import KubernetesModel
import TestSupport
import Testing

/// fluxd --once against the embedded cluster with a repository over file://.
@Suite(.serialized) struct SyncFileRepositoryTests {
    @Test func objectsAppearChangeAndArePrunedOnlyWithGC() async throws {
        let directory = try TemporaryDirectory(prefix: "e2e-sync")
        defer { directory.remove() }
        let repo = try await GitFixture.create(in: directory)
        try repo.write("apps/ns.yaml", Manifest.namespace("apps"))
        try repo.write("apps/settings.yaml", Manifest.configMap("settings", namespace: "apps", data: ["color": "blue"]))
        try repo.write("apps/web.yaml", Manifest.deployment("web", namespace: "apps", image: "nginx:1.25"))
        try repo.write("apps/extra.yaml", Manifest.configMap("extra", data: ["a": "1"]))
        let first = try await repo.commit("add apps")
        try await repo.push()

        try await FluxdHarness.withCluster { fluxd in
            let common = ["--git-url", repo.fileURL, "--git-branch", "master", "--sync-garbage-collection"]
            var result = try await fluxd.once(common)
            #expect(result.exitCode == 0, "\(result.standardOutput)\n\(result.standardError)")
            #expect(result.standardOutput.contains("revision: \(first)"))
            #expect(result.standardOutput.contains("created=4"))
            #expect(try await fluxd.get("v1", "ConfigMap", "apps", "settings")?[path: ["data", "color"]] == "blue")
            #expect(try await fluxd.get("apps/v1", "Deployment", "apps", "web") != nil)
            // No namespace in the file: --k8s-default-namespace, else "default".
            #expect(try await fluxd.get("v1", "ConfigMap", "default", "extra") != nil)
            // The sync tag moved on the remote (--sync-state=git is the default).
            let tag = try await repo.runInRemote(["rev-parse", "flux-sync^{commit}"]).trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(tag == first)

            // Nothing changed: every object unchanged.
            result = try await fluxd.once(common)
            #expect(result.exitCode == 0)
            #expect(result.standardOutput.contains("created=0 configured=0 unchanged=4"), "\(result.standardOutput)")

            // Change one object, delete another.
            try repo.write("apps/settings.yaml", Manifest.configMap("settings", namespace: "apps", data: ["color": "green"]))
            try repo.remove("apps/extra.yaml")
            let second = try await repo.commit("change settings, drop extra")
            try await repo.push()
            result = try await fluxd.once(common)
            #expect(result.exitCode == 0, "\(result.standardOutput)\n\(result.standardError)")
            #expect(result.standardOutput.contains("configured=1"))
            #expect(result.standardOutput.contains("pruned=1"))
            #expect(try await fluxd.get("v1", "ConfigMap", "apps", "settings")?[path: ["data", "color"]] == "green")
            #expect(try await fluxd.get("v1", "ConfigMap", "default", "extra") == nil)
            let tag2 = try await repo.runInRemote(["rev-parse", "flux-sync^{commit}"]).trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(tag2 == second)

            // Without GC a removed object stays.
            try repo.remove("apps/web.yaml")
            try await repo.commit("drop web")
            try await repo.push()
            result = try await fluxd.once(["--git-url", repo.fileURL, "--git-branch", "master"])
            #expect(result.exitCode == 0)
            #expect(result.standardOutput.contains("pruned=0"))
            #expect(try await fluxd.get("apps/v1", "Deployment", "apps", "web") != nil)
        }
    }

    @Test func brokenYAMLFailsWithFileAndLineAndPrunesNothing() async throws {
        let directory = try TemporaryDirectory(prefix: "e2e-broken")
        defer { directory.remove() }
        let repo = try await GitFixture.create(in: directory)
        try repo.write("a.yaml", Manifest.configMap("a", data: ["k": "v"]))
        try repo.write("b.yaml", Manifest.configMap("b", data: ["k": "v"]))
        let good = try await repo.commit("good")
        try await repo.push()
        try await FluxdHarness.withCluster { fluxd in
            let common = ["--git-url", repo.fileURL, "--sync-garbage-collection"]
            #expect(try await fluxd.once(common).exitCode == 0)
            // Remove b (a prune candidate) and break another file in the same commit.
            try repo.remove("b.yaml")
            try repo.write("broken.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: broken\ndata: [unclosed\n")
            try await repo.commit("break")
            try await repo.push()
            let result = try await fluxd.once(common)
            #expect(result.exitCode != 0)
            let output = result.standardOutput + result.standardError
            #expect(output.contains("broken.yaml:"), "\(output)")
            #expect(try await fluxd.get("v1", "ConfigMap", "default", "b") != nil, "nothing may be pruned after a failed load")
            let tag = try await repo.runInRemote(["rev-parse", "flux-sync^{commit}"]).trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(tag == good, "the previous revision stays recorded")

            try repo.remove("broken.yaml")
            let fixed = try await repo.commit("fix")
            try await repo.push()
            let recovered = try await fluxd.once(common)
            #expect(recovered.exitCode == 0, "\(recovered.standardOutput)")
            #expect(try await fluxd.get("v1", "ConfigMap", "default", "b") == nil)
            let tag2 = try await repo.runInRemote(["rev-parse", "flux-sync^{commit}"]).trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(tag2 == fixed)
        }
    }

    @Test func syncTimeoutStopsThePassAndPrunesNothing() async throws {
        let directory = try TemporaryDirectory(prefix: "e2e-timeout")
        defer { directory.remove() }
        let repo = try await GitFixture.create(in: directory)
        try repo.write("a.yaml", Manifest.configMap("a", data: ["k": "v"]))
        try repo.write("b.yaml", Manifest.configMap("b", data: ["k": "v"]))
        let first = try await repo.commit("a and b")
        try await repo.push()
        try await FluxdHarness.withCluster { fluxd in
            #expect(try await fluxd.once(["--git-url", repo.fileURL, "--sync-garbage-collection"]).exitCode == 0)
            try repo.remove("b.yaml")
            try await repo.commit("drop b")
            try await repo.push()
            let result = try await fluxd.once(["--git-url", repo.fileURL, "--sync-garbage-collection", "--sync-timeout", "1ms"])
            #expect(result.exitCode != 0)
            #expect(result.standardOutput.contains("did not finish within --sync-timeout"), "\(result.standardOutput)")
            #expect(try await fluxd.get("v1", "ConfigMap", "default", "b") != nil)
            let tag = try await repo.runInRemote(["rev-parse", "flux-sync^{commit}"]).trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(tag == first, "a timed-out pass records nothing")
        }
    }

    @Test func crdAndCustomResourcesInOneCommit() async throws {
        let directory = try TemporaryDirectory(prefix: "e2e-crd")
        defer { directory.remove() }
        let repo = try await GitFixture.create(in: directory)
        try repo.write(
            "crd.yaml",
            """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata:
              name: widgets.example.com
            spec:
              group: example.com
              scope: Namespaced
              names: {plural: widgets, singular: widget, kind: Widget, listKind: WidgetList}
              versions:
                - name: v1
                  served: true
                  storage: true
                  schema:
                    openAPIV3Schema:
                      type: object
                      x-kubernetes-preserve-unknown-fields: true

            """)
        try repo.write(
            "widgets.yaml",
            """
            apiVersion: example.com/v1
            kind: Widget
            metadata:
              name: one
            spec:
              size: 3
            ---
            apiVersion: example.com/v1
            kind: Widget
            metadata:
              name: two
              namespace: kube-system
            spec:
              size: 5

            """)
        try await repo.commit("crd and widgets")
        try await repo.push()
        try await FluxdHarness.withCluster { fluxd in
            let result = try await fluxd.once(["--git-url", repo.fileURL])
            #expect(result.exitCode == 0, "\(result.standardOutput)\n\(result.standardError)")
            #expect(try await fluxd.get("example.com/v1", "Widget", "default", "one")?[path: ["spec", "size"]] == 3)
            #expect(try await fluxd.get("example.com/v1", "Widget", "kube-system", "two") != nil)
        }
    }

    @Test func kustomizeOverlayIsRenderedNatively() async throws {
        let directory = try TemporaryDirectory(prefix: "e2e-kustomize")
        defer { directory.remove() }
        let repo = try await GitFixture.create(in: directory)
        try repo.write("base/cm.yaml", Manifest.configMap("settings", data: ["color": "blue"]))
        try repo.write("base/kustomization.yaml", "resources:\n- cm.yaml\n")
        try repo.write(
            "prod/kustomization.yaml",
            """
            namespace: default
            namePrefix: prod-
            resources:
            - ../base
            configMapGenerator:
            - name: flags
              literals: [feature=on]
            patches:
            - patch: |
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: settings
                data:
                  color: green

            """)
        try await repo.commit("overlay")
        try await repo.push()
        try await FluxdHarness.withCluster { fluxd in
            let result = try await fluxd.once(["--git-url", repo.fileURL, "--git-path", "prod"])
            #expect(result.exitCode == 0, "\(result.standardOutput)\n\(result.standardError)")
            #expect(try await fluxd.get("v1", "ConfigMap", "default", "prod-settings")?[path: ["data", "color"]] == "green")
            let flags = try await fluxd.client.listAll(GroupVersionKind(group: "", version: "v1", kind: "ConfigMap"), namespace: "default")
                .items.compactMap(\.name).filter { $0.hasPrefix("prod-flags-") }
            #expect(flags.count == 1, "the generated ConfigMap carries kustomize's content hash")
        }
    }

    @Test func ignoreAndSyncOnly() async throws {
        let directory = try TemporaryDirectory(prefix: "e2e-ignore")
        defer { directory.remove() }
        let repo = try await GitFixture.create(in: directory)
        try repo.write("ignored.yaml", Manifest.configMap("ignored", data: ["k": "v"], annotations: ["fluxcd.io/ignore": "true"]))
        try repo.write("synconly.yaml", Manifest.configMap("synconly", data: ["k": "v"], annotations: ["fluxcd.io/ignore": "sync_only"]))
        try repo.write("normal.yaml", Manifest.configMap("normal", data: ["k": "v"]))
        try await repo.commit("policies")
        try await repo.push()
        try await FluxdHarness.withCluster { fluxd in
            let common = ["--git-url", repo.fileURL, "--sync-garbage-collection"]
            var result = try await fluxd.once(common)
            #expect(result.exitCode == 0, "\(result.standardOutput)")
            #expect(try await fluxd.get("v1", "ConfigMap", "default", "ignored") == nil, "ignore: true is never applied")
            #expect(try await fluxd.get("v1", "ConfigMap", "default", "synconly") != nil)
            // An object ignored on the live side is left alone even though git changes it.
            _ = try await fluxd.client.patch(
                GroupVersionKind(group: "", version: "v1", kind: "ConfigMap"), namespace: "default", name: "normal",
                patch: .merge(["metadata": ["annotations": ["fluxcd.io/ignore": "true"]], "data": ["k": "hand"]]))
            try repo.write("normal.yaml", Manifest.configMap("normal", data: ["k": "git"]))
            try repo.remove("synconly.yaml")
            try await repo.commit("change normal, drop synconly")
            try await repo.push()
            result = try await fluxd.once(common)
            #expect(result.exitCode == 0, "\(result.standardOutput)")
            #expect(try await fluxd.get("v1", "ConfigMap", "default", "normal")?[path: ["data", "k"]] == "hand")
            #expect(try await fluxd.get("v1", "ConfigMap", "default", "synconly") != nil, "sync_only is never pruned")
        }
    }

    @Test func readonlyRecordsRevisionInSecret() async throws {
        let directory = try TemporaryDirectory(prefix: "e2e-readonly")
        defer { directory.remove() }
        let repo = try await GitFixture.create(in: directory)
        try repo.write("a.yaml", Manifest.configMap("a", data: ["k": "v"]))
        let head = try await repo.commit("a")
        try await repo.push()
        try await FluxdHarness.withCluster { fluxd in
            let result = try await fluxd.once(["--git-url", repo.fileURL, "--git-readonly"])
            #expect(result.exitCode == 0, "\(result.standardOutput)\n\(result.standardError)")
            let secret = try await fluxd.get("v1", "Secret", "flux", "flux-git-deploy")
            #expect(secret?.annotations["flux.weave.works/sync-hwm"] == head)
            let tags = try await repo.runInRemote(["tag", "--list"])
            #expect(tags.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "read-only never pushes a tag")
        }
    }
}
