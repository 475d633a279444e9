import CommandRunner
import Foundation
import KubernetesModel
import TestSupport
import Testing

/// `fluxctl build` and `fluxctl diff` run as the real binary; `diff` against the embedded
/// cluster; fluxd --once with `--manifest-generation`.
@Suite(.serialized) struct BuildDiffTests {
    static var fluxctlPath: String { Tools.productsDirectory() + "/fluxctl" }

    static func fluxctl(_ arguments: [String], in directory: String? = nil) async throws -> CommandResult {
        try await Command.run(fluxctlPath, arguments: arguments, workingDirectory: directory, timeout: .seconds(120))
    }

    static let overlay: [String: String] = [
        "base/kustomization.yaml":
            "resources:\n- deploy.yaml\n- service.yaml\nconfigMapGenerator:\n- name: settings\n  literals:\n  - color=blue\n",
        "base/deploy.yaml": """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
              - name: main
                image: nginx:1.25
                envFrom:
                - configMapRef: {name: settings}

        """,
        "base/service.yaml": "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n  - port: 80\n",
        "prod/kustomization.yaml": """
        namespace: prod
        namePrefix: prod-
        resources:
        - ../base
        images:
        - name: nginx
          newTag: "1.27"
        patches:
        - patch: |-
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              replicas: 3

        """,
    ]

    @Test func buildOfAKustomizationEqualsKubectlKustomize() async throws {
        let directory = try TemporaryDirectory(prefix: "e2e-build")
        defer { directory.remove() }
        for (path, text) in Self.overlay { try directory.write(path, text) }
        let kubectl = try await Command.run(try Tools.kubectl(), arguments: ["kustomize", "prod"], workingDirectory: directory.path)
        #expect(kubectl.succeeded, "\(kubectl.standardError)")
        let build = try await Self.fluxctl(["build", "prod"], in: directory.path)
        #expect(build.exitCode == 0, "\(build.standardError)")
        #expect(build.standardOutput == kubectl.standardOutput)
        #expect(build.standardOutput.contains("name: prod-settings-"))
    }

    @Test func buildOfPlainManifestsDefaultsNamespacesOffline() async throws {
        let directory = try TemporaryDirectory(prefix: "e2e-build-plain")
        defer { directory.remove() }
        try directory.write("apps/cm.yaml", Manifest.configMap("settings", data: ["color": "blue"]))
        try directory.write("apps/ns.yaml", Manifest.namespace("apps"))
        try directory.write(
            "apps/role.yaml", "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: reader\n  namespace: stray\n"
        )
        try directory.write(
            "apps/crd.yaml",
            """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: tenants.example.com}
            spec:
              group: example.com
              scope: Cluster
              names: {kind: Tenant, plural: tenants}
              versions: [{name: v1, served: true, storage: true}]
            ---
            apiVersion: example.com/v1
            kind: Tenant
            metadata: {name: acme}

            """)
        let build = try await Self.fluxctl(["build", "apps"], in: directory.path)
        #expect(build.exitCode == 0, "\(build.standardError)")
        let objects = try JSONValue.yamlDocuments(build.standardOutput).map(\.value)
        let byKind = Dictionary(objects.map { ($0.kind ?? "", $0) }, uniquingKeysWith: { first, _ in first })
        #expect(byKind["ConfigMap"]?.namespace == "default")
        #expect(byKind["Namespace"]?.namespace == nil)
        #expect(byKind["ClusterRole"]?.namespace == nil)
        #expect(byKind["Tenant"]?.namespace == nil)
        #expect(objects.count == 5)

        try directory.write("apps/broken.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: broken\ndata: [unclosed\n")
        let broken = try await Self.fluxctl(["build", "apps"], in: directory.path)
        #expect(broken.exitCode != 0)
        #expect(broken.standardOutput.isEmpty)
        #expect(broken.standardError.contains("apps/broken.yaml:"), "\(broken.standardError)")

        // A kustomization refusing a remote resource names the file and field.
        try directory.write("remote/kustomization.yaml", "resources:\n- https://example.com/app.yaml\n")
        let remote = try await Self.fluxctl(["build", "remote"], in: directory.path)
        #expect(remote.exitCode != 0)
        #expect(remote.standardError.contains("remote/kustomization.yaml"), "\(remote.standardError)")
        #expect(remote.standardError.contains("resources[0]"))
    }

    @Test func diffShowsChangesAndNewObjectsAndIsQuietWhenInSync() async throws {
        let directory = try TemporaryDirectory(prefix: "e2e-diff")
        defer { directory.remove() }
        try directory.write("apps/ns.yaml", Manifest.namespace("apps"))
        try directory.write("apps/settings.yaml", Manifest.configMap("settings", namespace: "apps", data: ["color": "blue"]))
        try directory.write("apps/web.yaml", Manifest.deployment("web", namespace: "apps", image: "nginx:1.25"))
        try await FluxdHarness.withCluster { cluster in
            let kubeconfig = ["--kubeconfig", cluster.kubeconfig]

            // Nothing live yet: every object is new (the namespace too, so no dry run in it).
            var result = try await Self.fluxctl(["diff", "apps"] + kubeconfig, in: directory.path)
            #expect(result.exitCode == 1, "\(result.standardError)")
            #expect(result.standardOutput.contains("--- live/Namespace/apps\n+++ merged/Namespace/apps\n@@ -0,0 +1,"))
            #expect(result.standardOutput.contains("+++ merged/apps/ConfigMap/settings\n@@ -0,0 +1,"))
            #expect(result.standardOutput.contains("+  color: blue"))

            // Applied the way fluxd applies: nothing to show, exit 0.
            let apply = try await Command.run(
                try Tools.kubectl(),
                arguments: ["--kubeconfig", cluster.kubeconfig, "apply", "--server-side", "--field-manager", "flux", "-f", "apps"],
                workingDirectory: directory.path)
            #expect(apply.succeeded, "\(apply.standardError)")
            result = try await Self.fluxctl(["diff", "apps"] + kubeconfig, in: directory.path)
            #expect(result.exitCode == 0, "\(result.standardOutput)\n\(result.standardError)")
            #expect(result.standardOutput.isEmpty)

            // A changed field and a new object.
            try directory.write("apps/settings.yaml", Manifest.configMap("settings", namespace: "apps", data: ["color": "green"]))
            try directory.write("apps/extra.yaml", Manifest.configMap("extra", namespace: "apps", data: ["a": "1"]))
            result = try await Self.fluxctl(["diff", "apps"] + kubeconfig, in: directory.path)
            #expect(result.exitCode == 1, "\(result.standardError)")
            let output = result.standardOutput
            #expect(output.contains("--- live/apps/ConfigMap/settings\n+++ merged/apps/ConfigMap/settings\n@@ "))
            #expect(output.contains("\n-  color: blue\n+  color: green\n"), "\(output)")
            #expect(output.contains("--- live/apps/ConfigMap/extra\n+++ merged/apps/ConfigMap/extra\n@@ -0,0 +1,"))
            #expect(!output.contains("Deployment/web"))
            #expect(!output.contains("managedFields"))
            #expect(!output.contains("resourceVersion"))
            // The cluster itself is untouched by the dry run.
            #expect(try await cluster.get("v1", "ConfigMap", "apps", "settings")?[path: ["data", "color"]] == "blue")
            #expect(try await cluster.get("v1", "ConfigMap", "apps", "extra") == nil)

            // Errors (an unknown kind) exit with 2 and name the file.
            try directory.write("apps/widget.yaml", "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n")
            result = try await Self.fluxctl(["diff", "apps"] + kubeconfig, in: directory.path)
            #expect(result.exitCode == 2)
            #expect(result.standardError.contains("apps/widget.yaml"), "\(result.standardError)")
        }
    }

    @Test func diffWithPruneShowsWhatASyncWouldDelete() async throws {
        let directory = try TemporaryDirectory(prefix: "e2e-diff-prune")
        defer { directory.remove() }
        let repo = try await GitFixture.create(in: directory)
        try repo.write("a.yaml", Manifest.configMap("a", data: ["k": "v"]))
        try repo.write("b.yaml", Manifest.configMap("b", data: ["k": "v"]))
        try repo.write("c.yaml", Manifest.configMap("c", data: ["k": "v"]))
        try await repo.commit("three config maps")
        try await repo.push()
        try await FluxdHarness.withCluster { fluxd in
            let fluxdArguments = ["--git-url", repo.fileURL, "--git-branch", "master", "--sync-garbage-collection"]
            let sync = try await fluxd.once(fluxdArguments)
            #expect(sync.exitCode == 0, "\(sync.standardOutput)\n\(sync.standardError)")
            // What fluxd applied (with its mark and checksum) is in sync with the checkout.
            let arguments = ["diff", repo.workPath, "--kubeconfig", fluxd.kubeconfig, "--k8s-fwd-ns", fluxd.namespace, "--prune"]
            var result = try await Self.fluxctl(arguments)
            #expect(result.exitCode == 0, "\(result.standardOutput)\n\(result.standardError)")

            // c now carries another installation's mark: fluxd would keep it, so diff does not show it.
            _ = try await fluxd.client.apply(
                [
                    "apiVersion": "v1", "kind": "ConfigMap",
                    "metadata": ["name": "c", "namespace": "default", "labels": ["fluxcd.io/sync-gc-mark": "sha256.someone-else"]],
                ], fieldManager: "other", force: true)
            try repo.remove("b.yaml")
            try repo.remove("c.yaml")
            result = try await Self.fluxctl(arguments)
            #expect(result.exitCode == 1, "\(result.standardError)")
            #expect(result.standardOutput.hasPrefix("--- live/default/ConfigMap/b\n+++ merged/default/ConfigMap/b\n@@ -1,"))
            #expect(result.standardOutput.contains(" +0,0 @@\n-apiVersion: v1\n"))
            #expect(!result.standardOutput.contains("ConfigMap/a"))
            #expect(!result.standardOutput.contains("ConfigMap/c"), "\(result.standardOutput)")
            // Without --prune a removed file shows nothing.
            result = try await Self.fluxctl(Array(arguments.dropLast()))
            #expect(result.exitCode == 0)

            // fluxd deletes exactly what diff showed.
            try await repo.commit("remove b and c")
            try await repo.push()
            let pruned = try await fluxd.once(fluxdArguments)
            #expect(pruned.exitCode == 0, "\(pruned.standardOutput)\n\(pruned.standardError)")
            #expect(try await fluxd.get("v1", "ConfigMap", "default", "b") == nil)
            #expect(try await fluxd.get("v1", "ConfigMap", "default", "c") != nil)
            #expect(try await fluxd.get("v1", "ConfigMap", "default", "a") != nil)
        }
    }

    @Test func fluxdAppliesGeneratedManifestsWithManifestGeneration() async throws {
        let directory = try TemporaryDirectory(prefix: "e2e-generation")
        defer { directory.remove() }
        let repo = try await GitFixture.create(in: directory)
        // The generator prints objects from a template; the patch file changes one of them.
        try repo.write(
            ".flux.yaml",
            """
            version: 1
            patchUpdated:
              generators:
              - command: for color in red blue; do sed "s/COLOR/$color/g" ../templates/cm.tmpl; echo ---; done
              patchFile: flux-patch.yaml

            """)
        try repo.write(
            "templates/cm.tmpl", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: COLOR\n  namespace: default\ndata:\n  color: COLOR\n")
        try repo.write(
            "cluster/flux-patch.yaml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: blue\n  namespace: default\ndata:\n  shade: navy\n")
        // Plain files under the generated path are not applied.
        try repo.write("cluster/ignored.yaml", Manifest.configMap("ignored", data: ["k": "v"]))
        try await repo.commit("generated manifests")
        try await repo.push()

        try await FluxdHarness.withCluster { fluxd in
            let common = ["--git-url", repo.fileURL, "--git-branch", "master", "--git-path", "cluster"]
            let result = try await fluxd.once(common + ["--manifest-generation"])
            #expect(result.exitCode == 0, "\(result.standardOutput)\n\(result.standardError)")
            #expect(try await fluxd.get("v1", "ConfigMap", "default", "red")?[path: ["data", "color"]] == "red")
            let blue = try await fluxd.get("v1", "ConfigMap", "default", "blue")
            #expect(blue?[path: ["data"]] == ["color": "blue", "shade": "navy"])
            #expect(try await fluxd.get("v1", "ConfigMap", "default", "ignored") == nil)

            // Without the flag the same repository is plain files.
            let plain = try await fluxd.once(common)
            #expect(plain.exitCode == 0, "\(plain.standardOutput)\n\(plain.standardError)")
            #expect(try await fluxd.get("v1", "ConfigMap", "default", "ignored") != nil)
        }
    }
}
